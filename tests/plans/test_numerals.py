"""Chinese numerals: one reader and one writer for headings, dates and Word's numbering. Pure."""

from __future__ import annotations

import pytest

from plans.parsing import parse_plan
from plans.parsing.numerals import read_numeral, write_digits, write_numeral


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("十九", 19),
        ("二十", 20),
        ("二十一", 21),
        ("九十九", 99),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百十", 110),
        ("两", 2),
        ("两百", 200),
        ("〇", 0),
        ("零", 0),
        ("二〇二一", 2021),
        ("二○二三", 2023),
        ("二零二二", 2022),
        ("21", 21),
        ("２１", 21),
        ("１０５", 105),
    ],
)
def test_it_reads_a_numeral(text, value):
    assert read_numeral(text) == value


@pytest.mark.parametrize("text", ["", "章", "十百", "二三十", "零十", "第一", "1a"])
def test_it_reads_no_number_where_there_is_none(text):
    assert read_numeral(text) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [(1, "一"), (10, "十"), (19, "十九"), (20, "二十"), (21, "二十一"), (99, "九十九")]
    + [(100, "一百"), (105, "一百零五"), (110, "一百一十"), (999, "九百九十九")],
)
def test_it_writes_what_it_reads(value, text):
    assert write_numeral(value) == text
    assert read_numeral(text) == value


def test_it_writes_digit_by_digit_as_dates_do():
    assert write_digits(2021) == "二〇二一" and read_numeral(write_digits(2021)) == 2021


def test_it_refuses_to_write_what_a_heading_never_numbers():
    with pytest.raises(ValueError, match="0 to 999"):
        write_numeral(1000)


@pytest.mark.parametrize(
    ("chapter", "implied"),
    [
        ("第二章", "第一章"),
        ("第十一章", "第十章"),
        ("第二十一章", "第二十章"),
        ("第21章", "第20章"),
    ],
)
def test_sections_before_the_first_chapter_get_the_chapter_before_it(chapter, implied):
    text = (
        "某市数字政府建设规划\n\n"
        "第一节 发展基础\n\n近年来，全市数字政府建设取得积极进展，政务服务能力明显提升。\n\n"
        "第二节 面临形势\n\n数字化转型对政府治理提出了新的更高要求，需要统筹推进。\n\n"
        f"{chapter} 主要任务\n\n"
        "第一节 建设政务云\n\n统筹建设全市政务云平台，推动部门系统迁移上云。\n"
    )
    sections = parse_plan(text.encode(), filename="plan.txt").sections
    first = sections[0]
    assert first.implied and first.label == implied
    assert [s.label for s in sections if s.depth == 0] == [implied, chapter]
