"""What a coverage measurement reads and gives back: sections, links and decisions in, items
with their status and evidence out."""

from __future__ import annotations

from dataclasses import dataclass, field

COVERED, PARTLY, MISSING = "covered", "partly", "missing"
STATUSES = (COVERED, PARTLY, MISSING)


class CoverageError(ValueError):
    """Plans that cannot be measured as asked; the message says what to fix."""


@dataclass(frozen=True)
class CoverSection:
    id: int
    parent: int | None
    order: int
    depth: int
    kind: str
    label: str
    title: str  # simplified
    body: str  # simplified, own text only
    title_tokens: tuple[str, ...] = ()
    # The sentence encoder's vector of the title with the start of the content (compare.lib.
    # meaning), when the section has been encoded; None otherwise.
    meaning: object = field(default=None, compare=False, hash=False)
    # The vector of its title, and one vector per sentence of its own text (one row each, in the
    # order compare.lib.meaning.sentences gives them); None when unencoded.
    title_meaning: object = field(default=None, compare=False, hash=False)
    sentences: object = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class CoverLink:
    upper: int  # a section of the upper plan
    lower: int  # a section of the lower plan
    score: float
    human: bool = False  # confirmed or added by a person
    # The engine's meaning evidence: topic words the two texts share, and how alike the texts are.
    shared: tuple[str, ...] = ()
    content: float = 0.0


@dataclass(frozen=True)
class Decision:
    """A curator's word on an item: covered or missing, with a note."""

    status: str
    note: str = ""


@dataclass(frozen=True)
class Evidence:
    """A lower section weighed as carrying an item: the item's key terms it holds and lacks,
    and the sentence that holds most of them."""

    section: int
    found: tuple[str, ...]
    missing: tuple[str, ...]
    sentence: str = ""
    sentence_section: int | None = None  # the section (or one inside it) the sentence is from
    score: float | None = None  # the link's probability; None when found by the search alone
    human: bool = False
    weak: bool = False  # a secondary link that holds few of the item's terms
    shared: tuple[str, ...] = ()  # the engine's topic words both texts use (a link's only)
    content: float = 0.0  # how alike the two texts are, by the engine
    alike: float = 0.0  # the sentence encoder's similarity of the two sections (0 unencoded)
    body: float = 0.0  # share of the item's own text's topic words the section holds
    body_found: tuple[str, ...] = ()  # those words
    body_missing: tuple[str, ...] = ()
    # The sentence encoder's similarity of the quoted sentence to the item's own sentences (its
    # title and each sentence of its text, the closest); 0 when either is unencoded.
    said: float = 0.0
    # Whether the quoted sentence takes the item up: it holds half the key terms, not only as
    # one word in a list, and says what one of the item's sentences says (evidence.SAYS).
    takes_up: bool = False
    # Whether one of its sentences holds a found term that tells (one the lower plan does not
    # use everywhere) other than as one of a list: without one, the terms are named in passing.
    telling: bool = False
    # Whether one sentence holds every key term, one of them telling and not only listed: the
    # item's whole object quoted (全面推动国产自主可控产品… for 提高自主可控水平).
    whole: bool = False
    # The things the item's own text names that the section's text names too (evidence.Wanted).
    objects: tuple[str, ...] = ()
    # Named first because its own text holds the sentence quoted for the item, which the
    # section deciding the verdict (the next one) holds among its sub-sections' text.
    holds_quote: bool = False

    @property
    def share(self) -> float:
        total = len(self.found) + len(self.missing)
        return len(self.found) / total if total else 0.0


@dataclass
class Item:
    section: CoverSection
    chapter: int | None  # id of the upper chapter it sits in
    level: int  # 0 for an item straight under a chapter, 1 under that, ...
    status: str
    # linked, named, meaning, quoted, sentence, weak, sub-item, tasks, mentioned, passing, none,
    # curated
    why: str
    links: list[CoverLink] = field(default_factory=list)  # best first
    mention: tuple[int, str] | None = None  # (lower section id, the sentence)
    decision: Decision | None = None
    computed: str = ""  # the status before a curator's decision
    group: str = "tasks"  # goals, tasks or safeguards
    terms: tuple[str, ...] = ()  # its key terms, looked for in the lower plan
    evidence: list[Evidence] = field(default_factory=list)  # most telling first
    searched: int = 0  # lower sections searched for its terms
    # Not found: a section where its terms stand only in passing (in a list, or words the lower
    # plan uses everywhere), shown so a person sees why that does not count.
    passing: Evidence | None = None

    @property
    def decisive(self) -> Evidence | None:
        """The evidence the status rests on (after a section named first for its quote)."""
        return next((e for e in self.evidence if not e.holds_quote), None)

    @property
    def missing_terms(self) -> tuple[str, ...]:
        return self.decisive.missing if self.decisive else self.terms


@dataclass
class ChapterCount:
    section: CoverSection | None  # None for items outside any chapter
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Coverage:
    items: list[Item]
    chapters: list[ChapterCount]
    totals: dict[str, int]
    additions: list[CoverSection]  # topics of the lower plan's own (本地特色), document order
    details: list[CoverSection] = field(default_factory=list)  # its own items inside taken-up tasks
    background: list[tuple[CoverSection, str]] = field(default_factory=list)  # not counted, why
    groups: dict[str, int] = field(default_factory=dict)  # counted items by group

    @property
    def total(self) -> int:
        return sum(self.totals.values())
