"""Where a document that names no place of its own comes from, guessed from the places its text
names."""

from __future__ import annotations

import re

from plans.parsing._completion.eras import _DATELINE
from plans.parsing._places import (
    Place,
    ancestors,
    find_place,
    places_counted,
    prefectures_named,
    provinces_named,
)
from plans.parsing.model import GUESSED, PlanMetadata


def _names_a_place(title: str) -> bool:
    # A title that names a place and still placed nothing (关于贯彻落实《上海市…》的通知) names
    # another's: the text's places are no better.
    return bool(provinces_named(title) or prefectures_named(title))


def _only_place_of_text(meta: PlanMetadata, text: str, ends: tuple[str, ...] = ()) -> None:
    """A document that signs nothing and whose title names no place (a 解读 of 《关于…通知》,
    a table under 附件, a 政府工作报告 spoken in 天门) speaks of the place its text names far
    more than any other (南京户籍, 我的南京; 天门 thirty times to 武汉都市圈 six), with no
    province but its own, or else of the one province-level place it names (北京市 in a
    table's cells). A mention is no voice: a city named a few times beside a place named more
    (天门, 潜江, which the text names without their 市) places nothing. A government speaking
    (我代表区人民政府) speaks for a place of its kind (``ends``: the ends of such places' names).
    A guess, marked so."""
    # A news agency's dateline (新华社北京7月29日电) names the city it files from, not the place
    # the text speaks of: the national 革命文物 opinion names 北京 there and nowhere else.
    text = _DATELINE.sub("", text)
    provinces = provinces_named(text)
    counts = {p: n for p, n in places_counted(text).items() if _surely_named(p, text)}
    # A government that speaks as a 区's (我代表区人民政府, 我代表行署) speaks for a place of
    # that kind: the voice is sought among those alone, whatever else its text names more (黄山,
    # its city's name and the mountain's, beside 黄山区; 太平湖) or names as partners (京蒙协作).
    counts = {p: n for p, n in counts.items() if not ends or p.name.endswith(ends)}
    if counts:
        top = max(counts, key=counts.get)
        above = [p.name for p in ancestors(top)]
        # Its own counties and county-level cities are no rivals but its voice: a city's report
        # tells their work (丹江口 fourteen times in 十堰's, 天长 and 明光 in 滁州's).
        rivals = [
            n
            for p, n in counts.items()
            if p != top and p.name not in above and top not in ancestors(p)
        ]
        far_more = counts[top] >= max(2, _FAR_MORE * max(rivals, default=0))
        if far_more and (ends or provinces <= set(above)):
            meta.jurisdiction, meta.level, meta.above = top.name, top.level, above
            meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
            return
    if not prefectures_named(text) and len(provinces) == 1:
        meta.jurisdiction, meta.level, meta.above = provinces.pop(), "province", []
        meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED


def _surely_named(place: Place, text: str) -> bool:
    # A county-level city or a league only ever written short (天门, 开平, 锡林郭勒) may be a
    # word or a word's part (合作, 同仁, 展开平台, 津市 in 天津市) or a mention (锡林郭勒草原)
    # unless the text speaks as a place of its kind (我市, 全市, 全盟) and names the province or
    # prefecture it lies in (科创湖北 in 天门's report): 全市 alone made 合作 or 津市 the place most
    # named, three times any other, in twelve texts of 北京, 天津, 上海 and 重庆, kept from 甘肃 and
    # 湖南 only by the province they name (docs/importing.md).
    if place.level != "county" and not place.name.endswith("盟") or place.name in text:
        return True
    above = {p.name for p in ancestors(place)}
    return bool(re.search(f"[我本全]{place.name[-1]}", text)) and bool(
        above & (provinces_named(text) | prefectures_named(text))
        or any(name in text for name in above)
    )


# How many times more than any other place a text must name the place it is guessed to speak of.
_FAR_MORE = 3


def _province_of_text(meta: PlanMetadata, text: str) -> None:
    """A body signing with a bare 省 (省…联席会议) speaks of its own province: the one province
    the text names (开展2022年安徽省…, 推广安徽特色年货), when it names only one."""
    named = provinces_named(text)
    if len(named) == 1:
        meta.jurisdiction, meta.level, meta.above = named.pop(), "province", []
        meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED


def _city_of_text(meta: PlanMetadata, named: set[str]) -> None:
    """A body signing with a bare 市 (市…领导小组办公室), 县 or 区 speaks of its own city or
    county: the one of that level the text names (在南京连续缴纳, 南京户籍), when it names only
    one."""
    if len(named) == 1 and (place := find_place(named.pop())):
        meta.jurisdiction, meta.level = place.name, place.level
        meta.above = [p.name for p in ancestors(place)]
        meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
