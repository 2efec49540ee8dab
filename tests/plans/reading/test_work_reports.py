"""A government work report, a speech: its date and place in the dateline under the title, the
government that speaks in its opening sentence (我代表市人民政府).

Pure: no database.
"""

from __future__ import annotations

import datetime

import pytest

from plans.parsing import GUESSED
from tests.plans.reading.excerpts import metadata_of

_OPENING = (
    "各位代表：\n现在，我代表{speaker}向大会报告工作，请予审议。\n"
    "一、2023年工作回顾\n全市经济稳中有进。\n"
)


@pytest.mark.parametrize(
    ("dateline", "speaker", "place", "above", "issuer"),
    [
        (
            "——2024年1月16日在亳州市第五届人民代表大会第三次会议上\n市人民政府市长 秦凤玉",
            "市人民政府",
            "亳州市",
            ["安徽省"],
            "亳州市人民政府",
        ),
        (
            "（2024年1月16日在黔东南州第十五届人民代表大会第四次会议上）\n州长  杨光杰",
            "州人民政府",
            "黔东南苗族侗族自治州",
            ["贵州省"],
            "黔东南苗族侗族自治州人民政府",
        ),
        (
            # 贵港: the dateline printed over two paragraphs.
            "——2024年1月16日在河池市第五届人民代表大会\n第五次会议上\n市长 王军",
            "河池市人民政府",
            "河池市",
            ["广西壮族自治区"],
            "河池市人民政府",
        ),
    ],
)
def test_a_work_reports_dateline_dates_and_places_it_and_its_opening_names_the_issuer(
    dateline, speaker, place, above, issuer
):
    text = f"政府工作报告\n{dateline}\n" + _OPENING.format(speaker=speaker)

    meta = metadata_of(text, "report.docx.txt")

    assert meta.issued == datetime.date(2024, 1, 16)
    assert (meta.jurisdiction, meta.above) == (place, above)
    assert meta.issuer == issuer


def test_an_undated_report_placed_by_a_guess_has_its_speaker_guessed_too():
    text = (
        _OPENING.format(speaker="市人民政府")
        + "天门高新区扩区，天门站开通，我市天门籍人才回归，入选“科创湖北”试点市。\n"
    )

    meta = metadata_of(text, "report.docx.txt")

    assert (meta.jurisdiction, meta.issuer) == ("天门市", "天门市人民政府")
    assert meta.provenance["issuer"] == GUESSED
    assert meta.issued is None


def test_a_date_in_a_sentence_about_a_congress_is_no_dateline():
    text = (
        "政府工作报告\n各位代表：\n一、2023年工作回顾\n"
        "会议强调，要落实2024年1月16日在亳州市第五届人民代表大会上的部署。\n"
    )

    assert metadata_of(text, "report.docx.txt").issued is None


# 杭州: no title line; the report opens with its dateline in （） and the mayor's line.
_HANGZHOU_HEAD = (
    "（2024年1月29日在杭州市第十四届人民代表大会第四次会议上）\n"
    "杭州市人民政府市长\xa0 姚高员\n各位代表：\n"
    "现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。\n"
    "一、2023年工作回顾\n2023年是杭州发展史上极不平凡的一年。\n"
)


def test_a_dateline_that_opens_the_text_is_no_title_and_its_occasion_names_the_report():
    meta = metadata_of(_HANGZHOU_HEAD, "report.docx.txt")

    assert meta.title == "政府工作报告"
    assert meta.provenance["title"] == GUESSED
    assert (meta.jurisdiction, meta.issued) == ("杭州市", datetime.date(2024, 1, 29))


@pytest.mark.parametrize(
    "opening",
    [
        "现在，我代表市人民政府向大会报告工作，请予审议。",
        "现在，我代表区人民政府，向大会报告政府工作，请予审议。",
        "下面，我代表行署作工作报告，请各位主任、委员和列席同志提出意见。",
        # 永州, 金华: the audience named before 作.
        "现在，我代表市人民政府，向大会作政府工作报告，请予审议。",
    ],
)
def test_a_report_a_government_gives_without_a_printed_title_is_called_a_work_report_as_a_guess(
    opening,
):
    text = f"各位代表：\n{opening}\n一、2023年工作回顾\n经济稳中有进。\n"

    meta = metadata_of(text, "report.docx.txt")

    assert (meta.title, meta.provenance["title"]) == ("政府工作报告", GUESSED)


