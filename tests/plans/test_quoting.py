from __future__ import annotations

import pytest

from plans.lib.quoting import quote


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
