"""Who issued a document: joint issuers from a title, a panel cell or a signature grid, a bare
place in a signature completed from the one place the text names, a printed-by office as a
last resort, a report's authors.

Pure: no database.
"""

from __future__ import annotations

from datetime import date

import pytest

from plans.parsing import parse_plan
from tests.plans.reading.excerpts import LEAFLET, PANEL_PAGE, PARTS, county_page, metadata_of

_ANHUI = (
    "关于印发进一步做好近期促进消费工作若干措施的通知\n各市人民政府，省有关单位：\n"
    "经省政府领导同意，现将《进一步做好近期促进消费工作若干措施》印发给你们，请认真组织实施。\n"
    "省完善促进消费体制机制厅际联席会议（代章）\n2022年1月26日\n"
    "进一步做好近期促进消费工作若干措施\n"
    "一、开展跨年迎新购物季活动。推广{place}特色年货。\n二、提振餐饮住宿消费。鼓励创新。\n"
)


# 南京's notice, signed by the city's office as 市…, the city named in the text without 市.
_NANJING = (
    "关于进一步优化无房家庭购房工作的通知\n"
    "为满足居民合理住房需求，现就有关事项通知如下：\n"
    "一、{place}户籍无房家庭可购买一套商品住房。\n"
    "二、在{place}连续缴纳社会保险满12个月的非户籍家庭，可购买一套商品住房。\n"
    "本通知自印发之日起施行。\n\n市促进房地产市场平稳健康发展领导小组办公室\n2021年5月28日\n"
)


# 上海's notice: its issuers only in an image letterhead, the 印发 line under the text.
_SHANGHAI = (
    "沪建房管联〔2024〕58 号\n{title}\n各有关单位：\n"
    "为更好满足居民合理住房需求，经市政府同意，现就优化本市住房限购政策事宜通知如下：\n"
    "一、非本市户籍居民可在外环以外区域限购1套住房。\n二、本通知自2024年1月31日起施行。\n"
    "2024 年 1 月 30 日\n（此件公开发布）\n上海市房屋管理局办公室 2024 年1 月30 日印发\n"
)


# 首都之窗's bracketed panel: one 发文机构 cell naming both bodies of a joint rule.
_JOINT_PANEL = (
    "[主题分类] 科技、教育/科技\n"
    "[发文机构] 北京市科学技术委员会、中关村科技园区管理委员会\n"
    "[联合发文单位]\n"
    "[成文日期] 2026-06-30\n"
    "[发文字号] 京科发〔2026〕10号\n"
    "北京市科技行政处罚裁量权适用规定\n" + PARTS
)


# Bodies signed two to a line, the last a 住房公积金管理中心, under a notice issuing a programme.
_GRID_SIGNED = (
    "关于印发《沈阳市城镇房屋安全管理三项制度工作方案》的通知\n"
    "各区、县（市）人民政府、各有关部门：\n"
    "经市人民政府同意，现将《沈阳市城镇房屋安全管理三项制度工作方案》印发你们，请认真贯彻执行。\n"
    "\u2002\u2002\u2002\u2002沈阳市房产局\u2002 \u2002 \u2002 \u2002沈阳市公安局\u2002\n"
    "\u2002\u2002\u2002\u2002沈阳市司法局\u2002 \u2002 \u2002 \u2002沈阳市财政局\u2002\n"
    "\u2002\u2002\u2002\u2002沈阳住房公积金管理中心\u2002 \u2002\n"
    "\u2002\u2002\u2002\u2002\u2002\u2002\u2002\u20022024年9月20日\u2002 \u2002\n"
    "（此件公开发布）\n"
    "沈阳市城镇房屋安全管理三项制度工作方案\n" + PARTS
)


@pytest.mark.parametrize(
    ("title", "issuers"),
    [
        (
            "海南省住房和城乡建设厅 海南省住房公积金管理局关于提取住房公积金的通知",
            ["海南省住房和城乡建设厅", "海南省住房公积金管理局"],
        ),
        (
            "佛山市人力资源和社会保障局佛山市住房和城乡建设局关于进一步完善人才住房政策的补充通知",
            ["佛山市人力资源和社会保障局", "佛山市住房和城乡建设局"],
        ),
    ],
)
def test_the_bodies_a_title_names_before_about_are_its_joint_issuers(title, issuers):
    meta = metadata_of(f"{title}\n各有关单位：\n一、总体要求\n坚持。\n")

    assert (meta.issuer, meta.issuers) == (issuers[0], issuers)


