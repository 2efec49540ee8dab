"""What the parser reads about a document from its own lines: a site's panel of facts, a
notice and its letterhead, a signature, the issuers, the place and the planning period.

Pure: no database. Each text is an excerpt shaped like a real page or notice.
"""

from __future__ import annotations

from datetime import date

import pytest

from plans.parsing import parse_plan

_BODY = "一、总体要求\n坚持以人民为中心，推进各项工作。\n二、主要任务\n加快建设，提升服务水平。\n"


def _meta(text: str, filename: str = "plan.txt"):
    return parse_plan(text, filename=filename).metadata


def test_a_panel_row_gives_each_key_its_own_cell():
    text = (
        "索引号：  \u3000 11441900007330010D/2024-00438  \u3000 分类：\n"
        "发布机构：  \u3000东莞市人民政府办公室 \u3000 成文日期：  \u3000 2024-04-26\n"
        "名称：  \u3000东莞市人民政府办公室关于深化户籍制度改革的实施意见\n"
        "文号：  \u3000东府办〔2024〕13号 \u3000 发布日期：  \u30002024-04-28\n"
        "东莞市人民政府办公室关于深化户籍制度改革的实施意见\n" + _BODY
    )
    meta = _meta(text)
    assert meta.issuer == "东莞市人民政府办公室"
    assert meta.issued == date(2024, 4, 26)
    assert meta.doc_number == "东府办〔2024〕13号"


def test_a_gov_cn_panel_does_not_give_the_issuer_the_neighbouring_cell():
    text = (
        "发文机关： 　国务院办公厅 　成文日期： 　2018年12月07日\n"
        "标　　题： 　国务院办公厅\n"
        "国务院办公厅关于推进养老服务发展的意见\n" + _BODY
    )
    meta = _meta(text)
    assert meta.issuer == "国务院办公厅"
    assert meta.issued == date(2018, 12, 7)
    assert meta.title == "国务院办公厅关于推进养老服务发展的意见"


def test_a_bracketed_panel_above_the_text_is_metadata_not_the_title():
    text = (
        "[主题分类] 科技教育/科技\n[发文机构] 北京市人民政府\n[联合发文单位]\n"
        "[成文日期] 2023-05-21\n[发文字号] 京政发〔2023〕14号\n[发布日期] 2023-05-30\n"
        "京政发〔2023〕14号\n各区人民政府，市政府各委、办、局：\n"
        "现将《北京市人工智能实施方案（2023-2025年）》印发给你们，请认真贯彻落实。\n"
        "北京市人民政府\n2023年5月21日\n（此件公开发布）\n"
        "北京市人工智能实施方案（2023-2025年）\n" + _BODY
    )
    meta = _meta(text)
    assert meta.title == "北京市人工智能实施方案（2023-2025年）"
    assert meta.issuer == "北京市人民政府"
    assert meta.issued == date(2023, 5, 21)
    assert meta.jurisdiction == "北京市"


def test_a_joint_notice_keeps_every_issuer_lead_first_and_its_signature_date():
    text = (
        "重庆市发展和改革委员会\n重\xa0 \xa0庆\xa0 \xa0市\xa0 \xa0公\xa0 \xa0安\xa0 \xa0局\n"
        "重 庆 市 体 育 局\n"
        "关于印发《持续扩大消费若干措施》的通知\n渝发改规范〔2025〕7号\n市政府各部门，有关单位：\n"
        "《持续扩大消费若干措施》已经市政府同意，现印发给你们。\n"
        "重庆市发展和改革委员会\xa0\xa0\xa0\xa0 重庆市公安局\n"
        "重庆市体育局\n\xa0\xa0\xa0\xa02025年11月6日\n持续扩大消费若干措施\n" + _BODY
    )
    meta = _meta(text)
    assert meta.issuers == ["重庆市发展和改革委员会", "重庆市公安局", "重庆市体育局"]
    assert meta.issuer == "重庆市发展和改革委员会"
    assert meta.issued == date(2025, 11, 6)
    assert (meta.jurisdiction, meta.level) == ("重庆市", "province")


