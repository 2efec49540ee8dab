"""The plan parser on every document of seeds/ and on shapes the seeds do not have.

Pure: no database. The seed documents are the fixtures; counts and parents below were read off
the source texts (headings, 专栏 items, goal and principle paragraphs), not off the parser.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from plans.parsing import (
    Flag,
    ParsedPlan,
    ParsedSection,
    PlanParseError,
    SectionKind,
    parse_plan,
)
from plans.parsing._exports import width as display_width

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
Y22 = "000_76b0fc0e2e956a49.txt"
NEWS = "001_775429f2bd914103.txt"
WC = "002_a0e705bd97436a9a.txt"
HN = "003_dd87d9a963713ff9.txt"
Y23 = "004_cc9bc0bda87098e7.txt"
JS = "2021-08-31-jiangsu.markdown"
SX = "2023-12-28-shanxi.markdown"
BT = "baotou-digital-gov-evaluation-2022.txt"
NAT = "national-digital-gov-guideline-2022.txt"
ALL = [Y22, NEWS, WC, HN, Y23, JS, SX, BT, NAT]


@cache
def plan_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _parsed(name: str) -> ParsedPlan:
    return parse_plan((SEEDS / name).read_bytes(), filename=name)


def _find(plan: ParsedPlan, label: str, title: str = "") -> ParsedSection:
    found = [s for s in plan.sections if s.label == label and s.title.startswith(title)]
    assert len(found) == 1, f"{label} {title}: {len(found)} sections"
    return found[0]


def _parent(plan: ParsedPlan, section: ParsedSection) -> ParsedSection:
    assert section.parent is not None
    return plan.sections[section.parent]


def _children(plan: ParsedPlan, section: ParsedSection) -> list[ParsedSection]:
    index = plan.sections.index(section)
    return [s for s in plan.sections if s.parent == index]


def _descendants(plan: ParsedPlan, section: ParsedSection) -> list[ParsedSection]:
    out = []
    for child in _children(plan, section):
        out += [child, *_descendants(plan, child)]
    return out


def _assert_well_formed(plan: ParsedPlan) -> None:
    """Parents first, depth = parent depth + 1, own text found at the section's offsets."""
    for index, section in enumerate(plan.sections):
        if section.parent is None:
            assert section.depth == 0, section
        else:
            assert section.parent < index, section
            assert section.depth == plan.sections[section.parent].depth + 1, section
            assert section.start >= plan.sections[section.parent].start, section
        assert 0 <= section.start <= section.end <= len(plan.text), section
        # A paragraph run back together from hard-wrapped lines spans their line breaks.
        span = re.sub(r"\s+", "", plan.text[section.start : section.end])
        assert re.sub(r"\s+", "", section.title) in span, (section.title, span[:80])
        at = 0
        for piece in filter(None, re.sub(r"[^\S\n]+", "", section.body).split("\n")):
            found = span.find(piece, at)
            assert found >= 0, (section.label, section.title, piece[:40])
            at = found + len(piece)
        assert section.title == section.title.strip(), section
        assert section.implied == (Flag.IMPLIED in section.flags), section


# -- every seed ------------------------------------------------------------------------------


def test_the_table_covers_every_document_in_seeds():
    documents = {p.name for p in SEEDS.iterdir() if p.suffix in (".txt", ".markdown")}
    assert documents == set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_every_section_sits_at_its_offsets_under_an_earlier_parent(name):
    _assert_well_formed(_parsed(name))


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        (Y22, "preface 1, chapter 4, section 15, item 18, subitem 40, principle 4, goal 5, "
              "attachment 1"),
        (NEWS, "preface 1, chapter 2"),
        (WC, "preface 1, chapter 5, section 18, paragraph 39, principle 4, goal 2, box 8, "
             "box_item 40"),
        (HN, "preface 1, chapter 4, section 18, item 35, principle 4, goal 5"),
        (Y23, "preface 1, chapter 4, section 18, item 35, paragraph 36, attachment 1"),
        (JS, "preface 1, chapter 8, section 24, item 28, paragraph 39, goal 6"),
        (SX, "preface 1, chapter 9, section 26, paragraph 46, box 14, box_item 44, "
             "attachment 1"),
        (BT, "chapter 11, section 31, item 90, attachment 1"),
        (NAT, "preface 1, chapter 8, section 31, item 3, paragraph 3, principle 6"),
    ],
)  # fmt: skip
def test_it_finds_the_sections_of_each_kind(name, kinds):
    expected = {kind: int(n) for kind, n in (pair.split() for pair in kinds.split(", "))}
    assert Counter(s.kind for s in _parsed(name).sections) == expected


@pytest.mark.parametrize(
    ("name", "depths"),
    [
        (Y22, [6, 15, 27, 40]),
        (NEWS, [3]),
        (WC, [6, 18, 53, 40]),
        (HN, [5, 18, 44]),
        (Y23, [6, 18, 38, 33]),
        (JS, [9, 24, 58, 15]),
        (SX, [9, 28, 60, 44]),
        (BT, [5, 11, 27, 90]),
        (NAT, [9, 31, 6, 6]),
    ],
)
def test_it_nests_sections_to_the_depths_of_the_source(name, depths):
    counts = Counter(s.depth for s in _parsed(name).sections)
    assert [counts[d] for d in range(len(counts))] == depths


@pytest.mark.parametrize(
    ("name", "child", "parent"),
    [
        (Y22, ("第二章", "总体要求"), None),
        (Y22, ("一、", "发展现状"), ("第一章", "现状与形势")),
        (Y22, ("二、", "健全要素化政务数据资源体系"), ("第三章", "主要任务")),
        (Y22, ("2.", "持续构建和优化主题数据库"), ("(一)", "完善政务数据资源信息库")),
        (Y22, ("", "坚持数据共享开放,高效赋能"), ("二、", "基本原则")),
        (Y22, ("", "安全保障体系更加健全"), ("三、", "发展目标")),
        (WC, ("第二节", "存在问题"), ("第一章", "")),
        (WC, ("", "建设高速稳固的基础网络"), ("第一节", "数字政府基础设施建设")),
        (WC, ("专栏3", "数字“领导驾驶舱”建设工程"), ("第二节", "搭建数据资源支撑平台")),
        (WC, ("第一节", "组织保障"), ("第五章", "保障措施")),
        (HN, ("(一)", "指導思想"), ("二、", "總體要求")),
        (HN, ("4.", "提升政府網站群服務能力"), ("(二)", "提升政府公共服務水平")),
        (HN, ("11.", "建設完善信用信息系統"), ("(三)", "強化政府現代治理能力")),
        (HN, ("29.", "健康醫療大數據應用"), ("(五)", "促進政務大數據應用發展")),
        (HN, ("--", "應用系統協同推進"), ("(三)", "發展目標")),
        (Y23, ("", "推进数字财税建设"), ("1.", "强化经济运行大数据监测分析")),
        (Y23, ("4.", "基础设施体系"), ("（一）", "技术架构")),
        (JS, ("（一）", "指导思想"), ("二、", "总体要求")),
        (JS, ("4．", "社会治理数字化水平显著提高"), ("（一）", "“十三五”时期")),
        (JS, ("", "推行一件事通办"), ("1．", "提升政务服务便利化水平")),
        (SX, ("（二）", "深化智慧协同的数字化市场监管体系"), ("三、", "深化政府数字化")),
        (SX, ("专栏2", "数字化市场监管体系深化工程"), ("（二）", "深化智慧协同")),
        (SX, ("", "智慧药品监管"), ("专栏2", "")),
        (BT, ("（三）", "政府网站集约化平台升级"), ("一、", "政务服务")),
        (BT, ("90．", "利用各种宣传形式"), ("（三）", "强化宣传推广")),
        (NAT, ("", "坚持数据赋能"), ("2.", "基本原则")),
        (NAT, ("", "提升行政执行能力"), ("（六）", "加快推进数字机关建设")),
    ],
)
def test_sections_sit_under_the_right_parent(name, child, parent):
    plan = _parsed(name)
    section = _find(plan, *child)
    if parent is None:
        assert section.parent is None
    else:
        assert _parent(plan, section) is _find(plan, *parent)


