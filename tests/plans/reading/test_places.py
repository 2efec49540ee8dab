"""Where a document belongs when its title names no place: a 文号's sign, a report's year line, a
Party committee's city; a local committee's sign is no national one.

Pure: no database.
"""

from __future__ import annotations

from tests.plans.reading.excerpts import PARTY_PROPOSAL, metadata_of


def test_a_place_printed_after_the_reports_year_places_it():
    text = "2021年深圳市社会性别统计报告\n1 人口特征\n全市常住人口。\n"

    meta = metadata_of(text)

    assert (meta.jurisdiction, meta.level, meta.above) == ("深圳市", "prefecture", ["广东省"])


def test_a_provinces_sign_in_the_doc_number_places_a_notice_that_names_no_place():
    text = "沪建房管联〔2021〕476号\n关于加强住房赠与管理的通知\n各区住房保障房屋管理局：\n"
    text += "一、自即日起执行。\n"

    meta = metadata_of(text)

    assert (meta.jurisdiction, meta.level) == ("上海市", "province")
    assert meta.provenance["jurisdiction"] == "guessed"


def test_a_local_committees_sign_is_not_taken_for_a_national_one():
    text = (
        "长金管委〔2022〕3号\n关于优化住房公积金业务政策和流程的通知\n各有关单位：\n一、贷款政策\n"
    )

    assert metadata_of(text).level != "national"


def test_a_party_committee_places_its_document_where_its_city_is():
    meta = metadata_of(PARTY_PROPOSAL)
    assert (meta.jurisdiction, meta.level) == ("郑州市", "prefecture")
    assert meta.above == ["河南省"]