def test_a_single_issuer_is_its_own_list():
    meta = _meta("北京市人民政府\n关于印发北京市数字政府规划的通知\n各区人民政府：\n" + _BODY)
    assert meta.issuers == ["北京市人民政府"]


def test_no_markdown_mark_leaks_into_the_issuer():
    text = "# 上海市人民政府办公厅\n\n## 关于印发上海市数字政府规划的通知\n\n" + _BODY
    meta = _meta(text, "plan.md")
    assert meta.issuer == "上海市人民政府办公厅"
    assert all(not name.startswith("#") for name in meta.issuers)


def test_a_plan_naming_its_period_keeps_the_era_read_from_its_title():
    meta = _meta("江苏省“十四五”数字政府建设规划\n" + _BODY)
    assert (meta.era, meta.provenance["era"]) == ("十四五", "read")


@pytest.mark.parametrize(
    "title",
    [
        "北京市关于推进数字政府建设的实施意见",
        "达州市促进房地产市场健康发展十条措施",
        "北京市数据要素工作方案",
    ],
)
def test_a_document_that_names_no_period_gets_no_era_from_its_date(title):
    meta = _meta(_notice(title))
    assert meta.issued == date(2024, 3, 1)
    assert meta.era == ""


def test_an_undated_plan_still_gets_its_era_guessed_from_its_date():
    meta = _meta(_notice("北京市数字政府建设规划"))
    assert (meta.era, meta.provenance["era"]) == ("十四五", "guessed")


@pytest.mark.parametrize(
    "title",
    [
        "西城区2020年深化“放管服”改革优化营商环境的实施意见",
        "万载县2022年国民经济和社会发展统计公报",
        "北京市2023年数字政府建设工作方案",
    ],
)
def test_a_document_that_names_no_period_gets_no_era_from_its_title_year(title):
    assert _meta(title + "\n" + _BODY).era == ""


def test_an_opinion_takes_a_guessed_era_from_a_period_its_text_names():
    meta = _meta("西城区2022年深化改革的实施意见\n“十四五”时期是深化改革的关键期。\n" + _BODY)
    assert (meta.era, meta.provenance["era"]) == ("十四五", "guessed")


def test_a_range_of_years_in_the_text_names_another_documents_period_not_an_era():
    opening = "根据《数字经济产业创新发展实施方案（2021-2023年）》，制定本措施。"
    assert _meta("坪山区数字经济发展资金支持措施\n" + opening + "\n" + _BODY).era == ""


def test_a_plan_keeps_an_era_guessed_from_its_title_year():
    meta = _meta("西城区2022年数字政府建设规划\n" + _BODY)
    assert (meta.era, meta.provenance["era"]) == ("十四五", "guessed")


def _notice(title: str) -> str:
    return (
        f"北京市人民政府\n关于印发{title}的通知\n各区人民政府：\n现将《{title}》印发给你们。\n"
        f"北京市人民政府\n2024年3月1日\n{title}\n" + _BODY
    )


@pytest.mark.parametrize(
    "head",
    [
        "国务院办公厅\n关于印发{t}的通知\n各省、自治区、直辖市人民政府：\n国务院办公厅\n2023年5月1日\n",
        "{t}\n国办发〔2023〕5号\n",
        "{t}\n工信部联规〔2023〕5号\n",
        "{t}\n发文机关：工业和信息化部\n",
    ],
)
@pytest.mark.parametrize(
    "title", ["上海合作组织示范区建设方案", "让城乡区域发展更加协调的若干意见"]
)
def test_a_national_issuer_or_doc_number_places_a_slogan_titled_document_national(head, title):
    meta = _meta(head.format(t=title) + title + "\n" + _BODY)
    assert (meta.jurisdiction, meta.level) == ("全国", "national")


def test_a_local_branch_of_a_central_body_is_not_national():
    text = (
        "国家税务总局云南省税务局\n关于印发云南省税收服务方案的通知\n各州、市税务局：\n"
        "国家税务总局云南省税务局\n2023年5月1日\n云南省税收服务方案\n" + _BODY
    )
    assert (_meta(text).jurisdiction, _meta(text).level) == ("云南省", "province")