# -- the traps of the seeds ------------------------------------------------------------------


def test_wangcang_sections_before_any_chapter_get_an_implied_first_chapter():
    plan = _parsed(WC)
    chapter = _parent(plan, _find(plan, "第一节", "发展现状"))
    assert chapter.implied and chapter.label == "第一章" and chapter.title == ""
    assert chapter.kind == "chapter" and chapter.parent is None
    assert [s.label for s in _children(plan, chapter)] == ["第一节", "第二节", "第三节"]
    preface = plan.sections[0]
    assert preface.kind == "preface" and _children(plan, preface) == []


def test_hunan_items_run_on_from_1_to_29_across_their_sections():
    plan = _parsed(HN)
    chapter = _find(plan, "三、", "主要任務和重點工程")
    items = [s for s in _descendants(plan, chapter) if s.kind == "item"]
    assert [s.label for s in items] == [f"{n}." for n in range(1, 30)]
    parents = {_parent(plan, s).label for s in items}
    assert parents == {"(一)", "(二)", "(三)", "(四)", "(五)"}
    assert [s.label for s in _children(plan, chapter)] == [f"({n})" for n in "一二三四五六七八"]


def test_hunan_mojibake_is_flagged_and_does_not_swallow_the_title():
    plan = _parsed(HN)
    item = _find(plan, "10.")
    assert item.title == "加快教育資源公共服務工程建設"
    assert Flag.MOJIBAKE in item.flags
    assert item.body.startswith("?;緦崿F各級各類學校")
    clean = _find(plan, "9.")
    assert Flag.MOJIBAKE not in clean.flags


def test_hunan_run_in_heading_keeps_its_body_apart():
    section = _find(_parsed(HN), "(一)", "指導思想")
    assert section.title == "指導思想"
    assert section.body.startswith("全面貫徹落實黨的十八大")


def _line_of(plan: ParsedPlan, section: ParsedSection) -> str:
    start = plan.text.rfind("\n", 0, section.start) + 1
    end = plan.text.find("\n", section.start)
    return plan.text[start:end]


def test_yunnan_principles_are_split_where_they_run_on_mid_line():
    plan = _parsed(Y22)
    first = _find(plan, "", "坚持统一规划部署,统建共用")
    second = _find(plan, "", "坚持数据共享开放,高效赋能")
    assert _line_of(plan, first) == _line_of(plan, second)
    assert first.end <= second.start
    assert "坚持数据共享开放" not in first.body
    assert [s.kind for s in (first, second)] == ["principle", "principle"]


def test_yunnan_goal_run_into_the_previous_line_is_its_own_goal():
    plan = _parsed(Y22)
    goal = _find(plan, "", "安全保障体系更加健全")
    previous = _find(plan, "", "数据赋能取得明显成效")
    assert goal.kind == previous.kind == "goal"
    assert _line_of(plan, goal).startswith("数据赋能取得明显成效。")
    assert "安全保障体系" not in previous.body


def test_wangcang_box_items_on_one_piped_line_are_separate_sections():
    plan = _parsed(WC)
    box = _find(plan, "专栏1", "数字政府基础设施工程")
    items = _children(plan, box)
    assert [s.label for s in items] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert {s.kind for s in items} == {"box_item"}
    assert items[0].title == "电子政务外网"
    assert items[0].body == "电子政务网络完成相关部门的连接,升级互联网出口带宽。"
    assert len({_line_of(plan, s) for s in items}) == 1
    assert not any("|" in s.title or "|" in s.body for s in plan.sections)


def test_shanxi_fenced_boxes_hold_their_items():
    plan = _parsed(SX)
    boxes = [s for s in plan.sections if s.kind == "box"]
    assert [s.label for s in boxes] == [f"专栏{n}" for n in range(1, 15)]
    sizes = [len(_children(plan, b)) for b in boxes]
    assert sizes == [4, 4, 4, 3, 3, 6, 5, 5, 1, 1, 2, 2, 3, 1]
    assert not any("```" in s.title + s.body for s in plan.sections)
    first = _children(plan, boxes[0])[0]
    assert first.title == "发展改革领域数字化建设"


def test_shanxi_heading_without_a_space_after_the_marks_is_a_heading():
    plan = _parsed(SX)
    assert "\n###（二）深化智慧协同" in plan.text
    section = _find(plan, "（二）", "深化智慧协同的数字化市场监管体系")
    assert section.kind == "section" and section.depth == 1


def test_baotou_attachment_holds_the_restarted_list_and_items_1_to_90():
    plan = _parsed(BT)
    attachment = _find(plan, "附件")
    assert attachment.kind == "attachment" and attachment.title == "包头市数字政府建设考评指标"
    inside = _descendants(plan, attachment)
    chapters = [s.label for s in _children(plan, attachment)]
    assert chapters == [f"{n}、" for n in "一二三四五六七"]
    assert [s.label for s in inside if s.kind == "item"] == [f"{n}．" for n in range(1, 91)]
    before = plan.sections[: plan.sections.index(attachment)]
    assert [s.label for s in before if s.depth == 0] == ["一、", "二、", "三、", "四、"]


def test_yunnan_programme_image_only_attachment_keeps_its_alt_text():
    plan = _parsed(Y23)
    attachment = plan.sections[-1]
    assert attachment.kind == "attachment" and attachment.label == "附件"
    assert attachment.title == "主要任务和重点工程分解表"
    assert Flag.IMAGE_ONLY in attachment.flags
    assert attachment.body == "云南主要任务和重点工程分解表"


def test_jiangsu_trailing_double_spaces_never_reach_titles():
    plan = _parsed(JS)
    assert plan.text.count("  \n") > 100
    for section in plan.sections:
        assert not section.title.endswith((" ", "\u3000")), section.title
        assert all(line == line.strip() for line in section.body.split("\n"))


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
    plan = _parsed(name)
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
    plan = _parsed(name)
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
    plan = _parsed(name)
    meta = plan.metadata
    assert (meta.jurisdiction, meta.level, meta.era, meta.kind) == (jurisdiction, level, era, kind)
    assert plan.script == script


# -- every numbered heading of a source is a section ------------------------------------------

_CN = "[一二三四五六七八九十]+"
# Numbered heading lines as printed: 第X章, 第X节, 一、, （一）/(一), 1./1．, 专栏N (after any
# markdown marks and indentation).
_NUMBERED_LINE = re.compile(
    rf"^[#\s\u3000]*(第{_CN}章|第{_CN}节|{_CN}、|[（(]{_CN}[）)]|\d{{1,3}}[.．](?!\d)|专栏\d+)"
)


def _numbered_lines(text: str) -> list[tuple[int, str, str]]:
    """(offset of the label, label, rest of the line) for each numbered heading line."""
    out, offset = [], 0
    for line in text.split("\n"):
        if m := _NUMBERED_LINE.match(line):
            rest = line[m.end() :].strip().lstrip(" \u3000、.．:：").rstrip(" |\r")
            out.append((offset + m.start(1), m.group(1), rest))
        offset += len(line) + 1
    return out


@pytest.mark.parametrize(
    ("name", "count"),
    [(Y22, 77), (WC, 37), (HN, 57), (Y23, 57), (JS, 60), (SX, 49), (BT, 132), (NAT, 42)],
)
def test_every_numbered_heading_line_is_a_section_titled_by_its_text(name, count):
    plan = _parsed(name)
    lines = _numbered_lines(plan.text)
    assert len(lines) == count
    for at, label, rest in lines:
        found = [s for s in plan.sections if s.label == label and s.start <= at < s.end]
        assert len(found) == 1, (label, rest[:30])
        section = found[0]
        if section.title:
            assert rest.startswith(section.title), (label, section.title, rest[:40])
        else:  # a long first sentence: a numbered provision without a title
            assert section.body.split("\n")[0] == rest and len(rest) > 60, (label, rest[:40])


