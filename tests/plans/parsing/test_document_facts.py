"""What the parser reads about a document rather than its sections: a notice's preamble, front
matter, jurisdiction, era, kind, script and title."""

from __future__ import annotations

from datetime import date

import pytest

from plans.parsing import (
    parse_plan,
)
from tests.plans.parsing.support import (
    BT,
    HN,
    JS,
    NAT,
    SX,
    WC,
    Y22,
    Y23,
    parsed_seed,
)


@pytest.mark.parametrize(
    ("name", "title", "doc_number", "issuer", "issued", "addressees"),
    [
        (
            Y22,
            "云南省“十四五”电子政务发展规划",
            "云政办发〔2022〕37号",
            "云南省人民政府办公厅",
            date(2022, 5, 6),
            "各州、市人民政府,省直各委、办、厅、局",
        ),
        (
            WC,
            "旺苍县“十四五”数字政府建设规划",
            "旺府发〔2023〕15号",
            "旺苍县人民政府",
            date(2023, 6, 15),
            "各乡镇人民政府,县级各部门,旺苍经开区管委会",
        ),
        (
            HN,
            '湖南省電子政務"十三五"規劃(2016-2020年)',
            "湘政辦發〔2017〕11號",
            "湖南省人民政府辦公廳",
            date(2017, 3, 7),
            "各市州、縣市區人民政府,省政府各廳委、各直屬機構",
        ),
        (
            BT,
            "包头市2022年数字政府建设考评办法",
            "包府办发〔2022〕43号",
            "包头市人民政府办公室",
            date(2022, 4, 14),
            "各旗、县、区人民政府，稀土高新区管委会，市直有关部门、单位",
        ),
    ],
)
def test_a_notice_preamble_becomes_metadata_not_sections(
    name, title, doc_number, issuer, issued, addressees
):
    plan = parsed_seed(name)
    meta = plan.metadata
    assert (meta.title, meta.doc_number, meta.issuer) == (title, doc_number, issuer)
    assert (meta.issued, meta.addressees) == (issued, addressees)
    assert plan.text.index(doc_number) < plan.sections[0].start
    for section in plan.sections:
        own = section.title + section.body
        assert doc_number not in own and "印发" not in own and addressees not in own


@pytest.mark.parametrize(
    ("name", "title", "doc_number", "issued", "jurisdiction", "issuer"),
    [
        (
            Y23,
            "云南省数字政府建设总体方案",
            "云政发〔2023〕8号",
            date(2023, 3, 2),
            "云南省",
            "云南省人民政府办公厅厅",
        ),
        (
            JS,
            "江苏省“十四五”数字政府建设规划",
            "苏政办发〔2021〕61号",
            date(2021, 8, 31),
            "江苏省",
            "江苏省人民政府办公厅",
        ),
    ],
)
def test_it_reads_tab_separated_front_matter(name, title, doc_number, issued, jurisdiction, issuer):
    plan = parsed_seed(name)
    assert "title: \t" in plan.text
    meta = plan.metadata
    assert (meta.title, meta.doc_number, meta.issued) == (title, doc_number, issued)
    assert (meta.jurisdiction, meta.issuer) == (jurisdiction, issuer)
    assert plan.sections[0].start > plan.text.index("\n---", 3)


@pytest.mark.parametrize(
    ("name", "jurisdiction", "level", "era", "kind", "script"),
    [
        (Y22, "云南省", "province", "十四五", "plan", "simplified"),
        (WC, "旺苍县", "county", "十四五", "plan", "simplified"),
        (HN, "湖南省", "province", "十三五", "plan", "traditional"),
        # A programme that names no period gets none from its date (the catalogue gives 十四五).
        (Y23, "云南省", "province", "", "programme", "simplified"),
        (JS, "江苏省", "province", "十四五", "plan", "simplified"),
        (SX, "山西省", "province", "十四五", "plan", "simplified"),
        # Measures for 2022 name no period either (the catalogue gives 十四五).
        (BT, "包头市", "prefecture", "", "measures", "simplified"),
        (NAT, "全国", "national", "十四五", "opinion", "simplified"),
    ],
)
def test_it_infers_jurisdiction_era_kind_and_script(name, jurisdiction, level, era, kind, script):
    plan = parsed_seed(name)
    meta = plan.metadata
    assert (meta.jurisdiction, meta.level, meta.era, meta.kind) == (jurisdiction, level, era, kind)
    assert plan.script == script


