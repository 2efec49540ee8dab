"""parse(): bytes or text in, ParsedPlan out."""

from __future__ import annotations

import re

from plans.parsing._clutter import without_clutter
from plans.parsing._completion import complete
from plans.parsing._document_title import as_it_names_itself, without_status_mark
from plans.parsing._exports import (
    body_without_pages,
    indents_paragraphs,
    unwrap,
    without_figure_gaps,
    wrap_width,
)
from plans.parsing._facts import DOCUMENT_WORDS
from plans.parsing._fields import read_page_date, read_page_source
from plans.parsing._formats import named, not_text
from plans.parsing._header import read_header
from plans.parsing._headings import looks_like_heading
from plans.parsing._html import MAX_DEPTH, TooDeep, html_to_text, is_html, page_owners, page_title
from plans.parsing._lines import split_lines
from plans.parsing._markdown import front_matter_end, heading_lines, markdown_body
from plans.parsing._ocr import (
    printed_brackets,
    rejoined_figures,
    repaired_labels,
    without_seal_noise,
)
from plans.parsing._office import OfficeError, docx_text, office_kind
from plans.parsing._pdf import PdfError, PdfLimits, PdfText, pdf_text
from plans.parsing._tree import build
from plans.parsing.model import (
    GUESSED,
    Flag,
    Message,
    ParsedPlan,
    PlanParseError,
    gettext_noop,
    ngettext_noop,
)
from plans.parsing.text import DecodeError, decode, detect_script, is_binary, to_simplified


