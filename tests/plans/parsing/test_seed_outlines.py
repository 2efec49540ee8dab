"""Every seed document parses into the outline its source prints: kinds, depths, parents, and
every numbered heading line a section."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.plans.parsing.support import (
    ALL,
    BT,
    HN,
    JS,
    NAT,
    NEWS,
    SEEDS,
    SX,
    WC,
    Y22,
    Y23,
    assert_well_formed,
    find_section,
    parent_of,
    parsed_seed,
)


def test_the_table_covers_every_document_in_seeds():
    documents = {p.name for p in SEEDS.iterdir() if p.suffix in (".txt", ".markdown")}
    assert documents == set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_every_section_sits_at_its_offsets_under_an_earlier_parent(name):
    assert_well_formed(parsed_seed(name))


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
    assert Counter(s.kind for s in parsed_seed(name).sections) == expected


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
    counts = Counter(s.depth for s in parsed_seed(name).sections)
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
    plan = parsed_seed(name)
    section = find_section(plan, *child)
    if parent is None:
        assert section.parent is None
    else:
        assert parent_of(plan, section) is find_section(plan, *parent)


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
    plan = parsed_seed(name)
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
    for section in parsed_seed(name).sections:
        assert len(section.title) <= 60 and not section.title.endswith(("。", "；", "，"))
        if section.kind in ("paragraph", "principle", "goal") and not section.label:
            assert section.title and len(section.title) <= 30, section.body[:30]
        if section.kind in ("box_item", "item", "subitem", "section", "chapter"):
            assert section.title or section.label or section.implied