@pytest.mark.parametrize("name", ALL)
def test_no_section_is_really_body_text(name):
    """Titles are short headings, never sentences; unlabelled sections are titled."""
    for section in _parsed(name).sections:
        assert len(section.title) <= 60 and not section.title.endswith(("。", "；", "，"))
        if section.kind in ("paragraph", "principle", "goal") and not section.label:
            assert section.title and len(section.title) <= 30, section.body[:30]
        if section.kind in ("box_item", "item", "subitem", "section", "chapter"):
            assert section.title or section.label or section.implied


# -- shapes the seeds do not have --------------------------------------------------------------

PLAN = """某某市数字政府建设规划

一、总体要求
（一）指导思想
坚持以人民为中心，推进数字政府建设。
（二）主要目标
1.建设统一平台。全面建设统一平台，实现互联互通。
2.强化安全保障。加强网络安全。
二、保障措施
加强组织领导，落实责任。
"""
PLAN_TREE = [
    (0, "一、", "总体要求"),
    (1, "（一）", "指导思想"),
    (2, "", "坚持以人民为中心，推进数字政府建设"),
    (1, "（二）", "主要目标"),
    (2, "1.", "建设统一平台"),
    (2, "2.", "强化安全保障"),
    (0, "二、", "保障措施"),
]
TRADITIONAL = """某某市數字政府建設規劃

一、總體要求
（一）指導思想
堅持以人民為中心，推進數字政府建設。
（二）主要目標
1.建設統一平臺。全面建設統一平臺，實現互聯互通。
2.強化安全保障。加強網絡安全。
二、保障措施
加強組織領導，落實責任。
"""


def _tree(plan: ParsedPlan) -> list[tuple[int, str, str]]:
    return [(s.depth, s.label, s.title) for s in plan.sections]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PLAN.encode("gb18030"), "gb18030"),
        (PLAN.encode("gbk"), "gb18030"),
        (PLAN.encode("utf-16"), "utf-16"),
        (PLAN.encode("utf-8-sig"), "utf-8-sig"),
        (PLAN.encode("utf-8"), "utf-8"),
    ],
)
def test_it_detects_the_encoding_of_simplified_text(data, encoding):
    plan = parse_plan(data, filename="plan.txt")
    assert plan.encoding == encoding
    assert plan.metadata.title == "某某市数字政府建设规划"
    assert _tree(plan) == PLAN_TREE
    _assert_well_formed(plan)


def test_it_decodes_big5_and_marks_the_text_traditional():
    plan = parse_plan(TRADITIONAL.encode("big5"), filename="big5.txt")
    assert (plan.encoding, plan.script) == ("big5", "traditional")
    assert plan.metadata.title == "某某市數字政府建設規劃"
    assert [s.title for s in plan.sections][:2] == ["總體要求", "指導思想"]
    assert not any(Flag.MOJIBAKE in s.flags for s in plan.sections)
    _assert_well_formed(plan)


def test_crlf_and_full_width_spaces_stay_in_the_text_but_not_in_titles():
    text = PLAN.replace("\n", "\r\n").replace("一、", "\u3000\u3000一、").replace("二、", "二、 ")
    plan = parse_plan(text.encode(), filename="crlf.txt")
    assert plan.text == text
    assert _tree(plan) == PLAN_TREE
    assert not any(ch in s.title + s.body for s in plan.sections for ch in "\r\u3000")
    _assert_well_formed(plan)


def test_a_heading_indented_with_em_spaces_is_a_heading():
    text = (
        "来安县若干措施\n"
        "\u2003\u2003一、放宽首套房认定标准\n\u2003\u2003（一）对自建房不计入首套房。\n"
        "\u2003\u2003二、优化住房公积金使用政策\n\u2003\u2003（二）缴存人连续缴存即可申请。\n"
    )
    sections = parse_plan(text).sections
    chapters = [s.label for s in sections if s.depth == 0 and s.label]
    assert chapters == ["一、", "二、"]


@pytest.mark.parametrize("name", [Y22, HN, Y23, JS])
@pytest.mark.parametrize("line_break", ["\r", "\u2029"], ids=["old-mac-cr", "paragraph-separator"])
def test_a_document_with_other_line_breaks_parses_like_its_original(name, line_break):
    original = (SEEDS / name).read_text(encoding="utf-8")
    text = original.replace("\r\n", "\n").replace("\n", line_break)

    plan, reference = parse_plan(text.encode(), filename=name), _parsed(name)

    assert plan.text == text and plan.metadata == reference.metadata
    assert [(s.label, s.title, s.body) for s in plan.sections] == [
        (s.label, s.title, s.body) for s in reference.sections
    ]
    _assert_well_formed(plan)


def _web_page(text: str) -> str:
    """A plan as government sites publish it: menus, scripts, indented paragraphs, entities."""
    paragraphs = "".join(
        f'<p style="text-indent:2em">\n  {html.escape(line.strip(), quote=False)}</p>\n'
        for line in text.splitlines()
        if line.strip()
    )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="gb2312"><title>规划_政府网</title>'
        '<style>p{margin:0}</style><script>var a = "第一章 总则";</script></head>\n'
        '<body><nav><a href="/">首页</a> &gt; <a href="/zw">政务公开</a></nav>\n'
        f'<div class="TRS_Editor">\n{paragraphs}</div><footer>主办单位：某某</footer></body></html>'
    )


@pytest.mark.parametrize("name", [Y22, HN, WC, NAT])
def test_a_plan_saved_as_a_web_page_parses_like_its_text(name):
    page = _web_page((SEEDS / name).read_text(encoding="utf-8")).encode("gb18030")

    plan, reference = parse_plan(page, filename="plan.htm"), _parsed(name)

    assert plan.metadata == reference.metadata
    assert [(s.label, s.title, s.body) for s in plan.sections] == [
        (s.label, s.title, s.body) for s in reference.sections
    ]
    assert "首页" not in plan.text and "主办单位" not in plan.text and "<p" not in plan.text
    assert any("网页" in warning for warning in plan.warnings)
    _assert_well_formed(plan)


def test_site_furniture_marked_only_by_class_is_left_out_of_a_web_page():
    lines = [line.strip() for line in (SEEDS / Y22).read_text("utf-8").splitlines() if line.strip()]
    page = (
        '<html><body><div class="top"><div class="logo">云南省人民政府</div>'
        '<ul class="menu"><li><a>首页</a><li><a>要闻动态</a></ul></div>'
        '<div id="crumb">您当前的位置：<a>首页</a> &gt; <a>政务公开</a></div>'
        f'<div class="article"><h1 class="title">{lines[0]}</h1><div class="TRS_Editor">'
        + "".join(f"<p>{html.escape(line, quote=False)}" for line in lines[1:])  # <p> unclosed
        + '</div></div><div class="share">分享到：<div>微信</div>微博</div>'
        '<div class="footer"><p>主办：云南省人民政府办公厅<p>网站标识码：5300000033</div>'
        "</body></html>"
    )

    plan, reference = parse_plan(page.encode(), filename="plan.html"), _parsed(Y22)

    assert plan.metadata == reference.metadata
    assert [(s.label, s.title, s.body) for s in plan.sections] == [
        (s.label, s.title, s.body) for s in reference.sections
    ]
    assert not any(
        word in plan.text for word in ("要闻动态", "您当前的位置", "分享到", "网站标识码")
    )


def test_a_class_that_looks_like_furniture_on_the_plan_itself_does_not_lose_the_plan():
    page = (
        f'<html><body><div class="main top"><p>{PLAN.replace(chr(10), "</p><p>")}</p></div></body>'
    )
    assert _tree(parse_plan(page.encode(), filename="plan.html")) == PLAN_TREE


