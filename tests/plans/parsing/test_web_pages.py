"""Plans saved as web pages: the page's text without site furniture, and boxes printed as tables."""

from __future__ import annotations

import html

import pytest

from plans.parsing import (
    PlanParseError,
    SectionKind,
    parse_plan,
)
from tests.plans.parsing.support import (
    HN,
    NAT,
    PLAN,
    PLAN_TREE,
    SEEDS,
    WC,
    Y22,
    assert_well_formed,
    children_of,
    find_section,
    outline,
    parsed_seed,
)


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

    plan, reference = parse_plan(page, filename="plan.htm"), parsed_seed(name)

    assert plan.metadata == reference.metadata
    assert [(s.label, s.title, s.body) for s in plan.sections] == [
        (s.label, s.title, s.body) for s in reference.sections
    ]
    assert "首页" not in plan.text and "主办单位" not in plan.text and "<p" not in plan.text
    assert any("网页" in warning for warning in plan.warnings)
    assert_well_formed(plan)


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

    plan, reference = parse_plan(page.encode(), filename="plan.html"), parsed_seed(Y22)

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
    assert outline(parse_plan(page.encode(), filename="plan.html")) == PLAN_TREE


def test_a_web_page_that_leaves_its_head_unclosed_still_has_a_body():
    page = "<html><head><title>规划</title><meta charset=utf-8><body><p>" + PLAN.replace(
        "\n", "<p>"
    )
    assert outline(parse_plan(page.encode(), filename="plan.html")) == PLAN_TREE


def test_a_web_page_is_recognised_by_its_content_whatever_its_name():
    page = "<!-- saved -->\n<HTML><body><p>" + PLAN.replace("\n", "</p><p>") + "</p></body></HTML>"
    plan = parse_plan(page.encode(), filename="plan.txt")
    assert outline(plan) == PLAN_TREE


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
    assert "重点项目表" in find_section(plan, "（一）", "主要目标").body
    assert_well_formed(plan)


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
    assert_well_formed(plan)


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
    assert not children_of(plan, box)
    assert find_section(plan, "第一章").body == "到2030年，地区生产总值年均增长5%左右。"


def test_a_plain_box_keeps_a_table_of_cells_and_its_note_and_ends_at_plain_text():
    text = (
        "某某市数字政府建设规划\n一、主要任务\n（一）夯实基础\n专栏1　重点项目\n"
        "序号\u3000项目名称\u3000建设内容\u3000建设期限\n"
        "1\u3000政务云\u3000扩容政务云平台\u30002023—2025年\n"
        "注：建设期限为预计。\n推进部门系统迁移上云。\n二、保障措施\n加强组织领导。\n"
    )

    plan = parse_plan(text, filename="plan.txt")

    box = find_section(plan, "专栏1", "重点项目")
    assert box.body.splitlines() == [
        "序号\u3000项目名称\u3000建设内容\u3000建设期限",
        "1\u3000政务云\u3000扩容政务云平台\u30002023—2025年",
        "注：建设期限为预计。",
    ]
    assert find_section(plan, "（一）", "夯实基础").body == "推进部门系统迁移上云。"


def test_a_page_laid_out_in_one_table_cell_keeps_its_lines_and_headings():
    page = (
        "<html><body><table><tr><td>"
        + "".join(f"<p>{line}</p>" for line in PLAN.splitlines() if line)
        + "</td></tr></table></body></html>"
    )
    assert outline(parse_plan(page.encode(), filename="plan.html")) == PLAN_TREE


def test_a_web_page_without_visible_text_is_refused_saying_what_to_save():
    page = "<!DOCTYPE html><html><head><title>某某规划</title><script>x()</script></head></html>"
    with pytest.raises(PlanParseError, match="plan.html：这个网页没有可见的文字"):
        parse_plan(page.encode(), filename="plan.html")
