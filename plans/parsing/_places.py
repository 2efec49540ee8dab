"""A gazetteer of China's province-, prefecture- and county-level divisions, and the places a
title or an issuer starts with.

The table (plans/data/divisions.tsv, built by tools/build_divisions.py from the division codes
cpca ships) names every division with its level and parent, so 旺苍县 is found under 广元市 and
四川省 without the text saying so, and words that merely end like a place (数字中国, 临港新片区)
are not taken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_TABLE = Path(__file__).resolve().parent.parent / "data" / "divisions.tsv"
# The ethnic groups that autonomous divisions are named after (阿坝藏族羌族自治州 -> 阿坝州).
_PEOPLES = (
    *("蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白"),
    *("土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "拉祜", "水", "东乡", "纳西"),
    *("景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯"),
    *("阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固"),
    *("京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各"),
)
_ETHNIC = re.compile("(?:" + "|".join(sorted(_PEOPLES, key=len, reverse=True)) + ")族")
# Districts named like ordinary words: only a place when the city is named before them.
_GENERIC = frozenset({"城区", "郊区", "矿区", "新区", "市中区", "市辖区"})


@dataclass(frozen=True)
class Place:
    code: str
    name: str  # the official name: 阿坝藏族羌族自治州, 上海市
    level: str  # province / prefecture / county
    parent: str  # the parent's code, "" for a province


@dataclass(frozen=True)
class _Gazetteer:
    by_code: dict[str, Place]
    by_alias: dict[str, tuple[Place, ...]]
    longest: int


def place_chain(text: str) -> list[Place]:
    """The places ``text`` starts with, each inside the one before (四川省广元市旺苍县…: three).

    A name shared by several divisions (朝阳区) is taken only when the place before it decides
    which one, or when it stands alone; then its parent is left unknown.
    """
    return place_prefix(text)[0]


def place_prefix(text: str) -> tuple[list[Place], int]:
    """``place_chain`` and how many characters of ``text`` its names take."""
    gazetteer = _gazetteer()
    chain: list[Place] = []
    at = 0
    while at < len(text):
        found = _match(gazetteer, text, at, chain[-1] if chain else None)
        if found is None:
            break
        place, length = found
        chain.append(place)
        at += length
    return chain, at


def ancestors(place: Place) -> list[Place]:
    """The divisions above ``place``, outermost first (旺苍县 -> [四川省, 广元市])."""
    gazetteer = _gazetteer()
    above: list[Place] = []
    code = place.parent
    while code and (parent := gazetteer.by_code.get(code)):
        above.insert(0, parent)
        code = parent.parent
    return above


def provinces_named(text: str) -> set[str]:
    """The provinces ``text`` names, by full or short name (安徽省, 安徽), official names."""
    gazetteer = _gazetteer()
    provinces = [p for p in gazetteer.by_code.values() if p.level == "province"]
    return {p.name for p in provinces if any(a in text for a in _aliases(p))}


def prefectures_named(text: str) -> set[str]:
    """The prefecture-level cities ``text`` names, by full name or without 市 (南京市, 南京)."""
    return {
        p.name
        for p in _gazetteer().by_code.values()
        if p.level == "prefecture"
        and p.name.endswith("市")
        and (p.name in text or (len(p.name) >= 3 and p.name[:-1] in text))
    }


def counties_named(text: str) -> set[str]:
    """The county-level divisions ``text`` names by full name (高阳县, 西城区), each a name only
    one division has."""
    gazetteer = _gazetteer()
    return {
        p.name
        for p in gazetteer.by_code.values()
        if p.level == "county"
        and p.name not in _GENERIC
        and len(gazetteer.by_alias.get(p.name, ())) == 1
        and p.name in text
    }


def places_counted(text: str) -> dict[Place, int]:
    """How often ``text`` names each city and county-level division: a city or a league by its
    name with or without 市 or 盟 (南京市, 南京; 锡林郭勒), a county by its full name, and a
    county-level city also without its 市 (天门 for 天门市) when no other division is called so;
    an autonomous division also by its short name (黔西南州, 峨边县), and an autonomous
    prefecture by its bare place name (黔西南) in a text that speaks as a 州 (全州, 我州)."""
    gazetteer = _gazetteer()
    as_prefecture = bool(_SPEAKS_AS_PREFECTURE.search(text))
    counts: dict[Place, int] = {}
    for place in gazetteer.by_code.values():
        if place.level == "province" or place.name in _GENERIC:
            continue
        if len(gazetteer.by_alias.get(place.name, ())) != 1:
            continue
        # The short name is counted in the full one's stead (天门 within 天门市).
        count = max(text.count(name) for name in written_names(place, as_prefecture))
        if count:
            counts[place] = count
    return counts


# 全州, 我州, 本州: a text written for an autonomous prefecture (全州县, a county, excepted).
_SPEAKS_AS_PREFECTURE = re.compile("[我本全]州(?!县)")


def written_names(place: Place, as_prefecture: bool = False) -> set[str]:
    """The names a text calls ``place`` by: its own, and a city's or a league's without its 市
    or 盟 (南京, 锡林郭勒) when no division is called so; an autonomous division's short name
    (黔西南州 for 黔西南布依族苗族自治州, 峨边县) when it is that division's alone, and, in a
    text that speaks as a 州 (``as_prefecture``), an autonomous prefecture's bare place name
    (黔西南) when no division is called so: a prefecture's own report writes itself so, and
    outside such a text the bare name may be a region's or a river's (海西, 怒江)."""
    gazetteer = _gazetteer()
    names = {place.name}
    short = place.name[:-1]
    if place.name.endswith(("市", "盟")) and len(short) >= 2 and short not in gazetteer.by_alias:
        names.add(short)
    if place.level != "province":
        names |= {a for a in _aliases(place) if len(gazetteer.by_alias.get(a, ())) == 1}
    if as_prefecture and place.name.endswith("自治州") and (m := _ETHNIC.search(place.name)):
        bare = place.name[: m.start()]
        if len(bare) >= 2 and bare not in gazetteer.by_alias:
            names.add(bare)
    return names


def city_without_suffix(text: str) -> tuple[Place | None, int]:
    """The prefecture-level city ``text`` opens with when it names the city without its 市
    (广州住房公积金管理中心), and how many characters that takes: only a short name that no
    division is called and that no other division's name starts with (吉林 is a province, 中山 no
    fit for 中山区), so a word is not taken for a city."""
    gazetteer = _gazetteer()
    for length in (4, 3, 2):
        short = text[:length]
        cities = gazetteer.by_alias.get(short + "市", ())
        if len(cities) != 1 or cities[0].level != "prefecture" or short in gazetteer.by_alias:
            continue
        if any(alias.startswith(short) and alias != short + "市" for alias in gazetteer.by_alias):
            continue
        return cities[0], length
    return None, 0


def find_place(name: str) -> Place | None:
    """The division called ``name`` (official name or a short form), if exactly one is."""
    candidates = _gazetteer().by_alias.get(name, ())
    return candidates[0] if len(candidates) == 1 else None


def _match(gazetteer: _Gazetteer, text: str, at: int, outer: Place | None) -> tuple[Place, int]:
    for length in range(min(gazetteer.longest, len(text) - at), 1, -1):
        candidates = gazetteer.by_alias.get(text[at : at + length], ())
        if outer is not None:
            candidates = tuple(p for p in candidates if _within(gazetteer, p, outer))
        elif text[at : at + length] in _GENERIC:
            continue
        if len(candidates) == 1:
            return candidates[0], length
        if len(candidates) > 1:
            # 朝阳区 alone: a county-level district, but of which city the text does not say.
            first = candidates[0]
            if all(p.level == first.level for p in candidates):
                return Place(code="", name=first.name, level=first.level, parent=""), length
            return min(candidates, key=lambda p: _LEVELS.index(p.level)), length
    return None


_LEVELS = ("province", "prefecture", "county")


def _within(gazetteer: _Gazetteer, place: Place, outer: Place) -> bool:
    if not outer.code:
        return False
    code = place.parent
    while code:
        if code == outer.code:
            return True
        code = gazetteer.by_code[code].parent if code in gazetteer.by_code else ""
    return False


@cache
def _gazetteer() -> _Gazetteer:
    by_code: dict[str, Place] = {}
    by_alias: dict[str, list[Place]] = {}
    with _TABLE.open(encoding="utf-8") as table:
        next(table)
        for row in table:
            code, name, level, parent = row.rstrip("\n").split("\t")
            place = Place(code=code, name=name, level=level, parent=parent)
            by_code[code] = place
            for alias in _aliases(place):
                by_alias.setdefault(alias, []).append(place)
    aliases = {alias: tuple(places) for alias, places in by_alias.items()}
    return _Gazetteer(by_code, aliases, max(len(alias) for alias in aliases))


def _aliases(place: Place) -> set[str]:
    name = place.name
    aliases = {name}
    if place.level == "province":
        # 安徽, 上海, 内蒙古, 广西: provinces are written without their suffix too.
        short = re.sub(r"(?:省|市|特别行政区|自治区)$", "", name)
        short = _ETHNIC.split(short)[0] if _ETHNIC.search(short) else short
        aliases.add(short)
        return aliases
    for suffix, short_suffix in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if name.endswith(suffix) and (m := _ETHNIC.search(name)) and m.start() >= 2:
            aliases.add(name[: m.start()] + short_suffix)  # 阿坝州, 黔东南州, 峨边县
    return aliases
