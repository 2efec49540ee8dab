"""How numbering nests: decimal, parenthesised and circled numbers, parts, chapters only, boxes
of plain text, and a text with no structure."""

from __future__ import annotations

from pathlib import Path

from plans.parsing import (
    Flag,
    SectionKind,
    parse_plan,
)
from tests.plans.parsing.support import (
    assert_well_formed,
    find_section,
    outline,
)


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
    assert find_section(plan, "（一）", "夯实基础").body == "推进部门系统迁移上云。"


def test_decimal_numbering_nests_by_its_components_and_quantities_stay_text():
    text = (
        "某某市数字政府建设规划\n第1章 总体要求\n1.1 指导思想\n坚持以人民为中心。\n"
        "1.2 主要目标\n到2025年基本建成。\n1.5万个行政村实现光纤覆盖。\n第2章 主要任务\n"
        "2.1 建设平台\n建设统一平台。\n2.1.1 政务云\n建设政务云。\n2.1.2 政务外网\n"
        "2.5G带宽到乡镇。\n（1）骨干网\n万兆到县。\n"
    )

    plan = parse_plan(text, filename="decimal.txt")

    assert outline(plan) == [
        (0, "第1章", "总体要求"),
        (1, "1.1", "指导思想"),
        (1, "1.2", "主要目标"),
        (0, "第2章", "主要任务"),
        (1, "2.1", "建设平台"),
        (2, "2.1.1", "政务云"),
        (2, "2.1.2", "政务外网"),
        (3, "（1）", "骨干网"),
    ]
    assert find_section(plan, "1.2").body == "到2025年基本建成。\n1.5万个行政村实现光纤覆盖。"
    assert find_section(plan, "2.1.2").body == "2.5G带宽到乡镇。"
    assert_well_formed(plan)


def test_a_number_with_a_closing_parenthesis_is_a_heading_like_one_in_parentheses():
    text = (
        "某某市数字政府建设规划\n一、总体要求\n（一）主要目标\n到2025年基本建成。\n"
        "1)建设平台。建设统一平台。\n2）强化安全。加强网络安全。\n二、保障措施\n加强领导。\n"
    )

    plan = parse_plan(text, filename="paren.txt")

    assert outline(plan) == [
        (0, "一、", "总体要求"),
        (1, "（一）", "主要目标"),
        (2, "1)", "建设平台"),
        (2, "2）", "强化安全"),
        (0, "二、", "保障措施"),
    ]
    assert_well_formed(plan)


def test_headings_dressed_in_markdown_bold_are_headings_and_inner_bold_stays_text():
    text = (
        "# 某某市数字政府建设规划\n\n**一、总体要求**\n\n"
        "**（一）指导思想。**坚持以人民为中心，加快**一网通办**。\n\n"
        "**（二）主要目标**\n\n到2025年基本建成。\n\n__二、主要任务__\n\n"
        "1. **建设平台。**建设统一平台。\n2. **强化安全。**加强网络安全。\n"
    )

    plan = parse_plan(text, filename="bold.md")

    assert outline(plan) == [
        (0, "一、", "总体要求"),
        (1, "（一）", "指导思想"),
        (1, "（二）", "主要目标"),
        (0, "二、", "主要任务"),
        (1, "1.", "建设平台"),
        (1, "2.", "强化安全"),
    ]
    assert find_section(plan, "（一）").body == "坚持以人民为中心，加快**一网通办**。"
    assert find_section(plan, "1.").body == "建设统一平台。"
    assert_well_formed(plan)


def test_parts_rank_above_chapters_and_their_items():
    text = (
        "某某市数字政府建设规划\n第一部分　发展基础\n一、发展现状\n现状良好。\n"
        "第二部分　总体要求\n一、指导思想\n坚持。\n第三篇 主要任务\n第一章 夯实基础\n建设。\n"
        "第四部分的内容在附件中说明。\n"
    )

    plan = parse_plan(text, filename="parts.txt")

    assert outline(plan) == [
        (0, "第一部分", "发展基础"),
        (1, "一、", "发展现状"),
        (0, "第二部分", "总体要求"),
        (1, "一、", "指导思想"),
        (0, "第三篇", "主要任务"),
        (1, "第一章", "夯实基础"),
    ]
    assert find_section(plan, "第一章").body == "建设。\n第四部分的内容在附件中说明。"
    assert_well_formed(plan)


def test_parenthesised_and_circled_numbers_nest_below_numbered_items():
    text = (
        "某某市数字政府建设方案\n\n一、主要任务\n1.建设网络。建设高速网络。\n"
        "（1）建设外网。覆盖全市。\n① 骨干网。万兆到县。\n② 接入网。千兆到乡。\n"
        "(2)建设内网。覆盖机关。\n2.建设平台。建设统一平台。\n"
    )
    plan = parse_plan(text, filename="levels.txt")
    assert outline(plan) == [
        (0, "一、", "主要任务"),
        (1, "1.", "建设网络"),
        (2, "（1）", "建设外网"),
        (3, "①", "骨干网"),
        (3, "②", "接入网"),
        (2, "(2)", "建设内网"),
        (1, "2.", "建设平台"),
    ]
    assert plan.sections[3].body == "万兆到县。"
    assert_well_formed(plan)


