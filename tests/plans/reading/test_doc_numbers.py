"""Reading a document's 文号: spaced from its year, from a panel's cells, from an order number.

Pure: no database.
"""

from __future__ import annotations

from datetime import date

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
