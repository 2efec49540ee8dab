"""Shapes first met in the fifth fresh corpus (tests/data/fresh-corpus-5), each from a few lines
written after a real document: a Party committee's proposal dated by its plenary session, a
panel naming two bodies joined by 、.

Pure: no database.
"""

from __future__ import annotations

from datetime import date

from plans.parsing import parse_plan

_PARTS = "一、总体要求\n坚持稳中求进。\n二、主要任务\n加快建设现代化产业体系。\n"


def _meta(text: str, filename: str = "notice.txt"):
    return parse_plan(text, filename=filename).metadata


# A 发展改革委 site's reprint: navigation, the title, the plenary's parenthesis, the page's stamp.
_PARTY_PROPOSAL = (
    "首页 新闻中心 工作动态 详情\n"
    "中共郑州市委关于制定郑州市国民经济和社会发展第十五个五年规划的建议\n"
    "（2025年12月8日中国共产党郑州市第十二届委员会第九次全体会议通过）\n"
    "来源：郑州日报  时间：2025-12-17 10:08\n" + _PARTS
)


def test_a_party_committee_places_its_document_where_its_city_is():
    meta = _meta(_PARTY_PROPOSAL)
    assert (meta.jurisdiction, meta.level) == ("郑州市", "prefecture")
    assert meta.above == ["河南省"]


def test_a_plenary_sessions_adoption_under_a_title_below_navigation_dates_the_document():
    assert _meta(_PARTY_PROPOSAL).issued == date(2025, 12, 8)


# 首都之窗's bracketed panel: one 发文机构 cell naming both bodies of a joint rule.
_JOINT_PANEL = (
    "[主题分类] 科技、教育/科技\n"
    "[发文机构] 北京市科学技术委员会、中关村科技园区管理委员会\n"
    "[联合发文单位]\n"
    "[成文日期] 2026-06-30\n"
    "[发文字号] 京科发〔2026〕10号\n"
    "北京市科技行政处罚裁量权适用规定\n" + _PARTS
)


def test_two_bodies_joined_by_a_pause_mark_in_an_issuer_cell_are_two_issuers_lead_first():
    meta = _meta(_JOINT_PANEL)
    assert meta.issuer == "北京市科学技术委员会"
    assert meta.issuers == ["北京市科学技术委员会", "中关村科技园区管理委员会"]


def test_a_panel_cell_of_two_bodies_joined_by_a_pause_mark_is_two_issuers():
    meta = _meta(
        "发文机关：沈阳市房产局、沈阳市城乡建设局\n成文日期：2024-09-20\n标题：沈阳市房屋安全工作方案\n"
        + _PARTS
    )
    assert meta.issuers == ["沈阳市房产局", "沈阳市城乡建设局"]


# An order page (令) over the decision it promulgates, the sentence wrapped as printed.
_ORDER = (
    "重庆市人民政府令第 361 号\n"
    "《重庆市人民政府关于修改〈重庆市房产税改革试点的暂行办法〉和〈重庆市房产税征收管理\n"
    "实施细则〉的决定》已经 2023 年 9 月 18 日市第六届人民政府第 19 次常务会议审议通过，\n"
    "现予公布，自公布之日起施行。\n"
    "2023 年 9 月 20 日\n"
    "（此件公开发布）\n" + _PARTS
)


def test_an_order_number_is_the_doc_number_and_the_title_is_what_the_order_promulgates():
    meta = _meta(_ORDER)
    assert meta.title == (
        "重庆市人民政府关于修改《重庆市房产税改革试点的暂行办法》和《重庆市房产税征收管理"
        "实施细则》的决定"
    )
    assert meta.doc_number == "重庆市人民政府令第361号"
    assert meta.issued == date(2023, 9, 20)


# A bureau's page: menus, a notice title too long to pass for a title line, a body that signs
# with the bureau's name (holding 规划) and the share buttons under it.
_BUREAU_PAGE = (
    "<html><head><title>关于公开征求《南昌市城区房地产开发项目地下车位（库）销售备案和不动产登记管理规定（征求意见稿）》"
    "意见的公告 - 南昌市自然资源和规划局</title></head><body>"
    "<p>微信</p><p>关注·微信</p><p>微博</p><p>返回顶部</p>"
    "<h1>关于公开征求《南昌市城区房地产开发项目地下车位（库）销售备案和不动产登记管理规定（征求意见稿）》意见的公告</h1>"
    "<p>发布时间：2025-11-03 15:47:39来源：市自然资源规划局</p>"
    "<p>为规范地下车位销售备案，现向社会公开征求意见，有关事项公告如下：</p>"
    "<p>一、征求意见时间</p><p>2025年11月22日前</p>"
    "<p>二、意见反馈方式</p><p>邮件方式。</p>"
    "<p>南昌市自然资源和规划局</p><p>2025年11月3日</p>"
    "<p>分享</p><p>【|关闭窗口】</p><p>扫码浏览</p></body></html>"
)


