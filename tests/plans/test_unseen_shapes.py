"""Shapes first met in the third fresh corpus (tests/data/fresh-corpus-3), each from a few lines
written after a real document: scans' text layers, places named only by a 文号's sign or a year,
titles printed over several lines, 印发 lines, report chapters.

Pure: no database.
"""

from __future__ import annotations

from datetime import date

import pytest

from plans.parsing import parse_plan

_FULL = "为进一步严格执行住房限购政策，现就加强住房赠与管理有关"


def _meta(text: str, filename: str = "notice.txt"):
    return parse_plan(text, filename=filename).metadata


def test_a_date_under_signatories_that_fill_the_line_is_not_run_on_into_them():
    # A PDF's text, broken at the page width: the signature line is as wide as a full line.
    body = "".join(f"{_FULL}\n事项通知如下。\n" for _ in range(6))
    text = (
        "沪建房管联〔2021〕476 号\n关于加强住房赠与管理的通知\n各区住房保障房屋管理局：\n"
        + body
        + "市住房城乡建设管理委 市房屋管理局 市自然资源确权登记局\n"
        "2021 年 7 月 23 日\n"
    )

    assert _meta(text).issued == date(2021, 7, 23)


def test_a_doc_number_spaced_from_its_year_is_read():
    text = (
        "长金管委 〔2022〕3号\n关于优化住房公积金业务政策和流程的通知\n各有关单位：\n一、贷款政策\n"
    )

    assert _meta(text).doc_number == "长金管委〔2022〕3号"


def test_a_place_printed_after_the_reports_year_places_it():
    text = "2021年深圳市社会性别统计报告\n1 人口特征\n全市常住人口。\n"

    meta = _meta(text)

    assert (meta.jurisdiction, meta.level, meta.above) == ("深圳市", "prefecture", ["广东省"])


def test_a_provinces_sign_in_the_doc_number_places_a_notice_that_names_no_place():
    text = "沪建房管联〔2021〕476号\n关于加强住房赠与管理的通知\n各区住房保障房屋管理局：\n"
    text += "一、自即日起执行。\n"

    meta = _meta(text)

    assert (meta.jurisdiction, meta.level) == ("上海市", "province")
    assert meta.provenance["jurisdiction"] == "guessed"


def test_a_local_committees_sign_is_not_taken_for_a_national_one():
    text = (
        "长金管委〔2022〕3号\n关于优化住房公积金业务政策和流程的通知\n各有关单位：\n一、贷款政策\n"
    )

    assert _meta(text).level != "national"


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

    assert _meta(text).title == title


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
    meta = _meta(f"{title}\n各有关单位：\n一、总体要求\n坚持。\n")

    assert (meta.issuer, meta.issuers) == (issuers[0], issuers)


def test_a_consultation_draft_is_not_taken_for_an_opinion():
    meta = _meta("关于提取住房公积金支付首付款的通知（征求意见稿）\n一、总体要求\n坚持。\n")

    assert meta.kind != "opinion"


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

    meta = _meta(text)

    assert (meta.issuer, meta.issued) == (issuer, issued)
    assert meta.provenance["issuer"] == "guessed"


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


_ANHUI = (
    "关于印发进一步做好近期促进消费工作若干措施的通知\n各市人民政府，省有关单位：\n"
    "经省政府领导同意，现将《进一步做好近期促进消费工作若干措施》印发给你们，请认真组织实施。\n"
    "省完善促进消费体制机制厅际联席会议（代章）\n2022年1月26日\n"
    "进一步做好近期促进消费工作若干措施\n"
    "一、开展跨年迎新购物季活动。推广{place}特色年货。\n二、提振餐饮住宿消费。鼓励创新。\n"
)


def test_a_body_signing_with_a_bare_province_takes_the_one_province_its_text_names():
    meta = _meta(_ANHUI.format(place="安徽"))

    assert (meta.jurisdiction, meta.level) == ("安徽省", "province")
    assert meta.issuer == "安徽省完善促进消费体制机制厅际联席会议"
    assert meta.provenance["jurisdiction"] == "guessed"


