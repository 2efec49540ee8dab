"""Which line is a document's title: not a site's furniture, column name, panel label, reading link
or signature; a notice's or issued document's title below a line that names no document.

Pure: no database.
"""

from __future__ import annotations

from datetime import date

import pytest

from plans.parsing import parse_plan
from tests.plans.reading.excerpts import (
    LEAFLET,
    MINISTRY_PAGE,
    PANEL_PAGE,
    county_page,
    metadata_of,
)

# The top of 常州's page: the panel, the links to the notice's reading, then the notice.
_CHANGZHOU_PAGE = (
    "您当前的位置： 首页 >> 政务公开 >> 正文\n"
    "索\u2002引\u2002号：467286401/2025-00039\n"
    "解读：\n《关于调整住房公积金贷款相关规定的通知》政策解读\n"
    "关于调整住房公积金贷款相关规定的通知\n常公积金委〔2025〕2号\n"
    "为进一步支持刚性和改善性住房需求，现对住房公积金贷款相关规定明确如下：\n"
    "一、降低住房困难工薪群体住房公积金贷款首付款比例\n首付款比例不低于15%。\n"
    "二、延长住房公积金贷款年限\n贷款期限最长不超过30年。\n\n"
    "常州市住房公积金管理委员会\n2025年12月25日\n"
)


# 首都之窗's page: the title printed only in <div class="header"> (site furniture by its class),
# the bracketed panel and the text under it.
_XICHENG_PAGE = (
    "<!DOCTYPE html><html><head>{meta}"
    "<title>北京市西城区教育委员会关于西城区2020年义务教育阶段入学工作的实施意见_政策文件_首都之窗"
    "_北京市人民政府门户网站</title></head><body>"
    "<ol><li>[发文机构] 北京市西城区教育委员会</li><li>[成文日期] 2020-04-30</li></ol>"
    '<div class="header"><h1><p>北京市西城区教育委员会关于西城区2020年义务教育阶段入学工作的'
    "实施意见</p></h1></div>"
    "<p>一、指导思想</p><p>全面贯彻党的教育方针。</p><p>二、工作原则</p><p>坚持政府统筹。</p>"
    "</body></html>"
)


_XICHENG_TITLE = "北京市西城区教育委员会关于西城区2020年义务教育阶段入学工作的实施意见"


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


@pytest.mark.parametrize(
    ("top", "title"),
    [
        # A scan's registration code and its garbled letterhead above the 文号.
        (
            "CSCR-2022- 87001\n长沛编公积验管理损会文件\n长金管委 〔2022〕3号\n"
            "关于优化住房公积金业务政策和流程的通知\n",
            "关于优化住房公积金业务政策和流程的通知",
        ),
        # A release mark.
        (
            "公 开\n沪建房管联〔2021〕476 号\n关于加强住房赠与管理的通知\n",
            "关于加强住房赠与管理的通知",
        ),
        # Issuers a line each, the title over two lines, a draft's note under it.
        (
            "附件\n海南省住房和城乡建设厅\n海南省住房公积金管理局\n关于提取住房公积金支付购买\n"
            "新建商品住房和保障性住房首付款的通知\n（征求意见稿）\n",
            "海南省住房和城乡建设厅 海南省住房公积金管理局关于提取住房公积金支付购买"
            "新建商品住房和保障性住房首付款的通知（征求意见稿）",
        ),
        # OCR noise over a red letterhead; the issuers' names broken across the title's lines.
        (
            "用且 3 由人本 | 人\n佛山市人力凌源和社会保障局\n岂全司由\n佛山市住房和城乡建芭局\n"
            "佛山市人力资源和社会保障局佛山市住房和\n城乡建设局关于进一步完善人才住房政策\n"
            "的补充通知\n",
            "佛山市人力资源和社会保障局佛山市住房和城乡建设局关于进一步完善人才住房政策的补充通知",
        ),
        # A site's logo and menu over a statistical bulletin.
        (
            "万载县人民政府-\n统计局\n网站无障碍关怀版\n生成日期：\n2023-05-11\n"
            "万载县2022年国民经济和社会发展统计公报\n",
            "万载县2022年国民经济和社会发展统计公报",
        ),
    ],
)
def test_a_line_that_names_no_document_gives_way_to_the_notice_or_document_title_below(top, title):
    text = top + "各有关单位：\n一、贷款政策\n我市住房公积金最高贷款额度提高至70万元。\n"

    assert metadata_of(text).title == title


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("关于优化住房公积金业务政策和流程的 通知", "关于优化住房公积金业务政策和流程的通知"),
        ("中共中央 国务院关于推进数字政府建设的意见", "中共中央 国务院关于推进数字政府建设的意见"),
    ],
)
def test_an_ocrs_space_between_words_leaves_the_title_but_a_space_after_a_body_stays(title, kept):
    assert metadata_of(f"{title}\n一、总体要求\n坚持。\n").title == kept