def test_a_printed_title_over_a_dateline_is_read_as_printed():
    text = "2024年政府工作报告\n——2024年2月29日在玉林市第六届人民代表大会第六次会议上 市长 张惠强\n"

    meta = metadata_of(text + _OPENING.format(speaker="市人民政府"), "report.docx.txt")

    assert (meta.title, meta.provenance["title"]) == ("2024年政府工作报告", "read")


def test_a_report_another_body_gives_is_not_called_a_government_work_report():
    # A standing committee's report to the same congress is its own genre.
    text = (
        "各位代表：\n现在，我代表市人大常委会向大会报告工作，请予审议。\n"
        "一、2023年主要工作\n依法履职。\n"
    )

    assert metadata_of(text, "report.docx.txt").title != "政府工作报告"


# 锡林郭勒: a league's administration (行署) reports; the text names the league without its 盟
# and speaks as one (全盟, 我盟).
_LEAGUE = (
    "各位主任、委员：\n下面，我代表行署作工作报告，请各位主任、委员和列席同志提出意见。\n"
    "一、2023年工作回顾\n全盟经济持续恢复。我盟经济社会发展还面临诸多困难。\n"
    "优化完善锡林郭勒羊品牌授权管理办法。锡林郭勒草原生态持续向好。\n"
    "推动锡林郭勒大数据产业园建设。内蒙古自治区确定的民生实事全部兑现。\n"
)


def test_a_leagues_administration_is_placed_in_the_league_its_text_speaks_for():
    meta = metadata_of(_LEAGUE, "report.docx.txt")

    assert (meta.jurisdiction, meta.level, meta.above) == (
        "锡林郭勒盟",
        "prefecture",
        ["内蒙古自治区"],
    )
    assert meta.issuer == "锡林郭勒盟行政公署"
    assert meta.provenance["jurisdiction"] == GUESSED


def test_a_leagues_short_name_alone_places_nothing_when_the_text_speaks_as_no_league():
    text = (
        "关于开展草原旅游合作的通知\n一、合作内容\n"
        "组织企业赴锡林郭勒考察。锡林郭勒草原游客增长。与锡林郭勒签订合作协议。\n"
    )

    assert metadata_of(text).jurisdiction == ""


# 黄山区: the district shares its city's short name (黄山), which its text names far more often
# (大黄山, 黄山旅游) than the district's own full name.
_HUANGSHAN = (
    "抢抓大黄山战略机遇，加快黄山国际会展中心、黄山东大门索道建设。"
    "首届黄山马拉松精彩开跑，“引燃”黄山旅游新活力。黄山一中高考一本达线。"
    "持续放大黄山区旅游“声量”。2023年是黄山区发展史上极不寻常的一年。\n"
)


def test_a_districts_government_is_placed_in_the_district_though_its_city_is_named_more():
    text = (
        "各位代表：\n现在，我代表区人民政府，向大会报告政府工作，请予审议。\n"
        "一、2023年工作回顾\n" + _HUANGSHAN + "安徽省委明确推进大黄山建设。\n"
    )

    meta = metadata_of(text, "report.docx.txt")

    assert (meta.jurisdiction, meta.above) == ("黄山区", ["安徽省", "黄山市"])
    assert meta.issuer == "黄山区人民政府"


def test_a_citys_government_naming_its_district_is_still_placed_in_the_city():
    text = (
        "各位代表：\n现在，我代表市人民政府，向大会报告政府工作，请予审议。\n"
        "一、2023年工作回顾\n" + _HUANGSHAN + "安徽省委明确推进大黄山建设。\n"
    )

    assert metadata_of(text, "report.docx.txt").jurisdiction == "黄山市"


