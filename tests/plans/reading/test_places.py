"""Where a document belongs when its title names no place: a 文号's sign, a report's year line, a
Party committee's city; a local committee's sign is no national one.

Pure: no database.
"""

from __future__ import annotations

import pytest

from plans.parsing import GUESSED
from tests.plans.reading.excerpts import PARTY_PROPOSAL, county_page, metadata_of


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


def test_a_page_that_names_no_place_is_placed_where_the_government_of_its_site_sits():
    meta = metadata_of(county_page(), filename="page.html")

    assert (meta.jurisdiction, meta.level, meta.above) == ("成安县", "county", ["河北省", "邯郸市"])
    assert meta.provenance["jurisdiction"] == GUESSED  # the site's, not the document's word


def test_a_footers_copyright_names_the_sites_government_when_its_head_does_not():
    page = county_page(
        head="政府信息公开", footer="成安县人民政府版权所有\u3000成安县经济信息中心制作维护"
    )

    assert metadata_of(page, filename="page.html").jurisdiction == "成安县"


def test_a_page_whose_title_names_its_place_is_not_moved_to_its_sites_government():
    page = county_page(title="邯郸市关于支持房地产业良性循环和健康发展的十条政策措施")

    assert metadata_of(page, filename="page.html").jurisdiction == "邯郸市"


_FUND_CENTRE_RULES = (
    "广州住房公积金管理中心关于印发广州住房公积金个人住房贷款实施办法的通知\n"
    "各有关单位：\n现将修订后的《广州住房公积金个人住房贷款实施办法》印发给你们，请遵照执行。\n"
    "广州住房公积金管理中心\n2026年6月8日\n"
    "第一章 总则\n第一条 为规范住房公积金个人住房贷款管理，制定本办法。\n"
)


def test_a_body_named_after_its_city_without_the_city_suffix_places_the_document_there():
    meta = metadata_of(_FUND_CENTRE_RULES)

    assert (meta.jurisdiction, meta.level, meta.above) == ("广州市", "prefecture", ["广东省"])
    assert meta.provenance["jurisdiction"] == GUESSED


@pytest.mark.parametrize(
    "issuer",
    [
        "中山大学",  # 中山 is a city, and 中山区 a district elsewhere: a word, not a place
        "大庆精神研究会",  # no body's name follows the city's
    ],
)
def test_a_word_that_opens_like_a_city_without_its_suffix_places_nothing(issuer):
    text = _FUND_CENTRE_RULES.replace("广州住房公积金管理中心", issuer)

    assert metadata_of(text).jurisdiction == ""


# A 领导小组办公室 signing under its city: the word after the city (房地产市场) is no division.
_OFFICE_SIGNED = (
    "关于进一步优化房地产市场调控措施的通知\n各区、县（市）人民政府：\n"
    "一、优化住房限购措施。\n二、本通知自印发之日起施行。\n"
    "杭州市房地产市场平稳健康发展领导小组办公室\n2024年3月14日\n"
)


def test_a_signature_under_a_city_is_placed_at_the_city_not_cut_at_a_later_shi():
    meta = metadata_of(_OFFICE_SIGNED)

    assert (meta.jurisdiction, meta.level, meta.above) == ("杭州市", "prefecture", ["浙江省"])


def test_a_place_the_gazetteer_does_not_hold_gives_way_to_the_doc_numbers_province():
    # OCR read 北京市 as 北泵市 in the title; the 文号's sign 京 names the province.
    text = (
        "北泵市人力资源和社会保障局关于启用电子职称证书的通知\n京人社事业发〔2021〕2号\n"
        "各区人力资源和社会保障局：\n一、电子证书范围\n自2020年度起启用电子证书。\n"
    )

    meta = metadata_of(text)

    assert (meta.jurisdiction, meta.level) == ("北京市", "province")


# Explainers that print no issuer: their place is the explained document's, inside 《》, or the
# one a slogan in “” is printed before.
@pytest.mark.parametrize(
    ("title", "place", "level", "above"),
    [
        (
            "“好年华 聚福州”长乐区人才购房补贴的实施细则（试行）",
            "长乐区",
            "county",
            ["福建省", "福州市"],
        ),
        ("《沈阳市物业服务企业信用信息管理办法》政策图文解读", "沈阳市", "prefecture", ["辽宁省"]),
        (
            "关于《沈阳市城镇房屋安全管理三项制度工作方案》的图文解读",
            "沈阳市",
            "prefecture",
            ["辽宁省"],
        ),
        ("《上海市高中阶段学校招生录取改革实施办法》问答", "上海市", "province", []),
        ("关于《北京市商品房预售资金监督管理办法》的起草说明", "北京市", "province", []),
    ],
)
def test_an_unsigned_explainer_is_placed_by_the_place_its_title_quotes(title, place, level, above):
    meta = metadata_of(f"{title}\n一、制定背景\n为规范管理，制定本办法。\n")

    assert (meta.jurisdiction, meta.level, meta.above) == (place, level, above)
    assert meta.provenance["jurisdiction"] == GUESSED


