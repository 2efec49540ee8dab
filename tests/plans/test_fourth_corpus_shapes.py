"""Shapes first met in the fourth fresh corpus (tests/data/fresh-corpus-4), each from a few lines
written after a real document: a panel's cells set off by spaces, a policy reading's heading
run into the notice's title, a signature naming its city only as 市, a page dated only by the
site, a page whose title stands nowhere but in its <title>.

Pure: no database.
"""

from __future__ import annotations

from datetime import date

import pytest

from plans.parsing import parse_plan

_MEASURES = (
    "一、以点带面，积极做好“带押过户”\n各地要在已有工作的基础上积极做好。\n"
    "二、因地制宜，确定“带押过户”模式\n各地要结合本地实际。\n"
)


def _meta(text: str, filename: str = "notice.txt"):
    return parse_plan(text, filename=filename).metadata


# The panel of 自然资源部's page, its labels set off by an ideographic space, no colon.
_MINISTRY_PAGE = (
    "中国政府网\n政府信息公开\n"
    "名称\u3000自然资源部 中国银行保险监督管理委员会"
    "关于协同做好不动产“带押过户”便民利企服务的通知\n"
    "索引号\u3000000019174/2023-00003\u3000主题\u3000自然资源确权登记\n"
    "发文字号\u3000自然资发〔2023〕29号\u3000发布机构\u3000部委联合发文\n"
    "自然资源部 中国银行保险监督管理委员会关于协同做好不动产“带押过户”便民利企服务的通知\n"
    "各省、自治区、直辖市自然资源主管部门，各银保监局：\n"
    "为贯彻中央经济工作会议精神，现通知如下：\n" + _MEASURES + "\n"
    "自然资源部\xa0 \xa0 \xa0 中国银行保险监督管理委员会\n2023年3月3日\n"
)


def test_a_panels_name_label_set_off_without_a_colon_is_no_part_of_the_title():
    meta = _meta(_MINISTRY_PAGE)

    assert meta.title == (
        "自然资源部 中国银行保险监督管理委员会关于协同做好不动产“带押过户”便民利企服务的通知"
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


@pytest.mark.parametrize(
    "page",
    [
        _CHANGZHOU_PAGE,
        # the same lines run together, as a page's hard-wrapped text is rejoined
        _CHANGZHOU_PAGE.replace("政策解读\n关于", "政策解读关于"),
    ],
)
def test_a_link_to_the_notices_reading_is_not_run_into_the_notices_title(page):
    meta = _meta(page)

    assert meta.title == "关于调整住房公积金贷款相关规定的通知"
    assert meta.issuer == "常州市住房公积金管理委员会"


# 南京's notice, signed by the city's office as 市…, the city named in the text without 市.
_NANJING = (
    "关于进一步优化无房家庭购房工作的通知\n"
    "为满足居民合理住房需求，现就有关事项通知如下：\n"
    "一、{place}户籍无房家庭可购买一套商品住房。\n"
    "二、在{place}连续缴纳社会保险满12个月的非户籍家庭，可购买一套商品住房。\n"
    "本通知自印发之日起施行。\n\n市促进房地产市场平稳健康发展领导小组办公室\n2021年5月28日\n"
)


def test_a_body_signing_with_a_bare_city_takes_the_one_city_its_text_names():
    meta = _meta(_NANJING.format(place="南京"))

    assert (meta.jurisdiction, meta.level, meta.above) == ("南京市", "prefecture", ["江苏省"])
    assert meta.issuer == "南京市促进房地产市场平稳健康发展领导小组办公室"
    assert meta.provenance["jurisdiction"] == "guessed"


def test_a_bare_city_signature_is_no_place_name_when_the_text_names_two_cities():
    meta = _meta(_NANJING.format(place="南京或苏州"))

    assert meta.jurisdiction == ""
    assert meta.issuer == "市促进房地产市场平稳健康发展领导小组办公室"


# 高阳's page: the title, the site's 发布时间 line under it, a text with no signature.
_GAOYANG = (
    "高阳县人民政府关于加强房地产市场管控的意见\n"
    "发布时间：2017/5/11 8:22:16\u3000\u3000信息发布人：管理员\n"
    "各乡（镇）政府，县政府有关部门：\n"
    "为维护正常的房地产市场秩序，提出如下意见：\n"
    "一、调整居民购房政策\n暂停向本县户籍居民家庭出售新建商品住房。\n"
    "二、完善差别化住房信贷政策\n首付款比例不低于30%。\n"
)


def test_a_page_without_a_signature_date_is_dated_by_its_published_line_as_a_guess():
    plan = parse_plan(_GAOYANG, filename="page.txt")

    assert plan.metadata.issued == date(2017, 5, 11)
    assert plan.metadata.provenance["issued"] == "guessed"
    assert "信息发布人" not in "".join(s.title + s.body for s in plan.sections)


def test_a_signature_date_outranks_the_pages_published_line():
    plan = parse_plan(_GAOYANG + "\n高阳县人民政府\n2017年5月8日\n", filename="page.txt")

    assert plan.metadata.issued == date(2017, 5, 8)


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


# 上海's notice: its issuers only in an image letterhead, the 印发 line under the text.
_SHANGHAI = (
    "沪建房管联〔2024〕58 号\n{title}\n各有关单位：\n"
    "为更好满足居民合理住房需求，经市政府同意，现就优化本市住房限购政策事宜通知如下：\n"
    "一、非本市户籍居民可在外环以外区域限购1套住房。\n二、本通知自2024年1月31日起施行。\n"
    "2024 年 1 月 30 日\n（此件公开发布）\n上海市房屋管理局办公室 2024 年1 月30 日印发\n"
)


def test_the_printed_by_office_stands_in_only_for_an_issuer_the_text_does_not_name():
    alone = _meta(_SHANGHAI.format(title="关于优化本市住房限购政策的通知"))
    named = _meta(
        _SHANGHAI.format(
            title="上海市住房和城乡建设管理委员会 上海市房屋管理局关于优化本市住房限购政策的通知"
        )
    )

    # A bureau's office prints for its bureau, one of the notice's two issuers.
    assert (alone.issuer, alone.provenance["issuer"]) == ("上海市房屋管理局", "guessed")
    assert named.issuers == ["上海市住房和城乡建设管理委员会", "上海市房屋管理局"]


def test_a_panels_cells_set_off_by_ideographic_spaces_give_the_doc_number():
    meta = _meta(_MINISTRY_PAGE)

    assert meta.doc_number == "自然资发〔2023〕29号"
    # 发布机构　部委联合发文 names no body: the signature's two stay the issuers.
    assert meta.issuers == ["自然资源部", "中国银行保险监督管理委员会"]


def test_a_body_signing_with_a_bare_county_takes_the_one_county_its_text_names():
    text = _NANJING.format(place="高阳县").replace("\n市促进", "\n县促进")
    meta = _meta(text)

    assert (meta.jurisdiction, meta.level, meta.above) == ("高阳县", "county", ["河北省", "保定市"])
    assert meta.issuer == "高阳县促进房地产市场平稳健康发展领导小组办公室"


def test_a_readings_own_title_is_kept_when_the_page_prints_no_notice_it_names():
    text = (
        "《关于调整住房公积金贷款相关规定的通知》政策解读\n"
        "一、出台背景\n为支持住房需求。\n二、主要内容\n降低首付款比例。\n"
    )

    assert _meta(text).title == "《关于调整住房公积金贷款相关规定的通知》政策解读"
