"""Decrees written in articles (第X条): each article a section, its caption its title."""

from __future__ import annotations

import pytest

from plans.parsing import (
    parse_plan,
)
from tests.plans.parsing.support import (
    assert_well_formed,
    outline,
)


def test_articles_are_sections_whose_sentence_is_their_text():
    text = (
        "某某市政务数据管理办法\n\n第一章 总则\n\n第一条　为了规范政务数据管理，制定本办法。\n"
        "第二条　本办法适用于本市行政区域内的政务数据管理活动。\n\n第二章 管理\n\n"
        "第三条　市政务数据主管部门负责统筹。\n"
    )
    plan = parse_plan(text, filename="articles.txt")
    assert outline(plan) == [
        (0, "第一章", "总则"),
        (1, "第一条", ""),
        (1, "第二条", ""),
        (0, "第二章", "管理"),
        (1, "第三条", ""),
    ]
    assert plan.sections[1].body == "为了规范政务数据管理，制定本办法。"
    assert_well_formed(plan)


def test_an_articles_run_in_caption_is_its_title_when_the_articles_carry_captions():
    text = (
        "某区支持港澳青年创新创业实施办法\n"
        "第一条 为支持港澳青年创新创业，制定本办法。\n"
        "第二条 载体建设。被评定为孵化载体的，给予每家30万元一次性支持。\n"
        "第三条 平台服务。每年安排最高100万元经费支持服务中心建设。\n"
        "第四条 本办法自公布之日起施行。本办法施行前的规定与本办法不符的，以本办法为准。\n"
    )
    plan = parse_plan(text, filename="articles.txt")
    assert outline(plan) == [
        (0, "第一条", ""),
        (0, "第二条", "载体建设"),
        (0, "第三条", "平台服务"),
        (0, "第四条", ""),
    ]
    assert plan.sections[1].body == "被评定为孵化载体的，给予每家30万元一次性支持。"
    assert_well_formed(plan)


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


# 〖〗 is print's other caption bracket, and what OCR reads 【】 as on a scan (坪山 实施细则:
# 第十三条〖招商推介〗, 第五条【建设贷款贴息〗).
@pytest.mark.parametrize("caption", ["【宗旨】", "（目的和依据）", "〖宗旨〗", "【建设贷款贴息〗"])
def test_an_articles_caption_in_brackets_before_its_text_is_its_title(caption):
    text = f"某区资金支持措施\n第一章 总则\n第一条 {caption}为推进数字经济发展，制定本措施。\n"
    plan = parse_plan(text, filename="rules.txt")
    article = plan.sections[-1]
    assert (article.label, article.title) == ("第一条", caption)
    assert article.body == "为推进数字经济发展，制定本措施。"
    assert plan.text[article.end - len(article.body) : article.end] == article.body


def test_an_article_label_run_into_its_text_is_an_article_when_it_continues_the_numbering():
    # 沈阳 房屋使用安全管理办法: 第七条 街道… beside 第四条房屋使用人… (bold label, no space).
    text = (
        "某市城市房屋使用安全管理办法\n第一章 总则\n"
        "第一条 为了加强房屋使用安全管理，制定本办法。\n第二条 本办法适用于本市。\n"
        "第三条房屋使用安全实行所有权人负责制。\n第四条房屋使用人应当合理使用房屋。\n"
        "第三条规定的责任人应当履行义务。\n第九条建立房屋安全档案。\n"
    )
    plan = parse_plan(text, filename="articles.txt")
    assert outline(plan) == [
        (0, "第一章", "总则"),
        (1, "第一条", ""),
        (1, "第二条", ""),
        (1, "第三条", ""),
        (1, "第四条", ""),
    ]
    assert plan.sections[4].body.startswith("房屋使用人应当合理使用房屋。")
    # A sentence citing an article, or one out of the numbering, stays text of the article.
    assert "第三条规定的责任人" in plan.sections[4].body
    assert "第九条建立房屋安全档案" in plan.sections[4].body
    assert_well_formed(plan)
