"""A government's work report: its dateline, the government that speaks (我代表市人民政府)
and the place it governs."""

from __future__ import annotations

import re
from datetime import date

from plans.parsing._completion.places import _read
from plans.parsing._document_title import SPEECH_DATELINE_OPENING
from plans.parsing._places import ancestors, place_chain
from plans.parsing.model import GUESSED, READ, PlanMetadata
from plans.parsing.text import to_simplified


def _speakers_place_word(head: str) -> tuple[str, ...]:
    """How the place a speaking government's name ends (我代表区人民政府: a 区; 行署: a 盟 or a
    地区); () when no government speaks or its name says no level (市 may be a county's too)."""
    if not (m := _SPEAKER.search(head)):
        return ()
    name = m.group(1)
    if name.endswith(("行署", _ADMINISTRATION)):
        return ("盟", "地区")
    word = name[: -len("人民政府")]
    return (word,) if word in ("市", "区", "县", "州", "旗") else ()


# A speech's dateline and opening sit in its first lines, under a title and a speaker's name.
_SPEECH_HEAD = 600
# ——2024年1月16日在亳州市第五届人民代表大会第三次会议上, or in （）: a work report's dateline,
# the date it was given and the place whose congress heard it.
_SPEECH_DATELINE = re.compile(
    r"(?:^|\n)\s*"
    + SPEECH_DATELINE_OPENING
    + r"\s*([\u4e00-\u9fff]{2,20}?)\s*第[一二三四五六七八九十]+届人民代表大会"
)
# 现在，我代表市人民政府向大会报告工作: the government that speaks, by its short name or in full;
# a league's or a 地区's is its administration (我代表行署).
_SPEAKER = re.compile(r"我代表\s*([\u4e00-\u9fff]{0,16}?(?:人民政府|行政公署|行署))")
# 我代表市人民政府，向大会报告政府工作 / 我代表行署作工作报告 / 向大会作政府工作报告: a
# government reporting its work, its audience named or not. The dateline alone says no more than
# that a congress heard it: its standing committee, court and procuratorate report to the same
# session.
_GOVERNMENT_REPORTS = re.compile(
    r"我代表\s*[\u4e00-\u9fff]{0,16}?(?:政府|行政公署|行署)[，,\s]*"
    r"(?:向[\u4e00-\u9fff]{0,8}?(?:报告[\u4e00-\u9fff]{0,4}?工作|作[\u4e00-\u9fff]{0,4}?工作报告)"
    r"|作[\u4e00-\u9fff]{0,4}?工作报告)"
)
_WORK_REPORT = "政府工作报告"
_ADMINISTRATION = "行政公署"


def _voice(text: str, head: str) -> str:
    """Where the government speaks: the speech's opening in its head (现在，我代表市人民政府向
    大会报告工作), or, for a text that begins past its opening (柳州's, pasted from its review
    on), the first paragraph addressed to the deputies in which a government speaks (各位代表，…
    在此，我代表市人民政府，向全市各族人民…): only a government's report to its congress
    addresses them so. The head itself when neither is found."""
    if _SPEAKER.search(head):
        return head
    for paragraph in to_simplified(text).split("\n"):
        if "各位代表" in paragraph and _SPEAKER.search(paragraph):
            return paragraph
    return head


def _speech_dateline(meta: PlanMetadata, head: str) -> None:
    """A work report's dateline dates it and places it in the place whose congress it was given
    to (亳州市, 黔东南州), read as printed."""
    if not (m := _SPEECH_DATELINE.search(head)):
        return
    try:
        given = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return
    meta.issued = meta.issued or given
    places = place_chain(m.group(4))
    if not meta.jurisdiction and places:
        place = places[-1]
        meta.jurisdiction, meta.level = place.name, place.level
        meta.above = [p.name for p in ancestors(place)]


def _place_of_speaker(meta: PlanMetadata, head: str) -> None:
    """A government that names itself in full as it speaks (我代表常州市人民政府) says where it
    governs: read, whatever other places its text names (长三角's 上海, 香港, 台湾)."""
    if (m := _SPEAKER.search(head)) and (places := place_chain(m.group(1))):
        place = places[-1]
        meta.jurisdiction, meta.level = place.name, place.level
        meta.above = [p.name for p in ancestors(place)]
        _read(meta, "jurisdiction", "level")


def _speaker(meta: PlanMetadata, head: str) -> None:
    """我代表市人民政府 in a placed report: the place's government speaks (its short name is
    completed from the place like a signature's)."""
    if m := _SPEAKER.search(head):
        meta.issuer = m.group(1)
        if meta.issuer.endswith(("行署", _ADMINISTRATION)) and not place_chain(meta.issuer):
            # 行署 (盟行署) is short for the place's 行政公署, named in full with the place.
            meta.issuer = meta.jurisdiction + _ADMINISTRATION
        meta.provenance["issuer"] = (
            GUESSED if meta.provenance.get("jurisdiction") == GUESSED else READ
        )