# Openings in which the government names its own place while the text names other provinces
# (常州's 长三角 and 上海; 深圳's 香港, 澳门 and 北京; 金华's 台湾).
@pytest.mark.parametrize(
    ("opening", "text", "place", "above"),
    [
        (
            "现在，我代表常州市人民政府向大会报告工作，请予审议。",
            "常州紧扣“长三角中轴枢纽”城市定位，主动对接上海，常州高铁新城建设提速。",
            "常州市",
            ["江苏省"],
        ),
        (
            "现在，我代表深圳市人民政府，向大会报告政府工作，请予审议。",
            "深圳深化与香港、澳门合作，北京大学深圳医院扩建，深圳湾科技生态园投用。",
            "深圳市",
            ["广东省"],
        ),
        (
            "现在，我代表金华市人民政府，向大会作政府工作报告，请予审议。",
            "金华举办海峡两岸交流活动，台湾青年来金华创业，金华义乌国际商贸城开业。",
            "金华市",
            ["浙江省"],
        ),
    ],
)
def test_a_government_that_names_its_place_as_it_speaks_places_the_report(
    opening, text, place, above
):
    report = f"各位代表：\n{opening}\n一、2023年工作回顾\n{text}\n"

    meta = metadata_of(report, "report.docx.txt")

    assert (meta.jurisdiction, meta.level, meta.above) == (place, "prefecture", above)
    assert meta.issuer == place + "人民政府"
    assert meta.provenance["jurisdiction"] == meta.provenance["issuer"] == "read"


# 十堰: a city's report tells the work of its own county-level city (丹江口) nearly half as often
# as it names itself; 滁州's of 天长 and 明光 the same.
_SHIYAN = (
    "各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n一、2023年工作回顾\n"
    + "全市经济稳中有进，十堰产业升级，丹江口水库水质稳定达标。" * 5
    + "十堰与深圳对口协作深化，茅箭区、张湾区城市更新提速，竹山县、房县乡村振兴见效。\n"
)


def test_a_citys_own_county_level_city_named_often_is_no_rival_to_the_city():
    meta = metadata_of(_SHIYAN, "report.docx.txt")

    assert (meta.jurisdiction, meta.level, meta.above) == ("十堰市", "prefecture", ["湖北省"])
    assert (meta.issuer, meta.provenance["jurisdiction"]) == ("十堰市人民政府", GUESSED)


def test_a_county_level_city_of_another_prefecture_named_as_often_still_places_nothing():
    # 天长 lies under 滁州, not 十堰: a place that is not the city's own is still a rival.
    text = _SHIYAN.replace("丹江口水库", "天长市水库")

    assert metadata_of(text, "report.docx.txt").jurisdiction == ""


# 黔西南: an autonomous prefecture's report writes itself by its place name (黔西南, 黔西南州)
# and speaks as a 州 (我州, 全州); the gazetteer holds it as 黔西南布依族苗族自治州.
_QIANXINAN = (
    "各位代表:\n现在，我代表州人民政府向大会报告工作，请予审议。\n一、2023年工作回顾\n"
    "全州经济稳中向好。黔西南州获评全国双拥模范城。黔西南山地旅游持续升温。"
    "黔西南义龙新区建设提速，我州与宁波对口协作深化，晴隆县、安龙县脱贫成果巩固。\n"
)


def test_an_autonomous_prefecture_written_short_is_placed_when_its_report_speaks_as_one():
    meta = metadata_of(_QIANXINAN, "report.docx.txt")

    assert (meta.jurisdiction, meta.level, meta.above) == (
        "黔西南布依族苗族自治州",
        "prefecture",
        ["贵州省"],
    )
    assert meta.issuer == "黔西南布依族苗族自治州人民政府"
    assert meta.provenance["jurisdiction"] == GUESSED


def test_an_autonomous_prefectures_bare_name_is_no_place_in_a_text_that_speaks_as_no_prefecture():
    # 怒江 is a river, 海西 a region of 福建 (海峡西岸): only a prefecture's own text writes itself
    # by the bare name.
    text = (
        "关于开展生态保护合作的通知\n一、合作内容\n"
        "组织企业赴怒江考察。怒江流域生态向好。与怒江沿岸签订合作协议。海西经济区协同推进。\n"
    )

    assert metadata_of(text).jurisdiction == ""


