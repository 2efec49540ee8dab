"""Where a document comes from, as its title, issuer, 文号's sign, a quoted title or the site
it is on names it; names the gazetteer does not hold, judged by their suffix."""

from __future__ import annotations

import re

from plans.parsing._facts import NATIONAL, NATIONAL_ISSUERS, is_national, looks_like_issuer
from plans.parsing._places import Place, ancestors, city_without_suffix, find_place, place_prefix
from plans.parsing.model import GUESSED, READ, PlanMetadata
from plans.parsing.text import to_simplified

_LEADING_YEAR = re.compile(r"^(?:19|20)\d\d\s*年(?:度)?")


def _place_of_site(meta: PlanMetadata, owners: list[str]) -> None:
    """A page that names no place of its own (发布机构：政府办公室) is placed where the
    government whose site it is on sits (its <title>'s or footer's 成安县人民政府): a guess, as a
    site may carry another's document, so only when nothing in the document places it."""
    for owner in owners:
        chain, used = place_prefix(to_simplified(owner))
        if chain and to_simplified(owner)[used:] == "人民政府":
            place = chain[-1]
            meta.jurisdiction, meta.level = place.name, place.level
            meta.above = [p.name for p in (ancestors(place) if place.code else chain[:-1])]
            meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
            return


def _read(meta: PlanMetadata, *names: str) -> None:
    for name in names:
        meta.provenance.setdefault(name, READ)


_PARTY = re.compile(r"^(?:中国共产党|中共)")


def _place(meta: PlanMetadata, title: str, issuer: str) -> None:
    """Where the document comes from: the place its title starts with, else its issuer's; a
    name the gazetteer does not hold (a county renamed since) only when neither names one."""
    # 2021年深圳市社会性别统计报告: a report's year printed before its place.
    title = _LEADING_YEAR.sub("", title)
    # 中共郑州市委关于…: a Party committee sits where its government does; 中共 names no place.
    title, issuer = _PARTY.sub("", title), _PARTY.sub("", issuer)
    for source in (title, issuer):
        if source is issuer and _says_national(source) or is_national(source, issuer=False):
            meta.jurisdiction, meta.level, meta.above = NATIONAL, "national", []
            break
        chain, used = place_prefix(source)
        if chain and not _unknown_below(chain, source[used:]):
            inner = chain[-1]
            meta.jurisdiction, meta.level = inner.name, inner.level
            meta.above = [p.name for p in (ancestors(inner) if inner.code else chain[:-1])]
            break
    else:
        for source in (title, issuer):
            chain, used = place_prefix(source)
            if name := _unknown_below(chain, source[used:]):
                outer = chain[-1] if chain else None
                meta.jurisdiction, meta.level = name, level_for(name)
                meta.above = [p.name for p in [*ancestors(outer), outer]] if outer else []
                meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
                return
        city, used = city_without_suffix(issuer)
        if city is not None and looks_like_issuer(issuer[used:]):
            # 广州住房公积金管理中心: a body named after its city without the 市, as guessed.
            meta.jurisdiction, meta.level = city.name, city.level
            meta.above = [p.name for p in ancestors(city)]
            meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
        return
    # A title or an issuer that names the place states it; the parents come from the gazetteer.
    _read(meta, "jurisdiction", "level")


# A division's name by its suffix, for names the gazetteer does not hold (created or renamed
# after its table): a short name, a level suffix, none of a plan's own words, not an area.
_SUFFIX_PLACE = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:自治州|自治县|自治旗|地区|盟|市|县|旗|区))")
_NOT_A_PLACE = (
    *("数字", "政府", "政务", "电子", "城市", "建设", "规划", "发展", "智慧", "信息", "网络"),
    *("关于", "推进", "加快", "全面", "深化", "人民", "办公", "公共", "全", "本", "各", "中国"),
)
# Words a plan's title or a body's name writes that open with a level's suffix character.
_SUFFIX_WORDS = frozenset(
    {"市场", "市民", "市政", "市容", "市级", "市直", "市属", "市域", "市区", "市内", "市中"}
    | {"区域", "区级", "区内", "区块", "县域", "县级", "县城", "县区", "旗帜"}
)
_AREA = re.compile(
    r"(?:新区|片区|园区|开发区|试验区|示范区|功能区|城区|景区|保税区|合作区|经济区|特区)$"
)


