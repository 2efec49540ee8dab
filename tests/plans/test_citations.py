"""Documents a plan cites in 《》: read by the title's ending, counted once per title."""

from __future__ import annotations

from pathlib import Path

import pytest

from plans.lib.citations import cited_documents, names_a_document, title_key, title_keys

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("国务院关于加强数字政府建设的指导意见", True),
        ("“十四五”推进国家政务信息化规划", True),
        ("中华人民共和国数据安全法", True),
        ("宪法", True),
        ("包头市数字政府建设行动方案（2021—2023年）", True),  # the period aside
        ("广东省国民经济和社会发展第十五个五年规划纲要（草案）", True),
        ("國家信息化發展戰略綱要", True),  # traditional script
        ("区域全面经济伙伴关系协定", True),
        ("来安县“来者皆安”人才政策三十条", True),
        ("网络安全等级保护2.0:第三级网络安全防护要求", True),
        ("人民日报", False),
        ("求是", False),
        ("广州大典（民国篇）", False),
        ("全球创新指数", False),
        ("方案", False),  # a short name of a document named in full elsewhere
        ("三十条", False),
    ],
)
def test_it_tells_documents_from_other_titles_by_their_ending(title, expected):
    assert names_a_document(title) is expected


def test_it_counts_a_title_cited_several_times_once_in_any_script_or_spacing():
    text = (
        "根据《旺苍县“十四五”数字政府建设规划》和《人民日报》报道，落实《旺蒼縣“十四五”數字政府"
        "建設規劃》。\n再次依据《旺苍县“十四五”\n数字政府建设规划》，参照《数据安全法》。"
    )
    found = cited_documents(text)
    assert [(c.title, c.count) for c in found] == [
        ("旺苍县“十四五”数字政府建设规划", 3),
        ("数据安全法", 1),
    ]


def test_a_period_in_brackets_does_not_make_another_document():
    text = "《四川省“十四五”数字政府建设规划》……《四川省“十四五”数字政府建设规划(2021-2025)》"
    assert [(c.title, c.count) for c in cited_documents(text)] == [
        ("四川省“十四五”数字政府建设规划", 2)
    ]


def test_nothing_cited_is_an_empty_list():
    assert cited_documents("没有书名号的文字。《求是》") == []


@pytest.mark.parametrize(
    ("cited", "catalogued"),
    [
        ("关于加强数字政府建设的指导意见", "国务院关于加强数字政府建设的指导意见"),
        ("国务院关于加强数字政府建设的指导意见", "国务院关于加强数字政府建设的指导意见"),
        (
            "包头市数字政府建设行动方案",
            "包头市人民政府办公室关于印发包头市数字政府建设行动方案的通知",
        ),
        (
            "湖南省电子政务“十三五”规划",
            "湖南省人民政府办公厅关于印发《湖南省电子政务“十三五”规划》的通知",
        ),
        ('湖南省電子政務"十三五"規劃(2016-2020年)', "湖南省电子政务“十三五”规划"),
    ],
)
def test_a_cited_title_finds_the_catalogues_title_with_or_without_its_issuer(cited, catalogued):
    assert title_keys(cited) & title_keys(catalogued)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("四川省“十四五”数字政府建设规划", "旺苍县“十四五”数字政府建设规划"),  # places stay
        ("国家电子政务总体方案", "云南省数字政府建设总体方案"),
    ],
)
def test_titles_of_different_places_never_match(a, b):
    assert not title_keys(a) & title_keys(b)


# Read by hand from the texts (seeds/): every title in 《》 and what it names.
WANGCANG = [
    ("旺苍县“十四五”数字政府建设规划", 4),  # the plan itself
    ("四川省“十四五”数字政府建设规划", 2),  # once with (2021-2025)
    ("广元市“十四五”数字政府建设规划", 1),
    ("旺苍县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要", 1),
    ("关于明确数据整合共享和政务云平台管理有关工作的通知", 1),
    (
        "中共中央关于坚持和完善中国特色社会主义制度、推进国家治理体系和治理能力现代化若干重大问题"
        "的决定",
        1,
    ),
    ("网络安全等级保护2.0:第三级网络安全防护要求", 1),
]
YUNNAN_2023 = [("国务院关于加强数字政府建设的指导意见", 1)]


@pytest.mark.parametrize(
    ("file", "expected"),
    [("002_a0e705bd97436a9a.txt", WANGCANG), ("004_cc9bc0bda87098e7.txt", YUNNAN_2023)],
)
def test_the_seeds_citations_are_the_ones_read_by_hand(file, expected):
    text = (SEEDS / file).read_text(encoding="utf-8")
    assert [(c.title, c.count) for c in cited_documents(text)] == expected


def test_the_key_ignores_script_spacing_and_punctuation():
    assert title_key('湖南省電子政務"十三五"規劃') == title_key("湖南省电子政务“十三五”规划")
