"""Reading a document's 文号: spaced from its year, from a panel's cells, from an order number.

Pure: no database.
"""

from __future__ import annotations

from datetime import date

from plans.parsing import parse_plan
from tests.plans.reading.excerpts import MINISTRY_PAGE, PARTS, metadata_of

# An order page (令) over the decision it promulgates, the sentence wrapped as printed.
_ORDER = (
    "重庆市人民政府令第 361 号\n"
    "《重庆市人民政府关于修改〈重庆市房产税改革试点的暂行办法〉和〈重庆市房产税征收管理\n"
    "实施细则〉的决定》已经 2023 年 9 月 18 日市第六届人民政府第 19 次常务会议审议通过，\n"
    "现予公布，自公布之日起施行。\n"
    "2023 年 9 月 20 日\n"
    "（此件公开发布）\n" + PARTS
)


def test_a_doc_number_spaced_from_its_year_is_read():
    text = (
        "长金管委 〔2022〕3号\n关于优化住房公积金业务政策和流程的通知\n各有关单位：\n一、贷款政策\n"
    )

    assert metadata_of(text).doc_number == "长金管委〔2022〕3号"


def test_a_panels_cells_set_off_by_ideographic_spaces_give_the_doc_number():
    meta = metadata_of(MINISTRY_PAGE)

    assert meta.doc_number == "自然资发〔2023〕29号"
    # 发布机构　部委联合发文 names no body: the signature's two stay the issuers.
    assert meta.issuers == ["自然资源部", "中国银行保险监督管理委员会"]


def test_an_order_number_is_the_doc_number_and_the_title_is_what_the_order_promulgates():
    meta = metadata_of(_ORDER)
    assert meta.title == (
        "重庆市人民政府关于修改《重庆市房产税改革试点的暂行办法》和《重庆市房产税征收管理"
        "实施细则》的决定"
    )
    assert meta.doc_number == "重庆市人民政府令第361号"
    assert meta.issued == date(2023, 9, 20)


_AMENDED_RULE = (
    "北京市科学技术奖励办法\n"
    "（2002 年 4 月 11 日北京市人民政府第 93 号令公布 根据 2007 年 3 月 7 日北京市人民政府第 187"
    " 号令第一次修改 根据 2010 年 8 月 13 日北京市人民政府第 222 号令第二次修改 根据 2025 年 12 月"
    " 5 日北京市人民政府第 319 号令第五次修改 自 2026 年 1 月 1 日起施行）\n"
    "第一条 为了奖励在本市科学技术进步活动中做出突出贡献的个人、组织，制定本办法。\n"
    "第二条 本市设立北京市科学技术奖。\n"
)


def test_an_amended_rule_is_dated_and_numbered_by_its_last_amending_order():
    meta = metadata_of(_AMENDED_RULE)

    assert (meta.issued, meta.doc_number) == (date(2025, 12, 5), "北京市人民政府第319号令")
    assert meta.issuer == "北京市人民政府"


def test_the_order_that_first_issued_an_amended_rule_is_kept_as_a_note():
    parsed = parse_plan(_AMENDED_RULE, filename="rule.txt")

    assert parsed.metadata.first_order == "2002年4月11日北京市人民政府第93号令公布"
    assert any(
        "最初公布：2002年4月11日北京市人民政府第93号令公布" in note for note in parsed.warnings
    )


def test_a_rule_amended_once_over_wrapped_lines_takes_the_amending_order():
    text = (
        "北京市实施行政处罚程序若干规定\n"
        "(1996 年 9 月 23 日北京市人民政府第 15 号令发布 根据\n"
        "2018 年 2 月 12 日北京市人民政府第 277 号令第一次修改)\n"
        "第一条 为贯彻实施《中华人民共和国行政处罚法》，制定本规定。\n"
        "第二条 本市各级行政机关实施行政处罚，应当遵守本规定。\n"
    )

    meta = metadata_of(text)

    assert (meta.issued, meta.doc_number) == (date(2018, 2, 12), "北京市人民政府第277号令")


def test_a_rule_never_amended_keeps_its_one_order_and_no_note():
    parsed = parse_plan(
        "北京市地震预警管理办法\n"
        "（2022 年 12 月 23 日北京市人民政府第 307 号令公布 自 2023 年 3 月 1 日起施行）\n"
        "第一条 为了规范地震预警活动，制定本办法。\n",
        filename="rule.txt",
    )

    assert (parsed.metadata.issued, parsed.metadata.doc_number) == (
        date(2022, 12, 23),
        "北京市人民政府第307号令",
    )
    assert parsed.metadata.first_order == ""