def _unknown_below(chain: list[Place], text: str) -> str:
    """A division the gazetteer does not hold, named after ``chain``; none below a county (深圳市
    坪山区促进社区…: 社区 is a community of the district, not a division of its own)."""
    if len(chain) >= 3 or chain and chain[-1].level == "county":
        return ""
    return _unknown_place(text)


def _cut_at_a_suffix(meta: PlanMetadata) -> bool:
    """Whether the jurisdiction is a name cut at a level's suffix that the gazetteer lacks."""
    return (
        bool(meta.jurisdiction)
        and meta.provenance.get("jurisdiction") == GUESSED
        and meta.jurisdiction != NATIONAL
        and find_place(meta.jurisdiction) is None
        and not _gazetteer_names(meta.jurisdiction)
    )


def _gazetteer_names(name: str) -> bool:
    chain, used = place_prefix(name)
    return bool(chain) and used == len(name)


# “好年华 聚福州”长乐区…: a slogan in quotes, then the place whose programme it brands.
_SLOGAN = re.compile(r"^[“\"「][^”\"」《》]{1,24}[”\"」]\s*")
# 《沈阳市…办法》政策图文解读, 关于《…》的起草说明: an explainer, published by the government
# whose document it explains. A title that carries the document out (关于贯彻《…》的通知) or
# forwards it names another body's document, and is not taken.
_EXPLAINED = re.compile(
    r"^(?:关于)?《([^《》]+)》\s*(?:的)?(?:政策)?(?:图文|图片|图示|视频)?"
    r"(?:解读|问答|起草说明|编制说明|说明|答记者问|图解)$"
)


def _place_of_quoted_title(meta: PlanMetadata, title: str) -> None:
    """The place an unsigned explainer's title quotes, or the one printed after a slogan."""
    if m := _SLOGAN.match(title):
        inner = title[m.end() :]
    elif m := _EXPLAINED.match(title):
        inner = _PARTY.sub("", m.group(1))
    else:
        return
    chain, _ = place_prefix(inner)
    if not chain:
        return
    place = chain[-1]
    meta.jurisdiction, meta.level = place.name, place.level
    meta.above = [p.name for p in (ancestors(place) if place.code else chain[:-1])]
    meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED


def _unknown_place(text: str) -> str:
    m = _SUFFIX_PLACE.match(text)
    name = m.group(1) if m else ""
    # 市促进房地产市场…办公室: a body signing with a bare 市 or 县 is the place's own, the
    # place unnamed; no division's name starts with its level's word.
    if name[:1] in "省市县区州":
        return ""
    if not name or len(name) < 2 or _AREA.search(name) or find_place(name):
        return ""
    # 房地产市场…: the suffix is the first character of a word (市场, 区域, 县域), not the end
    # of a name.
    if text[len(name) - 1 : len(name) + 1] in _SUFFIX_WORDS:
        return ""
    if any(word in name for word in _NOT_A_PLACE) or re.search(r"[十一二三四五]五", name):
        return ""
    return name