def test_a_panels_name_label_set_off_without_a_colon_is_no_part_of_the_title():
    meta = metadata_of(MINISTRY_PAGE)

    assert meta.title == (
        "自然资源部 中国银行保险监督管理委员会关于协同做好不动产“带押过户”便民利企服务的通知"
    )


@pytest.mark.parametrize(
    "page",
    [
        _CHANGZHOU_PAGE,
        # the same lines run together, as a page's hard-wrapped text is rejoined
        _CHANGZHOU_PAGE.replace("政策解读\n关于", "政策解读关于"),
    ],
)
def test_a_link_to_the_notices_reading_is_not_run_into_the_notices_title(page):
    meta = metadata_of(page)

    assert meta.title == "关于调整住房公积金贷款相关规定的通知"
    assert meta.issuer == "常州市住房公积金管理委员会"


@pytest.mark.parametrize(
    "meta", ["", f'<meta name="ArticleTitle" content="{_XICHENG_TITLE}">'], ids=["title", "meta"]
)
def test_a_page_whose_title_is_printed_only_in_its_furniture_takes_its_heads_title(meta):
    plan = parse_plan(_XICHENG_PAGE.format(meta=meta).encode(), filename="page.html")

    assert plan.metadata.title == _XICHENG_TITLE
    assert (plan.metadata.jurisdiction, plan.metadata.level) == ("西城区", "county")


def test_a_pages_head_title_that_names_no_document_is_not_taken():
    page = _XICHENG_PAGE.format(meta="").replace(_XICHENG_TITLE, "首都之窗")

    assert parse_plan(page.encode(), filename="page.html").metadata.title == ""


def test_a_readings_own_title_is_kept_when_the_page_prints_no_notice_it_names():
    text = (
        "《关于调整住房公积金贷款相关规定的通知》政策解读\n"
        "一、出台背景\n为支持住房需求。\n二、主要内容\n降低首付款比例。\n"
    )

    assert metadata_of(text).title == "《关于调整住房公积金贷款相关规定的通知》政策解读"


def test_a_signature_line_is_never_the_title_and_signs_the_page_above_its_share_buttons():
    meta = metadata_of(_BUREAU_PAGE, "notice.html")
    assert meta.title.startswith("关于公开征求《南昌市城区房地产开发项目地下车位")
    assert meta.title.endswith("意见的公告")
    assert meta.issuer == "南昌市自然资源和规划局"
    assert meta.issued == date(2025, 11, 3)
    assert meta.provenance["issued"] != "guessed"


def test_a_sites_column_name_or_menu_item_is_never_the_title():
    meta = metadata_of(PANEL_PAGE, "notice.html")
    assert meta.title.startswith("贵阳市住房公积金管理中心关于《住房公积金服务")
    assert (meta.jurisdiction, meta.level) == ("贵阳市", "prefecture")


def test_a_title_in_book_title_marks_is_the_title_without_them_and_places_the_document():
    meta = metadata_of(LEAFLET)
    assert meta.title == "沈阳市历史建筑修缮管理办法"
    assert (meta.jurisdiction, meta.level) == ("沈阳市", "prefecture")


def test_a_sites_elders_mode_and_accessibility_links_are_never_the_title():
    text = (
        "适老版 \xa0|\xa0 网站无障碍\n"
        "关于支持房地产业良性循环和健康发展的十条政策措施\n"
        "一、统筹疫情防控和支持合理购房需求。积极鼓励房地产开发企业搭建交易平台。\n"
        "二、优化安置房筹集渠道。结合我县实际情况，积极盘活存量市场房源。\n"
    )

    assert metadata_of(text).title == "关于支持房地产业良性循环和健康发展的十条政策措施"


def test_the_headline_over_a_pages_panel_under_long_menus_is_the_title_not_the_sites_name():
    meta = metadata_of(county_page(), filename="page.html")

    assert meta.title == "关于支持房地产业良性循环和健康发展的十条政策措施"