def test_a_text_naming_two_provinces_does_not_place_a_bare_province_signature():
    meta = _meta(_ANHUI.format(place="安徽和江苏"))

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
    meta = _meta(top + "2022年，全县经济平稳增长。\n一、综合\n全年实现生产总值262.6亿元。\n")

    assert (meta.issuer, meta.issuers) == (issuers[0], issuers)
    assert meta.issued is None  # a month is no date


_REPORT = (
    "2021年深圳市社会性别统计报告\n深圳市统计局\n二〇二二年十二月\n"
    "1 人口特征\n2021年，深圳市常住人口1761.48万人。\n"
    "1 注：此数据不包含深汕特别合作区常住人口数据。\n"
    "2021年，常住人口出生率为10.37‰，死亡率为\n0.77‰；出生人口性别比为113.39。\n"
    "2 婚姻及家庭状况\n2021年，全市结婚登记。\n3 文化教育\n全市各类学校。\n"
    "4 就业\n全市就业人员\n89.89，人民陪审员性别比为83.51。\n"
    "注解：\n1.人口性别比：指报告期末，男性人数与女性人数之比。\n"
    "2.小学学龄儿童净入学率：指小学学龄人口中正在接受小学教育人数所占比重。\n"
)


def test_a_reports_arabic_numbered_chapters_are_its_outline_and_its_notes_are_not():
    plan = parse_plan(_REPORT, filename="report.txt")

    headings = [(s.label, s.title) for s in plan.sections if s.label]
    assert headings == [
        ("1", "人口特征"),
        ("2", "婚姻及家庭状况"),
        ("3", "文化教育"),
        ("4", "就业"),
    ]
    assert "人口性别比：指" in plan.sections[-1].body  # the notes stay the last chapter's text


def test_two_numbered_captions_alone_are_no_report_chapters():
    text = "某某报告\n1 人口特征\n全市常住人口。\n2 就业\n全市就业人员。\n"

    assert [s.label for s in parse_plan(text, filename="r.txt").sections if s.label] == []


def test_a_caption_line_short_of_the_width_is_not_run_on_into_the_unindented_paragraph_under_it():
    # A PDF's text: paragraphs marked by indents, except the ones under the captions (bold).
    para = (
        "\u3000\u3000为支持刚性和改善性住房需求，减轻居民购房首付资金周\n"
        "转压力，同时考虑到缴存人首付款支付能力相对充足，允许缴\n存人申请提取。\n"
    )
    text = (
        "关于阶段性实施部分住房公积金提取政策的解读\n"
        + para * 3
        + "一、关于提取公积金支付购买本市新建商品住房首付款\n"
        "为支持刚性和改善性住房需求，减轻居民购房首付资金周\n转压力，允许缴存人申请提取。\n"
        "二、购买本市新建商品住房可提取住房公积金支付首付\n款。缴存人购买本市新建商品住房的，可申请提取。\n"
        + para
        * 3
    )

    titles = [s.title for s in parse_plan(text, filename="d.txt").sections if s.label]

    assert titles[0] == "关于提取公积金支付购买本市新建商品住房首付款"
    assert titles[1].startswith("购买本市新建商品住房可提取住房公积金支付首付款")


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("关于优化住房公积金业务政策和流程的 通知", "关于优化住房公积金业务政策和流程的通知"),
        ("中共中央 国务院关于推进数字政府建设的意见", "中共中央 国务院关于推进数字政府建设的意见"),
    ],
)
def test_an_ocrs_space_between_words_leaves_the_title_but_a_space_after_a_body_stays(title, kept):
    assert _meta(f"{title}\n一、总体要求\n坚持。\n").title == kept


def test_an_ocrs_spaces_between_words_do_not_cut_an_items_title_after_its_first_word():
    text = (
        "关于优化住房公积金业务政策和流程的通知\n一、贷款政策\n"
        "2、 职工 家庭购买第二 套改善性 自住房， 首付款 比例不得低于购房 总价的 40%。\n"
        "3、 职工家庭购买首套房，实施阶段性政策。\n"
    )

    titles = [s.title for s in parse_plan(text, filename="n.txt").sections if s.label == "2、"]

    assert titles and titles[0] != "职工"
    assert titles[0].startswith("职工 家庭购买第二 套改善性 自住房")