# The one-character names provinces sign their 文号 with (皖政办秘〔2021〕82号). Left out: those a
# city signs with too (宁: 南京, 青: 青岛, 台: 台州, 新: 新乡…, 吉: 吉安, 黑: 黑河).
PROVINCE_SIGNS = {
    **dict.fromkeys("京", "北京市"),
    **dict.fromkeys("津", "天津市"),
    **dict.fromkeys("沪", "上海市"),
    **dict.fromkeys("渝", "重庆市"),
    **dict.fromkeys("冀", "河北省"),
    **dict.fromkeys("晋", "山西省"),
    **dict.fromkeys("辽", "辽宁省"),
    **dict.fromkeys("苏", "江苏省"),
    **dict.fromkeys("浙", "浙江省"),
    **dict.fromkeys("皖", "安徽省"),
    **dict.fromkeys("闽", "福建省"),
    **dict.fromkeys("赣", "江西省"),
    **dict.fromkeys("鲁", "山东省"),
    **dict.fromkeys("豫", "河南省"),
    **dict.fromkeys("鄂", "湖北省"),
    **dict.fromkeys("湘", "湖南省"),
    **dict.fromkeys("粤", "广东省"),
    **dict.fromkeys("琼", "海南省"),
    **dict.fromkeys("川", "四川省"),
    **dict.fromkeys("黔", "贵州省"),
    **dict.fromkeys("云", "云南省"),
    **dict.fromkeys("陕", "陕西省"),
    **dict.fromkeys("甘", "甘肃省"),
    **dict.fromkeys("蒙", "内蒙古自治区"),
    **dict.fromkeys("桂", "广西壮族自治区"),
    **dict.fromkeys("藏", "西藏自治区"),
}


def _says_national(issuer: str) -> bool:
    """A central body's name, not a local branch of one (国家税务总局云南省税务局)."""
    if not is_national(issuer):
        return False
    for at in range(1, len(issuer)):
        chain, used = place_prefix(issuer[at:])
        if chain and re.match(
            r"[\u4e00-\u9fff]*(?:省|自治区|市|州|盟|县|区|旗)$", issuer[at : at + used]
        ):
            return False
    return True


def _national_sign(doc_number: str) -> bool:
    """国发, 国办发, 国函 or a ministry's sign (工信部联规, 人社部发): the central government's."""
    sign = re.split(r"[〔\[【(（]", to_simplified(doc_number), maxsplit=1)[0]
    if not sign or "令" in sign or sign[0] in PROVINCE_SIGNS and sign[0] != "国":
        return False
    return sign.startswith(("国发", "国办", "国函")) or bool(re.search(r"部|总局", sign))


def _is_place_title(title: str) -> bool:
    """A title that opens with a province's or city's full name (上海市…, 云南省…)."""
    chain, used = place_prefix(title)
    return bool(chain) and title[:used].endswith(
        ("省", "自治区", "市", "州", "盟", "县", "区", "旗")
    )


def _place_of_doc_number(meta: PlanMetadata) -> None:
    """A last guess from the 文号's sign: 国发/国办发 or a ministry's (劳社部发) is national,
    皖政办秘 is 安徽省's."""
    sign = re.split(r"[〔\[【(（]", to_simplified(meta.doc_number), maxsplit=1)[0]
    if not sign or "令" in sign:
        return
    if sign.startswith("国") or re.search(r"部|总局", sign):
        meta.jurisdiction, meta.level, meta.above = NATIONAL, "national", []
    elif (province := PROVINCE_SIGNS.get(sign[0])) and province_sign(sign):
        meta.jurisdiction, meta.level, meta.above = province, "province", []
    else:
        return
    meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED


def province_sign(sign: str) -> bool:
    """皖政办秘, 沪建房管联: a province's sign and its body's; not a city's that opens with the
    same character (赣市府 for 赣州市, 云浮 or 鄂州 spelt out)."""
    if re.search(r"政|办|府", sign[1:3]):
        return True
    named = find_place(sign[:2])
    return sign[1:2] not in ("市", "州") and (named is None or named.level == "province")


def level_for(name: str) -> str:
    """The level a name's suffix suggests, for names the gazetteer does not hold."""
    if name == NATIONAL or name.startswith(NATIONAL_ISSUERS):
        return "national"
    if name.endswith(("省", "自治区")) or name in ("北京市", "天津市", "上海市", "重庆市"):
        return "province"
    if name.endswith(("市", "州", "盟", "地区")):
        return "prefecture"
    if name.endswith(("县", "区", "旗")):
        return "county"
    return ""
