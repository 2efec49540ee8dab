"""What makes an issuer read from a document doubtful: its 文号's sign names another organ
(云政发 is 云南省人民政府's, not its 办公厅's; 深府办 深圳市人民政府's office, not the government),
or a character is written twice (办公厅厅). Said to the person importing it, never corrected
here: the document may be right.

Not judged: a department's sign (云发改, 渝发改规范), a sign of a province's office written
without its government's word (川办发), and a city's sign that is not the start of the city's
own name in the division table (穗府 for 广州市, 榕政 for 福州市: short names the table does not
hold): a city's own sign is judged for the organ it names, never taken to name another city."""

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
# A city's office is its 办公室 in most cities, its 办公厅 in some (广州, 深圳): either agrees.
_CITY_OFFICE = "办公室或办公厅"
_OFFICES = ("办公室", "办公厅")
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
    # A city's reading first: 苏府 is 苏州市's as well as a sign of 江苏省's.
    organ = _city_organ_of(doc_number, name) or _organ_of(doc_number)
    if organ and name not in _organ_names(organ):
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


def _organ_names(organ: str) -> set[str]:
    """The ways an organ is written: 人民政府 also 政府; a city's office either way."""
    names = {organ, organ.replace("人民政府", "政府")}
    if organ.endswith(_CITY_OFFICE):
        names |= {n.removesuffix(_CITY_OFFICE) + office for n in names for office in _OFFICES}
    return names


def _city_organ_of(doc_number: str, issuer: str) -> str:
    """The organ a city's or county's sign names when it opens with the start of the issuer's
    own place's name (深府办 for 深圳市, 旺府发 for 旺苍县): its government (政/府), or its office
    (政办/府办). "" for any other sign: 穗府 may well be 广州市's, the table cannot say."""
    chain, used = place_prefix(issuer)
    if not chain or chain[-1].level not in ("prefecture", "county") or not chain[-1].code:
        return ""
    sign = re.split(r"[〔\[【(（]", to_simplified(doc_number), maxsplit=1)[0].strip()
    place = chain[-1].name
    for length in range(1, min(len(place), len(sign))):
        if not place.startswith(sign[:length]):
            break
        if m := _GOVERNMENT_SIGN.match(sign[length:]):
            # The place as the issuer writes it (上海市浦东新区), the organ as the sign names it.
            return issuer[:used] + "人民政府" + (_CITY_OFFICE if m.group(1) else "")
    return ""


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