@pytest.mark.parametrize(
    ("crawl", "filename"),
    [
        (
            "---\ntitle: 汽车行业稳增长工作方案\nauthor: 工信部\ndate: 2023-08-25\n---\n\n"
            "# 工业和信息化部等七部门关于印发汽车行业稳增长工作方案的通知\n\n",
            "crawl.md",
        ),
        (
            "工业和信息化部等七部门关于印发汽车行业稳增长工作方案的通知\n发布机构：工信部\n",
            "crawl.txt",
        ),
    ],
)
def test_the_documents_own_title_line_names_the_issuer_over_a_crawlers_header(crawl, filename):
    text = crawl + "工信部联通装〔2023〕145号\n各省、自治区、直辖市工业和信息化主管部门：\n" + _BODY
    meta = _meta(text, filename)
    assert meta.issuer == "工业和信息化部"
    assert (meta.jurisdiction, meta.level) == ("全国", "national")


def test_a_panel_key_with_its_value_on_the_next_line_is_read():
    text = (
        "中国政府网\n标\u3000\u3000题：\n国务院办公厅关于推进养老服务发展的意见\n"
        "发文机关：\n国务院办公厅\n成文日期：\n2018年12月07日\n"
        "发文字号：\n国办发〔2019〕5号\n" + _BODY
    )
    meta = _meta(text)
    assert meta.title == "国务院办公厅关于推进养老服务发展的意见"
    assert (meta.issuer, meta.doc_number) == ("国务院办公厅", "国办发〔2019〕5号")
    assert meta.issued == date(2018, 12, 7)


def test_an_opinion_signed_at_its_end_takes_its_date_and_its_titles_issuer():
    text = (
        "安阳市人民政府办公室关于促进房地产市场平稳健康发展的意见\n"
        "各县（市、区）人民政府，市人民政府各部门：\n为促进房地产市场平稳健康发展，提出如下意见。\n"
        + _BODY
        + "本意见适用于安阳市区。各县（市）可参照本意见执行。\n\u3000\u3000\u30002022年5月21日\n"
    )
    meta = _meta(text)
    assert meta.issued == date(2022, 5, 21)
    assert meta.issuer == "安阳市人民政府办公室"


def test_a_date_inside_the_last_paragraph_is_no_signature():
    text = "某市数字政府建设方案\n" + _BODY + "本方案自2022年5月21日起施行。\n"
    assert _meta(text).issued is None


# A news agency's report over the document it carries (the gov.cn page of a 中办国办 opinion).
_NEWS = (
    "中共中央办公厅 国务院办公厅印发《关于实施革命文物保护利用工程（2018－2022 年）的意见》\n"
    "新华社北京 7 月 29 日电 近日，中共中央办公厅、国务院办公厅印发了《关于实施革命文物保护利用"
    "工程（2018－2022 年）的意见》，并发出通知，要求各地区各部门结合实际认真贯彻落实。\n"
    "《关于实施革命文物保护利用工程（2018－2022 年）的意见》全文如下。\n" + _BODY
)


def test_a_news_headline_gives_the_documents_own_title_and_its_joint_issuers_lead_first():
    meta = _meta(_NEWS)
    assert meta.title == "关于实施革命文物保护利用工程（2018－2022年）的意见"
    assert (meta.issuer, meta.issuers) == ("中共中央办公厅", ["中共中央办公厅", "国务院办公厅"])
    assert meta.level == "national"


def test_a_headline_that_issues_nothing_by_named_bodies_stays_the_title():
    text = "关于我市各区县印发《数字政府建设方案》\n" + _BODY
    assert _meta(text).title == "关于我市各区县印发《数字政府建设方案》"


def test_a_dateline_without_its_year_is_dated_in_the_first_year_of_the_documents_period():
    meta = _meta(_NEWS)
    assert meta.issued == date(2018, 7, 29)
    assert meta.provenance["issued"] == "guessed"


def test_a_dateline_is_not_dated_from_a_period_when_the_text_names_an_earlier_year():
    text = _NEWS.replace("二、主要任务", "二、2017年以来的主要任务")
    assert _meta(text).issued is None


