"""Run-in titles: where a heading's or a paragraph's title ends and its text begins
(标题。正文…), and a paragraph whose titles continue mid-line cut into one piece per title; an
article's caption (第三条 载体建设。…) told from its provision's opening words."""

from __future__ import annotations

import re

from plans.parsing._lines import Line

# A sentence ends at 。 or where a damaged character stands in for the lost 。 (Hunan: "?;").
_SENTENCE_END = re.compile(r"。|\?(?=[;；])")
_CLAUSE_MARK = re.compile(r"[，,；;：:]")
# 坚持统一规划部署,统建共用。 — short two-part principles, sometimes several on one line.
_PRINCIPLE = re.compile(r"坚持[^。，,；;：:]{1,14}[，,][^。，,；;：:]{1,10}。")
# Words that make a short first sentence a statement rather than a title.
_NOT_A_TITLE = re.compile(r"由|基于|应当|必须|其中|已经|我们|我省|我市|我县|以下|如下|包括|是指")
_SLOGAN = re.compile(r"^[^。，,；;：:]{2,10}[，,][^。，,；;：:]{2,10}$")

TITLE_LIMIT = 60  # a labelled heading's run-in title is its first sentence up to this length
PARAGRAPH_TITLE_LIMIT = 30  # an unlabelled paragraph's first sentence counts as a title up to this


def split_title(text: str, limit: int) -> tuple[str, str, int]:
    """(title, body, offset of body in text) for a run-in heading ``标题。正文…``."""
    m = _SENTENCE_END.search(text)
    if m and 0 < m.start() <= limit:
        # Damage that stands in for the 。 stays in the body, where it is flagged.
        body_from = m.end() if m.group() == "。" else m.start()
        body = text[body_from:]
        lead = len(body) - len(body.lstrip())
        return text[: m.start()].strip(), body.strip(), body_from + lead
    if not m and len(text) <= limit:
        return text.strip(), "", len(text)
    return "", text, 0


LEAD_LIMIT = 120  # a top-level item's run-in lead sentence longer than this is a paragraph


def lead_sentence(text: str) -> tuple[str, str, int]:
    """(title, body, offset of body) for a top-level item run in with a long lead sentence (四、
    办理住房公积金贷款的借款人及配偶，…本息（…）): its lead up to the first 。, ； or ：, or the
    whole text when it has none; an item is never left untitled in the outline for its length."""
    m = re.search(r"[。；;：:]", text)
    end = m.start() if m else len(text.rstrip())
    if not 0 < end <= LEAD_LIMIT:
        return "", text, 0
    body_from = m.end() if m else len(text)
    body = text[body_from:]
    return text[:end].strip(), body.strip(), body_from + len(body) - len(body.lstrip())


def lead_clauses(text: str, limit: int) -> tuple[str, str, int]:
    """(title, body, offset of body) for an item titled by its run-in lead sentence: the lead
    (as ``lead_sentence``), or when it runs past ``limit`` its clauses up to the last ，, ； or
    ASCII , that ends one within it; the rest of the sentence stays the item's text."""
    title, body, body_at = lead_sentence(text)
    if title and len(title) <= limit:
        return title, body, body_at
    cuts = [m.start() for m in re.finditer(r"[，,；;]", text[: limit + 1]) if m.start() >= 2]
    if not cuts:
        return "", text, 0
    rest = text[cuts[-1] + 1 :]
    return text[: cuts[-1]].strip(), rest.strip(), cuts[-1] + 1 + len(rest) - len(rest.lstrip())


# A space beside a figure is a PDF text layer's gap around it (本意见自 2022 年), not a title's end.
_SPACED = re.compile(r"^([^\s。，,；;：:]{2,30})(?<![0-9])[ \u3000\xa0]+(?=[^\s0-9])")


def spaced_title(rest: str) -> tuple[str, str, int] | None:
    """``加强数据共享 推进政务数据…，…。``: a short title, a space, then its paragraph, as
    documents converted to markdown often write a heading line; None when ``rest`` is not so."""
    m = _SPACED.match(rest)
    if not m:
        return None
    body = rest[m.end() :]
    if len(body) < 10 or not re.search(r"[。，；;,]", body):
        return None
    # 职工 家庭购买第二 套改善性 自住房，…: a scan's OCR spaces words apart all along the line;
    # the first gap is no title's end.
    if len(_WORD_GAPS.findall(re.split(r"[。，；;,]", body, maxsplit=1)[0])) >= 2:
        return None
    return m.group(1), body, m.end()


_WORD_GAPS = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")


