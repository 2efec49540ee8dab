from __future__ import annotations

import pytest

from compare.lib.textdiff import DELETE, EQUAL, INSERT, diff_words


def _ops(diff):
    return [(s.op, s.text) for s in diff.spans]


@pytest.mark.parametrize(
    ("base", "other", "expected"),
    [
        ("建设政务云", "建设全省政务云", [(EQUAL, "建设"), (INSERT, "全省"), (EQUAL, "政务云")]),
        ("建设全省政务云", "建设政务云", [(EQUAL, "建设"), (DELETE, "全省"), (EQUAL, "政务云")]),
        (
            "升级电子政务外网",
            "升级电子政务内网",
            [(EQUAL, "升级"), (DELETE, "电子政务外网"), (INSERT, "电子政务内网")],
        ),
        ("推进一网通办。", "推进一网通办。", [(EQUAL, "推进一网通办。")]),
    ],
)
def test_it_marks_inserted_and_deleted_words(base, other, expected):
    assert _ops(diff_words(base, other)) == expected


def test_domain_terms_change_as_whole_words_not_characters():
    diff = diff_words("建设数据共享交换平台", "建设数据开放平台")
    assert (DELETE, "数据共享交换平台") in _ops(diff) or (DELETE, "共享交换") in _ops(diff)
    assert all(len(s.text) > 1 for s in diff.spans)


def test_traditional_text_is_compared_simplified_and_shown_in_its_own_script():
    diff = diff_words(
        "建设统一政务云平台",
        "建設統一電子政務外網雲平臺",
        other_simplified="建设统一电子政务外网云平台",
    )
    assert diff.spans[0] == type(diff.spans[0])("建設統一", EQUAL)
    shown = "".join(s.text for s in diff.spans if s.op != DELETE)
    assert shown == "建設統一電子政務外網雲平臺"


def test_identical_texts_do_not_differ_and_score_one():
    diff = diff_words("加强统筹协调。", "加强统筹协调。")
    assert not diff.differs and diff.similarity == 1.0


def test_empty_texts_are_fine():
    assert diff_words("", "").spans == []
    assert _ops(diff_words("", "新增内容")) == [(INSERT, "新增内容")]