def test_a_web_page_that_leaves_its_head_unclosed_still_has_a_body():
    page = "<html><head><title>规划</title><meta charset=utf-8><body><p>" + PLAN.replace(
        "\n", "<p>"
    )
    assert _tree(parse_plan(page.encode(), filename="plan.html")) == PLAN_TREE


def test_a_web_page_is_recognised_by_its_content_whatever_its_name():
    page = "<!-- saved -->\n<HTML><body><p>" + PLAN.replace("\n", "</p><p>") + "</p></body></HTML>"
    plan = parse_plan(page.encode(), filename="plan.txt")
    assert _tree(plan) == PLAN_TREE


def test_a_box_printed_as_a_table_keeps_its_items_and_their_text():
    page = """<html><body>
<p>某某市数字政府建设规划</p>
<p>一、总体要求<br>（一）主要目标<br>到2025年，数字政府体系基本建成。</p>
<table><tr><td colspan="2">专栏1&nbsp;数字基础设施工程</td></tr>
<tr><td>1.电子政务外网。</td><td>实现市、县、乡三级全覆盖。</td></tr>
<tr><td>2.政务云。</td><td>建设全市统一政务云平台。</td></tr></table>
<p><img src="table.png" alt="重点项目表"></p>
<p>二、保障措施</p><p>加强组织领导，落实责任。</p></body></html>"""

    plan = parse_plan(page.encode(), filename="plan.html")

    box = next(s for s in plan.sections if s.kind == SectionKind.BOX)
    items = [s for s in plan.sections if s.parent == plan.sections.index(box)]
    assert (box.label, box.title) == ("专栏1", "数字基础设施工程")
    assert [(s.label, s.title, s.body) for s in items] == [
        ("1.", "电子政务外网", "实现市、县、乡三级全覆盖。"),
        ("2.", "政务云", "建设全市统一政务云平台。"),
    ]
    assert "重点项目表" in _find(plan, "（一）", "主要目标").body
    _assert_well_formed(plan)


INDICATOR_TABLE_PAGE = """<html><body>
<p>某某市国民经济和社会发展第十五个五年规划纲要</p>
<p>第一章 发展目标</p><p>到2030年，地区生产总值年均增长5%左右。</p>
<table><tr><td colspan="5">
<p><strong>专栏1</strong><strong>&nbsp;&nbsp;主要指标</strong></p></td></tr>
<tr><td><p>指标</p></td><td><p>单位</p></td><td><p>2025年</p><p>完成值</p></td>
<td><p>2030年</p><p>目标值</p></td><td><p>属性</p></td></tr>
<tr><td><p>1. 全员劳动生产率</p></td><td><p>万元/人</p></td><td><p>28</p></td><td><p>36</p></td>
<td><p>预期性</p></td></tr>
<tr><td><p>2. 社会消费品零售总额年均增长</p></td><td><p>%</p></td>
<td><p>“十四五”年均增长4.1</p></td><td><p>“十五五”年均增长</p><p>5.0左右</p></td>
<td><p>预期性</p></td></tr></table>
<p>第二章 保障措施</p><p>加强组织领导。</p></body></html>"""


def test_a_table_cell_of_several_paragraphs_is_one_cell_and_its_figures_stay():
    plan = parse_plan(INDICATOR_TABLE_PAGE.encode(), filename="plan.html")

    assert "28\u300036\u3000预期性" in plan.text
    assert "2025年 完成值" in plan.text
    assert [(s.label, s.title) for s in plan.sections if s.depth == 0] == [
        ("第一章", "发展目标"),
        ("第二章", "保障措施"),
    ]
    _assert_well_formed(plan)


def test_a_box_printed_as_a_table_keeps_its_header_row_and_rows_of_figures():
    plan = parse_plan(INDICATOR_TABLE_PAGE.encode(), filename="plan.html")

    box = next(s for s in plan.sections if s.kind == SectionKind.BOX)
    assert (box.label, box.title) == ("专栏1", "主要指标")
    assert box.body.splitlines() == [
        "指标\u3000单位\u30002025年 完成值\u30002030年 目标值\u3000属性",
        "1. 全员劳动生产率\u3000万元/人\u300028\u300036\u3000预期性",
        "2. 社会消费品零售总额年均增长\u3000%\u3000“十四五”年均增长4.1\u3000"
        "“十五五”年均增长 5.0左右\u3000预期性",
    ]
    assert not _children(plan, box)
    assert _find(plan, "第一章").body == "到2030年，地区生产总值年均增长5%左右。"


def test_a_plain_box_keeps_a_table_of_cells_and_its_note_and_ends_at_plain_text():
    text = (
        "某某市数字政府建设规划\n一、主要任务\n（一）夯实基础\n专栏1　重点项目\n"
        "序号\u3000项目名称\u3000建设内容\u3000建设期限\n"
        "1\u3000政务云\u3000扩容政务云平台\u30002023—2025年\n"
        "注：建设期限为预计。\n推进部门系统迁移上云。\n二、保障措施\n加强组织领导。\n"
    )

    plan = parse_plan(text, filename="plan.txt")

    box = _find(plan, "专栏1", "重点项目")
    assert box.body.splitlines() == [
        "序号\u3000项目名称\u3000建设内容\u3000建设期限",
        "1\u3000政务云\u3000扩容政务云平台\u30002023—2025年",
        "注：建设期限为预计。",
    ]
    assert _find(plan, "（一）", "夯实基础").body == "推进部门系统迁移上云。"


def test_a_page_laid_out_in_one_table_cell_keeps_its_lines_and_headings():
    page = (
        "<html><body><table><tr><td>"
        + "".join(f"<p>{line}</p>" for line in PLAN.splitlines() if line)
        + "</td></tr></table></body></html>"
    )
    assert _tree(parse_plan(page.encode(), filename="plan.html")) == PLAN_TREE


def test_a_web_page_without_visible_text_is_refused_saying_what_to_save():
    page = "<!DOCTYPE html><html><head><title>某某规划</title><script>x()</script></head></html>"
    with pytest.raises(PlanParseError, match="plan.html: a web page with no visible text"):
        parse_plan(page.encode(), filename="plan.html")


def test_a_plain_box_item_whose_text_is_on_the_next_line_keeps_it():
    text = (
        "某某市数字政府建设规划\n一、主要任务\n（一）夯实基础\n专栏1 数字基础设施工程\n"
        "1.电子政务外网。\n实现市、县、乡三级全覆盖。\n2.政务云。\n建设全市统一政务云平台。\n"
        "推进部门系统迁移上云。\n二、保障措施\n加强组织领导。\n"
    )

    plan = parse_plan(text, filename="plan.txt")

    assert [(s.kind, s.label, s.title, s.body) for s in plan.sections[2:5]] == [
        (SectionKind.BOX, "专栏1", "数字基础设施工程", ""),
        (SectionKind.BOX_ITEM, "1.", "电子政务外网", "实现市、县、乡三级全覆盖。"),
        (SectionKind.BOX_ITEM, "2.", "政务云", "建设全市统一政务云平台。"),
    ]
    # The item has its text: the next paragraph is the section's again, after the box.
    assert _find(plan, "（一）", "夯实基础").body == "推进部门系统迁移上云。"


def test_decimal_numbering_nests_by_its_components_and_quantities_stay_text():
    text = (
        "某某市数字政府建设规划\n第1章 总体要求\n1.1 指导思想\n坚持以人民为中心。\n"
        "1.2 主要目标\n到2025年基本建成。\n1.5万个行政村实现光纤覆盖。\n第2章 主要任务\n"
        "2.1 建设平台\n建设统一平台。\n2.1.1 政务云\n建设政务云。\n2.1.2 政务外网\n"
        "2.5G带宽到乡镇。\n（1）骨干网\n万兆到县。\n"
    )

    plan = parse_plan(text, filename="decimal.txt")

    assert _tree(plan) == [
        (0, "第1章", "总体要求"),
        (1, "1.1", "指导思想"),
        (1, "1.2", "主要目标"),
        (0, "第2章", "主要任务"),
        (1, "2.1", "建设平台"),
        (2, "2.1.1", "政务云"),
        (2, "2.1.2", "政务外网"),
        (3, "（1）", "骨干网"),
    ]
    assert _find(plan, "1.2").body == "到2025年基本建成。\n1.5万个行政村实现光纤覆盖。"
    assert _find(plan, "2.1.2").body == "2.5G带宽到乡镇。"
    _assert_well_formed(plan)