def test_a_dateline_in_a_document_naming_no_period_takes_the_year_its_pdf_was_made():
    from plans.parsing._completion import complete
    from plans.parsing.model import PlanMetadata

    meta = PlanMetadata(title="关于推进某项工作的意见")
    complete(meta, "新华社北京7月29日电 近日印发了意见。\n" + _BODY, created=date(2019, 8, 1))
    assert meta.issued == date(2019, 7, 29)
    assert meta.provenance["issued"] == "guessed"


_LETTERHEAD_OPINION = (
    "宜公积金委〔2022〕5 号\n安庆市住房公积金管理委员会\n关于调整住房公积金贷款有关政策的意见\n"
    "各县（市）、区人民政府，市政府各部门、各直属机构：\n现就有关政策调整如下：\n"
    + _BODY
    + "安庆市住房公积金管理委员会\n2022 年 7 月 27 日\n（此页无正文）\n"
    "抄送：各管委会委员单位\n安庆市住房公积金管理委员会 2022 年 7 月 27 日印发\n"
)


def test_a_title_printed_under_its_issuers_line_is_one_title_not_the_letterhead():
    meta = _meta(_LETTERHEAD_OPINION)
    assert meta.title == "安庆市住房公积金管理委员会关于调整住房公积金贷款有关政策的意见"
    assert meta.issuer == "安庆市住房公积金管理委员会"


def test_a_signature_above_the_colophon_ends_the_document_not_a_notice_around_it():
    plan = parse_plan(_LETTERHEAD_OPINION, filename="anqing.txt")

    assert [s.label for s in plan.sections if s.label] == ["一、", "二、"]
    assert plan.metadata.issued == date(2022, 7, 27)


def test_a_title_printed_over_two_lines_above_the_body_is_not_kept_as_text():
    text = (
        "某市促进社区集体经济产业转型发展\n实施细则\n第一章 总则\n第一条 为加快发展，制定本细则。\n"
    )
    plan = parse_plan(text, filename="rules.txt")

    assert plan.metadata.title == "某市促进社区集体经济产业转型发展实施细则"
    assert plan.sections[0].label == "第一章"


def test_an_approval_under_the_plans_title_does_not_redate_the_notice_that_issues_it():
    text = (
        "穗府〔2026〕4号\n广州市人民政府关于印发广州市国民经济和社会发展第十五个五年规划纲要的通知\n"
        "各区人民政府，市政府各部门：\n《广州市国民经济和社会发展第十五个五年规划纲要》现印发给你们。\n"
        "广州市人民政府\n2026年5月21日\n广州市国民经济和社会发展\n第十五个五年规划纲要\n"
        "（2026年1月21日市十六届人大六次会议审查批准）\n" + _BODY
    )
    assert _meta(text).issued == date(2026, 5, 21)


def test_a_ministrys_name_with_和_in_a_news_headline_is_one_issuer():
    text = "工业和信息化部 国家发展改革委印发《关于推动制造业数字化转型的实施意见》\n" + _BODY
    meta = _meta(text)
    assert meta.title == "关于推动制造业数字化转型的实施意见"
    assert meta.issuers == ["工业和信息化部", "国家发展改革委"]


# Issue 26, second fresh corpus: a site's 政府信息公开 panel printed above a notice.
_INFO_PANEL = (
    "深圳市科技创新局政府信息公开\n索引号： 1144030059071685XK/2026-00039 分类：\n"
    "发布机构： 深圳市科技创新局 成文日期： 2026-02-25\n"
    "名称： 深圳市科技创新局关于印发《深圳市研发投入补助计划项目管理办法》的通知\n"
    "文号： 发布日期： 2026-02-25\n"
    "深圳市科技创新局关于印发《深圳市研发投入\n补助计划项目管理办法》的通知\n各有关单位：\n"
    "我局制定了《深圳市研发投入补助计划项目管理办法》。《深圳市研发投入补助计划项目管理办法》"
    "已经市政府同意，现予以印发，请遵照执行。\n深圳市科技创新局\n2026年2月25日\n"
    "深圳市研发投入补助计划项目管理办法\n第一章 总则\n第一条 为鼓励研发投入，制定本办法。\n"
)


def test_a_panels_name_cell_gives_the_issued_documents_title_and_no_label_leaks():
    meta = _meta(_INFO_PANEL)
    assert meta.title == "深圳市研发投入补助计划项目管理办法"
    assert meta.issuers == ["深圳市科技创新局"]
    assert (meta.jurisdiction, meta.level) == ("深圳市", "prefecture")
    assert meta.documents == []


