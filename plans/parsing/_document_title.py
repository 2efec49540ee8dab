"""The document's title: the first line that names a document (past letterheads, page labels,
reading links), a notice title printed over lines, and the title lines skipped above the body."""

from __future__ import annotations

import re

from plans.parsing._facts import (
    DOC_NUMBER,
    DOCUMENT_WORDS,
    is_national,
    looks_like_issuer,
    names_kind,
)
from plans.parsing._fields import (
    INFO_END,
    PAGE_FIELD,
    read_history,
)
from plans.parsing._headings import looks_like_heading
from plans.parsing._lines import CONTENTS, Line
from plans.parsing._places import place_chain
from plans.parsing._signatures import named_bodies
from plans.parsing.model import PlanMetadata
from plans.parsing.text import fold, to_simplified

BOOK_TITLE = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")


# 名称：, 信息名称：, 标题：, 内容概述：: a site panel's cells that hold the notice's title.
_NAME_LABEL = r"^(?:信息名称|文件名称|名\s*称|标\s*题|题\s*名|内容概述)"
NAME_CELL = re.compile(_NAME_LABEL + r"(?:\s*[:：]\s*|\u3000[\s\u3000]*)")
# A panel copied cell by cell may set its label off by an ideographic space and no colon
# (名称　自然资源部…关于…的通知): the rest of the line is the title, whole. (With a colon the
# line is no title line: a panel read row-wise may put the next cell's value there.)
_SPACED_NAME_CELL = re.compile(_NAME_LABEL + r"\u3000[\s\u3000]*(?=\S)")


# A site's column name over its articles (通知公告, 政策文件, 工作动态): a page's label, never
# the title of the document under it, though it names a kind of document.
_PAGE_LABEL = re.compile(
    r"^(?:通知公告|公告公示|公示公告|通知通告|政策文件|政策法规|法规文件|工作动态|新闻动态|"
    r"政策解读|文件通知|最新公告|(?:政府)?信息公开)$"
    r"|^[·•]"  # a menu's item (·计划规划)
    # A site's name or a QR code's caption (中国政府网, 津云客户端, 上津云客户端): whose page or
    # app it is, never the document's title.
    r"|^[\u4e00-\u9fff]{1,10}(?:网|网站|客户端|公众号)$"
)


def first_title_line(lines: list[Line], start: int, stop: int) -> str:
    # A markdown document's title is often its one "# " heading; a letterhead (南京市住房保障和
    # 房产局文件) is whose paper it is printed on, never a title.
    nonblank = _without_reading_links(
        [
            _SPACED_NAME_CELL.sub("", re.sub(r"^#(?!#)\s*", "", line.text))
            for line in lines[start:stop]
            if line.text
            and not _is_letterhead(line.text)
            and not _opens_contents(line.text)
            and not _PAGE_LABEL.match(line.text.strip())
        ]
    )
    if (dateline := _speech_dateline_at(nonblank[:4])) is not None:
        # A speech's title is printed over its dateline (——2024年1月16日在…会议上); what the
        # dateline opens, or what follows it (the speaker's line, 各位代表：), is never a title.
        nonblank = nonblank[:dateline]
    first = _first_title_candidate(nonblank)
    if first and _names_document(first):
        return _with_issuer_below(nonblank, first)
    # 公 开, CSCR-2022-87001, a scan's garbled letterhead, 附件, a site's logo (万载县人民政府-):
    # the first short line names no document; a notice's title (…关于…的通知) or a line that
    # names a kind of document further down is the title.
    return (
        _notice_title(nonblank[:12])
        or _document_line(nonblank[:20])
        or _over_panel(nonblank[:60])
        or first
    )


# ——2024年1月16日在亳州市第五届人民代表大会…, or in （）: when and where a speech was given. How
# it opens (year, month, day as groups) is one pattern for the title finder here and the work
# report's reading in _completion/speech.py.
SPEECH_DATELINE_OPENING = r"(?:——|—|（|\()\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在"
_SPEECH_DATELINE = re.compile(r"^[\s\u3000]*" + SPEECH_DATELINE_OPENING)