def test_a_number_with_a_closing_parenthesis_is_a_heading_like_one_in_parentheses():
    text = (
        "某某市数字政府建设规划\n一、总体要求\n（一）主要目标\n到2025年基本建成。\n"
        "1)建设平台。建设统一平台。\n2）强化安全。加强网络安全。\n二、保障措施\n加强领导。\n"
    )

    plan = parse_plan(text, filename="paren.txt")

    assert _tree(plan) == [
        (0, "一、", "总体要求"),
        (1, "（一）", "主要目标"),
        (2, "1)", "建设平台"),
        (2, "2）", "强化安全"),
        (0, "二、", "保障措施"),
    ]
    _assert_well_formed(plan)


def test_headings_dressed_in_markdown_bold_are_headings_and_inner_bold_stays_text():
    text = (
        "# 某某市数字政府建设规划\n\n**一、总体要求**\n\n"
        "**（一）指导思想。**坚持以人民为中心，加快**一网通办**。\n\n"
        "**（二）主要目标**\n\n到2025年基本建成。\n\n__二、主要任务__\n\n"
        "1. **建设平台。**建设统一平台。\n2. **强化安全。**加强网络安全。\n"
    )

    plan = parse_plan(text, filename="bold.md")

    assert _tree(plan) == [
        (0, "一、", "总体要求"),
        (1, "（一）", "指导思想"),
        (1, "（二）", "主要目标"),
        (0, "二、", "主要任务"),
        (1, "1.", "建设平台"),
        (1, "2.", "强化安全"),
    ]
    assert _find(plan, "（一）").body == "坚持以人民为中心，加快**一网通办**。"
    assert _find(plan, "1.").body == "建设统一平台。"
    _assert_well_formed(plan)


def test_parts_rank_above_chapters_and_their_items():
    text = (
        "某某市数字政府建设规划\n第一部分　发展基础\n一、发展现状\n现状良好。\n"
        "第二部分　总体要求\n一、指导思想\n坚持。\n第三篇 主要任务\n第一章 夯实基础\n建设。\n"
        "第四部分的内容在附件中说明。\n"
    )

    plan = parse_plan(text, filename="parts.txt")

    assert _tree(plan) == [
        (0, "第一部分", "发展基础"),
        (1, "一、", "发展现状"),
        (0, "第二部分", "总体要求"),
        (1, "一、", "指导思想"),
        (0, "第三篇", "主要任务"),
        (1, "第一章", "夯实基础"),
    ]
    assert _find(plan, "第一章").body == "建设。\n第四部分的内容在附件中说明。"
    _assert_well_formed(plan)


_WORD = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(blocks: list[str], **parts: str) -> bytes:
    """A minimal Word file whose body holds ``blocks`` (w:p and w:tbl elements); ``parts``
    adds word/numbering.xml or word/styles.xml (their inner XML)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, xml in parts.items():
            root = name.rstrip("s") if name == "styles" else name
            archive.writestr(f"word/{name}.xml", f"<w:{root} {_WORD}>{xml}</w:{root}>")
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {_WORD}><w:body>'
            + "".join(blocks)
            + "<w:sectPr/></w:body></w:document>",
        )
    return out.getvalue()


def _w_p(text: str, *, num: str = "", level: int = 0, style: str = "") -> str:
    # Word splits a paragraph's text into runs wherever formatting changes: split it too.
    runs = "".join(
        f'<w:r><w:t xml:space="preserve">{html.escape(text[i : i + 7])}</w:t></w:r>'
        for i in range(0, len(text), 7)
    )
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        props += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


@pytest.mark.parametrize("name", [Y22, HN, WC])
def test_a_plan_saved_as_a_word_file_parses_like_its_text(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    data = _docx([_w_p(line.strip()) for line in text.splitlines()])

    plan, reference = parse_plan(data, filename="plan.docx"), _parsed(name)

    assert plan.encoding == "docx" and plan.metadata == reference.metadata
    assert [(s.label, s.title, s.body) for s in plan.sections] == [
        (s.label, s.title, s.body) for s in reference.sections
    ]
    assert plan.warnings[0].startswith("Word 文件")
    _assert_well_formed(plan)


_LEVELS = "".join(
    f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
    f'<w:lvlText w:val="{text}"/></w:lvl>'
    for n, (fmt, text) in enumerate(
        [
            ("chineseCounting", "第%1章"),
            ("chineseCounting", "%2、"),
            ("chineseCounting", "（%3）"),
            ("decimal", "%4."),
        ]
    )
)


def test_numbering_word_generates_is_written_out_as_the_labels_a_reader_sees():
    numbering = (
        f'<w:abstractNum w:abstractNumId="0">{_LEVELS}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    styles = (
        '<w:style w:styleId="Heading1"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
        "</w:numPr></w:pPr></w:style>"
    )
    data = _docx(
        [
            _w_p("某某市数字政府建设规划"),
            _w_p("发展基础", style="Heading1"),
            _w_p("发展现状", num="1", level=1),
            _w_p("基础设施", num="1", level=2),
            _w_p("建设政务云。建成统一平台。", num="1", level=3),
            _w_p("建设外网。覆盖三级。", num="1", level=3),
            _w_p("面临形势", num="1", level=1),
            _w_p("总体要求", style="Heading1"),
            _w_p("指导思想", num="1", level=1),
        ],
        numbering=numbering,
        styles=styles,
    )

    plan = parse_plan(data, filename="plan.docx")

    assert _tree(plan) == [
        (0, "第一章", "发展基础"),
        (1, "一、", "发展现状"),
        (2, "（一）", "基础设施"),
        (3, "1.", "建设政务云"),
        (3, "2.", "建设外网"),
        (1, "二、", "面临形势"),
        (0, "第二章", "总体要求"),
        (1, "一、", "指导思想"),
    ]
    assert not any("自动编号" in warning for warning in plan.warnings)


def test_a_word_table_row_is_a_line_and_numbering_it_cannot_write_is_warned_about():
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{_w_p(c)}</w:tc>" for c in row) + "</w:tr>"
        for row in (["专栏1 数字基础设施工程"], ["1.电子政务外网。", "实现三级全覆盖。"])
    )
    data = _docx(
        [
            _w_p("某某市数字政府建设规划"),
            _w_p("一、总体要求"),
            _w_p("（一）主要目标"),
            _w_p("到2025年基本建成。"),
            f"<w:tbl>{cells}</w:tbl>",
            _w_p("保障措施", num="7"),  # numbering.xml does not define it
        ]
    )

    plan = parse_plan(data, filename="plan.docx")

    box = _find(plan, "专栏1", "数字基础设施工程")
    assert [
        (s.label, s.title, s.body) for s in plan.sections if s.kind == SectionKind.BOX_ITEM
    ] == [("1.", "电子政务外网", "实现三级全覆盖。")]
    assert box.depth == 2
    assert any("自动编号" in warning for warning in plan.warnings)


def test_a_word_file_is_read_through_content_controls_without_its_table_of_contents():
    toc = (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "</w:docPartObj></w:sdtPr><w:sdtContent>"
        + _w_p("一、总体要求\t1").replace("<w:p>", '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>')
        + "</w:sdtContent></w:sdt>"
    )
    body = "".join(_w_p(line) for line in PLAN.splitlines()[1:])
    data = _docx(
        [_w_p(PLAN.splitlines()[0]), toc, f"<w:sdt><w:sdtContent>{body}</w:sdtContent></w:sdt>"]
    )

    assert _tree(parse_plan(data, filename="plan.docx")) == PLAN_TREE


def test_a_damaged_word_file_is_refused_saying_so():
    data = _docx([_w_p("某某规划")]).replace(b"</w:body>", b"</w:bod")
    with pytest.raises(PlanParseError, match=r"plan\.docx: it is a damaged Word file"):
        parse_plan(data, filename="plan.docx")


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


_BODY = (
    "第一章 发展基础\n一、发展现状\n现状良好。\n二、面临形势\n形势严峻。\n"
    "第二章 总体要求\n一、指导思想\n坚持以人民为中心。\n"
)
_BODY_TREE = [
    (0, "第一章", "发展基础"),
    (1, "一、", "发展现状"),
    (1, "二、", "面临形势"),
    (0, "第二章", "总体要求"),
    (1, "一、", "指导思想"),
]


@pytest.mark.parametrize(
    "contents",
    [
        "目  录\n第一章 发展基础……………1\n一、发展现状…………1\n二、面临形势……3\n"
        "第二章 总体要求……5\n一、指导思想 ........ 5\n",
        "目录\n第一章 发展基础\n一、发展现状\n二、面临形势\n第二章 总体要求\n一、指导思想\n",
        "第一章 发展基础..........1\n第二章 总体要求\t5\n",
    ],
    ids=["with-page-numbers", "headings-only", "entries-without-a-目录-line"],
)
def test_a_table_of_contents_gives_no_sections_of_its_own(contents):
    text = f"某某市“十四五”数字政府建设规划\n\n{contents}\n{_BODY}"

    plan = parse_plan(text, filename="plan.txt")

    assert _tree(plan) == _BODY_TREE
    assert _find(plan, "一、", "发展现状").body == "现状良好。"
    assert plan.metadata.title == "某某市“十四五”数字政府建设规划"
    assert any(warning.startswith("目录已略去") for warning in plan.warnings)
    _assert_well_formed(plan)


def _assert_reads_as_the_body(plan: ParsedPlan) -> None:
    """The plan is _BODY's sections and texts, nothing else."""
    assert _tree(plan) == _BODY_TREE
    assert [s.body for s in plan.sections if s.body] == [
        "现状良好。",
        "形势严峻。",
        "坚持以人民为中心。",
    ]
    _assert_well_formed(plan)


