from __future__ import annotations

import pytest

from plans.lib.quoting import excerpt, quote


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("提升综合监管能力", "“提升综合监管能力”"),
        ("建成生态环境业务应用“大系统”", "“建成生态环境业务应用‘大系统’”"),
        ("深化“双随机、一公开”和“互联网+监管”", "“深化‘双随机、一公开’和‘互联网+监管’”"),
        ("", "“”"),
    ],
)
def test_it_quotes_in_double_marks_and_turns_the_texts_own_quotes_single(text, expected):
    assert quote(text) == expected


def test_a_long_quote_is_cut_around_the_words_it_was_quoted_for():
    text = "甲" * 150 + "一网统管" + "乙" * 100
    cut = excerpt(text, ("一网统管",))
    assert len(cut) == 120 and "一网统管" + "乙" * 10 + "…" in cut
    assert cut.startswith("…") and cut.endswith("…")
    assert excerpt(text) == text[:119] + "…"  # no words: from the start, as before
    early = "数据共享" + "丙" * 200
    assert excerpt(early, ("数据共享",)) == early[:119] + "…"  # seen already: as before
    assert excerpt("短句", ("短句",)) == "短句"
    tail = excerpt("丙" * 200 + "数据共享。", ("数据共享",))
    assert len(tail) == 120 and tail.endswith("数据共享。") and tail.startswith("…")