def test_a_panel_cell_naming_a_short_issuer_gives_way_to_the_signature():
    text = (
        "信息名称：市政府关于印发《常州市户籍准入管理若干规定》的通知\n"
        "文件编号：常政发〔2019〕17号\u3000发布机构：常州市人民政府\n"
        "生成日期：2019-01-30\u3000公开日期：2019-02-11\u3000废止日期：有效\n"
        "内容概述：市政府关于印发《常州市户籍准入管理若干规定》的通知\n"
        "市政府关于印发《常州市户籍准入管理若干规定》的通知\n常政发〔2019〕17号\n"
        "各辖市、区人民政府，市各委办局：\n"
        "《常州市户籍准入管理若干规定》已经市政府同意，现印发给你们。\n"
        "常州市人民政府\n2019年1月30日 \u3000\u3000（此件公开发布）\n"
        "常州市户籍准入管理若干规定\n第一条 为加强人口服务和管理，制定本规定。\n"
        "第二条 本市户籍准入管理，适用本规定。\n"
    )
    meta = _meta(text)
    assert meta.title == "常州市户籍准入管理若干规定"
    assert meta.issuers == ["常州市人民政府"]
    assert meta.issued == date(2019, 1, 30)


def test_a_short_issuer_with_no_better_source_is_expanded_from_the_place():
    text = "市政府关于印发《常州市户籍准入管理若干规定》的通知\n第一条 为加强管理，制定本规定。\n"
    assert _meta(text).issuer == "常州市人民政府"


def test_a_notice_cited_in_the_preamble_is_not_the_document_this_notice_issues():
    text = (
        "福州市人民政府办公厅文件\n榕政办〔2016〕186 号\n福州市人民政府办公厅关于进一步促进\n"
        "房地产市场平稳健康发展的补充通知\n各县（市）区人民政府，市直各有关单位：\n"
        "为进一步加强调控，在认真落实《福州市人民政府办公厅关于印发福州市进一步促进房地产市场平稳"
        "健康发展若干意见的通知》（榕政办〔2016〕180 号）文件基础上，现就有关事项补充通知如下：\n"
        + _BODY
        + "福州市人民政府办公厅\n2016 年 10 月 6 日\n抄送：人行福州中心支行\n"
        "福州市人民政府办公厅 2016 年 10 月 6 日印发\n"
    )
    plan = parse_plan(text, filename="fuzhou.txt")
    assert (
        plan.metadata.title == "福州市人民政府办公厅关于进一步促进房地产市场平稳健康发展的补充通知"
    )
    assert plan.metadata.doc_number == "榕政办〔2016〕186号"
    assert [s.label for s in plan.sections if s.label] == ["一、", "二、"]


@pytest.mark.parametrize("verb", ["根据", "按照", "为贯彻"])
def test_a_notice_named_after_a_citing_verb_is_a_citation(verb):
    text = (
        "某市人民政府办公厅关于加强管理的通知\n各区人民政府：\n"
        f"{verb}《某市人民政府关于印发某市数字政府建设规划的通知》要求，现通知如下：\n"
        + _BODY
        + "某市人民政府办公厅\n2023年5月4日\n"
    )
    assert _meta(text).title == "某市人民政府办公厅关于加强管理的通知"


def test_a_notice_carrying_its_measures_in_its_own_body_keeps_them_as_the_outline():
    text = (
        "广州市规划和自然资源局关于印发进一步优化审批服务若干措施的通知\n"
        "机关各处室、局属各单位：\n为优化营商环境，制定以下措施：\n"
        "一、进一步优化规划审批\n（一）简化审批手续，提高项目筹建速度。工业用地申请调整的，予以办理。\n"
        "二、进一步优化土地供应管理\n（二）分用途核算土地出让金，方便企业核算。新出让项目分别核算。\n"
        "广州市规划和自然资源局\n2023年7月27日\n扫码进入手机页面\n相关稿件：\n我要办\n网上申请\n"
    )
    plan = parse_plan(text, filename="gz.txt")
    assert plan.metadata.title == "进一步优化审批服务若干措施"
    assert [s.label for s in plan.sections if s.label] == ["一、", "（一）", "二、", "（二）"]
    # The outline ends at the signature: the page's links and menus under it are no item's text.
    assert plan.sections[-1].body == "新出让项目分别核算。"