def parse(
    data: bytes | str,
    *,
    filename: str = "",
    max_bytes: int | None = None,
    pdf: PdfLimits | None = None,
    progress=None,
    recognised: dict[int, list[str]] | None = None,
    max_depth: int = MAX_DEPTH,
) -> ParsedPlan:
    name = filename or Message(gettext_noop("这份文件"))
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if max_bytes is not None and size > max_bytes:
        raise _refused(
            name,
            Message(
                gettext_noop(
                    "文件有 %(size)s，超过上限 %(limit)s：请拆分它；如确是一份规划，可调高上限"
                    "（DUIZHAO_IMPORT_MAX_BYTES）。"
                ),
                size=_size(size),
                limit=_size(max_bytes),
            ),
        )
    read = None
    if isinstance(data, bytes) and office_kind(data) == "pdf":
        read = _read_pdf(data, name, pdf, progress, recognised)
        text, encoding, notes = read.text, "pdf", list(read.notes)
    elif isinstance(data, bytes):
        text, encoding, notes = _read(data, name, max_depth)
    else:
        text, encoding, notes = data, "utf-8", []
    _within_limits(text, name, max_bytes)
    if not text.strip():
        raise _refused(
            name,
            Message(gettext_noop("文件是空的（或只有空白），没有可导入的内容：请确认选对了文件。")),
        )
    if is_binary(text):
        raise _refused(name, not_text(data if isinstance(data, bytes) else b"", name, binary=True))
    head_title = ""
    owners: list[str] = []
    if is_html(text, filename):
        head_title = page_title(text)
        owners = page_owners(text)
        try:
            text = html_to_text(text, max_depth=max_depth)
        except TooDeep as exc:
            raise _refused(
                name,
                Message(
                    gettext_noop(
                        "这个网页的元素嵌套超过 %(limit)s 层，不像一份规划的网页：请保存规划"
                        "正文的网页或它的文字；如确是规划，可调高上限（DUIZHAO_IMPORT_MAX_DEPTH）。"
                    ),
                    limit=f"{exc.limit:,}",
                ),
            ) from None
        _within_line_limit(text, name)
        if not text.strip():
            raise _refused(
                name,
                Message(
                    gettext_noop(
                        "这个网页没有可见的文字（只有标记、脚本或菜单）：请保存显示规划正文的"
                        "那个网页，或它的文字。"
                    )
                ),
            )
        notes.append(
            Message(
                gettext_noop(
                    "网页文件：按页面上可见的文字导入（已去除标记、脚本和导航），原文即这些文字。"
                )
            )
        )
    printed = split_lines(text)
    lines, cluttered = without_clutter(printed, is_heading=looks_like_heading)
    # The page's layout (its width, whether indents open paragraphs) is measured on every line
    # OCR read, seal garbage included, so that dropping the garbage never changes how the rest
    # is joined.
    laid_out = lines
    if read and read.ocr_spans:
        lines = rejoined_figures(repaired_labels(lines, read.ocr_spans), read.ocr_spans)
        lines, noise = without_seal_noise(lines, read.ocr_spans)
        if noise:
            notes.append(
                Message(
                    ngettext_noop(
                        "已略去 OCR 从印章、签名等处识别出的 %(n)s 行乱码，它们不是文件的文字。",
                        "已略去 OCR 从印章、签名等处识别出的 %(n)s 行乱码，它们不是文件的文字。",
                    ),
                    n=noise,
                )
            )
    if cluttered:
        notes.append(
            Message(
                ngettext_noop(
                    "已略去页面和抓取附带的 %(n)s 行（分享、打印、下载链接、更新时间、版权等），"
                    "它们不是文件的内容。",
                    "已略去页面和抓取附带的 %(n)s 行（分享、打印、下载链接、更新时间、版权等），"
                    "它们不是文件的内容。",
                ),
                n=cluttered,
            )
        )
    limit = wrap_width(laid_out)
    if limit:
        notes.append(
            Message(gettext_noop("正文按页宽断行（如从 PDF 复制）：已把断开的段落重新接上。"))
        )
    # The header (title, 文号, date) is read with full lines run on; the body from the lines as
    # printed, once its title is known and the pages' furniture can be told from the plan.
    reaching = read.reaching if read else frozenset()
    top = unwrap(lines, looks_like_heading, limit=limit, reaching=reaching) if limit else lines
    markdown = filename.lower().endswith((".md", ".markdown")) or any(
        line.text.startswith("#") for line in lines
    )
    headings = frozenset(heading_lines(text)) if markdown and top is lines else frozenset()
    front_matter = front_matter_end(text) if markdown and top is lines else 0
    header = read_header(top, headings=headings, front_matter=front_matter)
    header.meta.title = as_it_names_itself(header.meta.title, top)
    if read and read.ocr_spans:
        header.meta.doc_number = printed_brackets(header.meta.doc_number)
    guessed = header.meta.provenance.get("title") == GUESSED
    if (not header.meta.title or guessed) and any(
        word in to_simplified(head_title) for word in DOCUMENT_WORDS
    ):
        # A page that prints its title only in a block read as furniture (首都之窗's header),
        # or in a line too long to pass for one under the site's menus (关注·微信 guessed): the
        # title its head gives (<title>, less the site's name), as the page states it.
        header.meta.title = head_title
        header.meta.provenance.pop("title", None)
    if len(_CONTINUED.findall(text)) >= 2:
        # A newspaper's page: the document printed beside news, continued from or onto other
        # pages. Which headline is the document's, who issued it and when, the page cannot
        # tell; it says so rather than pass a news item's headline off as the title.
        header.meta.provenance["title"] = GUESSED
        notes.append(
            Message(
                gettext_noop(
                    "这像是一页报纸（有“上接/下转第X版”）：文件与新闻印在同一版面，或只是文件的"
                    "一部分；标题、发文机关和日期可能取自旁边的新闻或报头，未必是文件的。请导入"
                    "文件本身的全文，或导入时指明标题、地区和日期。"
                )
            )
        )
    header.meta.title, status = without_status_mark(header.meta.title)
    if status:
        notes.append(
            Message(
                gettext_noop("标题前标有“%(status)s”：这是网站标注的文件状态，未计入标题。"),
                status=status,
            )
        )
    if header.meta.first_order:
        notes.append(
            Message(
                gettext_noop(
                    "规章经修改：日期和文号取最后一道修改令（%(doc_number)s）；最初公布："
                    "%(first)s。"
                ),
                doc_number=header.meta.doc_number,
                first=header.meta.first_order,
            )
        )
    if not header.meta.issuer and head_title:
        read_page_source(printed, header.meta, owners=owners)
    body_from = top[header.body_from].start if header.body_from < len(top) else len(text)
    if header.body_at is not None:
        body_from = header.body_at
    body, done = body_without_pages(
        [
            line if line.start >= body_from else line.cut(body_from - line.start)
            for line in lines
            if (line.start >= body_from or line.start < body_from < line.end)
            and (header.body_end is None or line.start < header.body_end)
        ],
        title=header.meta.title,
        limit=limit,
        by_indent=bool(limit) and indents_paragraphs(laid_out, looks_like_heading),
        is_heading=looks_like_heading,
        reaching=reaching,
    )
    if read:
        # Closed up here, after the lines are joined, and in what is stored rather than in what
        # search matches: the full-text tables index the stored text as it is, and a reader
        # copying a phrase from the section sees it as the web page writes it (15分钟).
        body = without_figure_gaps(body)
    if markdown:
        body = markdown_body(text, body)
    sections, warnings = build(body, markdown=markdown, documents=header.meta.documents)
    if not sections:
        title = header.meta.title or text.strip().splitlines()[0][:60]
        raise _refused(
            name,
            Message(
                gettext_noop(
                    "它只有标题（%(title)s），标题下没有内容，无可阅读或对照：请导入规划全文"
                    "（各章及正文），而不是封面。"
                ),
                title=title,
            ),
        )
    warnings = notes + header.warnings + done + warnings
    if not header.meta.issued:
        # The page's 发布时间 line is clutter to the text, yet the one date of a page that
        # prints none of its own (a guess, marked so); above the body's first heading, as a
        # panel under a site's long menus stands far down.
        first = next((s.start for s in sections if s.label), body_from)
        read_page_date(printed, header.meta, before=max(first, body_from))
    complete(header.meta, text, created=read.created if read else None, owners=owners)
    for section in sections:
        if read and any(s < section.end and section.start < e for s, e in read.ocr_spans):
            section.flags.append(Flag.OCR)
    return ParsedPlan(
        text=text,
        encoding=encoding,
        script=detect_script(text),
        metadata=header.meta,
        sections=sections,
        warnings=warnings,
        ocr_pages=read.ocr_pages if read else [],
        recognised=read.recognised if read else {},
    )


