"""The traps of the seed documents: implied chapters, items running on, mojibake, run-in headings,
boxes, attachments and image-only pages."""

from __future__ import annotations

from plans.parsing import (
    Flag,
    ParsedPlan,
    ParsedSection,
)
from tests.plans.parsing.support import (
    BT,
    HN,
    JS,
    SX,
    WC,
    Y22,
    Y23,
    children_of,
    find_section,
    parent_of,
    parsed_seed,
)


def _descendants(plan: ParsedPlan, section: ParsedSection) -> list[ParsedSection]:
    out = []
    for child in children_of(plan, section):
        out += [child, *_descendants(plan, child)]
    return out


def test_wangcang_sections_before_any_chapter_get_an_implied_first_chapter():
    plan = parsed_seed(WC)
    chapter = parent_of(plan, find_section(plan, "第一节", "发展现状"))
    assert chapter.implied and chapter.label == "第一章" and chapter.title == ""
    assert chapter.kind == "chapter" and chapter.parent is None
    assert [s.label for s in children_of(plan, chapter)] == ["第一节", "第二节", "第三节"]
    preface = plan.sections[0]
    assert preface.kind == "preface" and children_of(plan, preface) == []


def test_hunan_items_run_on_from_1_to_29_across_their_sections():
    plan = parsed_seed(HN)
    chapter = find_section(plan, "三、", "主要任務和重點工程")
    items = [s for s in _descendants(plan, chapter) if s.kind == "item"]
    assert [s.label for s in items] == [f"{n}." for n in range(1, 30)]
    parents = {parent_of(plan, s).label for s in items}
    assert parents == {"(一)", "(二)", "(三)", "(四)", "(五)"}
    assert [s.label for s in children_of(plan, chapter)] == [f"({n})" for n in "一二三四五六七八"]


def test_hunan_mojibake_is_flagged_and_does_not_swallow_the_title():
    plan = parsed_seed(HN)
    item = find_section(plan, "10.")
    assert item.title == "加快教育資源公共服務工程建設"
    assert Flag.MOJIBAKE in item.flags
    assert item.body.startswith("?;緦崿F各級各類學校")
    clean = find_section(plan, "9.")
    assert Flag.MOJIBAKE not in clean.flags


def test_hunan_run_in_heading_keeps_its_body_apart():
    section = find_section(parsed_seed(HN), "(一)", "指導思想")
    assert section.title == "指導思想"
    assert section.body.startswith("全面貫徹落實黨的十八大")


def _line_of(plan: ParsedPlan, section: ParsedSection) -> str:
    start = plan.text.rfind("\n", 0, section.start) + 1
    end = plan.text.find("\n", section.start)
    return plan.text[start:end]


def test_yunnan_principles_are_split_where_they_run_on_mid_line():
    plan = parsed_seed(Y22)
    first = find_section(plan, "", "坚持统一规划部署,统建共用")
    second = find_section(plan, "", "坚持数据共享开放,高效赋能")
    assert _line_of(plan, first) == _line_of(plan, second)
    assert first.end <= second.start
    assert "坚持数据共享开放" not in first.body
    assert [s.kind for s in (first, second)] == ["principle", "principle"]


def test_yunnan_goal_run_into_the_previous_line_is_its_own_goal():
    plan = parsed_seed(Y22)
    goal = find_section(plan, "", "安全保障体系更加健全")
    previous = find_section(plan, "", "数据赋能取得明显成效")
    assert goal.kind == previous.kind == "goal"
    assert _line_of(plan, goal).startswith("数据赋能取得明显成效。")
    assert "安全保障体系" not in previous.body


def test_wangcang_box_items_on_one_piped_line_are_separate_sections():
    plan = parsed_seed(WC)
    box = find_section(plan, "专栏1", "数字政府基础设施工程")
    items = children_of(plan, box)
    assert [s.label for s in items] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert {s.kind for s in items} == {"box_item"}
    assert items[0].title == "电子政务外网"
    assert items[0].body == "电子政务网络完成相关部门的连接,升级互联网出口带宽。"
    assert len({_line_of(plan, s) for s in items}) == 1
    assert not any("|" in s.title or "|" in s.body for s in plan.sections)


def test_shanxi_fenced_boxes_hold_their_items():
    plan = parsed_seed(SX)
    boxes = [s for s in plan.sections if s.kind == "box"]
    assert [s.label for s in boxes] == [f"专栏{n}" for n in range(1, 15)]
    sizes = [len(children_of(plan, b)) for b in boxes]
    assert sizes == [4, 4, 4, 3, 3, 6, 5, 5, 1, 1, 2, 2, 3, 1]
    assert not any("```" in s.title + s.body for s in plan.sections)
    first = children_of(plan, boxes[0])[0]
    assert first.title == "发展改革领域数字化建设"


def test_shanxi_heading_without_a_space_after_the_marks_is_a_heading():
    plan = parsed_seed(SX)
    assert "\n###（二）深化智慧协同" in plan.text
    section = find_section(plan, "（二）", "深化智慧协同的数字化市场监管体系")
    assert section.kind == "section" and section.depth == 1


def test_baotou_attachment_holds_the_restarted_list_and_items_1_to_90():
    plan = parsed_seed(BT)
    attachment = find_section(plan, "附件")
    assert attachment.kind == "attachment" and attachment.title == "包头市数字政府建设考评指标"
    inside = _descendants(plan, attachment)
    chapters = [s.label for s in children_of(plan, attachment)]
    assert chapters == [f"{n}、" for n in "一二三四五六七"]
    assert [s.label for s in inside if s.kind == "item"] == [f"{n}．" for n in range(1, 91)]
    before = plan.sections[: plan.sections.index(attachment)]
    assert [s.label for s in before if s.depth == 0] == ["一、", "二、", "三、", "四、"]


def test_yunnan_programme_image_only_attachment_keeps_its_alt_text():
    plan = parsed_seed(Y23)
    attachment = plan.sections[-1]
    assert attachment.kind == "attachment" and attachment.label == "附件"
    assert attachment.title == "主要任务和重点工程分解表"
    assert Flag.IMAGE_ONLY in attachment.flags
    assert attachment.body == "云南主要任务和重点工程分解表"


def test_jiangsu_trailing_double_spaces_never_reach_titles():
    plan = parsed_seed(JS)
    assert plan.text.count("  \n") > 100
    for section in plan.sections:
        assert not section.title.endswith((" ", "\u3000")), section.title
        assert all(line == line.strip() for line in section.body.split("\n"))