def test_joint_signatories_by_short_names_on_one_line_are_named_in_full_from_the_place():
    text = (
        "沪建房管联〔2021〕476号\n关于加强住房赠与管理的通知\n各区住房保障房屋管理局：\n"
        "为进一步严格执行住房限购政策，现就有关事项通知如下：\n"
        "一、自2021年7月24日起，通过赠与方式转让住房的，5年内仍记入赠与人拥有住房套数。\n"
        "二、各区房地产交易中心应加强审核。\n"
        "市住房城乡建设管理委 市房屋管理局 市自然资源确权登记局\n2021年7月23日\n"
    )

    plan = parse_plan(text, filename="notice.txt")

    assert plan.metadata.issuers == [
        "上海市住房和城乡建设管理委员会",
        "上海市房屋管理局",
        "上海市自然资源确权登记局",
    ]
    assert [s.label for s in plan.sections if s.label] == ["一、", "二、"]
    assert "确权登记局" not in plan.sections[-1].body  # the signature ends the last item


def test_a_body_signing_with_a_bare_province_takes_the_one_province_its_text_names():
    meta = metadata_of(_ANHUI.format(place="安徽"))

    assert (meta.jurisdiction, meta.level) == ("安徽省", "province")
    assert meta.issuer == "安徽省完善促进消费体制机制厅际联席会议"
    assert meta.provenance["jurisdiction"] == "guessed"


def test_a_text_naming_two_provinces_does_not_place_a_bare_province_signature():
    meta = metadata_of(_ANHUI.format(place="安徽和江苏"))

    assert meta.jurisdiction == ""
    assert meta.issuer == "省完善促进消费体制机制厅际联席会议"


@pytest.mark.parametrize(
    ("top", "issuers"),
    [
        (
            "2021 年深圳市社会性别统计报告\n深圳市统计局\n深圳市妇女儿童工作委员会\n"
            "深圳市性别平等促进办公室\n二〇二二年十二月\n",
            ["深圳市统计局", "深圳市妇女儿童工作委员会", "深圳市性别平等促进办公室"],
        ),
        (
            "万载县2022年国民经济和社会发展统计公报\n访问量：1632\n"
            "万载县统计局    国家统计局万载调查队\n（2023年5月）\n",
            ["万载县统计局", "国家统计局万载调查队"],
        ),
    ],
)
def test_a_reports_authors_over_the_month_it_was_written_are_its_issuers(top, issuers):
    meta = metadata_of(top + "2022年，全县经济平稳增长。\n一、综合\n全年实现生产总值262.6亿元。\n")

    assert (meta.issuer, meta.issuers) == (issuers[0], issuers)
    assert meta.issued is None  # a month is no date


def test_a_body_signing_with_a_bare_city_takes_the_one_city_its_text_names():
    meta = metadata_of(_NANJING.format(place="南京"))

    assert (meta.jurisdiction, meta.level, meta.above) == ("南京市", "prefecture", ["江苏省"])
    assert meta.issuer == "南京市促进房地产市场平稳健康发展领导小组办公室"
    assert meta.provenance["jurisdiction"] == "guessed"


def test_a_bare_city_signature_is_no_place_name_when_the_text_names_two_cities():
    meta = metadata_of(_NANJING.format(place="南京或苏州"))

    assert meta.jurisdiction == ""
    assert meta.issuer == "市促进房地产市场平稳健康发展领导小组办公室"


def test_the_printed_by_office_stands_in_only_for_an_issuer_the_text_does_not_name():
    alone = metadata_of(_SHANGHAI.format(title="关于优化本市住房限购政策的通知"))
    named = metadata_of(
        _SHANGHAI.format(
            title="上海市住房和城乡建设管理委员会 上海市房屋管理局关于优化本市住房限购政策的通知"
        )
    )

    # A bureau's office prints for its bureau, one of the notice's two issuers.
    assert (alone.issuer, alone.provenance["issuer"]) == ("上海市房屋管理局", "guessed")
    assert named.issuers == ["上海市住房和城乡建设管理委员会", "上海市房屋管理局"]


