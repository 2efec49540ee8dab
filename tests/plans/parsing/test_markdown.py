"""Markdown documents: headings whatever their markup, paragraphs on heading lines, comments and
tables of contents of links."""

from __future__ import annotations

import re

import pytest

from plans.parsing import (
    parse_plan,
)
from tests.plans.parsing.support import (
    assert_well_formed,
    outline,
)


def test_a_markdown_table_of_contents_of_links_gives_no_sections():
    text = (
        "# 某某市数字政府建设规划\n\n## 目录\n\n- [第一章 发展基础](#第一章)\n"
        "- [第二章 总体要求](#第二章)\n\n## 第一章 发展基础\n\n现状良好。\n\n"
        "## 第二章 总体要求\n\n坚持。\n"
    )
    plan = parse_plan(text, filename="plan.md")
    assert outline(plan) == [(0, "第一章", "发展基础"), (0, "第二章", "总体要求")]
    assert "目录" not in "".join(s.title + s.body for s in plan.sections)


def test_markdown_headings_nest_down_to_six_levels():
    text = (
        "# 某某市数字政府建设规划\n\n## 一、总体要求\n\n### （一）指导思想\n\n"
        "#### 1. 第一项\n\n##### （1）子项\n\n###### ① 细项\n\n细项正文内容，说明情况。\n\n"
        "## 二、保障措施\n\n加强领导。\n"
    )
    plan = parse_plan(text, filename="levels.md")
    assert plan.metadata.title == "某某市数字政府建设规划"
    assert outline(plan) == [
        (0, "一、", "总体要求"),
        (1, "（一）", "指导思想"),
        (2, "1.", "第一项"),
        (3, "（1）", "子项"),
        (4, "①", "细项"),
        (0, "二、", "保障措施"),
    ]
    assert plan.sections[4].body == "细项正文内容，说明情况。"
    assert_well_formed(plan)


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


@pytest.mark.parametrize("image_first", [False, True])
def test_a_section_with_text_beside_its_image_is_not_marked_image_only(image_first):
    image = "![总体架构图](/img/arch.png)\n\n"
    words = "坚持统筹建设，构建一张网、一朵云和一个综合门户。\n\n"
    body = image + words if image_first else words + image
    text = "# 某某省数字政府建设方案\n\n## 一、总体架构\n\n" + body + "## 二、附图\n\n" + image
    plan = parse_plan(text, filename="plan.md")
    with_text, only_image = plan.sections
    assert "image_only" not in with_text.flags
    assert "一张网" in with_text.body
    assert "image_only" in only_image.flags