def test_a_signature_line_is_never_the_title_and_signs_the_page_above_its_share_buttons():
    meta = _meta(_BUREAU_PAGE, "notice.html")
    assert meta.title.startswith("关于公开征求《南昌市城区房地产开发项目地下车位")
    assert meta.title.endswith("意见的公告")
    assert meta.issuer == "南昌市自然资源和规划局"
    assert meta.issued == date(2025, 11, 3)
    assert meta.provenance["issued"] != "guessed"


# A 信息公开 panel: the site's column name and menu items above a title too long for a line.
_PANEL_PAGE = (
    "<html><head><title>贵阳市住房公积金管理中心关于《住房公积金服务贵安新区高质量发展的十条措施"
    "（征求意见稿）》公开征求意见的公告</title></head><body>"
    "<p>80487658</p><p>通知公告</p><p>政府信息</p><p>公开指南</p><p>·计划规划</p><p>·统计信息</p>"
    "<p>贵阳市住房公积金管理中心关于《住房公积金服务贵安新区高质量发展的十条措施（征求意见稿）》"
    "公开征求意见的公告</p>"
    "<p>现向社会公开征求意见，如有意见建议，请反馈我中心。</p>"
    "<p>一、支持异地缴存职工购房贷款。</p><p>二、执行最低首付款比例。</p>"
    "</body></html>"
)


def test_a_sites_column_name_or_menu_item_is_never_the_title():
    meta = _meta(_PANEL_PAGE, "notice.html")
    assert meta.title.startswith("贵阳市住房公积金管理中心关于《住房公积金服务")
    assert (meta.jurisdiction, meta.level) == ("贵阳市", "prefecture")


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
    "沈阳市城镇房屋安全管理三项制度工作方案\n" + _PARTS
)


def test_signatories_laid_out_two_to_a_line_over_many_lines_are_joint_issuers_lead_first():
    meta = _meta(_GRID_SIGNED)
    assert meta.issuers == [
        "沈阳市房产局",
        "沈阳市公安局",
        "沈阳市司法局",
        "沈阳市财政局",
        "沈阳住房公积金管理中心",
    ]
    assert meta.issued == date(2024, 9, 20)


def test_a_housing_fund_management_centre_named_in_its_notices_title_is_its_issuer():
    meta = _meta(_PANEL_PAGE, "notice.html")
    assert meta.issuer == "贵阳市住房公积金管理中心"


# A 政策解读 leaflet (its banner an image): the rule's name in 《》, the rule's 文号, unnumbered
# captions, and on the last page's foot the body answerable for it.
_LEAFLET = (
    "《沈阳市历史建筑修缮管理办法》\n"
    "沈房发〔2026〕1 号\n"
    "出台背景\n"
    "为了完善我市历史建筑修缮工作制度体系，结合本市实际制定了本办法。\n"
    "主要内容\n"
    "（一）明确修缮责任。\n历史建筑的所有权人为修缮责任主体。\n"
    "（二）规范修缮程序。\n修缮工程分为两类。\n"
    "— 4 — 责任单位：沈阳市房产局\n"
)


def test_a_title_in_book_title_marks_is_the_title_without_them_and_places_the_document():
    meta = _meta(_LEAFLET)
    assert meta.title == "沈阳市历史建筑修缮管理办法"
    assert (meta.jurisdiction, meta.level) == ("沈阳市", "prefecture")


def test_a_responsible_body_line_names_the_issuer_when_nothing_else_does():
    assert _meta(_LEAFLET).issuer == "沈阳市房产局"


def test_a_call_for_comments_on_a_draft_is_no_opinion():
    meta = _meta(
        "贵阳市住房公积金管理中心关于《住房公积金服务贵安新区的十条措施（征求意见稿）》"
        "公开征求意见的公告\n" + _PARTS
    )
    assert meta.kind != "opinion"
    assert _meta(
        "关于公开征求《南昌市地下车位登记管理规定（征求意见稿）》意见的公告\n" + _PARTS
    ).kind == ("measures")


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


def test_a_signature_under_the_attachment_list_signs_and_dates_the_notice_above():
    meta = _meta(_SIGNED_UNDER_ATTACHMENTS)
    assert meta.issued == date(2023, 6, 25)
    assert meta.provenance["issued"] != "guessed"
    assert meta.issuer == "贵阳市住房公积金管理中心"