def _speech_dateline_at(texts: list[str]) -> int | None:
    return next((n for n, text in enumerate(texts) if _SPEECH_DATELINE.match(text)), None)


def _over_panel(texts: list[str]) -> str:
    """The heading a web page prints over its panel of facts (关于…十条政策措施 / 发布日期：… /
    发布机构：…), when no line above names a kind of document: under a site's menus, the page's
    headline. A body's name (the site's) is no headline."""
    for above, text in zip(texts, texts[1:], strict=False):
        if (
            PAGE_FIELD.match(text)
            and not PAGE_FIELD.match(above)
            and is_title_like(above)
            and not looks_like_issuer(to_simplified(above))
        ):
            return above
    return ""


# A page's link to the notice's reading (《关于…的通知》政策解读, 问答-《…》), alone or run on
# into the notice's own title when the page's lines were joined: it names the notice, it is
# no title.
_READING_LINK = re.compile(
    r"^(?:(?:问答|图解|解读)\s*[-—:：]\s*《(?P<a>[^《》]+)》"
    r"|《(?P<b>[^《》]+)》\s*(?:政策)?(?:解读|图解|问答))\s*"
)


def _without_reading_links(texts: list[str]) -> list[str]:
    """``texts`` without the reading links that name a notice printed on the page (on a line of
    its own, or run on after the link); a reading's own title (《X规划》解读, X printed nowhere
    else) stays."""
    printed = {fold(text) for text in texts}
    out = []
    for text in texts:
        m = _READING_LINK.match(text)
        named = fold(m.group("a") or m.group("b")) if m else ""
        if m and (named in printed or fold(text[m.end() :]) == named):
            text = text[m.end() :]
        if text:
            out.append(text)
    return out


def _with_issuer_below(nonblank: list[str], first: str) -> str:
    """A page's headline (关于…的通知) printed again a few lines down under the issuer's line
    (东营市住房公积金管理委员会 / 关于…的通知): the document's own title is the fuller one."""
    at = nonblank.index(first) if first in nonblank else -1
    for n in range(at + 1, min(len(nonblank) - 1, at + 6)) if at >= 0 else ():
        above, text = nonblank[n], nonblank[n + 1]
        if text == first and looks_like_issuer(to_simplified(above)) and is_title_like(above):
            return above + first
    return first


def _names_document(text: str) -> bool:
    return any(word in to_simplified(text) for word in DOCUMENT_WORDS)


# The end of a notice's title, and the note a title may carry on a line of its own.
_NOTICE_END = re.compile(r"的[\u4e00-\u9fff]{0,6}(?:通知|意见|决定|通告|公告|批复|函)$")
_TITLE_NOTE = re.compile(r"^[（(][\u4e00-\u9fff]{2,8}[）)]$")


def _notice_title(texts: list[str]) -> str:
    """关于…的通知 printed over up to three lines; the issuers printed above it, one a line (海南
    A厅 / B局 / 关于…), or the end of their names on its first line (…佛山市住房和 / 城乡建设局
    关于…), joined before it; a note line under it (（征求意见稿）) after it."""
    for at, text in enumerate(texts):
        # 《关于…的通知》政策解读: a link to the notice's reading names the notice, it is none.
        if "关于" not in BOOK_TITLE.sub("", to_simplified(text)) or not is_title_like(text):
            continue
        title, end = text, at
        while not _NOTICE_END.search(to_simplified(title)) and end + 1 < min(len(texts), at + 3):
            end += 1
            if not is_title_like(texts[end]):
                break
            title += texts[end]
        if not _NOTICE_END.search(to_simplified(title)):
            continue
        if end + 1 < len(texts) and _TITLE_NOTE.match(texts[end + 1]):
            title += texts[end + 1]
        named = to_simplified(title).split("关于", 1)[0]
        # A ministry names no place and needs none (自然资源部 …关于…): its name is whole.
        whole = place_chain(named) or is_national(re.split(r"[\s\u3000\xa0]", named.strip())[0])
        if named and not whole and at and is_title_like(texts[at - 1]):
            return texts[at - 1] + title
        above = at
        while not named and above and looks_like_issuer(to_simplified(texts[above - 1])):
            above -= 1
        return " ".join(texts[above:at]) + title
    return ""