def _read_pdf(data: bytes, name: str, limits: PdfLimits | None, progress, recognised) -> PdfText:
    try:
        read = pdf_text(data, limits=limits, progress=progress, recognised=recognised)
    except PdfError as exc:
        raise _refused(name, exc.args[0]) from exc
    if not read.text.strip():
        raise _refused(
            name,
            Message(
                gettext_noop(
                    "这个 PDF 的 %(pages)s 页上没有文字（空白，或只有图形）：请导入规划的文字版本。"
                ),
                pages=read.pages,
            ),
        )
    return read


def _refused(name: str, problem: str) -> PlanParseError:
    """The error for a file: its name, then what is wrong and what to do."""
    return PlanParseError(
        Message(gettext_noop("%(name)s：%(problem)s"), name=name, problem=problem)
    )


# （上接第1版）, （下转第3版）: a newspaper's notes that an article runs on from or onto a page.
_CONTINUED = re.compile(
    r"[（(]\s*[上下]\s*[接转]\s*第\s*[\d一二三四五六七八九十]{1,3}\s*版\s*[）)]"
)


def _read(data: bytes, name: str, max_depth: int = MAX_DEPTH) -> tuple[str, str, list[str]]:
    """The text of a file's bytes, the encoding (or format) it came in, notes on how it was read."""
    kind = office_kind(data)
    if kind == "ole":
        raise _refused(
            name,
            Message(
                gettext_noop(
                    "这是旧版 Word（.doc）或其他 Office 97-2003 文件：请在 Word 或 WPS 中打开它，"
                    "另存为 .docx（或文本）后导入。"
                )
            ),
        )
    if kind == "docx":
        try:
            text, word_numbering = docx_text(data, max_depth=max_depth)
        except OfficeError as exc:
            raise _refused(name, exc.args[0]) from exc
        notes = [Message(gettext_noop("Word 文件：按段落和表格行导入文字，原文即这些文字。"))]
        if word_numbering:
            notes.append(
                Message(
                    gettext_noop(
                        "这份 Word 文件的自动编号有的格式无法写成文字，相应标题可能缺少序号或未被"
                        "识别为标题；可在 Word 中把编号转为文本后用 --replace 重新导入。"
                    )
                )
            )
        return text, "docx", notes
    if (problem := not_text(data, name, binary=False)) is not None:
        raise _refused(name, problem)
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        # A corrupt .pdf or .docx read as text: what it should have been, not its encoding.
        raise _refused(name, named(name) or exc.args[0]) from exc
    return text, encoding, []


# Bounds on what a file within the byte limit can make the parser do: a Word file's text counts
# against the same byte limit as a text file's; lines and web-page tags are capped far above
# what real plans have (thousands), so a file of a million one-character lines is refused early.
MAX_LINES = 100_000
MAX_HTML_TAGS = 500_000


def _within_limits(text: str, name: str, max_bytes: int | None) -> None:
    size = len(text.encode("utf-8"))
    if max_bytes is not None and size > max_bytes:
        raise _refused(
            name,
            Message(
                gettext_noop(
                    "它的文字有 %(size)s，超过上限 %(limit)s（Word 文件的文字与文本文件同样计算）："
                    "请拆分它；如确是一份规划，可调高上限（DUIZHAO_IMPORT_MAX_BYTES）。"
                ),
                size=_size(size),
                limit=_size(max_bytes),
            ),
        )
    _within_line_limit(text, name)
    if text.count("<") > MAX_HTML_TAGS and is_html(text, name):
        raise _refused(
            name,
            Message(
                gettext_noop(
                    "这个网页有超过 %(limit)s 个标记：请改为保存规划本身的网页或它的文字。"
                ),
                limit=f"{MAX_HTML_TAGS:,}",
            ),
        )


def _within_line_limit(text: str, name: str) -> None:
    """Refuse a text of more than MAX_LINES lines: checked on a file as read and again on a web
    page's visible text, which puts a line per paragraph however few lines its markup has."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    lines = breaks + text.count("\u2028") + text.count("\u2029") + 1
    if lines > MAX_LINES:
        raise _refused(
            name,
            Message(
                gettext_noop(
                    "它有 %(lines)s 行，多于 %(limit)s 行；没有这么长的规划，所以不读取：请确认"
                    "选对了文件，或拆分它。"
                ),
                lines=f"{lines:,}",
                limit=f"{MAX_LINES:,}",
            ),
        )


def _size(n: int) -> str:
    if n >= 100 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return Message(gettext_noop("%(n)s 字节"), n=f"{n:,}")
