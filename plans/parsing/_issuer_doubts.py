"""What makes an issuer read from a document doubtful: its 文号's sign names another organ
(云政发 is 云南省人民政府's, not its 办公厅's), or a character is written twice (办公厅厅).
Said to the person importing it, never corrected here: the document may be right."""

from __future__ import annotations

import re

from plans.parsing._completion.places import PROVINCE_SIGNS, province_sign
from plans.parsing._places import place_prefix
from plans.parsing.model import Message, gettext_noop
from plans.parsing.text import to_simplified

# The organs a sign names by its word after the place's character: 政/府 the government itself,
# 政办/府办 its general office (a province's 办公厅). 国 is the State Council's.
_GOVERNMENT_SIGN = re.compile(r"^(?:政|府)(办)?(?:发|函|字|规|秘|明电|〔|$)")
_NATIONAL_SIGN = re.compile(r"^国(办)?(?:发|函|〔|$)")
# An organ's name word written twice (办公厅厅, 人民政府府); other doubles are a join of words
# (中华人民共和国国务院) or a place's own name (齐齐哈尔市, 津市市).
_DOUBLED = re.compile(r"([厅局委办府院部会室处署司])\1")
_CHECK = gettext_noop("请核对发文机关（预览中在下面改正，命令行用 --issuer）。")


def issuer_doubts(issuer: str, doc_number: str) -> list[Message]:
    """Why ``issuer`` (the lead issuer) looks wrong beside ``doc_number``; [] when nothing does.

    >>> issuer_doubts("福建省人民政府厅", "闽政〔2022〕32号")[0].params["organ"]
    '福建省人民政府'
    """
    name = re.sub(r"\s+", "", to_simplified(issuer))
    if not name:
        return []
    doubts = []
    organ = _organ_of(doc_number)
    if organ and name not in (organ, organ.replace("人民政府", "政府")):
        doubts.append(
            Message(
                gettext_noop(
                    "发文机关“%(issuer)s”与文号 %(doc_number)s 不符：按文号，发文机关应是"
                    "%(organ)s。%(check)s"
                ),
                issuer=issuer,
                doc_number=doc_number,
                organ=organ,
                check=Message(_CHECK),
            )
        )
    _, used = place_prefix(name)
    if m := _DOUBLED.search(name, used):
        doubts.append(
            Message(
                gettext_noop("发文机关“%(issuer)s”中“%(doubled)s”重复了一个字。%(check)s"),
                issuer=issuer,
                doubled=m.group(0),
                check=Message(_CHECK),
            )
        )
    return doubts


def _organ_of(doc_number: str) -> str:
    """The organ a 文号's sign names, where the sign alone tells: 云政发 云南省人民政府, 湘政办发
    湖南省人民政府办公厅, 国办发 国务院办公厅; "" for any other sign (a department's, a city's)."""
    sign = re.split(r"[〔\[【(（]", to_simplified(doc_number), maxsplit=1)[0].strip()
    if m := _NATIONAL_SIGN.match(sign):
        return "国务院办公厅" if m.group(1) else "国务院"
    province = PROVINCE_SIGNS.get(sign[:1])
    if not province or not province_sign(sign) or not (m := _GOVERNMENT_SIGN.match(sign[1:])):
        return ""
    return province + "人民政府" + ("办公厅" if m.group(1) else "")