def test_a_work_report_that_names_no_period_gets_no_era_from_the_plans_its_text_names():
    # 十堰: 2024 is 实施“十四五”规划的关键一年; 眉山's review names 十三五: each names a plan
    # the year carries out or looks back on, not a period the report is for.
    text = (
        "各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n一、2023年工作回顾\n"
        "2024年是实施“十四五”规划的关键一年。“十三五”以来经济总量翻番。\n"
    )

    meta = metadata_of(text, "report.docx.txt")

    assert meta.title == "政府工作报告"
    assert (meta.era, meta.start_year, meta.end_year) == ("", None, None)
    assert "era" not in meta.provenance


def test_a_work_report_whose_title_names_its_period_keeps_that_era():
    text = "“十四五”规划实施情况中期评估工作报告\n一、总体进展\n“十三五”以来经济总量翻番。\n"

    meta = metadata_of(text, "report.docx.txt")

    assert (meta.era, meta.provenance["era"]) == ("十四五", "read")


# 济宁: the review reports, in a run-in item, that the province issued a plan. A notice's
# issuing sentence stands above the outline, under its addressees (现将《…》印发给你们).
_JINING = (
    "各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n一、2023年工作回顾\n"
    "全市经济稳中有进。\n（一）经济运行量质齐升。预计完成地区生产总值5600亿元。\n"
    "（二）港航物流强势崛起。省政府印发《加快内河航运高质量发展三年行动方案》，"
    "内河航运上升为省级重大战略。\n"
)


def test_a_document_the_body_reports_a_higher_government_issued_is_not_the_reports_title():
    meta = metadata_of(_JINING, "report.docx.txt")

    assert (meta.title, meta.provenance["title"]) == ("政府工作报告", GUESSED)


def test_a_notices_issuing_sentence_under_its_addressees_still_titles_the_document():
    text = (
        "各区人民政府，市政府各部门：\n"
        "经市政府同意，现将《加快内河航运高质量发展三年行动方案》印发给你们，请认真贯彻执行。\n"
        "一、总体要求\n加快内河航运发展。\n"
    )

    assert metadata_of(text, "plan.docx.txt").title == "加快内河航运高质量发展三年行动方案"


# 柳州: the file begins mid-report, after its opening; the government speaks only where it
# thanks the people, in a paragraph addressed to the deputies, thousands of characters in.
_LIUZHOU = (
    "2023年是全面贯彻党的二十大精神的开局之年。初步预计，全市地区生产总值增长2.8%。\n"
    "一年来，我们主要做了以下工作：\n"
    + "（一）着力转方式、调结构。柳州工业企稳回升，柳州螺蛳粉产业壮大，学习浙江“千万工程”经验。\n"
    * 12
    + "（二）着力扩开放。对接海南自由贸易港，柳州开放平台提能。\n" * 10
    + "各位代表，奋斗饱含艰辛，成绩来之不易。在此，我代表市人民政府，向全市各族人民，"
    "向各民主党派、各人民团体和各界人士，表示衷心的感谢！\n"
    "二、2024年工作安排\n全市上下团结奋斗。\n"
)


def test_a_report_begun_mid_text_is_read_from_the_government_addressing_the_deputies():
    assert _LIUZHOU.index("我代表") > 600

    meta = metadata_of(_LIUZHOU, "report.docx.txt")

    assert (meta.title, meta.provenance["title"]) == ("政府工作报告", GUESSED)
    assert (meta.jurisdiction, meta.level, meta.above) == (
        "柳州市",
        "prefecture",
        ["广西壮族自治区"],
    )
    assert meta.issuer == "柳州市人民政府"


def test_a_government_thanking_people_in_a_text_addressed_to_no_deputies_titles_nothing():
    # A speech to a meeting (同志们) in which the government thanks someone is no work report.
    text = _LIUZHOU.replace("各位代表，", "同志们，")

    assert metadata_of(text, "speech.docx.txt").title != "政府工作报告"