def test_page_numbers_left_between_the_lines_by_an_export_are_dropped():
    text = (
        "某某市“十四五”数字政府建设规划\n\n第一章 发展基础\n一、发展现状\n现状良好。\n— 3 —\n"
        "二、面临形势\n形势严峻。\n- 4 -\n第二章 总体要求\n第 5 页 共 20 页\n一、指导思想\n"
        "坚持以人民为中心。\n6\n"
    )

    _assert_reads_as_the_body(parse_plan(text, filename="plan.txt"))


def test_the_title_repeated_at_the_top_of_every_page_is_not_body_text():
    title = "某某市“十四五”数字政府建设规划"
    text = (
        f"{title}\n\n第一章 发展基础\n一、发展现状\n现状良好。\n— 3 —\n{title}\n"
        f"二、面临形势\n形势严峻。\n第二章 总体要求\n{title}\n一、指导思想\n坚持以人民为中心。\n"
    )

    _assert_reads_as_the_body(parse_plan(text, filename="plan.txt"))


def _hard_wrapped(text: str, width: int, *, indent: bool) -> str:
    """The text as copied out of a PDF: every line broken at ``width`` (CJK counts 2)."""
    out = []
    for line in text.splitlines():
        line, first = line.strip(), True
        while display_width(line) > width:
            cut, used = 0, 0
            while used + display_width(line[cut]) <= width:
                used += display_width(line[cut])
                cut += 1
            out.append(("\u3000\u3000" if first and indent else "") + line[:cut])
            line, first = line[cut:], False
        out.append(("\u3000\u3000" if first and indent else "") + line)
    return "\n".join(out)


@pytest.mark.parametrize(
    ("name", "width", "indent"),
    [(Y22, 76, True), (WC, 60, True), (JS, 84, True), (Y22, 60, False), (NAT, 76, False)],
)
def test_a_plan_copied_out_of_a_pdf_with_its_lines_hard_wrapped_reads_like_the_original(
    name, width, indent
):
    original = _parsed(name)

    plan = parse_plan(_hard_wrapped(plan_text(name), width, indent=indent), filename=name)

    def read(p: ParsedPlan) -> list[tuple[str, str, str]]:
        # Without indents, a line that happens to end a sentence at the page width reads as a
        # paragraph's end: the words are all there, a line break may stand between sentences.
        return [
            (s.label, s.title, s.body if indent else s.body.replace("\n", "")) for s in p.sections
        ]

    assert plan.metadata == original.metadata
    assert read(plan) == read(original)
    assert any("断行" in warning for warning in plan.warnings)
    _assert_well_formed(plan)


_SHORT_PLAN = """杭州市西湖区“十四五”数字政府建设规划
目  录
第一章 发展基础……………………………1
第二章 总体要求……………………………3
第一章 发展基础
一、发展现状
“十三五”以来，全区数字政府建设取得明显成效，政务云平台建成投用，电子政务外网实现区、街道、社区三级全覆盖，一网通办水平持续提升，数据共享交换平台接入部门达到45个。
二、面临形势
数字化改革对政府治理提出新要求，群众和企业对政务服务的期待不断提高，数据安全形势日益严峻。
第二章 总体要求
一、指导思想
以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，以数字化改革为引领，统筹推进数字政府建设。
二、发展目标
到2025年，全区政务服务事项网上可办率达到100%，政务信息系统上云率达到95%以上，数据共享满足率不低于90%。
"""


def test_a_short_plan_copied_out_of_a_pdf_reads_whole_paragraphs_and_targets():
    lines = _hard_wrapped(_SHORT_PLAN, 70, indent=True).splitlines()
    pages = [*lines[:9], "— 1 —", lines[0].strip(), *lines[9:]]  # a page break mid-paragraph

    plan = parse_plan("\n".join(pages), filename="xihu.txt")

    assert (plan.metadata.jurisdiction, plan.metadata.above) == ("西湖区", ["浙江省", "杭州市"])
    assert [s.title for s in plan.sections] == [
        "发展基础",
        "发展现状",
        "面临形势",
        "总体要求",
        "指导思想",
        "发展目标",
    ]
    assert _find(plan, "一、", "发展现状").body == _SHORT_PLAN.splitlines()[6]
    assert _find(plan, "二、", "发展目标").body == _SHORT_PLAN.splitlines()[13]
    _assert_well_formed(plan)


def test_a_page_break_inside_a_paragraph_does_not_break_the_paragraph():
    title = "某某市“十四五”数字政府建设规划"
    paragraph = [
        "现状良好，各项工作扎实推进，政务云平台建成投用，电子政务外网实现三级全覆",
        "盖，一网通办水平持续提升，数据共享交换平台接入部门达到四十五个，安全保障",
        "— 3 —",
        title,
        "能力明显增强，数字化改革取得显著成效。",
    ]
    text = "\n".join([title, "", "第一章 发展基础", "一、发展现状", *paragraph * 4])

    plan = parse_plan(text, filename="plan.txt")

    whole = "".join(line for line in paragraph if line not in ("— 3 —", title))
    assert _find(plan, "一、", "发展现状").body == "\n".join([whole] * 4)


def test_a_document_that_is_not_hard_wrapped_is_left_as_it_is():
    assert not any("断行" in w for name in ALL for w in _parsed(name).warnings)


def test_table_rows_of_one_width_are_not_taken_for_wrapped_lines():
    rows = "\n".join(f"| {n} | 第{n:02d}号重点工程 | 市大数据中心牵头 |" for n in range(1, 30))
    text = (
        "# 某某市数字政府建设规划\n\n## 一、重点项目\n\n| 序号 | 项目 | 牵头单位 |\n"
        f"|---|---|---|\n{rows}\n\n## 二、保障措施\n\n加强组织领导。\n"
    )

    plan = parse_plan(text, filename="plan.md")

    assert not any("断行" in w for w in plan.warnings)
    assert _find(plan, "一、").body.count("\n") == 30  # a line per row, as printed