def _document_line(texts: list[str]) -> str:
    """The first title-like line that names a kind of document (…统计公报)."""
    # A body's name alone on its line (南昌市自然资源和规划局) is a signature, never a title,
    # whatever words its name holds.
    return next(
        (
            t
            for t in texts
            if is_title_like(t) and _names_document(t) and not looks_like_issuer(to_simplified(t))
        ),
        "",
    )


def _first_title_candidate(nonblank: list[str]) -> str:
    for n, text in enumerate(nonblank[:3]):
        # 常州市户籍准入管理若干规定　　第一条　为…: a page's paragraph holding the title and the
        # first article; the title is what stands before the wide gap.
        run_on = _RUN_ON_TITLE.match(text)
        if run_on and is_title_like(run_on.group(1)) and looks_like_heading(run_on.group(2)):
            return run_on.group(1)
        if not is_title_like(text):
            continue
        after = nonblank[n + 1] if n + 1 < len(nonblank) else ""
        # 安庆市住房公积金管理委员会 / 关于调整…的意见: a title printed over two lines, its issuer
        # on the first, is one title; the issuer's line alone is a letterhead, not the title.
        issuer_line = looks_like_issuer(to_simplified(text))
        if issuer_line and is_title_like(after) and to_simplified(after).startswith("关于"):
            return text + after
        # 深圳市…独角兽企业行 / 动计划（2025—2027年）: a title broken where the line was full
        # names what the document is only once its second line is run on.
        if is_title_like(after) and not names_kind(text) and names_kind(text + after):
            return text + after
        if _place_over_title(text, after):
            return text + after
        if _EXPLAINED_NAME.fullmatch(to_simplified(text)) and _EXPLAINER.fullmatch(after):
            # 《…办法》 / 起草说明: an explainer titled over two lines is itself, not the rule.
            return text + after
        return text
    return ""


# The name of the document an explainer explains, on a line of its own, and what the explainer
# is, on the line under it.
_EXPLAINED_NAME = re.compile(r"(?:关于)?《[^《》]+》")
_EXPLAINER = re.compile(
    r"(?:的)?(?:政策)?(?:图文|图片|图示|视频)?(?:解读|问答|起草说明|编制说明|说明|答记者问|图解)"
)


def _place_over_title(text: str, after: str) -> bool:
    """北京市继续促进国四排放标准 / 老旧营运货车报废更新实施细则: a title broken after its place
    and opening words, the second line naming the document, the first naming none (标准 here is
    what the trucks meet, not a kind of document) and no body (a signature line)."""
    first = to_simplified(text)
    return (
        is_title_like(after)
        and bool(place_chain(first))
        and not _names_document(first)
        and not looks_like_issuer(first)
        and _names_document(after)
        and not place_chain(to_simplified(after))
        and names_kind(text + after)
    )


_GAP = re.compile(r"[\s\u3000\xa0]+")
_RUN_ON_TITLE = re.compile(r"^(\S.*?)[ \u3000\xa0]{2,}(\S.*)$")


def _title_part(lines: list[Line], index: int, title_key: str) -> int | None:
    """The index after a title broken over line ``index`` and the next nonblank one, if it is."""
    first = fold(lines[index].text)
    if not first or not title_key.startswith(first):
        return None
    after = index + 1
    while after < len(lines) and not lines[after].text:
        after += 1
    if after < len(lines) and first + fold(lines[after].text) == title_key:
        return after + 1
    return None


