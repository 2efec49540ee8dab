"""The reason beside a coverage verdict says what decided it, and nothing that contradicts it."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import translation

from compare.coverage.covering import Row
from compare.exports.coverage import coverage_table
from compare.lib.coverage import COVERED, MISSING, PARTLY
from compare.lib.coverage.model import CoverSection, Evidence, Item

SECTION = CoverSection(1, None, 0, 1, "section", "（二）", "大力推行智慧监管", "")


def _row(status: str, evidence: Evidence) -> Row:
    item = Item(SECTION, None, 0, status, "linked", terms=("市场监管", "智慧监管"))
    lower = SimpleNamespace(heading="第五节 强化公平公正的智慧监管体系")
    return Row(item=item, section=None, counterparts=[], evidence=[(lower, evidence)])


def _evidence(**said) -> Evidence:
    return Evidence(5, ("市场监管",), ("智慧监管",), sentence="深化“双随机、一公开”", **said)


def test_a_covered_item_names_its_unwritten_terms_without_saying_they_are_missing():
    reason = _row(COVERED, _evidence(score=0.83)).reason
    assert "未写到的关键词：智慧监管" in reason
    assert "缺少" not in reason


def test_a_partly_covered_item_says_what_is_missing():
    assert "缺少：智慧监管" in _row(PARTLY, _evidence(score=0.4)).reason


def test_the_sentence_similarity_is_said_to_pick_the_quote_not_the_verdict():
    for status in (COVERED, PARTLY):
        reason = _row(status, _evidence(score=0.8, said=0.72, takes_up=True)).reason
        assert reason.endswith("所引句子按逐句语义相似度（0.72）选出，不作为判断依据")
        assert "所引句子与本条所说相近" not in reason


def test_a_quote_that_does_not_take_the_item_up_gives_no_similarity():
    assert "逐句语义相似度" not in _row(COVERED, _evidence(score=0.8, said=0.4)).reason


def test_an_english_reason_is_one_sentence_of_clauses_joined_by_semicolons():
    with translation.override("en"):
        reason = _row(PARTLY, _evidence(score=None)).reason
    assert "；" not in reason
    assert "; missing: 智慧监管; found by full-text search" in reason
    assert reason.startswith("Key terms 市场监管 found in")


def test_a_passing_mention_in_a_plan_issued_first_is_not_called_unimplemented():
    passing = Evidence(5, ("智慧监管",), (), telling=False)
    item = Item(SECTION, None, 0, MISSING, "passing", terms=("智慧监管",), passing=passing)
    lower = SimpleNamespace(heading="（三）发展目标")
    row = Row(item=item, section=None, counterparts=[], sections_by_id={5: lower})
    assert "不算落实" in row.reason
    row.came_first = True
    assert "不算已有" in row.reason and "落实" not in row.reason


def test_a_passing_mention_names_the_section_to_check_and_other_items_none():
    passing = Evidence(5, ("智慧监管",), (), telling=False)
    lower = SimpleNamespace(heading="（三）发展目标")
    item = Item(SECTION, None, 0, MISSING, "passing", terms=("智慧监管",), passing=passing)
    assert Row(item, None, [], sections_by_id={5: lower}).passing_section is lower
    assert _row(PARTLY, _evidence(score=0.4)).passing_section is None


def test_a_link_below_the_band_that_quotes_the_whole_object_says_both():
    row = _row(COVERED, _evidence(score=0.66, whole=True))
    row.item.why = "quoted"
    assert "对应度 0.66 未到很可能对应，但其中一句写全了本条关键词" in row.reason


def test_an_item_covered_by_a_sentence_says_so_and_not_that_the_sentence_decides_nothing():
    row = _row(COVERED, _evidence(score=None, said=0.67, takes_up=True, whole=True))
    row.item.why = "sentence"
    reason = row.reason
    assert "其中一句写全了本条关键词，且说的正是本条（逐句语义相似度 0.67）" in reason
    assert "不作为判断依据" not in reason
    assert reason.endswith("全文查找所得，未经对齐，请核对")


def test_the_exports_name_a_verdict_carried_by_a_sentence():
    row = _row(COVERED, _evidence(score=None, said=0.67, takes_up=True, whole=True))
    row.item.why = "sentence"
    row.section = SimpleNamespace(heading="（七） 提升行政监督水平")
    report = SimpleNamespace(rows=[row], targets=[], additions=[], details=[], background_rows=[])
    assert coverage_table(report)[1][2] == "整句写到"


def test_a_counterpart_naming_what_the_item_lists_names_those_things_and_only_then():
    named = _evidence(score=0.81, objects=("统一身份认证", "电子证照"))
    row = _row(COVERED, named)
    row.item.why = "named"
    assert "写到本条正文所列的：统一身份认证、电子证照" in row.reason
    assert "写到本条正文所列的" not in _row(COVERED, named).reason  # carried by its terms


def test_the_reason_speaks_of_the_section_deciding_not_the_one_holding_the_quote():
    held = Evidence(
        6, ("市场监管",), ("智慧监管",), sentence="深化“双随机、一公开”", holds_quote=True
    )
    row = _row(COVERED, _evidence(score=0.83))
    row.evidence.insert(0, (SimpleNamespace(heading="推进“互联网+”监管发展"), held))
    assert "见于「第五节 强化公平公正的智慧监管体系」" in row.reason
    assert "全文查找所得" not in row.reason


def test_a_covered_item_whose_counterpart_lacks_its_words_is_not_called_weakly_linked():
    # 旺苍's 1.电子政务外网 for 提升网络平台支撑能力: its text is alike (content 0.46), without
    # the word 网络平台.
    without = Evidence(5, (), ("市场监管", "智慧监管"), score=0.86, content=0.46, shared=("外网",))
    assert _row(COVERED, without).reason.startswith(
        "对应「第五节 强化公平公正的智慧监管体系」，其正文不含本条关键词原词"
    )
    assert "对应较弱" not in _row(COVERED, without).reason
    assert "对应较弱" in _row(PARTLY, without).reason


def test_targets_carried_by_tasks_say_taken_up_or_already_had_by_the_dates():
    item = Item(SECTION, None, 0, PARTLY, "tasks", terms=())
    row = Row(item=item, section=None, counterparts=[], evidence=[])
    assert "它落实了上级规划的部分任务" in row.reason
    row.came_first = True
    assert "它已有上级规划的部分任务" in row.reason and "落实" not in row.reason
