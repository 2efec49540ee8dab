"""Shared and distinct marks: each cell keeps its own text, marked against the row's others."""

from __future__ import annotations

import pytest

from compare.lib.marking import DISTINCT, NUMBER, SHARED, MarkText, common_in, mark_row
from plans.lib.tokenizing import tokenize


def _text(original: str, simplified: str | None = None) -> MarkText:
    simplified = simplified if simplified is not None else original
    return MarkText(original, simplified, tokenize(simplified))


def _marked(pieces, mark: str) -> list[str]:
    """The stretches carrying ``mark`` (neighbouring pieces may carry other marks too)."""
    stretches, previous = [], False
    for piece in pieces:
        if mark in piece.marks:
            if previous:
                stretches[-1] += piece.text
            else:
                stretches.append(piece.text)
        previous = mark in piece.marks
    return stretches


def _never(term: str) -> bool:
    return False


Y = "建设全省统一的政务云平台，省级部门非涉密系统上云率达到90%。"
W = "依托全省统一的政务云平台，推进县级部门系统迁移上云，上云率达到80%以上。"


def test_each_cell_keeps_exactly_its_own_text():
    marked = mark_row([[_text(Y)], [_text(W)]], formula=_never)
    assert "".join(p.text for p in marked[0][0]) == Y
    assert "".join(p.text for p in marked[1][0]) == W


def test_passages_both_texts_contain_are_marked_shared_in_each():
    marked = mark_row([[_text(Y)], [_text(W)]], formula=_never)
    assert "全省统一的政务云平台" in _marked(marked[0][0], SHARED)
    assert "全省统一的政务云平台" in _marked(marked[1][0], SHARED)


def test_shared_passages_are_found_in_any_order_and_across_punctuation():
    left = "加强网络安全保障。推进数据共享开放，完善一体化政务服务平台。"
    right = "完善一体化政务服务平台，推进数据共享、开放。"
    marked = mark_row([[_text(left)], [_text(right)]], formula=_never)
    shared = _marked(marked[1][0], SHARED)
    assert "完善一体化政务服务平台" in shared
    assert "推进数据共享、开放" in shared


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        (Y, ["90%"]),
        (W, ["80%"]),
        (
            "到2025年，建成100个应用场景，覆盖率提高5个百分点，投入1.5亿",
            ["100", "5个百分点", "1.5亿"],
        ),
        ("１．建成９５％的上云率", ["95%"]),
        ("推进5G网络和IPv6改造，建成3个4K频道", ["3"]),
    ],
)
def test_figures_are_marked_but_years_and_list_numbers_are_not(text, figures):
    marked = mark_row([[_text(text)], [_text("无关的内容")]], formula=_never)
    found = _marked(marked[0][0], NUMBER)
    assert [f.replace("９５％", "95%") for f in found] == figures


def test_terms_no_other_cell_has_are_marked_distinct_and_shared_ones_are_not():
    marked = mark_row([[_text(Y)], [_text(W)]], formula=_never)
    distinct = _marked(marked[1][0], DISTINCT)
    assert any("迁移" in d for d in distinct)
    assert not any("政务云" in d for d in distinct)


def test_formula_every_plan_uses_is_neither_shared_nor_distinct():
    left = "加快推进，建设一批智慧应用。"
    right = "加快推进，建设统一物流枢纽。"
    plain = mark_row([[_text(left)], [_text(right)]], formula=_never)
    assert "加快推进" in "".join(_marked(plain[1][0], SHARED))
    formula = {"加快", "推进", "建设", "加快推进"}.__contains__
    marked = mark_row([[_text(left)], [_text(right)]], formula=formula)
    assert not any("加快推进" in s for s in _marked(marked[1][0], SHARED))
    assert not any("建设" in d for d in _marked(marked[1][0], DISTINCT))


def test_traditional_text_is_matched_simplified_and_shown_in_its_own_script():
    hunan = "推進全省統一政務雲平臺建設，上雲率超過90%"
    marked = mark_row(
        [[_text(Y)], [_text(hunan, "推进全省统一政务云平台建设，上云率超过90%")]], formula=_never
    )
    pieces = marked[1][0]
    assert "".join(p.text for p in pieces) == hunan
    assert "統一政務雲平臺" in "".join(_marked(pieces, SHARED))
    assert _marked(pieces, NUMBER) == ["90%"]


def test_marks_follow_the_original_when_simplifying_changed_the_length():
    marked = mark_row(
        [[_text("全省统一政务云平台")], [_text("xx全省統一政務雲平臺", "全省统一政务云平台")]],
        formula=_never,
    )
    pieces = marked[1][0]
    assert "".join(p.text for p in pieces) == "xx全省統一政務雲平臺"
    assert _marked(pieces, SHARED) == ["全省統一政務雲平臺"]


def test_a_text_alone_in_its_row_has_only_its_figures_marked():
    marked = mark_row([[_text(Y)], []], formula=_never)
    marks = set().union(*(p.marks for p in marked[0][0]))
    assert marks == {NUMBER}


def test_texts_of_the_same_plan_are_not_compared_with_each_other():
    marked = mark_row([[_text(Y), _text(Y)], [_text("无关的内容")]], formula=_never)
    assert not _marked(marked[0][0], SHARED)


CATALOGUE = {"重点": 70, "全面": 120, "实现": 200, "政务": 300, "全面实现": 3, "政务云": 24}


@pytest.mark.parametrize(
    ("term", "common"),
    [
        ("重点", True),  # in more than 1 in 20 sections
        ("全面实现", True),  # rare as one token, made of two common words
        ("政务云", False),  # 云 is no common word's
        ("容灾", False),
    ],
)
def test_a_term_is_common_when_the_catalogue_uses_it_or_all_its_words_widely(term, common):
    assert common_in(CATALOGUE, 800)(term) is common


def test_terms_common_across_the_catalogue_are_not_marked_as_a_cells_own():
    texts = [[_text("重点，全面实现，政务云容灾。")], [_text("推进县级部门系统迁移。")]]
    plain = _marked(mark_row(texts, formula=_never)[0][0], DISTINCT)
    weighed = _marked(
        mark_row(texts, formula=_never, common=common_in(CATALOGUE, 800))[0][0], DISTINCT
    )
    assert {"重点", "全面实现"} <= set(plain)
    assert not {"重点", "全面实现"} & set(weighed) and "政务云" in "".join(weighed)


@pytest.mark.parametrize(
    "text", ["网络带宽升级至40G（可平滑演进到100G）", "建成2.5G链路和10GE端口"]
)
def test_a_figure_written_with_a_unit_letter_is_never_cut_to_its_first_digits(text):
    # 5G and 4K are names, not figures; 40G must not become a boxed 4 followed by 0G.
    marked = mark_row([[_text(text)], [_text("无关的内容")]], formula=_never)
    assert _marked(marked[0][0], NUMBER) == []
