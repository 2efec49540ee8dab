"""What kind of document a text is: a draft for comments is no opinion.

Pure: no database.
"""

from __future__ import annotations

from tests.plans.reading.excerpts import PARTS, metadata_of


def test_a_consultation_draft_is_not_taken_for_an_opinion():
    meta = metadata_of("关于提取住房公积金支付首付款的通知（征求意见稿）\n一、总体要求\n坚持。\n")

    assert meta.kind != "opinion"


def test_a_call_for_comments_on_a_draft_is_no_opinion():
    meta = metadata_of(
        "贵阳市住房公积金管理中心关于《住房公积金服务贵安新区的十条措施（征求意见稿）》"
        "公开征求意见的公告\n" + PARTS
    )
    assert meta.kind != "opinion"
    assert metadata_of(
        "关于公开征求《南昌市地下车位登记管理规定（征求意见稿）》意见的公告\n" + PARTS
    ).kind == ("measures")