def test_a_markdown_table_of_contents_of_links_gives_no_sections():
    text = (
        "# 某某市数字政府建设规划\n\n## 目录\n\n- [第一章 发展基础](#第一章)\n"
        "- [第二章 总体要求](#第二章)\n\n## 第一章 发展基础\n\n现状良好。\n\n"
        "## 第二章 总体要求\n\n坚持。\n"
    )
    plan = parse_plan(text, filename="plan.md")
    assert _tree(plan) == [(0, "第一章", "发展基础"), (0, "第二章", "总体要求")]
    assert "目录" not in "".join(s.title + s.body for s in plan.sections)


def test_markdown_headings_nest_down_to_six_levels():
    text = (
        "# 某某市数字政府建设规划\n\n## 一、总体要求\n\n### （一）指导思想\n\n"
        "#### 1. 第一项\n\n##### （1）子项\n\n###### ① 细项\n\n细项正文内容，说明情况。\n\n"
        "## 二、保障措施\n\n加强领导。\n"
    )
    plan = parse_plan(text, filename="levels.md")
    assert plan.metadata.title == "某某市数字政府建设规划"
    assert _tree(plan) == [
        (0, "一、", "总体要求"),
        (1, "（一）", "指导思想"),
        (2, "1.", "第一项"),
        (3, "（1）", "子项"),
        (4, "①", "细项"),
        (0, "二、", "保障措施"),
    ]
    assert plan.sections[4].body == "细项正文内容，说明情况。"
    _assert_well_formed(plan)


def test_parenthesised_and_circled_numbers_nest_below_numbered_items():
    text = (
        "某某市数字政府建设方案\n\n一、主要任务\n1.建设网络。建设高速网络。\n"
        "（1）建设外网。覆盖全市。\n① 骨干网。万兆到县。\n② 接入网。千兆到乡。\n"
        "(2)建设内网。覆盖机关。\n2.建设平台。建设统一平台。\n"
    )
    plan = parse_plan(text, filename="levels.txt")
    assert _tree(plan) == [
        (0, "一、", "主要任务"),
        (1, "1.", "建设网络"),
        (2, "（1）", "建设外网"),
        (3, "①", "骨干网"),
        (3, "②", "接入网"),
        (2, "(2)", "建设内网"),
        (1, "2.", "建设平台"),
    ]
    assert plan.sections[3].body == "万兆到县。"
    _assert_well_formed(plan)


def test_articles_are_sections_whose_sentence_is_their_text():
    text = (
        "某某市政务数据管理办法\n\n第一章 总则\n\n第一条　为了规范政务数据管理，制定本办法。\n"
        "第二条　本办法适用于本市行政区域内的政务数据管理活动。\n\n第二章 管理\n\n"
        "第三条　市政务数据主管部门负责统筹。\n"
    )
    plan = parse_plan(text, filename="articles.txt")
    assert _tree(plan) == [
        (0, "第一章", "总则"),
        (1, "第一条", ""),
        (1, "第二条", ""),
        (0, "第二章", "管理"),
        (1, "第三条", ""),
    ]
    assert plan.sections[1].body == "为了规范政务数据管理，制定本办法。"
    _assert_well_formed(plan)


def test_an_articles_run_in_caption_is_its_title_when_the_articles_carry_captions():
    text = (
        "某区支持港澳青年创新创业实施办法\n"
        "第一条 为支持港澳青年创新创业，制定本办法。\n"
        "第二条 载体建设。被评定为孵化载体的，给予每家30万元一次性支持。\n"
        "第三条 平台服务。每年安排最高100万元经费支持服务中心建设。\n"
        "第四条 本办法自公布之日起施行。本办法施行前的规定与本办法不符的，以本办法为准。\n"
    )
    plan = parse_plan(text, filename="articles.txt")
    assert _tree(plan) == [
        (0, "第一条", ""),
        (0, "第二条", "载体建设"),
        (0, "第三条", "平台服务"),
        (0, "第四条", ""),
    ]
    assert plan.sections[1].body == "被评定为孵化载体的，给予每家30万元一次性支持。"
    _assert_well_formed(plan)


def test_a_lone_short_first_sentence_of_an_article_is_no_caption():
    text = (
        "某市户籍准入管理若干规定\n第一条 为加强人口服务和管理，制定本规定。\n"
        "第二条 公安机关负责登记。有关部门在各自职责范围内做好相关工作。\n"
        "第三条 本规定自公布之日起施行。\n第四条 本规定由市公安局负责解释\n"
    )
    plan = parse_plan(text, filename="articles.txt")
    assert [s.title for s in plan.sections] == ["", "", "", ""]
    assert plan.sections[-1].body == "本规定由市公安局负责解释"


def test_an_article_whose_first_line_is_cut_by_the_page_edge_gets_its_label_alone():
    text = (
        "北京市行政执法监督办法\n"
        "第一条 为了加强和规范行政执法监督工作，推进严格规范\n公正文明执法，制定本办法。\n"
        "第二条 本办法适用于本市行政区域内的行政执法监督工\n作。\n"
        "第三条 行政执法监督工作应当遵循合法公正、程序正当、\n有错必纠的原则。\n"
    )
    plan = parse_plan(text, filename="decree.txt")
    assert [(s.label, s.title) for s in plan.sections] == [
        ("第一条", ""),
        ("第二条", ""),
        ("第三条", ""),
    ]
    assert plan.sections[1].body.startswith("本办法适用于本市行政区域内的行政执法监督工")


def test_a_plan_with_chapters_only_has_one_level():
    text = (
        "某某省数字经济发展规划\n\n第一章 发展基础\n\n发展迅速。\n\n第二章 总体要求\n\n坚持创新。\n"
    )
    plan = parse_plan(text, filename="chapters.txt")
    assert _tree(plan) == [(0, "第一章", "发展基础"), (0, "第二章", "总体要求")]
    assert [s.body for s in plan.sections] == ["发展迅速。", "坚持创新。"]
    assert [s.kind for s in plan.sections] == ["chapter", "chapter"]


def test_a_text_without_structure_is_one_section_with_a_warning():
    text = "数字政府建设意义重大，各地要抓好落实，进一步提升服务能力和水平。\n工作要求另行通知。\n"
    plan = parse_plan(text, filename="flat.txt")
    assert [(s.kind, s.depth) for s in plan.sections] == [("text", 0)]
    assert plan.sections[0].body == text.strip()
    assert Flag.NO_STRUCTURE in plan.sections[0].flags
    assert len(plan.warnings) == 1 and "章节结构" in plan.warnings[0]