# A 起草说明 printed as the name of the rule it explains, then what it is, on the next line.
# (政策解读 alone on a line is a site's column name, and is left out before titles are read.)
@pytest.mark.parametrize("what", ["起草说明", "图文解读", "问答"])
def test_an_explainer_under_the_name_of_the_rule_it_explains_is_titled_as_itself(what):
    text = (
        f"《北京市商品房预售资金监督管理办法》\n{what}\n\n一、起草背景\n"
        "2010年，本市印发了暂行办法。\n二、主要内容\n《办法》共五章。\n"
    )

    plan = parse_plan(text, filename="note.docx.txt")

    assert plan.metadata.title == f"《北京市商品房预售资金监督管理办法》{what}"
    assert [s.label for s in plan.sections if s.label] == ["一、", "二、"]


@pytest.mark.parametrize("mark", ["[已废止]", "【已失效】", "[部分失效]"])
def test_a_sites_status_mark_before_the_title_is_a_note_not_part_of_the_title(mark):
    # 大连's page: the panel says 有效性 废止 and the headline repeats it before the title.
    page = (
        f"{mark}大连市人民政府办公室关于进一步加强房地产市场调控和监管工作的通知\n"
        "各区市县人民政府：\n为促进我市房地产市场平稳健康发展，现将有关事宜通知如下：\n"
        "一、进一步严格限制新购住房上市交易\n凡在中山区新购买住房的严格限制上市交易。\n"
        "二、严格限制住宅用地出让溢价率\n合理确定住宅用地出让底价。\n"
        "大连市人民政府办公室\n2021年8月13日\n"
    )
    plan = parse_plan(page, filename="notice.html.txt")
    assert plan.metadata.title == (
        "大连市人民政府办公室关于进一步加强房地产市场调控和监管工作的通知"
    )
    assert any(mark[1:-1] in warning for warning in plan.warnings)


def test_a_headline_in_book_marks_run_on_into_the_same_title_is_the_title_once():
    # 宿州's page: the headline 《…若干措施》 over the 发布日期 line, the body's own title under it.
    page = (
        "您当前的位置：首页 > 信息发布 > 通知公告\n"
        "《宿州市进一步促进房地产市场平稳健康发展若干措施》\n"
        "发布日期：2023-09-26 19:05 编辑：市房管中心 来源：宿州市房管中心 阅读：次\n"
        "宿州市进一步促进房地产市场平稳健康发展若干措施\n"
        "为进一步提振房地产市场信心，现制定有关措施如下。\n"
        "一、激活市场活力\n1.发放普惠消费券。凡购买新建商品住房的发放消费券。\n"
        "二、支持刚性和改善性住房需求\n2.落实好差别化住房信贷政策。首付款比例不低于20%。\n"
    )
    meta = metadata_of(page, "measures.html.txt")
    assert meta.title == "宿州市进一步促进房地产市场平稳健康发展若干措施"
    assert (meta.jurisdiction, meta.level) == ("宿州市", "prefecture")


@pytest.mark.parametrize("site", ["中国政府网", "津云客户端", "某某市人民政府门户网站"])
def test_a_sites_name_or_an_apps_caption_is_never_the_title(site):
    page = (
        f"{site}\n某某市2024年国民经济和社会发展统计情况\n"
        "一、综合\n全年地区生产总值增长5%。\n二、农业\n粮食产量保持稳定。\n"
    )
    assert metadata_of(page, "page.html.txt").title == "某某市2024年国民经济和社会发展统计情况"


def test_a_letters_title_ending_in_han_is_a_notice_title_under_a_line_that_names_none():
    # 自然资源部's page: a site's link first, then a panel whose 名称 cell gives a 函's title.
    page = (
        "首页\n政府信息公开\n"
        "名称\u3000自然资源部办公厅关于进一步规范存量住宅用地信息公开工作的函\n"
        "发文字号\u3000自然资办函〔2021〕1432号\u3000发布机构\u3000自然资源部办公厅\n"
        "自然资源部办公厅关于进一步规范存量住宅用地信息公开工作的函\n"
        "各省、自治区、直辖市自然资源主管部门：\n"
        "一、完善公开内容。要严格按照样式表格公开信息。\n二、明晰公开路径。各地要开设专栏。\n"
        "自然资源部办公厅\n2021年8月6日\n"
    )
    meta = metadata_of(page, "letter.html.txt")
    assert meta.title == "自然资源部办公厅关于进一步规范存量住宅用地信息公开工作的函"
    assert (meta.jurisdiction, meta.level) == ("全国", "national")
