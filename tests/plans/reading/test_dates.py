"""When a document was issued: signature dates (under signatories, under attachments), printed-by
lines, a plenary session's adoption, and a page's published line only as a guess.

Pure: no database.
"""

from __future__ import annotations

from datetime import date

import pytest

from plans.parsing import GUESSED, READ, parse_plan
from tests.plans.reading.excerpts import PARTY_PROPOSAL, county_page, metadata_of

_FULL = "为进一步严格执行住房限购政策，现就加强住房赠与管理有关"


# 高阳's page: the title, the site's 发布时间 line under it, a text with no signature.
_GAOYANG = (
    "高阳县人民政府关于加强房地产市场管控的意见\n"
    "发布时间：2017/5/11 8:22:16\u3000\u3000信息发布人：管理员\n"
    "各乡（镇）政府，县政府有关部门：\n"
    "为维护正常的房地产市场秩序，提出如下意见：\n"
    "一、调整居民购房政策\n暂停向本县户籍居民家庭出售新建商品住房。\n"
    "二、完善差别化住房信贷政策\n首付款比例不低于30%。\n"
)


# A consultation notice lists its attachment, signs under the list, then prints the attachment.
_SIGNED_UNDER_ATTACHMENTS = (
    "贵阳市住房公积金管理中心关于《十条措施（征求意见稿）》公开征求意见的公告\n"
    "2023-06-26 12:04:51\n"
    "现向社会公开征求意见，请于2023年6月30日前反馈我中心。\n"
    "附件：住房公积金服务贵安新区高质量发展的十条措施（征求意见稿）\n"
    "贵阳市住房公积金管理中心\n"
    "2023年6月25日\n"
    "附件\n"
    "住房公积金服务贵安新区高质量发展的十条措施\n"
    "一、支持异地缴存职工购房贷款。\n二、执行最低首付款比例。\n"
)


def test_a_date_under_signatories_that_fill_the_line_is_not_run_on_into_them():
    # A PDF's text, broken at the page width: the signature line is as wide as a full line.
    body = "".join(f"{_FULL}\n事项通知如下。\n" for _ in range(6))
    text = (
        "沪建房管联〔2021〕476 号\n关于加强住房赠与管理的通知\n各区住房保障房屋管理局：\n"
        + body
        + "市住房城乡建设管理委 市房屋管理局 市自然资源确权登记局\n"
        "2021 年 7 月 23 日\n"
    )

    assert metadata_of(text).issued == date(2021, 7, 23)


@pytest.mark.parametrize(
    ("printed", "issuer", "issued"),
    [
        # A scan's OCR garbled the signature; the 版记 reads well, its office spaced.
        (
            "长沙市住房公积金管理委员会办公 室 2022年 7月 21 日印发",
            "长沙市住房公积金管理委员会",
            date(2022, 7, 21),
        ),
        # A government's office issues in its own name.
        (
            "深圳市坪山区人民政府办公室 2018 年 3 月 23 日印发",
            "深圳市坪山区人民政府办公室",
            date(2018, 3, 23),
        ),
    ],
)
def test_the_printed_by_line_dates_a_document_whose_signature_is_unread_and_names_its_issuer(
    printed, issuer, issued
):
    text = (
        "关于优化住房公积金业务政策和流程的通知\n各有关单位：\n一、贷款政策\n提高贷款额度。\n"
        f"二、提取政策\n提高租房提取金额。\n长沙市 员会\n2年 7月2 日\n{printed}\n"
    )

    meta = metadata_of(text)

    assert (meta.issuer, meta.issued) == (issuer, issued)
    assert meta.provenance["issuer"] == "guessed"


def test_a_page_without_a_signature_date_is_dated_by_its_published_line_as_a_guess():
    plan = parse_plan(_GAOYANG, filename="page.txt")

    assert plan.metadata.issued == date(2017, 5, 11)
    assert plan.metadata.provenance["issued"] == "guessed"
    assert "信息发布人" not in "".join(s.title + s.body for s in plan.sections)


def test_a_signature_date_outranks_the_pages_published_line():
    plan = parse_plan(_GAOYANG + "\n高阳县人民政府\n2017年5月8日\n", filename="page.txt")

    assert plan.metadata.issued == date(2017, 5, 8)


def test_a_plenary_sessions_adoption_under_a_title_below_navigation_dates_the_document():
    assert metadata_of(PARTY_PROPOSAL).issued == date(2025, 12, 8)


def test_a_signature_under_the_attachment_list_signs_and_dates_the_notice_above():
    meta = metadata_of(_SIGNED_UNDER_ATTACHMENTS)
    assert meta.issued == date(2023, 6, 25)
    assert meta.provenance["issued"] != "guessed"
    assert meta.issuer == "贵阳市住房公积金管理中心"


def test_a_panels_published_date_with_dots_under_long_menus_dates_the_page_as_a_guess():
    meta = metadata_of(county_page(), filename="page.html")

    assert meta.issued == date(2022, 7, 15)
    assert meta.provenance["issued"] == GUESSED


def test_an_adoption_dated_in_chinese_numerals_dates_the_document_not_the_pages_stamp():
    text = (
        "首页 > 要闻动态 > 安徽要闻\n"
        "中共安徽省委关于制定国民经济和社会发展第十五个五年规划的建议\n"
        "（二〇二五年十二月一日中国共产党安徽省第十一届委员会第十一次全体会议通过）\n"
        "2025-12-19 08:21 \u2003来源：安徽日报  字号： 默认 大 超大  打印\n"
        "一、总体要求\n坚持稳中求进。\n二、主要任务\n加快建设现代化产业体系。\n"
    )

    meta = metadata_of(text)

    assert meta.issued == date(2025, 12, 1)
    assert meta.provenance["issued"] == READ


def test_a_signature_above_a_sites_long_lists_of_links_dates_the_notice():
    links = "\n".join(
        ("扫码进入手机页面", "招商土地超市", "我要查", "批前公示", "批后公布", "广州不动产登记")
        + ("资料利用", "标准地图", "天地图", "我要办", "不动产登记网上申请", "网上申请")
        + ("广东政务服务网", "我要问", "广州12345", "答问知识库", "办事指南")
    )
    text = (
        "广州市规划和自然资源局关于创新开展“一手房带押过户”的通告\n"
        "来源：广州市不动产登记中心 发布时间：2023-04-29 21:28:50\n"
        "现就开展“一手房带押过户”有关不动产登记事项通告如下：\n"
        "一、适用范围\n全市范围内已办理在建工程抵押的预售商品房。\n"
        "二、办理规则\n我市各不动产登记机构统一标准办理。\n"
        "特此通告。\n广州市规划和自然资源局\n2023年4月28日\n" + links + "\n"
    )

    meta = metadata_of(text)

    assert (meta.issued, meta.provenance["issued"]) == (date(2023, 4, 28), READ)
    assert meta.issuer == "广州市规划和自然资源局"


def test_a_history_line_whose_later_date_opens_no_act_is_read_whole():
    meta = metadata_of(
        "某某市住房租赁管理办法\n"
        "（2020年3月5日某某市人民政府第 18 号令发布 2021年1月1日至2025年12月31日有效）\n"
        "第一条 为规范住房租赁，制定本办法。\n第二条 本办法适用于本市。\n"
    )

    assert (meta.issued, meta.doc_number) == (date(2020, 3, 5), "某某市人民政府第18号令")