def test_a_letterhead_is_never_the_title():
    text = (
        "南京市住房保障和房产局文件\n宁房市字〔2017〕108 号\n关于明确住房限购政策有关事项的通知\n"
        "市国土局，江宁区政府：\n现将具体意见印发给你们，请认真执行。\n南京市住房保障和房产局\n"
        "2017 年 5 月 3 日\n住房限购政策的实施意见\n" + _BODY
    )
    meta = _meta(text)
    assert meta.title == "关于明确住房限购政策有关事项的通知"
    assert meta.issuer == "南京市住房保障和房产局"


def test_the_full_signed_name_beats_the_short_name_in_the_title():
    text = (
        "深坪府办规〔2023〕5 号\n坪山区人民政府办公室关于印发《深圳市坪山区数字经济资金支持措施》"
        "的通知\n各街道办事处，区直各单位：\n"
        "《深圳市坪山区数字经济资金支持措施》经区政府同意，现印发给你们。\n"
        "深圳市坪山区人民政府办公室\n2023 年 6 月 21 日\n深圳市坪山区数字经济资金支持措施\n" + _BODY
    )
    meta = _meta(text)
    assert meta.issuers == ["深圳市坪山区人民政府办公室"]
    assert (meta.jurisdiction, meta.above) == ("坪山区", ["广东省", "深圳市"])


def test_signatory_lines_above_the_date_are_joint_issuers_lead_first():
    text = (
        "穗天科工信规字〔2023〕1号\n"
        "广州市天河区科技工业和信息化局 广州市天河区人力资源和社会保障局 中共广州市天河区委统战部\n"
        "关于印发广州市天河区支持港澳青年创新创业实施办法的通知\n区属各单位：\n"
        "《广州市天河区支持港澳青年创新创业实施办法》已经区委、区政府同意，现印发实施。\n"
        "广州市天河区科技工业和信息化局\n广州市天河区人力资源和社会保障局\n中共广州市天河区委统战部\n"
        "2023年8月9日\n第一条 为支持港澳青年，制定本办法。\n第二条 本办法自印发之日起施行。\n"
    )
    meta = _meta(text)
    assert meta.title == "广州市天河区支持港澳青年创新创业实施办法"
    assert meta.issuers == [
        "广州市天河区科技工业和信息化局",
        "广州市天河区人力资源和社会保障局",
        "中共广州市天河区委统战部",
    ]
    assert meta.issuer == "广州市天河区科技工业和信息化局"


def test_a_signature_date_under_seven_signatory_lines_dates_the_notice():
    signatories = [
        "杭州市商务局",
        "杭州市财政局",
        "杭州市发展和改革委员会",
        "杭州市交通运输局",
        "杭州市市场监督管理局",
        "杭州市文化广电旅游局",
        "杭州市体育局",
    ]
    text = (
        "杭州市商务局等七部门关于印发杭州市促进消费工作方案的通知\n各区人民政府，市政府各部门：\n"
        "现将《杭州市促进消费工作方案》印发给你们，请认真贯彻落实。\n"
        + "\n".join(signatories)
        + "\n2023年8月25日\n杭州市促进消费工作方案\n"
        + _BODY
    )
    meta = _meta(text)
    assert meta.issued == date(2023, 8, 25)
    assert (meta.issuer, meta.issuers) == ("杭州市商务局", signatories)


@pytest.mark.parametrize(
    "title",
    [
        "工业和信息化部等四部门关于印发《新能源汽车推广行动方案》的通知",
        "关于印发《新能源汽车推广行动方案》的通知",
    ],
)
def test_ministries_signing_one_per_line_are_every_issuer_lead_first(title):
    signatories = ["工业和信息化部", "财政部", "交通运输部", "国家发展改革委"]
    text = (
        f"{title}\n工信部联通装〔2024〕12号\n各省、自治区、直辖市工业和信息化主管部门：\n"
        "现将《新能源汽车推广行动方案》印发给你们，请认真贯彻落实。\n"
        + "\n".join(signatories)
        + "\n2024年3月5日\n新能源汽车推广行动方案\n"
        + _BODY
    )
    meta = _meta(text)
    assert meta.issued == date(2024, 3, 5)
    assert (meta.issuer, meta.issuers) == ("工业和信息化部", signatories)


