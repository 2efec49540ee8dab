"""Shapes first met in the third fresh corpus (tests/data/fresh-corpus-3), each from a few lines
written after a real document: scans' text layers, places named only by a 文号's sign or a year,
titles printed over several lines, 印发 lines, report chapters.

Pure: no database.
"""

from __future__ import annotations

from datetime import date

from plans.parsing import parse_plan

_FULL = "为进一步严格执行住房限购政策，现就加强住房赠与管理有关"


def _meta(text: str, filename: str = "notice.txt"):
    return parse_plan(text, filename=filename).metadata


def test_a_date_under_signatories_that_fill_the_line_is_not_run_on_into_them():
    # A PDF's text, broken at the page width: the signature line is as wide as a full line.
    body = "".join(f"{_FULL}\n事项通知如下。\n" for _ in range(6))
    text = (
        "沪建房管联〔2021〕476 号\n关于加强住房赠与管理的通知\n各区住房保障房屋管理局：\n"
        + body
        + "市住房城乡建设管理委 市房屋管理局 市自然资源确权登记局\n"
        "2021 年 7 月 23 日\n"
    )

    assert _meta(text).issued == date(2021, 7, 23)


def test_a_doc_number_spaced_from_its_year_is_read():
    text = (
        "长金管委 〔2022〕3号\n关于优化住房公积金业务政策和流程的通知\n各有关单位：\n一、贷款政策\n"
    )

    assert _meta(text).doc_number == "长金管委〔2022〕3号"


def test_a_place_printed_after_the_reports_year_places_it():
    text = "2021年深圳市社会性别统计报告\n1 人口特征\n全市常住人口。\n"

    meta = _meta(text)

    assert (meta.jurisdiction, meta.level, meta.above) == ("深圳市", "prefecture", ["广东省"])


def test_a_provinces_sign_in_the_doc_number_places_a_notice_that_names_no_place():
    text = "沪建房管联〔2021〕476号\n关于加强住房赠与管理的通知\n各区住房保障房屋管理局：\n"
    text += "一、自即日起执行。\n"

    meta = _meta(text)

    assert (meta.jurisdiction, meta.level) == ("上海市", "province")
    assert meta.provenance["jurisdiction"] == "guessed"


def test_a_local_committees_sign_is_not_taken_for_a_national_one():
    text = (
        "长金管委〔2022〕3号\n关于优化住房公积金业务政策和流程的通知\n各有关单位：\n一、贷款政策\n"
    )

    assert _meta(text).level != "national"
