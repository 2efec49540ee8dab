"""From bytes to text: encodings, line breaks and spaces, and input refused with a message naming
the file."""

from __future__ import annotations

import pytest

from plans.parsing import (
    Flag,
    PlanParseError,
    parse_plan,
)
from tests.plans.parsing.support import (
    HN,
    JS,
    PLAN,
    PLAN_TREE,
    SEEDS,
    Y22,
    Y23,
    assert_well_formed,
    outline,
    parsed_seed,
)

TRADITIONAL = """某某市數字政府建設規劃

一、總體要求
（一）指導思想
堅持以人民為中心，推進數字政府建設。
（二）主要目標
1.建設統一平臺。全面建設統一平臺，實現互聯互通。
2.強化安全保障。加強網絡安全。
二、保障措施
加強組織領導，落實責任。
"""


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PLAN.encode("gb18030"), "gb18030"),
        (PLAN.encode("gbk"), "gb18030"),
        (PLAN.encode("utf-16"), "utf-16"),
        (PLAN.encode("utf-8-sig"), "utf-8-sig"),
        (PLAN.encode("utf-8"), "utf-8"),
    ],
)
def test_it_detects_the_encoding_of_simplified_text(data, encoding):
    plan = parse_plan(data, filename="plan.txt")
    assert plan.encoding == encoding
    assert plan.metadata.title == "某某市数字政府建设规划"
    assert outline(plan) == PLAN_TREE
    assert_well_formed(plan)


def test_it_decodes_big5_and_marks_the_text_traditional():
    plan = parse_plan(TRADITIONAL.encode("big5"), filename="big5.txt")
    assert (plan.encoding, plan.script) == ("big5", "traditional")
    assert plan.metadata.title == "某某市數字政府建設規劃"
    assert [s.title for s in plan.sections][:2] == ["總體要求", "指導思想"]
    assert not any(Flag.MOJIBAKE in s.flags for s in plan.sections)
    assert_well_formed(plan)


def test_crlf_and_full_width_spaces_stay_in_the_text_but_not_in_titles():
    text = PLAN.replace("\n", "\r\n").replace("一、", "\u3000\u3000一、").replace("二、", "二、 ")
    plan = parse_plan(text.encode(), filename="crlf.txt")
    assert plan.text == text
    assert outline(plan) == PLAN_TREE
    assert not any(ch in s.title + s.body for s in plan.sections for ch in "\r\u3000")
    assert_well_formed(plan)


def test_a_heading_indented_with_em_spaces_is_a_heading():
    text = (
        "来安县若干措施\n"
        "\u2003\u2003一、放宽首套房认定标准\n\u2003\u2003（一）对自建房不计入首套房。\n"
        "\u2003\u2003二、优化住房公积金使用政策\n\u2003\u2003（二）缴存人连续缴存即可申请。\n"
    )
    sections = parse_plan(text).sections
    chapters = [s.label for s in sections if s.depth == 0 and s.label]
    assert chapters == ["一、", "二、"]


@pytest.mark.parametrize("name", [Y22, HN, Y23, JS])
@pytest.mark.parametrize("line_break", ["\r", "\u2029"], ids=["old-mac-cr", "paragraph-separator"])
def test_a_document_with_other_line_breaks_parses_like_its_original(name, line_break):
    original = (SEEDS / name).read_text(encoding="utf-8")
    text = original.replace("\r\n", "\n").replace("\n", line_break)

    plan, reference = parse_plan(text.encode(), filename=name), parsed_seed(name)

    assert plan.text == text and plan.metadata == reference.metadata
    assert [(s.label, s.title, s.body) for s in plan.sections] == [
        (s.label, s.title, s.body) for s in reference.sections
    ]
    assert_well_formed(plan)


@pytest.mark.parametrize(
    ("data", "max_bytes", "message"),
    [
        (b"", None, r"bad\.txt：文件是空的"),
        (" \r\n\u3000\n".encode(), None, r"bad\.txt：文件是空的"),
        (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x01" * 20,
            None,
            r"bad\.txt：这个 PDF 文件已损坏或不完整",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            None,
            r"bad\.txt：.*另存为 \.docx",
        ),
        (b"PK\x03\x04" + b"\x00" * 600, None, r"bad\.txt：这是 ZIP 压缩包"),
        (bytes(range(1, 9)) * 200, None, r"bad\.txt：这是二进制文件"),
        (b"\xc3\x28\x81\x82\xa0\xa1" * 100, None, r"bad\.txt：它不是 UTF-8、GB18030/GBK 或 Big5"),
        ("一、总体要求\n".encode() * 100, 1000, r"bad\.txt：.*超过上限 1,000 字节"),
        ("一、总体要求\n".encode() * 100, 999_999, None),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_file(data, max_bytes, message):
    if message is None:
        assert parse_plan(data, filename="bad.txt", max_bytes=max_bytes).sections
        return
    with pytest.raises(PlanParseError, match=message):
        parse_plan(data, filename="bad.txt", max_bytes=max_bytes)
