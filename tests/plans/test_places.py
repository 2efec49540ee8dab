"""The gazetteer (plans/data/divisions.tsv) and what the header reader makes of real forms."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from plans.parsing import parse_plan
from plans.parsing._places import _gazetteer, ancestors, find_place


def test_the_gazetteer_holds_every_province_and_a_parent_for_every_other_division():
    places = _gazetteer().by_code.values()
    levels = Counter(place.level for place in places)

    assert levels["province"] == 34  # 23 provinces, 5 autonomous regions, 4 municipalities, HK, MO
    assert levels["prefecture"] > 330 and levels["county"] > 2800
    assert all(place.parent in _gazetteer().by_code for place in places if place.parent)
    assert all(place.parent for place in places if place.level != "province")


@pytest.mark.parametrize(
    ("name", "chain"),
    [
        ("旺苍县", ["四川省", "广元市"]),
        ("浦东新区", ["上海市"]),
        ("仙桃市", ["湖北省"]),  # a county-level city the province administers directly
        ("阿坝州", ["四川省"]),
        ("内蒙古", []),
        ("沙县区", ["福建省", "三明市"]),  # 沙县 became a district in 2021
        ("沙县", ["福建省", "三明市"]),  # and documents written before still name the county
        ("滦州市", ["河北省", "唐山市"]),
    ],
)
def test_a_place_is_found_with_its_parents(name, chain):
    place = find_place(name)

    assert place is not None
    assert [p.name for p in ancestors(place)] == chain


@pytest.mark.parametrize(
    ("header", "field", "value"),
    [
        ("【发文字号】苏政规〔2021〕3号", "doc_number", "苏政规〔2021〕3号"),
        ("【发布部门】江苏省人民政府", "issuer", "江苏省人民政府"),
        ("【发布日期】2021.09.02", "issued", date(2021, 9, 2)),
        ("原文链接：https://example.gov.cn/a.html", "source_url", "https://example.gov.cn/a.html"),
    ],
)
def test_a_legal_database_header_is_read_as_metadata_not_taken_for_the_title(header, field, value):
    text = f"【法宝引证码】 CLI.12.1\n{header}\n某某市数据管理办法\n第一条　为了规范数据管理。\n"

    meta = parse_plan(text, filename="x.txt").metadata

    assert getattr(meta, field) == value
    assert meta.title == "某某市数据管理办法"


def test_a_decree_with_its_number_on_the_same_line_and_a_date_in_chinese_numerals():
    text = (
        "杭州市公共数据管理办法\n杭州市人民政府令第330号\n"
        "《杭州市公共数据管理办法》已经市人民政府常务会议审议通过，现予公布。\n"
        "市长　某某\n二〇二一年十二月三十一日\n第一条　为了规范公共数据管理，制定本办法。\n"
    )

    meta = parse_plan(text, filename="x.txt").metadata

    assert (meta.title, meta.doc_number, meta.issuer) == (
        "杭州市公共数据管理办法",
        "杭州市人民政府令第330号",
        "杭州市人民政府",
    )
    assert (meta.issued, meta.jurisdiction, meta.level) == (
        date(2021, 12, 31),
        "杭州市",
        "prefecture",
    )


@pytest.mark.parametrize(
    ("issuer", "jurisdiction", "level"),
    [
        ("中共中央、国务院", "全国", "national"),
        ("国家发展改革委", "全国", "national"),
        ("工业和信息化部", "全国", "national"),
        ("四川省人民政府办公厅", "四川省", "province"),
        ("阿坝州人民政府", "阿坝藏族羌族自治州", "prefecture"),
        ("安徽省数据资源管理局", "安徽省", "province"),
    ],
)
def test_the_issuer_gives_the_jurisdiction_when_the_title_names_none(issuer, jurisdiction, level):
    text = f"---\ntitle: 数字中国建设整体布局规划\nauthor: {issuer}\n---\n\n一、总体要求\n坚持。\n"

    meta = parse_plan(text, filename="x.md").metadata

    assert (meta.jurisdiction, meta.level) == (jurisdiction, level)


def test_what_was_read_and_what_was_guessed_is_recorded():
    text = "到2025年数字政府体系框架基本形成\n2023年3月7日，某省发布方案。\n"

    meta = parse_plan(text, filename="news.txt").metadata

    assert meta.provenance["title"] == "guessed"  # a headline, not a document's title
    assert "jurisdiction" not in meta.provenance


def test_a_rules_history_line_in_parentheses_gives_its_decree_date_and_issuer():
    text = (
        "杭州市公共数据授权运营管理办法\n"
        "（2020年11月6日杭州市人民政府令第322号公布　自2021年1月1日起施行）\n"
        "第一条　为了规范公共数据授权运营，制定本办法。\n"
    )

    meta = parse_plan(text, filename="x.txt").metadata

    assert (meta.issued, meta.doc_number, meta.issuer, meta.jurisdiction) == (
        date(2020, 11, 6),
        "杭州市人民政府令第322号",
        "杭州市人民政府",
        "杭州市",
    )


def test_a_dated_sentence_under_the_title_is_not_a_history_line():
    text = "某某管理办法\n2023年3月7日，云南省人民政府发布方案。\n第一条　为了规范。\n"

    meta = parse_plan(text, filename="x.txt").metadata

    assert (meta.issued, meta.issuer) == (None, "")


def test_a_web_pages_panel_of_facts_and_a_title_printed_over_three_lines_are_read():
    page = (
        "<html><body><div class='nav'>所属公报</div>"
        "<table><tr><td>文　　号：</td><td>杭政函〔2026〕24号</td></tr>"
        "<tr><td>成文日期：</td><td>2026-03-19</td></tr>"
        "<tr><td>发文单位：</td><td>杭州市人民政府</td></tr></table>"
        "<p>杭州市人民政府</p><p>关于印发杭州市国民经济和社会发展</p><p>第十五个五年规划纲要的通知</p>"
        "<p>各区、县（市）人民政府，市政府各部门：</p><p>《纲要》现印发给你们，请认真贯彻实施。</p>"
        "<p>第一章　发展基础</p><p>第一节　发展成就</p><p>全市经济总量突破两万亿元。</p>"
        "</body></html>"
    )

    meta = parse_plan(page.encode(), filename="hz.html").metadata

    assert meta.title == "杭州市国民经济和社会发展第十五个五年规划纲要"
    assert (meta.issuer, meta.doc_number, meta.issued) == (
        "杭州市人民政府",
        "杭政函〔2026〕24号",
        date(2026, 3, 19),
    )
    assert (meta.jurisdiction, meta.era) == ("杭州市", "十五五")


@pytest.mark.parametrize(
    ("title", "jurisdiction", "level", "above", "how"),
    [
        # Not in the gazetteer's table (a name it does not hold): taken by its suffix, a guess.
        ("四川省广元市新设县数字政府建设方案", "新设县", "county", ["四川省", "广元市"], "guessed"),
        ("某某县“十四五”数字政府建设规划", "某某县", "county", [], "guessed"),
        # A planning area or a plan's own words after the city are still not a place.
        ("江苏省南京市江北新区数字政府建设方案", "南京市", "prefecture", ["江苏省"], "read"),
        ("长沙市城市大脑建设方案", "长沙市", "prefecture", ["湖南省"], "read"),
    ],
)
def test_a_division_the_gazetteer_does_not_hold_is_guessed_by_its_suffix(
    title, jurisdiction, level, above, how
):
    meta = parse_plan(f"{title}\n\n一、总体要求\n坚持。\n", filename="x.txt").metadata

    assert (meta.jurisdiction, meta.level, meta.above) == (jurisdiction, level, above)
    assert meta.provenance["jurisdiction"] == how


@pytest.mark.parametrize(
    ("title", "jurisdiction", "above"),
    [
        ("深圳市坪山区促进社区集体经济产业转型发展实施细则", "坪山区", ["广东省", "深圳市"]),
        ("三明市沙县区进一步稳定房地产市场的若干措施", "沙县区", ["福建省", "三明市"]),
    ],
)
def test_a_title_is_placed_in_the_district_it_names_not_in_a_community_of_it(
    title, jurisdiction, above
):
    meta = parse_plan(f"{title}\n一、总体要求\n坚持。\n", filename="x.txt").metadata

    assert (meta.jurisdiction, meta.above) == (jurisdiction, above)


def test_an_era_is_named_with_the_readers_punctuation_its_name_as_printed():
    from django.utils import translation

    from plans.models import Era

    era = Era(name="十四五", start_year=2021, end_year=2025)
    with translation.override("zh-hans"):
        assert str(era) == "十四五（2021—2025）"
    with translation.override("en"):
        assert str(era) == "十四五 (2021–2025)"