def test_a_plan_with_chapters_only_has_one_level():
    text = (
        "某某省数字经济发展规划\n\n第一章 发展基础\n\n发展迅速。\n\n第二章 总体要求\n\n坚持创新。\n"
    )
    plan = parse_plan(text, filename="chapters.txt")
    assert outline(plan) == [(0, "第一章", "发展基础"), (0, "第二章", "总体要求")]
    assert [s.body for s in plan.sections] == ["发展迅速。", "坚持创新。"]
    assert [s.kind for s in plan.sections] == ["chapter", "chapter"]


def test_a_text_without_structure_is_one_section_with_a_warning():
    text = "数字政府建设意义重大，各地要抓好落实，进一步提升服务能力和水平。\n工作要求另行通知。\n"
    plan = parse_plan(text, filename="flat.txt")
    assert [(s.kind, s.depth) for s in plan.sections] == [("text", 0)]
    assert plan.sections[0].body == text.strip()
    assert Flag.NO_STRUCTURE in plan.sections[0].flags
    assert len(plan.warnings) == 1 and "章节结构" in plan.warnings[0]


def test_numbered_items_written_alike_are_titled_by_their_lead_however_long():
    # 证监会 国资委 全国工商联 notice: run-in items whose lead sentences (ASCII commas) run past
    # a caption's length, under one heading and the next.
    long_lead = (
        "坚持依法依规支持上市房企积极向新发展模式转型,加强自身风险管理,密切关注市场形势"
        "和行业变化,严格防范、妥善化解各类风险,促进行业良性循环和健康发展"
    )
    text = (
        "关于进一步支持上市公司健康发展的通知\n一、营造良好发展环境,稳定企业预期\n"
        "1.落实好受影响严重地区企业通过资本市场融资的政策。免除2022年上市初费。\n"
        f"2.{long_lead}。\n二、各部门积极履职,共同促进市场稳定\n"
        f"3.证监会及派出机构{long_lead}。同时加强沟通。\n"
    )
    plan = parse_plan(text, filename="notice.txt")
    assert [(s.label, s.title[:8]) for s in plan.sections] == [
        ("一、", "营造良好发展环境"),
        ("1.", "落实好受影响严重"),
        ("2.", "坚持依法依规支持"),
        ("二、", "各部门积极履职,"),
        ("3.", "证监会及派出机构"),
    ]
    # A lead too long for an outline is cut where a clause ends; the rest stays its text.
    item = find_section(plan, "3.")
    assert item.title == "证监会及派出机构" + long_lead.rsplit(",", 2)[0]
    assert item.body == long_lead.rsplit(",", 2)[1] + "," + long_lead.rsplit(",", 2)[2] + (
        "。同时加强沟通。"
    )
    assert_well_formed(plan)


def test_a_long_numbered_provision_after_an_item_that_is_only_a_caption_stays_untitled():
    text = (
        "某市实施方案\n一、重点任务\n1.加强组织领导\n"
        "2.各区要建立工作机制，明确责任分工，细化工作措施，强化督促检查，定期调度进展，"
        "及时协调解决推进过程中遇到的困难和问题，确保各项任务落到实处、取得实效。\n"
    )
    plan = parse_plan(text, filename="plan.txt")
    assert [(s.label, s.title) for s in plan.sections] == [
        ("一、", "重点任务"),
        ("1.", "加强组织领导"),
        ("2.", ""),
    ]


def test_a_heading_whose_caption_starts_with_a_year_is_a_heading():
    # 政府工作报告 (corpus 10): 一、2023年工作回顾 heads the review, 二、2024年… the year's work.
    text = (
        "某市政府工作报告\n一、2023年工作回顾\n过去一年，全市经济稳中有进。\n（一）产业发展\n"
        "工业增长。\n二、2024年重点工作\n今年要做好以下工作。\n三、加强政府建设\n依法行政。\n"
    )

    plan = parse_plan(text, filename="report.txt")

    assert [(s.label, s.title) for s in plan.sections] == [
        ("一、", "2023年工作回顾"),
        ("（一）", "产业发展"),
        ("二、", "2024年重点工作"),
        ("三、", "加强政府建设"),
    ]


def test_a_chapter_title_letter_spaced_for_width_is_stored_as_its_characters():
    plan = parse_plan(
        "第一章 总 则\n第一条 为规范资金管理，制定本办法。\n"
        "第二章 法 律 责 任\n第二条 违反本办法的，依法处理。\n"
        "第三章 附\u3000\u3000则\n第三条 本办法自印发之日起施行。\n"
    )

    chapters = [(s.label, s.title) for s in plan.sections if s.kind == "chapter"]
    assert chapters == [("第一章", "总则"), ("第二章", "法律责任"), ("第三章", "附则")]


def test_a_title_with_a_space_among_words_keeps_it():
    plan = parse_plan(
        "一、 推动服务消 费提质扩容\n（一）扩大服务供给。加快发展养老托育服务。\n"
        "二、总体 要求\n（一）指导思想。坚持稳中求进。\n"
    )

    chapters = [s.title for s in plan.sections if s.kind == "chapter"]
    assert chapters == ["推动服务消 费提质扩容", "总体 要求"]


def test_a_regulation_set_with_spaced_chapter_titles_finds_them_by_their_words():
    path = Path(__file__).parents[2] / "data/corpus/beijing-digital-economy-regulation-2022.md"
    plan = parse_plan(path.read_bytes(), filename=path.name)

    titles = [s.title for s in plan.sections if s.kind == "chapter"]
    assert titles[0] == "总则"
    assert titles[-1] == "附则"
    assert not any(" " in title for title in titles)
