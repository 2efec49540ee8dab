"""Page and crawler clutter (share bars, print links, footers, related pages, a crawler's rule)
left out at the ends of a document; the body proper kept, whatever words it uses."""

from __future__ import annotations

import pytest

from plans.parsing import parse_plan

_BODY = "一、总体要求\n坚持以人民为中心，推进各项工作。\n二、主要任务\n加快建设，提升服务水平。\n"


def _texts(plan) -> str:
    return "\n".join(f"{s.label}{s.title}\n{s.body}" for s in plan.sections)


@pytest.mark.parametrize(
    "clutter",
    [
        "扫一扫在手机打开当前页",
        "分享到：",
        "【打印】【关闭】",
        "打印本页 关闭窗口",
        # Two buttons in one pair of brackets, parted by 丨 (a character that looks like a bar).
        "【 打印此页丨关闭窗口 】",
        "【原文下载】",
        "[【原文下载】](http://www.example.gov.cn/wj.pdf)",
        "附件下载",
        "更新时间：2023-08-25 10:00",
        "来源：工信部 发布时间：2023-08-25",
        "浏览次数：",
        "市政办发〔2022〕167号.pdf",
        "渝ICP备08000498号-9 政府网站标识码：5000000043",
    ],
)
@pytest.mark.parametrize("filename", ["page.txt", "crawl.md"])
def test_page_clutter_at_the_end_is_left_out(clutter, filename):
    plan = parse_plan(
        "某市数字政府方案\n" + _BODY + "\n" + clutter + "\n返回顶部\n", filename=filename
    )
    assert clutter.strip("[]") not in _texts(plan)
    assert "返回顶部" not in _texts(plan)
    assert plan.sections[-1].body.startswith("加快建设")


@pytest.mark.parametrize(
    "clutter", ["扫一扫在手机打开当前页", "【字体：大 中 小】", "分享到：", "发布时间：2023-08-25"]
)
def test_page_clutter_at_the_top_is_not_taken_for_the_title(clutter):
    meta = parse_plan(clutter + "\n某市数字政府建设方案\n" + _BODY).metadata
    assert meta.title == "某市数字政府建设方案"


def test_a_list_of_related_pages_under_the_text_is_left_out():
    text = (
        "某市数字政府方案\n" + _BODY + "相关解读\n一图读懂：《某市数字政府方案》\n相关政策\n放弃\n"
    )
    plan = parse_plan(text)
    assert "一图读懂" not in _texts(plan)


@pytest.mark.parametrize(
    "sentence",
    [
        "各单位要在网站首页设置分享到政务新媒体的入口，更新时间不超过一天。",
        "打印",  # a word alone inside the body, between two paragraphs, stays
        "来源：国家统计局",
        "附件下载后请妥善保存。",
    ],
)
def test_the_same_words_inside_the_body_are_kept(sentence):
    text = (
        "某市数字政府方案\n一、总体要求\n坚持以人民为中心。\n" + sentence + "\n"
        "推进各项工作。\n二、主要任务\n加快建设，提升服务水平。\n"
    )
    assert sentence in _texts(parse_plan(text))


def test_a_crawlers_rule_under_the_last_item_is_not_a_setext_heading():
    text = (
        "# 某市数字政府方案\n\n一、总体要求\n\n坚持以人民为中心。\n\n二、主要任务\n\n"
        "（一）加快建设。提升服务水平。\n---\n来源：工信部\n原文链接：https://www.miit.gov.cn/a.html\n"
    )
    plan = parse_plan(text, filename="crawl.md")
    chapters = [s.label for s in plan.sections if s.depth == 0 and s.label]
    assert chapters == ["一、", "二、"]
    item = next(s for s in plan.sections if s.label == "（一）")
    assert item.depth == 1


def test_a_real_setext_heading_still_is_one():
    text = (
        "# 某市数字政府方案\n\n总体要求\n---\n\n坚持以人民为中心。\n\n主要任务\n---\n\n加快建设。\n"
    )
    plan = parse_plan(text, filename="plan.md")
    assert [s.title for s in plan.sections if s.depth == 0] == ["总体要求", "主要任务"]


def test_a_numbered_setext_heading_with_text_under_it_still_is_one():
    text = (
        "# 某市数字政府方案\n\n一、总体要求\n---\n\n坚持以人民为中心。\n\n"
        "二、主要任务\n---\n\n加快建设。\n"
    )
    plan = parse_plan(text, filename="plan.md")
    assert [s.label for s in plan.sections if s.depth == 0] == ["一、", "二、"]


@pytest.mark.parametrize(
    "last", ["本方案自发布之日起施行，更新时间另行通知。", "来源：各区上报数据，由市统计局汇总"]
)
def test_the_last_line_of_the_body_is_kept_though_it_names_such_words(last):
    plan = parse_plan("某市数字政府方案\n" + _BODY + last + "\n分享到：\n")
    assert last in plan.sections[-1].body and "分享到" not in plan.sections[-1].body


# The top of 深圳's page as a browser prints it to PDF (the gazelle programme, issue 26).
_PRINTED_PAGE = (
    "进入关怀版\n导航\n当前位置 : 首页 > 政务公开 > 政府信息公开目录 > 政策法规\n"
    "深圳市有力有效支持发展瞪羚企业、独角兽企业行\n动计划（2025—2027年）\n"
    "2025-03-04 09:49:09 【字体： 大 中 小 】\n政策咨询\n深工信〔2025〕44号\n"
    "为提升科技创新和新兴产业竞争力，结合我市实际，制定本行动计划。\n" + _BODY
)