def principle_pieces(line: Line) -> list[tuple[Line, bool]]:
    """Split a paragraph whose run-in titles continue mid-line into one piece per title.

    Principles (坚持统一规划部署,统建共用。…坚持数据共享开放,高效赋能。…) always split; other
    titles split where a later sentence parallels the first: same length, or the same opening
    verb and about the same length (提升辅助决策能力。…提升行政执行能力。…).
    """
    text = line.text
    if _PRINCIPLE.match(text):
        cuts = [
            m.start()
            for m in _PRINCIPLE.finditer(text)
            if m.start() == 0 or text[m.start() - 1] == "。"
        ]
        forced = True
    elif title_candidate(text):
        first = text[: _SENTENCE_END.search(text).start()]
        cuts = [0] + [
            at
            for at, sentence in _sentences(text)
            if at > 0 and _parallel(first, sentence) and len(text) - at - len(sentence) >= 30
        ]
        forced = False
    else:
        return [(line, False)]
    pieces = []
    for n, at in enumerate(cuts):
        stop = cuts[n + 1] if n + 1 < len(cuts) else len(text)
        pieces.append((line.cut(at, stop), forced))
    return pieces


def _sentences(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for m in re.finditer("。", text):
        out.append((at, text[at : m.start()]))
        at = m.end()
    return out


# 一是…二是…三是: a paragraph's prose counting its points, one sentence running on into the next.
_ORDINAL_POINT = re.compile(r"^[一二三四五六七八九十]+是")


def _parallel(first: str, sentence: str) -> bool:
    if _ORDINAL_POINT.match(sentence):
        # 三是优先选用节能家电 under 一是优先选用绿色建材: the paragraph's next point, its text.
        return False
    if (
        not 6 <= len(sentence) <= 16
        or _CLAUSE_MARK.search(sentence)
        or _NOT_A_TITLE.search(sentence)
    ):
        return False
    if re.search(r"[\d《》“”\"()（）]", sentence):
        return False
    same_opening = sentence[:2] == first[:2] and abs(len(sentence) - len(first)) <= 3
    return same_opening or len(sentence) == len(first)


def title_candidate(text: str) -> bool:
    """Does the paragraph open with a short sentence that names it (建设高速稳固的基础网络。…)?"""
    m = _SENTENCE_END.search(text)
    if not m or m.start() < 2 or m.start() > PARAGRAPH_TITLE_LIMIT:
        return False
    title = text[: m.start()]
    rest = text[m.end() :].strip()
    if not rest:
        return False
    if re.match(r"^(到|在|截至|截止)?\s*20\d\d", title) or title.startswith(("《", "根据", "按照")):
        return False
    if _NOT_A_TITLE.search(title):
        return False
    return not _CLAUSE_MARK.search(title) or bool(_SLOGAN.match(title))


# How a provision opens, never a caption: 本办法…, 对…, 凡…, 为了…, 根据…, 自…起.
_PROVISION_OPENING = "本对凡为在经各依按根除自如"
# A caption: a short noun phrase closed by 。 with the provision after it; not a sentence (本…,
# 对…, figures, 的).
RUN_IN_CAPTION = re.compile(
    rf"^(?![{_PROVISION_OPENING}])([^\s。，,；;：:、“”《》()（）\d的]{{2,10}})。(?=\s*\S)"
)
# 【宗旨】, 〖宗旨〗, （行政审批和行政处罚） before an article's text; not a numbered item's （一）.
# OCR reads one 【】 as 〖〗 and may pair them (【建设贷款贴息〗), so either bracket closes either.
BRACKET_CAPTION = re.compile(
    r"^([【〖〔\[（(](?![一二三四五六七八九十\d]+[】〗〕\]）)])[^【】〖〔〕\[\]（）()。，,；;]{2,20}"
    r"[】〗〕\]）)])"
    r"\s*(?=\S)"
)
# How long an article's opening may run without punctuation and still be its caption (第一条
# 总则); a longer one is its provision's first line, cut where a PDF's page ended.
_CAPTION_LIMIT = 15


def opens_provision(rest: str) -> bool:
    """Whether an article's opening is its provision, not a caption: a clause mark in it, a long
    run without one (本办法适用于本市行政区域内的行政执法监督工 / 作。), or a provision's opening
    word (第十条 本办法自发布之日起施行, its 。 left off)."""
    if re.search(r"[。，,；;：:]", rest):
        return True
    captioned = rest.startswith(("【", "〖", "（", "(", "[")) or spaced_title(rest) is not None
    return not captioned and (
        len(rest) > _CAPTION_LIMIT or rest.startswith(tuple(_PROVISION_OPENING))
    )
