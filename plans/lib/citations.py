"""Documents a plan cites by title in 《》: the plans it follows, the opinions, laws and notices it
names. A title counts when its ending names a kind of document (规划, 意见, 法, 通知…), so
newspapers and books (《人民日报》, 《求是》) stay out without a list of titles.

Titles are told apart script-insensitively (《旺蒼縣…規劃》 and 《旺苍县…规划》 are one) and
without a trailing period in brackets (《…规划（2021-2025年）》 is 《…规划》).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plans.parsing.text import fold, to_simplified

# The last words of a document's title, by kind; longer endings (纲要) before what they end in.
DOCUMENT_ENDINGS = (
    # plans and programmes
    "规划", "纲要", "计划", "方案", "战略", "行动", "要点", "路线图",
    # opinions, decisions, notices, reports
    "意见", "建议", "决定", "决议", "通知", "通告", "公告", "批复", "报告", "纲领",
    # rules, laws, standards
    "办法", "条例", "法", "规定", "细则", "规则", "规范", "标准", "指南", "指引", "要求",
    "措施", "制度", "章程", "公约", "清单", "目录", "法典", "政策", "分类",
    # agreements between governments
    "协定", "安排", "协议",
)  # fmt: skip
# Policies by number of articles: 人才政策三十条, 若干措施 20 条.
_ARTICLES = re.compile(r"[0-9一二三四五六七八九十百]+条$")
# A period after the title: (2021-2025), （2021—2025年）, (2023年修订); any words in brackets
# after it when telling its kind: （草案）, （试行）.
_PERIOD = re.compile(r"[(（][^()（）]*\d{4}[^()（）]*[)）]$")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]$")
_QUOTED = re.compile(r"《([^《》]{2,120})》")
_SPACE = re.compile(r"\s+")
# A leading issuer: the organ's name ends in one of these (place names stay: 四川省…规划 and
# 旺苍县…规划 are different plans).
_ISSUER = re.compile(
    r"^(?:中共)?\w{0,20}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|国务院|中共中央"
    r"|委员会|发展改革委|党委|省委|市委|县委|人大常委会)"
)
_WRAPPED = re.compile(r"印发[《〈]?(.+?)[》〉]?的通知$")


@dataclass(frozen=True)
class Cited:
    title: str  # as first printed, whitespace removed
    key: str  # what tells titles apart: folded, period left out
    count: int


def cited_documents(text: str) -> list[Cited]:
    """The documents ``text`` names in 《》, in order of first mention, each with its count.

    >>> [(c.title, c.count) for c in cited_documents("《数据安全法》《人民日报》《数据安全法》")]
    [('数据安全法', 2)]
    """
    found: dict[str, list] = {}
    for m in _QUOTED.finditer(text):
        title = _SPACE.sub("", m.group(1))
        if not names_a_document(title):
            continue
        key = title_key(title)
        if key in found:
            found[key][1] += 1
        else:
            found[key] = [title, 1]
    return [Cited(title=title, key=key, count=n) for key, (title, n) in found.items()]


def names_a_document(title: str) -> bool:
    """Whether a title in 《》 names a document, by its last words (words in brackets aside);
    the kind's word alone (《方案》) is a short name, not a title."""
    plain = _BRACKETED.sub("", to_simplified(_SPACE.sub("", title))).rstrip('》〉”"')
    if _ARTICLES.search(plain):
        return len(plain) > 4
    ending = next((e for e in DOCUMENT_ENDINGS if plain.endswith(e)), "")
    # 《方案》 alone is a short name for a document named in full elsewhere, not a title.
    return bool(ending) and len(plain) > len(ending)


def title_key(title: str) -> str:
    """A title as compared: simplified, without spaces, punctuation or a period in brackets."""
    return fold(_PERIOD.sub("", _SPACE.sub("", title)))


def title_keys(title: str) -> set[str]:
    """Every form under which a title may be cited: as printed, without its issuer
    (国务院关于… is cited as 关于…), and the document a notice hands out
    (关于印发《X》的通知: X)."""
    title = _SPACE.sub("", title)
    keys = {title_key(title)}
    wrapped = _WRAPPED.search(title)
    if wrapped:
        keys |= title_keys(wrapped.group(1))
    simple = to_simplified(title)
    issuer = _ISSUER.match(simple)
    if issuer and len(simple) - issuer.end() >= 4:
        keys.add(title_key(simple[issuer.end() :]))
    return {k for k in keys if k}