def skip_title_lines(
    lines: list[Line],
    index: int,
    meta: PlanMetadata,
    *,
    headlines: bool,
    headings: frozenset[int] = frozenset(),
) -> int:
    """Skip the title printed above the body, and an article's headline lines."""
    title_key = fold(meta.title)
    skipped = 0
    while index < len(lines):
        text = lines[index].text
        if not text or INFO_END.match(text) or read_history(text, meta):
            index += 1
            continue
        repeated_title = title_key and fold(text) == title_key
        # A page's headline that gives the title without the issuer named before 关于
        # (关于…的通知 over 东营市…委员会 / 关于…的通知) is the title again.
        headline_of_title = (
            not skipped
            and title_key
            and fold(text).startswith("关于")
            and title_key.endswith(fold(text))
        )
        if headline_of_title and not repeated_title:
            index += 1
            skipped += 1
            continue
        if title_key and not repeated_title and (part := _title_part(lines, index, title_key)):
            index = part  # the title printed over two lines (…转型发展 / 实施细则)
            skipped += 1
            continue
        if repeated_title and not meta.documents:
            meta.title = re.sub(r"^#{1,6}\s*", "", text)  # as printed, 《》 and all
        headline = headlines and 0 < skipped < 3 and is_title_like(text)
        headline = headline and not CONTENTS.match(text) and index not in headings
        if not (repeated_title or headline):
            break
        skipped += 1
        index += 1
    return index


def title_run_on(lines: list[Line], index: int, meta: PlanMetadata) -> int | None:
    """The offset of the first heading on the line at ``index`` when the line opens with the
    document's title and runs on into that heading (a web page's paragraph holding both)."""
    if index >= len(lines) or not meta.title:
        return None
    line = lines[index]
    title = re.sub(r"^#{1,6}\s*", "", line.text)
    if not title.startswith(meta.title) or fold(title) == fold(meta.title):
        return None
    m = _GAP.match(line.text, len(line.text) - len(title) + len(meta.title))
    if not m or not looks_like_heading(line.text[m.end() :]):
        return None
    return line.offset(m.end())


def is_title_like(text: str) -> bool:
    return (
        len(text) <= 50
        and not re.search(r"[。；;，,：:]", text)
        and not looks_like_heading(text)
        and not is_doc_number_line(text)
        and not text.startswith(("#", "```", "!["))
    )


def _opens_contents(text: str) -> bool:
    """目录, or 目　录　　第一章　总体要求: a table of contents, never a title."""
    return bool(CONTENTS.match(_RUN_ON_TITLE.sub(r"\1", text)))


def _is_letterhead(text: str) -> bool:
    """南京市住房保障和房产局文件, 福 州 市 人 民 政 府 办 公 厅 文 件: the paper's head."""
    name = to_simplified(re.sub(r"[\s\u3000\xa0]+", "", text))
    return name.endswith("文件") and bool(named_bodies(name[:-2]))


def is_doc_number_line(text: str) -> bool:
    return bool(DOC_NUMBER.search(text)) and len(text) <= 24


def as_it_names_itself(title: str, lines: list[Line]) -> str:
    """The title as the text names the document in 《》 (《广东省进一步提振和扩大消费的若干措施》
    已经省人民政府同意…), when a notice's title gave it with a 的 fewer or more (关于印发广东省
    进一步提振和扩大消费若干措施的通知): the document's own name, as its heading prints it."""
    bare = _without_particles(title)
    if not bare:
        return title
    for line in lines[:60]:
        for m in BOOK_TITLE.finditer(line.text):
            named = m.group(1)
            if named != title and _without_particles(named) == bare:
                return named
    return title


def _without_particles(text: str) -> str:
    # Brackets and quotes as written: a name quoted inside 《》 writes its own 《》 as 〈〉, and
    # that is no reason to take it over the title.
    return re.sub(r"[\s\u3000\xa0的]+", "", to_simplified(text))


# [已废止], 【失效】: a site's mark of the document's status printed before its title; it says
# whether the document is in force, it is no part of its name.
_STATUS_MARK = re.compile(
    r"^[\[【〔]\s*((?:已|部分)?(?:废止|失效|修改|修订)|(?:现行)?有效)\s*[\]】〕]\s*(?=\S)"
)


def without_status_mark(title: str) -> tuple[str, str]:
    """(the title without a status mark before it, the status it marks or "")."""
    m = _STATUS_MARK.match(title)
    return (title[m.end() :], m.group(1)) if m else (title, "")