def test_a_body_signing_with_a_bare_county_takes_the_one_county_its_text_names():
    text = _NANJING.format(place="高阳县").replace("\n市促进", "\n县促进")
    meta = metadata_of(text)

    assert (meta.jurisdiction, meta.level, meta.above) == ("高阳县", "county", ["河北省", "保定市"])
    assert meta.issuer == "高阳县促进房地产市场平稳健康发展领导小组办公室"


def test_two_bodies_joined_by_a_pause_mark_in_an_issuer_cell_are_two_issuers_lead_first():
    meta = metadata_of(_JOINT_PANEL)
    assert meta.issuer == "北京市科学技术委员会"
    assert meta.issuers == ["北京市科学技术委员会", "中关村科技园区管理委员会"]


def test_a_panel_cell_of_two_bodies_joined_by_a_pause_mark_is_two_issuers():
    meta = metadata_of(
        "发文机关：沈阳市房产局、沈阳市城乡建设局\n成文日期：2024-09-20\n标题：沈阳市房屋安全工作方案\n"
        + PARTS
    )
    assert meta.issuers == ["沈阳市房产局", "沈阳市城乡建设局"]


def test_signatories_laid_out_two_to_a_line_over_many_lines_are_joint_issuers_lead_first():
    meta = metadata_of(_GRID_SIGNED)
    assert meta.issuers == [
        "沈阳市房产局",
        "沈阳市公安局",
        "沈阳市司法局",
        "沈阳市财政局",
        "沈阳住房公积金管理中心",
    ]
    assert meta.issued == date(2024, 9, 20)


def test_a_housing_fund_management_centre_named_in_its_notices_title_is_its_issuer():
    meta = metadata_of(PANEL_PAGE, "notice.html")
    assert meta.issuer == "贵阳市住房公积金管理中心"


def test_a_responsible_body_line_names_the_issuer_when_nothing_else_does():
    assert metadata_of(LEAFLET).issuer == "沈阳市房产局"


def test_a_panels_government_office_without_a_place_is_the_office_of_the_pages_place():
    meta = metadata_of(county_page(), filename="page.html")

    assert (meta.issuer, meta.issuers) == ("成安县人民政府办公室", ["成安县人民政府办公室"])


# The bracketed panel's [联合发文单位] cell naming two co-issuers parted by a semicolon.
_SEMICOLON_PANEL = (
    "[发文机构] 北京市疾病预防控制局\n"
    "[联合发文单位] 北京市教育委员会;北京市人力资源和社会保障局\n"
    "[成文日期] 2026-07-14\n"
    "[发文字号] 京疾传防〔2026〕18号\n"
    "高中阶段及以下新生肺结核筛查工作方案\n" + PARTS
)


def test_co_issuers_a_panel_cell_parts_by_semicolons_are_each_an_issuer():
    meta = metadata_of(_SEMICOLON_PANEL)

    assert meta.issuers == [
        "北京市疾病预防控制局",
        "北京市教育委员会",
        "北京市人力资源和社会保障局",
    ]


def test_national_bodies_signing_side_by_side_by_short_names_are_its_national_issuers():
    # 证监会's notice: the title shortens the lead's name; the signature line gives it, and two
    # bodies known by their short names (a commission, a federation) beside it.
    notice = (
        "证监会\u2002国资委\u2002全国工商联关于进一步支持上市公司健康发展的通知\n"
        "证监发〔2022〕36号\n"
        "近年来,上市公司认真落实党中央、国务院决策部署,持续提升发展质量。\n"
        "一、营造良好发展环境,稳定企业预期\n1.坚持“两个毫不动摇”。营造公平竞争的市场环境。\n"
        "二、增进价值回归,稳定投资者预期\n2.鼓励上市公司回购股份。支持上市公司回购。\n"
        "中国证监会\u2002\u2002国资委\u2002\u2002全国工商联\n2022年4月11日\n"
    )
    meta = metadata_of(notice)
    assert meta.issuers == ["中国证监会", "国资委", "全国工商联"]
    assert (meta.issuer, meta.jurisdiction, meta.level) == ("中国证监会", "全国", "national")
    assert meta.issued == date(2022, 4, 11)


def test_short_commission_names_side_by_side_without_a_national_body_are_no_signature():
    notice = (
        "关于加强某项工作的通知\n一、总体要求\n做好工作。\n二、工作措施\n加强协调。\n"
        "数据委\u2002\u2002市场委\n2022年4月11日\n"
    )
    assert metadata_of(notice).issuers == []