@pytest.mark.parametrize(
    ("data", "max_bytes", "message"),
    [
        (b"", None, r"bad\.txt: the file is empty"),
        (" \r\n\u3000\n".encode(), None, r"bad\.txt: the file is empty"),
        (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x01" * 20,
            None,
            r"bad\.txt: it is a damaged or encrypted PDF",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            None,
            r"bad\.txt: .*save it as \.docx",
        ),
        (b"PK\x03\x04" + b"\x00" * 600, None, r"bad\.txt: .*binary file"),
        (bytes(range(1, 9)) * 200, None, r"bad\.txt: it looks like a binary file"),
        (b"\xc3\x28\x81\x82\xa0\xa1" * 100, None, r"bad\.txt: cannot read it as text"),
        ("一、总体要求\n".encode() * 100, 1000, r"bad\.txt: .*over the limit of 1,000 bytes"),
        ("一、总体要求\n".encode() * 100, 999_999, None),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_file(data, max_bytes, message):
    if message is None:
        assert parse_plan(data, filename="bad.txt", max_bytes=max_bytes).sections
        return
    with pytest.raises(PlanParseError, match=message):
        parse_plan(data, filename="bad.txt", max_bytes=max_bytes)


@pytest.mark.parametrize(
    "heading",
    [
        "### 一、总体要求",
        "###一、总体要求",  # no space after the marks: not CommonMark, but how documents write it
        "### **一、总体要求**",
        "### *一、总体要求*",
        "### [一、总体要求](#zt)",
        '### <a name="zt"></a>一、总体要求',
        "### 一、总体要求 {#zt}",
        "### 一、总体要求<br>",
        "### 一、总体要求 ###",
        "> ### 一、总体要求",
        "- ### 一、总体要求",
        "一、总体要求\n------------",
    ],
)
def test_every_markdown_heading_is_a_section_whatever_its_markup(heading):
    text = f"# 某某市数字政府建设方案\n\n{heading}\n\n坚持以人民为中心。\n"

    plan = parse_plan(text, filename="plan.md")

    assert [(s.label, s.title, s.body) for s in plan.sections] == [
        ("一、", "总体要求", "坚持以人民为中心。")
    ]
    section = plan.sections[0]
    assert text[section.start : section.end].startswith(heading.split("\n")[0])
    assert text[section.start : section.end].endswith("坚持以人民为中心。")


def test_a_paragraph_on_a_markdown_heading_line_is_the_sections_text_at_its_offsets():
    text = (
        "# 某某市数字政府建设方案\n\n## 一、总体要求\n\n"
        "### **（一）指导思想。**以习近平新时代中国特色社会主义思想为指导。\n\n"
        "### （二）基本原则。坚持统筹推进，坚持安全可控。\n"
    )

    plan = parse_plan(text, filename="plan.md")

    assert [(s.label, s.title, s.body) for s in plan.sections] == [
        ("一、", "总体要求", ""),
        ("（一）", "指导思想", "以习近平新时代中国特色社会主义思想为指导。"),
        ("（二）", "基本原则", "坚持统筹推进，坚持安全可控。"),
    ]
    for section in plan.sections[1:]:
        assert text[section.start : section.end].endswith(section.body)


def test_html_comments_in_markdown_are_not_text():
    text = "# 某某市数字政府建设方案\n\n<!-- 注释 -->\n\n## 一、总体要求\n\n坚持。\n<!--\n多\n-->\n"

    plan = parse_plan(text, filename="plan.md")

    assert [(s.label, s.title, s.body) for s in plan.sections] == [("一、", "总体要求", "坚持。")]


@pytest.mark.parametrize(
    ("line", "label", "title"),
    [
        (
            "### （三）加强数据共享 推进数据共享交换平台建设，完善共享目录。",
            "（三）",
            "加强数据共享",
        ),
        ("### 二、保障措施　各地区各部门要高度重视，切实加强组织领导。", "二、", "保障措施"),
        (
            "### 加强组织领导 各地区各部门要把数字政府建设摆在重要位置，切实加强领导。",
            "",
            "加强组织领导",
        ),
        ("三、保障措施 各地区各部门要高度重视，切实加强组织领导。", "三、", "保障措施"),
    ],
)
def test_a_paragraph_after_a_space_on_a_heading_line_is_the_sections_text(line, label, title):
    text = f"# 某某市数字政府建设方案\n\n## 一、总体要求\n\n坚持。\n\n{line}\n"

    section = parse_plan(text, filename="plan.md").sections[-1]

    assert (section.label, section.title) == (label, title)
    assert section.body == re.split(r"[ \u3000]", line.removeprefix("### "), maxsplit=1)[1]
    assert text[section.start : section.end].endswith(section.body)


# 安庆's two-page opinion as its PDF's text layer gives it: too few lines to tell the page width.
_SHORT_PDF_OPINION = (
    "宜公积金委〔2022〕5 号\n安庆市住房公积金管理委员会\n关于调整住房公积金贷款有关政策的意见\n"
    "各县（市）、区人民政府，市政府各部门、各直属机构：\n"
    "为贯彻落实国家、省、市稳经济工作要求，保障群众刚性和\n"
    "改善性住房需求，按照分类指导、因城施策的原则，结合我市实\n"
    "际，现就我市住房公积金贷款有关政策调整如下：\n"
    "一、提高住房公积金贷款最高额度，夫妻双方缴存住房公\n"
    "积金的最高贷款额度为 55 万元，单方缴存的为 45 万元。具体贷\n"
    "款额度与职工公积金月缴存额和还款能力挂钩。\n"
    "二、总体要求\n"
    "三、本意见自 2022 年 8 月 1 日起执行。\n"
    "安庆市住房公积金管理委员会\n2022 年 7 月 27 日\n（此页无正文）\n"
    "抄送：各管委会委员单位\n安庆市住房公积金管理委员会 2022 年 7 月 27 日印发\n"
)


def test_a_run_in_heading_cut_by_the_page_edge_is_joined_to_the_line_that_ends_it():
    plan = parse_plan(_SHORT_PDF_OPINION, filename="anqing.txt")

    items = [s for s in plan.sections if s.label]
    assert [s.label for s in items] == ["一、", "二、", "三、"]
    assert items[0].title.startswith("提高住房公积金贷款最高额度，夫妻双方缴存住房公积金的")
    assert items[1].title == "总体要求"  # short: a heading that stands alone


def test_a_space_beside_a_figure_does_not_end_a_heading_title():
    plan = parse_plan(_SHORT_PDF_OPINION, filename="anqing.txt")

    assert plan.sections[-1].title.startswith("本意见自 2022 年 8 月 1 日起执行")


def test_under_headings_indented_alone_an_unindented_paragraph_is_not_run_into_the_heading():
    # A browser's print of a web page: headings keep their indent, paragraphs lose theirs.
    paragraph = [
        "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的",
        "二十大精神，深入实施创新驱动发展战略，培育新质生产力，加快培育",
        "具有全球竞争力的瞪羚企业、独角兽企业，为深圳加快建设具有全球重",
        "要影响力的产业科技创新中心提供有力支撑。",
    ]
    lines = ["某市支持企业发展行动计划", "为提升科技创新竞争力，制定本行动计划。"]
    for heading in ["一、总体要求", "二、工作目标", "三、主要任务", "四、保障措施"]:
        lines += ["\u3000\u3000" + heading, *paragraph]
    plan = parse_plan("\n".join(lines) + "\n", filename="page.txt")

    chapters = [s for s in plan.sections if s.kind == "chapter"]
    assert [s.title for s in chapters] == ["总体要求", "工作目标", "主要任务", "保障措施"]
    assert chapters[0].body.startswith("坚持以习近平")


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


def test_numbers_listed_at_the_start_of_a_cut_line_open_no_heading():
    text = (
        "某区集体经济实施细则\n第一章 总则\n第一条 为加快发展，制定本细则。\n"
        "第二条 引进企业同时符合第\n九、十、十一条中多条要求的，按最高标准给予奖励。\n"
    )
    plan = parse_plan(text, filename="rules.txt")
    assert [s.label for s in plan.sections] == ["第一章", "第一条", "第二条"]
    assert "九、十、十一条中多条要求的" in plan.sections[-1].body


@pytest.mark.parametrize("caption", ["【宗旨】", "（目的和依据）"])
def test_an_articles_caption_in_brackets_before_its_text_is_its_title(caption):
    text = f"某区资金支持措施\n第一章 总则\n第一条 {caption}为推进数字经济发展，制定本措施。\n"
    plan = parse_plan(text, filename="rules.txt")
    article = plan.sections[-1]
    assert (article.label, article.title) == ("第一条", caption)
    assert article.body == "为推进数字经济发展，制定本措施。"
    assert plan.text[article.end - len(article.body) : article.end] == article.body


@pytest.mark.parametrize("contents", ["目录", "目\u3000录\u3000\u3000第一章\u3000总体要求"])
def test_a_table_of_contents_is_never_the_title(contents):
    text = f"{contents}\n某市数字政府建设规划\n第一章\u3000总体要求\n坚持统筹规划，协同推进。\n"
    assert parse_plan(text, filename="plan.txt").metadata.title == "某市数字政府建设规划"