def test_one_ministry_alone_above_a_date_is_no_signature():
    # 部 ends many words; alone above a date a line naming a 部 is not taken for the issuer.
    text = (
        "关于印发《新能源汽车推广行动方案》的通知\n各省、自治区、直辖市有关部门：\n"
        "现将方案印发给你们。\n东风本田事业部\n2024年3月5日\n新能源汽车推广行动方案\n" + _BODY
    )
    assert _meta(text).issuers == []


def test_two_bodies_before_关于_are_two_issuers_and_an_unquoted_title_is_the_document():
    text = (
        "广州市人力资源和社会保障局 广州市公安局关于印发广州市引进人才入户管理办法实施细则的通知\n"
        "穗人社规字〔2022〕2号\n各有关单位：\n"
        "为进一步贯彻落实《广州市引进人才入户管理办法》，规范办理流程，现将《广州市引进人才入户管理"
        "办法实施细则》印发给你们，请遵照执行。\n广州市人力资源和社会保障局\n广州市公安局\n"
        "2022年7月7日\n广州市引进人才入户管理办法实施细则\n第一章 总则\n"
        "第一条 为做好引进人才入户工作，制定本细则。\n"
    )
    meta = _meta(text)
    assert meta.title == "广州市引进人才入户管理办法实施细则"
    assert meta.issuers == ["广州市人力资源和社会保障局", "广州市公安局"]
    assert meta.documents == []


def test_a_decrees_history_line_gives_its_issuer_and_number():
    text = (
        "北京市行政执法监督办法\n"
        "（2024 年 12 月 24 日北京市人民政府第 314 号令发布 自 2025 年 3 月 1 日起施行)\n"
        "第一条 为了加强和规范行政执法监督工作，制定本办法。\n第二条 本办法适用于本市。\n"
    )
    meta = _meta(text)
    assert (meta.issuer, meta.doc_number) == ("北京市人民政府", "北京市人民政府第314号令")
    assert meta.issued == date(2024, 12, 24)


@pytest.mark.parametrize(
    ("title_line", "title"),
    [
        ("北京市人民政府关于印发北京市数据管理办法的通知", "北京市数据管理办法"),
        ("北京市人民政府关于印发北京市数据管理实施细则的通知", "北京市数据管理实施细则"),
        ("北京市人民政府关于印发进一步加强数据管理若干措施的通知", "进一步加强数据管理若干措施"),
        ("北京市科学技术委员会关于印发北京市科技项目申报指南的通知", "北京市科技项目申报指南"),
    ],
)
def test_an_unquoted_notice_title_names_the_document_it_issues(title_line, title):
    assert _meta(title_line + "\n各区人民政府：\n" + _BODY).title == title


def test_an_unquoted_notice_issuing_no_named_kind_of_document_keeps_its_own_title():
    text = "某市人民政府办公室关于印发市长在全市工作会议上讲话的通知\n各区人民政府：\n" + _BODY
    assert _meta(text).title == "某市人民政府办公室关于印发市长在全市工作会议上讲话的通知"


def test_a_department_named_short_in_its_title_is_named_in_full_by_its_signature():
    text = (
        "市住建局关于印发《南京市住房限购实施细则》的通知\n各区政府：\n"
        "现将《南京市住房限购实施细则》印发给你们。\n南京市住房保障和房产局\n2017年5月3日\n"
        "南京市住房限购实施细则\n" + _BODY
    )
    assert _meta(text).issuer == "南京市住房保障和房产局"


def test_a_panels_date_of_making_dates_a_document_that_prints_none():
    text = (
        "信息名称：常州市户籍准入管理若干规定\n"
        "生成日期：2019-01-30\u3000公开日期：2019-02-11\n"
        "常州市户籍准入管理若干规定\n第一条 为加强管理，制定本规定。\n"
    )
    meta = _meta(text)
    assert meta.title == "常州市户籍准入管理若干规定"
    assert (meta.issued, meta.provenance["issued"]) == (date(2019, 1, 30), "read")