@pytest.mark.parametrize(
    "title",
    [
        # A document that carries out another place's rule is not that place's.
        "关于贯彻落实《上海市高中阶段学校招生录取改革实施办法》的通知",
        # A quoted name not followed by a place: nothing to place by.
        "“十四五”时期人才购房补贴的实施细则",
    ],
)
def test_a_quoted_name_that_is_not_the_documents_own_subject_places_nothing(title):
    meta = metadata_of(f"{title}\n一、制定背景\n为规范管理，制定本办法。\n")

    assert meta.jurisdiction == ""


def test_an_unsigned_reading_whose_title_names_no_place_is_placed_in_the_one_city_it_names():
    # 南京's 解读 (a Word file): no signature, a title that names no place, the city in the text.
    reading = (
        "《关于进一步优化无房家庭购房工作通知》政策解读\n"
        "一、出台背景\n为满足居民合理住房需求，结合江苏省有关要求制定本通知。\n"
        "二、主要内容\n南京户籍无房家庭可购买一套商品住房，通过“我的南京”查询。\n"
    )
    meta = metadata_of(reading, "reading.docx.txt")
    assert (meta.jurisdiction, meta.level, meta.above) == ("南京市", "prefecture", ["江苏省"])
    assert meta.provenance["jurisdiction"] == "guessed"


def test_an_unsigned_table_is_placed_in_the_one_province_level_place_it_names():
    table = (
        "附件\n某部门行政处罚裁量基准表\n"
        "一、价格领域\n违反《北京市价格管理规定》第十条的，处警告。\n"
        "二、节能领域\n违反北京市节能监察办法的，责令改正。\n"
    )
    meta = metadata_of(table, "table.txt")
    assert (meta.jurisdiction, meta.level) == ("北京市", "province")


def test_an_unsigned_text_naming_two_places_stays_unplaced():
    reading = (
        "《关于进一步优化无房家庭购房工作通知》政策解读\n"
        "一、出台背景\n参照苏州、无锡的做法制定本通知。\n"
        "二、主要内容\n南京户籍无房家庭可购买一套商品住房。\n"
    )
    assert metadata_of(reading, "reading.txt").jurisdiction == ""


def test_a_city_the_text_only_mentions_does_not_place_a_report_spoken_for_another_place():
    # 天门's 政府工作报告 (a Word file): no title, no signature, 武汉都市圈 named in passing, its
    # own place written without 市 (天门市 is a county-level city directly under 湖北).
    report = (
        "各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n"
        "一、过去一年工作回顾\n全市经济稳中有进，天门主动融入武汉都市圈。\n"
        "天门高新区扩区，天门站开通，天门籍人才回归。\n"
        "成功创建省级创新型县市，入选“科创湖北”试点市。\n"
        "二、今年工作安排\n我市坚持工业强市，天门农业提质，天门城区更新。\n"
    )
    meta = metadata_of(report, "report.docx.txt")
    assert (meta.jurisdiction, meta.level, meta.above) == ("天门市", "county", ["湖北省"])
    assert meta.provenance["jurisdiction"] == "guessed"


def test_a_word_that_is_also_a_county_level_citys_short_name_places_nothing():
    # 合作 (cooperation) is also 甘肃's 合作市 written short; an explainer that says 本市 and 全市
    # names neither 甘肃 nor 甘南: no county-level city is meant. Twelve corpus texts of 北京, 天津,
    # 上海 and 重庆 name 合作 (or 津市, within 天津市) three times more than any place; only the
    # province they name kept them out of 甘肃 (or 湖南).
    reading = (
        "《关于促进科技成果转化的若干措施》政策解读\n"
        "一、出台背景\n为深化产学研合作，推动本市科技成果转化，制定本措施。\n"
        "二、主要内容\n支持高校院所与企业开展合作，全市建设概念验证中心，拓展国际合作。\n"
    )
    assert metadata_of(reading, "reading.txt").jurisdiction == ""


def test_a_news_agencys_dateline_does_not_place_the_document_it_reports():
    # The 革命文物 opinion as 新华社 printed it (shared corpus), less the line naming its
    # issuers: 北京 is named only where the agency files from.
    report = (
        "关于实施革命文物保护利用工程（2018－2022年）的意见\n"
        "新华社北京7月29日电\n"
        "一、总体要求\n（一）指导思想。以习近平新时代中国特色社会主义思想为指导，保护利用好革命文物。\n"
        "（二）主要目标。到2022年，革命文物资源家底基本摸清。\n"
    )
    assert metadata_of(report).jurisdiction == ""