@pytest.mark.parametrize(
    ("title", "jurisdiction", "level", "above"),
    [
        (
            "杭州市西湖区数字政府建设三年行动计划（2023—2025年）",
            "西湖区",
            "county",
            ["浙江省", "杭州市"],
        ),
        (
            "鄂尔多斯市达拉特旗“十四五”电子政务发展规划",
            "达拉特旗",
            "county",
            ["内蒙古自治区", "鄂尔多斯市"],
        ),
        ("四川省广元市旺苍县“十四五”数字政府建设规划", "旺苍县", "county", ["四川省", "广元市"]),
        ("北京市海淀区“十四五”时期数字政府建设规划", "海淀区", "county", ["北京市"]),
        # A 新区 of a city is a planning area, not a division: the plan is the city's.
        ("江苏省南京市江北新区数字政府建设方案", "南京市", "prefecture", ["江苏省"]),
        # The gazetteer knows the parents the title leaves out.
        ("旺苍县“十四五”数字政府建设规划", "旺苍县", "county", ["四川省", "广元市"]),
        ("阿坝州“十四五”数字政府建设规划", "阿坝藏族羌族自治州", "prefecture", ["四川省"]),
        # A name several districts share is kept without a parent unless the title gives one.
        ("朝阳区数字政府建设方案", "朝阳区", "county", []),
        ("长春市朝阳区数字政府建设方案", "朝阳区", "county", ["吉林省", "长春市"]),
        # A plan's own words after the place are not a place: 数字…, 人民政府…, 城市…, 全域…
        ("云南省数字政府建设总体方案", "云南省", "province", []),
        ("长沙市城市大脑建设方案", "长沙市", "prefecture", ["湖南省"]),
        ("苏州市全域数字化转型规划", "苏州市", "prefecture", ["江苏省"]),
        (
            "黔东南苗族侗族自治州“十四五”数字政府建设规划",
            "黔东南苗族侗族自治州",
            "prefecture",
            ["贵州省"],
        ),
        ("吉林市数字政府建设方案", "吉林市", "prefecture", ["吉林省"]),
        ("上海市浦东新区数字政府建设方案", "浦东新区", "county", ["上海市"]),
        # Words that end like a place name are not one.
        ("数字中国建设整体布局规划", "", "", []),
        ("中国（上海）自由贸易试验区临港新片区管理办法", "", "", []),
    ],
)
def test_a_title_naming_a_place_inside_another_gives_the_inner_one_and_its_parents(
    title, jurisdiction, level, above
):
    text = f"{title}\n\n一、总体要求\n坚持以人民为中心。\n"

    meta = parse_plan(text, filename="plan.txt").metadata

    assert (meta.jurisdiction, meta.level, meta.above) == (jurisdiction, level, above)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("杭州市西湖区数字政府建设三年行动计划（2023—2025年）", "programme"),
        ("昆明市五华区2024年数字政府建设工作要点", "programme"),
        ("某某市数字政府建设实施方案", "programme"),
        ("某某市“十四五”数字政府建设规划", "plan"),
        ("某某市国民经济和社会发展第十四个五年规划纲要", "plan"),
        ("某某市人民政府关于加强数字政府建设的实施意见", "opinion"),
        ("某某市数字政府建设考评办法", "measures"),
    ],
)
def test_the_kind_of_document_comes_from_how_its_title_ends(title, kind):
    text = f"{title}\n\n一、总体要求\n坚持以人民为中心。\n"
    assert parse_plan(text, filename="plan.txt").metadata.kind == kind


def test_a_title_running_on_into_the_first_article_on_one_line_leaves_the_article_whole():
    text = (
        "常州市户籍准入管理若干规定 \u3000\u3000第一条 \xa0为加强人口服务和管理，制定本规定。\n"
        "第二条 \xa0本市户籍准入管理，适用本规定。\n"
    )
    plan = parse_plan(text, filename="changzhou.txt")
    assert plan.metadata.title == "常州市户籍准入管理若干规定"
    assert [s.label for s in plan.sections] == ["第一条", "第二条"]
    first = plan.sections[0]
    assert first.body == "为加强人口服务和管理，制定本规定。"
    assert plan.text[first.start : first.start + 3] == "第一条"


@pytest.mark.parametrize("contents", ["目录", "目\u3000录\u3000\u3000第一章\u3000总体要求"])
def test_a_table_of_contents_is_never_the_title(contents):
    text = f"{contents}\n某市数字政府建设规划\n第一章\u3000总体要求\n坚持统筹规划，协同推进。\n"
    assert parse_plan(text, filename="plan.txt").metadata.title == "某市数字政府建设规划"