def test_two_ministries_before_关于_are_two_issuers():
    text = "工业和信息化部 国家发展改革委关于印发《数字化转型实施方案》的通知\n各省工业主管部门：\n"
    meta = _meta(text + _BODY)
    assert meta.issuers == ["工业和信息化部", "国家发展改革委"]
    assert meta.level == "national"


def test_a_notice_with_no_addressees_carrying_its_measures_keeps_them_as_the_outline():
    text = (
        "某住建〔2024〕3号\n某市住房和城乡建设局关于进一步规范物业管理的通知\n"
        "为规范物业管理，现就有关事项通知如下：\n"
        "一、加强物业服务监管\n严格服务标准。\n二、完善投诉处理机制\n及时处理投诉。\n"
        "某市住房和城乡建设局\n2024年3月1日\n相关链接\n网站地图\n"
    )
    plan = parse_plan(text, filename="notice.txt")
    assert [s.label for s in plan.sections if s.label] == ["一、", "二、"]
    assert plan.sections[-1].body == "及时处理投诉。"


@pytest.mark.parametrize(
    ("issuer_key", "date_key"), [("发布单位", "发文日期"), ("制发机关", "成文日期")]
)
def test_other_panels_name_the_issuer_and_the_date(issuer_key, date_key):
    text = (
        f"{issuer_key}：杭州市人民政府办公厅\u3000{date_key}：2024-03-19\n"
        "杭州市数字政府建设方案\n" + _BODY
    )
    meta = _meta(text)
    assert (meta.issuer, meta.issued) == ("杭州市人民政府办公厅", date(2024, 3, 19))


def test_joint_signatories_at_the_end_of_a_document_without_a_notice_are_its_issuers():
    text = (
        "关于推进城市更新的实施意见\n" + _BODY + "某市住房和城乡建设局\n某市自然资源和规划局\n"
        "2024年5月6日\n"
    )
    meta = _meta(text)
    assert meta.issuers == ["某市住房和城乡建设局", "某市自然资源和规划局"]
    assert meta.issued == date(2024, 5, 6)


def test_a_notice_carrying_its_measures_keeps_them_when_a_form_is_attached_after_it():
    text = (
        "某市科技局关于开展2024年科技项目申报工作的通知\n各有关单位：\n为做好申报工作，通知如下：\n"
        "一、申报条件\n在本市注册的企业。\n二、申报时间\n2024年5月底前。\n"
        "某市科技局\n2024年4月1日\n附件：科技项目申报表\n"
    )
    plan = parse_plan(text, filename="notice.txt")
    labels = [(s.kind, s.label) for s in plan.sections if s.label]
    assert labels == [("chapter", "一、"), ("chapter", "二、"), ("attachment", "附件")]


def test_a_panel_naming_the_governments_office_does_not_replace_the_government():
    text = (
        "市政府关于印发《常州市户籍准入管理若干规定》的通知\n"
        "发布机构：常州市人民政府办公室\n第一条 为加强管理，制定本规定。\n"
    )
    assert _meta(text).issuer == "常州市人民政府"


@pytest.mark.parametrize(
    "document",
    [
        "某市数据管理办法\n本办法所称数据，是指本市各部门产生的数据。\n各部门应当共享数据。\n",
        "## 某市数据管理办法\n## 第一章 总则\n本办法所称数据，是指本市各部门产生的数据。\n",
    ],
)
def test_a_notice_with_numbered_requirements_still_issues_the_document_printed_after_it(document):
    text = (
        "某政发〔2024〕5号\n某市人民政府关于印发某市数据管理办法的通知\n各区人民政府：\n"
        "现将《某市数据管理办法》印发给你们，并提出以下要求：\n一、加强领导。\n二、抓好落实。\n"
        "某市人民政府\n2024年5月6日\n" + document
    )
    plan = parse_plan(text, filename="notice.md")
    assert plan.metadata.title == "某市数据管理办法"
    assert "一、" not in [s.label for s in plan.sections]
    assert any("各部门" in s.body for s in plan.sections)
