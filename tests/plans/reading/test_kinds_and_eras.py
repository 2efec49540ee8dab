"""What kind of document a text is, and its planning period: a draft for comments is no opinion;
no kind is guessed from an issuer's name, and a notice about a plan is no plan.

Pure: no database.
"""

from __future__ import annotations

import pytest

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


def test_a_kind_word_in_the_issuers_name_is_not_the_documents_kind():
    meta = metadata_of(
        "北京市规划和自然资源委员会关于加强临时用地管理的若干措施\n" + PARTS + "2026年7月9日\n"
    )

    # Its own last words say what it is; 规划 in the issuer's name says nothing.
    assert (meta.kind, meta.era) == ("measures", "")


@pytest.mark.parametrize(
    "title",
    [
        "巴中市恩阳区进一步扎实稳住经济增长若干政策措施",
        "宿州市进一步促进房地产市场平稳健康发展若干措施",
        "关于支持数字经济高质量发展的十条措施",
    ],
)
def test_a_document_of_measures_is_read_as_measures_not_a_plan(title):
    meta = metadata_of(title + "\n" + PARTS)

    assert (meta.kind, meta.provenance.get("kind")) == ("measures", "read")


def test_a_notice_about_a_plan_is_no_plan_and_gets_no_era_from_its_date():
    meta = metadata_of(
        "北京市人民政府办公厅关于做好国土空间规划编制工作的通知\n"
        "各区人民政府：\n现就有关事项通知如下。\n" + PARTS + "北京市人民政府办公厅\n2026年7月9日\n"
    )

    assert (meta.kind, meta.era, meta.start_year) == ("", "", None)


def test_a_question_and_answer_or_drafting_note_on_a_rule_is_an_interpretation_not_the_rule():
    # Interpretations are kept apart from the plans and measures they explain.
    for title in (
        "《上海市高中阶段学校招生录取改革实施办法》问答",
        "《北京市商品房预售资金监督管理办法》起草说明",
        "关于《北京市地名管理办法》的答记者问",
    ):
        assert metadata_of(title + "\n" + PARTS).kind == "interpretation", title