@pytest.mark.parametrize("chrome", ["进入关怀版", "导航", "当前位置 : 首页 > 政务公开", "政策咨询"])
def test_a_sites_chrome_above_a_printed_page_is_left_out(chrome):
    plan = parse_plan(_PRINTED_PAGE, filename="page.txt")

    assert chrome not in plan.sections[0].body + plan.metadata.title


def test_a_printed_pages_title_broken_over_two_lines_is_one_title():
    meta = parse_plan(_PRINTED_PAGE, filename="page.txt").metadata

    assert meta.title == "深圳市有力有效支持发展瞪羚企业、独角兽企业行动计划（2025—2027年）"
    assert (meta.jurisdiction, meta.level) == ("深圳市", "prefecture")


def test_a_page_that_prints_no_date_of_its_own_is_dated_by_its_stamp_as_a_guess():
    meta = parse_plan(_PRINTED_PAGE, filename="page.txt").metadata

    assert meta.issued.isoformat() == "2025-03-04"
    assert meta.provenance["issued"] == "guessed"


def test_a_pages_stamp_never_outranks_the_documents_own_date():
    text = _PRINTED_PAGE + "深圳市工业和信息化局\n2025年2月28日\n"
    assert parse_plan(text, filename="page.txt").metadata.issued.isoformat() == "2025-02-28"


@pytest.mark.parametrize(
    "tail",
    [
        # 万载: the page's empty attachment slot, its share bar, a dialog and its close button.
        "附件：\n扫一扫在手机打开当前页\n【返回顶部】【关闭本页】\nX\n"
        "您访问的链接即将离开'万载县人民政府网站'是否继续？\n继续访问 放弃\n",
        # 沙县: a download link, a share bar worded otherwise, a footer naming its hosts.
        "附件下载\n扫一扫在手机上查看当前页面\n关闭\n关于我们| 隐私保护| 站点地图|\n"
        "地址：福建省三明市沙县区政府办公大楼  举报邮箱：sxxx@example.com\n"
        "主办：三明市沙县区人民政府办公室 承办：三明市沙县区人民政府办公室电子政务科\n",
    ],
)
def test_an_empty_attachment_slot_and_the_pages_dialogs_at_the_end_are_left_out(tail):
    plan = parse_plan("某市数字政府方案\n" + _BODY + tail)

    assert [s.label for s in plan.sections if s.label] == ["一、", "二、"]
    assert plan.sections[-1].body == "加快建设，提升服务水平。"


def test_a_long_list_of_the_sites_links_under_the_text_is_left_out():
    links = "".join(f"{name}人民政府\n" for name in ["三元区", "永安市", "明溪县"] * 70)
    plan = parse_plan("某市数字政府方案\n" + _BODY + "相关解读\n省级网站\n" + links)

    assert "永安市" not in _texts(plan)


# The top of 东营's 公积金 page (corpus 4): the trail printed over two lines above the title.
@pytest.mark.parametrize(
    "trail",
    [
        "首页\n>>办事指南\u3000>>通知公告\n",
        "首页 › 政务公开 › 通知公告\n",
    ],
)
def test_a_breadcrumb_trail_is_never_the_title(trail):
    text = (
        trail + "\n东营市住房公积金管理委员会\n关于支持多子女家庭使用住房公积金的通知\n"
        "为支持多子女家庭租购住房，现就有关事项通知如下：\n" + _BODY
    )
    meta = parse_plan(text, filename="page.txt").metadata

    assert meta.title == "东营市住房公积金管理委员会关于支持多子女家庭使用住房公积金的通知"


# 东营's page (corpus 4): its headline over the text, the title again under the committee's
# line, and the page's links and credit under the signature.
_HEADLINED_PAGE = (
    "首页\n>>办事指南\u3000>>通知公告\n关于支持多子女家庭使用住房公积金的通知\n\n"
    "东营市住房公积金管理委员会\n关于支持多子女家庭使用住房公积金的通知\n"
    "为支持多子女家庭租购住房，现就有关事项通知如下：\n"
    "一、在我市无自有住房且租赁住房的多子女家庭，可按照实际房租提取住房公积金。\n"
    "二、对购买首套自住住房的多子女家庭，最高贷款额度增加10万元。\n"
    "以上政策自印发之日起施行。\n\n东营市住房公积金管理委员会\n2022 年9月24日\n"
    "相关链接：关于《关于支持多子女家庭使用住房公积金的通知》的解读\n"
    "【关闭窗口】 【打印本页】\n分享到:\nProduced By 大汉网络 大汉版通发布系统\n"
)


def test_a_pages_headline_gives_way_to_the_title_printed_under_its_issuer():
    meta = parse_plan(_HEADLINED_PAGE, filename="page.html.txt").metadata

    assert meta.title == "东营市住房公积金管理委员会关于支持多子女家庭使用住房公积金的通知"


def test_a_pages_headline_and_the_title_under_it_are_not_left_in_the_preamble():
    plan = parse_plan(_HEADLINED_PAGE, filename="page.html.txt")

    assert plan.sections[0].body.startswith("为支持多子女家庭租购住房")


@pytest.mark.parametrize("credit", ["相关链接：关于《关于支持多子女", "Produced By 大汉网络"])
def test_a_pages_related_link_and_credit_under_the_signature_are_left_out(credit):
    plan = parse_plan(_HEADLINED_PAGE, filename="page.html.txt")

    assert credit not in _texts(plan)
    assert plan.metadata.issued.isoformat() == "2022-09-24"
    assert plan.metadata.issuer == "东营市住房公积金管理委员会"
