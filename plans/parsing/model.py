"""The parsed plan's types: what ``parse_plan`` returns and the stages fill in.

Pure Python, no Django. Kept apart from the package's ``__init__`` so that the stages import them
without importing the package that imports the stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Planning periods; an era not listed here must be given with its years by the importer.
ERAS = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
}


READ = "read"
GUESSED = "guessed"


def gettext_noop(template: str) -> str:
    """Marks a Chinese message template for translation (``makemessages`` knows the name);
    the page that shows the message translates it, this pure code never does."""
    return template


class Counted(str):
    """A message template that counts ``%(n)s``, with the plural it is translated with."""

    plural: str


def ngettext_noop(singular: str, plural: str) -> Counted:
    """Marks a Chinese message template that counts ``%(n)s`` for translation with a plural
    (``makemessages -k ngettext_noop:1,2``): the page shows the English form that fits ``n``
    ("1 line", "2 lines"). Chinese has one form, so ``plural`` is written as ``singular``."""
    template = Counted(singular)
    template.plural = plural
    return template


class Message(str):
    """A message for a person: its Chinese text, which it is as a ``str``, with the template
    and values it was written from, so that a page can show it in the reader's language.

    >>> Message(gettext_noop("PDF 文件（%(pages)s 页）"), pages=3)
    'PDF 文件（3 页）'

    A value may itself be a Message (a file's name around what is wrong with it). New messages
    follow one pattern: ``Message(gettext_noop("…%(n)s…"), n=n)``, with an English entry for the
    template in locale/en/LC_MESSAGES/django.po; one that counts things is written
    ``Message(ngettext_noop("…%(n)s 行…", "…%(n)s 行…"), n=n)``, its entry with a plural.
    """

    template: str
    params: dict[str, object]
    plural: str | None

    def __new__(cls, template: str, /, **params: object) -> Message:
        message = super().__new__(cls, template % params if params else template)
        message.template = str(template)
        message.params = params
        message.plural = getattr(template, "plural", None)
        return message

    def __reduce__(self):
        return _message, (self.template, self.params, self.plural)

    def as_json(self) -> dict:
        """The message as stored (Plan.warnings, a preview): its text, template (and plural)
        and values."""
        params = {k: v.as_json() if isinstance(v, Message) else v for k, v in self.params.items()}
        plural = {"msgid_plural": self.plural} if self.plural is not None else {}
        return {"text": str(self), "msgid": self.template, **plural, "params": params}


def _message(template: str, params: dict, plural: str | None = None) -> Message:
    return Message(template if plural is None else ngettext_noop(template, plural), **params)


def as_stored(message: str) -> str | dict:
    """A warning as it is kept in JSON: a Message as its template and values, any other string
    (one written before messages had templates) as it is."""
    return message.as_json() if isinstance(message, Message) else str(message)


class PlanParseError(ValueError):
    """A document that cannot be read as a plan; the message (a Message) says what to fix."""


class SectionKind:
    """Values of ``ParsedSection.kind`` (mirrored by ``plans.models.Section.Kind``)."""

    PREFACE = "preface"  # 前言 / the untitled opening paragraphs
    CHAPTER = "chapter"  # 第X章, or 一、 when it is the top level
    SECTION = "section"  # 第X节, or the level under a chapter
    ITEM = "item"  # numbered or run-in titled units below a section
    SUBITEM = "subitem"
    PARAGRAPH = "paragraph"  # an untitled task paragraph titled by its first sentence
    BOX = "box"  # 专栏N
    BOX_ITEM = "box_item"
    GOAL = "goal"  # goal bullets (——, --) and headline goal paragraphs
    PRINCIPLE = "principle"  # run-in principles (坚持…。)
    ATTACHMENT = "attachment"  # 附件, including image-only ones
    TEXT = "text"  # a whole document without recognisable structure

    ALL = (
        PREFACE,
        CHAPTER,
        SECTION,
        ITEM,
        SUBITEM,
        PARAGRAPH,
        BOX,
        BOX_ITEM,
        GOAL,
        PRINCIPLE,
        ATTACHMENT,
        TEXT,
    )


class Flag:
    """Values that may appear in ``ParsedSection.flags``."""

    MOJIBAKE = "mojibake"  # damaged characters found in the section's own text
    IMPLIED = "implied"  # the node was supplied by the parser (also ``implied=True``)
    IMAGE_ONLY = "image_only"  # content exists only as images (alt text kept)
    NO_STRUCTURE = "no_structure"
    OCR = "ocr"  # text recognised from a scanned page, not published text


@dataclass
class PlanMetadata:
    title: str = ""
    doc_number: str = ""  # 文号, e.g. 云政办发〔2022〕37号
    issuer: str = ""  # 发文机关; the lead one when several issue the document jointly
    issuers: list[str] = field(default_factory=list)  # every 发文机关 (联合发文), lead first
    issued: date | None = None
    addressees: str = ""  # 主送机关
    source_url: str = ""
    jurisdiction: str = ""  # e.g. 云南省, 旺苍县, 国务院 -> national
    # The jurisdictions the title names above it, outermost first: 杭州市西湖区… -> ["杭州市"]
    above: list[str] = field(default_factory=list)
    level: str = ""  # national / province / prefecture / county, "" when unknown
    era: str = ""  # 十三五 / 十四五 / 十五五, "" when unknown
    start_year: int | None = None
    end_year: int | None = None
    kind: str = ""  # plan / programme / opinion / measures / interpretation
    # How each field above was found: READ (the document states it: front matter, a notice's
    # lines, a database header, its title) or GUESSED (inferred: an era from the date, a kind
    # from a word inside the title). A field left out was not found.
    provenance: dict[str, str] = field(default_factory=dict)
    history_dated: bool = False  # ``issued`` comes from a law's history lines (latest wins)
    # A rule amended since it was issued is dated and numbered by its last amending order (the
    # text printed is the rule as amended); the order that first issued it, as printed.
    first_order: str = ""
    # The documents a notice issues when it issues several (印发《A》《B》的通知), in order.
    documents: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    kind: str
    label: str  # numbering as printed: 第三章, （一）, 1., 专栏3, "" when none
    title: str  # without its label; for a paragraph titled by its first sentence, that sentence
    body: str  # the section's own text, not its children's; original script
    depth: int  # 0 for top level
    parent: int | None  # index into ParsedPlan.sections, None for a root
    start: int  # character offsets of the whole section (heading + own body) in ParsedPlan.text
    end: int
    implied: bool = False
    flags: list[str] = field(default_factory=list)


@dataclass
class ParsedPlan:
    text: str  # the decoded document, verbatim (offsets refer to it)
    encoding: str  # the encoding it was decoded from
    script: str  # "simplified" or "traditional"
    metadata: PlanMetadata
    sections: list[ParsedSection]  # document order; parents come before their children
    warnings: list[str] = field(default_factory=list)  # Messages, written in Chinese
    ocr_pages: list[int] = field(default_factory=list)  # PDF pages (1-based) read by OCR
    # The lines OCR read on those pages, by page: given back to parse_plan(recognised=...), the
    # same file is read again without running OCR (an import confirmed after its preview).
    recognised: dict[int, list[str]] = field(default_factory=dict)
