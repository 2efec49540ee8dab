"""Which lines are a document's outline: a report's arabic-numbered chapters, captions not run on
into the paragraph under them, item titles not cut by an OCR's spaces; an article's numbered
lists are its text.

Pure: no database.
"""

from __future__ import annotations

from plans.parsing import parse_plan

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


def test_an_ocrs_spaces_between_words_do_not_cut_an_items_title_after_its_first_word():
    text = (
        "关于优化住房公积金业务政策和流程的通知\n一、贷款政策\n"
        "2、 职工 家庭购买第二 套改善性 自住房， 首付款 比例不得低于购房 总价的 40%。\n"
        "3、 职工家庭购买首套房，实施阶段性政策。\n"
    )

    titles = [s.title for s in parse_plan(text, filename="n.txt").sections if s.label == "2、"]

    assert titles and titles[0] != "职工"
    assert titles[0].startswith("职工 家庭购买第二 套改善性 自住房")


_RULE_WITH_LISTS = (
    "北京市科学技术奖励办法\n"
    "第一条 为了奖励在本市科学技术进步活动中做出突出贡献的个人、组织，制定本办法。\n"
    "第二条 本市设立北京市科学技术奖，包括以下类别：\n"
    "（一）突出贡献中关村奖；\n"
    "（二）杰出青年中关村奖；\n"
    "（三）科学技术进步奖。\n"
    "第三条 有下列情形之一的，不予受理：\n"
    "1.申请材料不符合要求的；\n"
    "2.其他不予受理的情形。\n"
)


def test_the_numbered_lists_inside_an_article_are_its_text_not_sections():
    parsed = parse_plan(_RULE_WITH_LISTS, filename="rule.txt")

    assert [s.label for s in parsed.sections] == ["第一条", "第二条", "第三条"]
    second = parsed.sections[1]
    assert "（一）突出贡献中关村奖；" in second.body and "（三）科学技术进步奖。" in second.body
    assert "2.其他不予受理的情形。" in parsed.sections[2].body


def test_a_captioned_item_inside_an_article_stays_a_section():
    parsed = parse_plan(
        "广州市天河区深化支持港澳青年创新创业高质量发展实施办法\n"
        "第一条 为支持港澳青年创新创业，制定本办法。\n"
        "第二条 企业培育。对符合条件的港澳青年企业给予支持，具体如下：\n"
        "（一）落户补贴。在天河区依法登记注册的港澳青年企业，给予一次性10万元的落户奖金支持。\n"
        "（二）租金补贴。实际运营满一年的港澳青年企业，给予租金补贴。\n",
        filename="measures.txt",
    )

    assert [(s.label, s.title) for s in parsed.sections[2:]] == [
        ("（一）", "落户补贴"),
        ("（二）", "租金补贴"),
    ]


def test_a_paragraphs_run_in_enumeration_one_is_two_is_stays_its_text():
    # 佛山's guideline: 一是…二是…三是…四是 in one paragraph; 三是's sentence, as long as 一是's,
    # read as a parallel run-in title and cut the paragraph in two.
    parsed = parse_plan(
        "佛山市好房子建设指引\n（三）好建造。\n1.推行绿色建造方式。\n"
        "一是优先选用绿色建材。绿色建材在新建住宅项目使用比例不小于20%，大力推广新型装饰装修"
        "材料、节能门窗、智能卫浴等绿色建材产品应用。二是推广绿色建造。优先采用装配式、模块化、"
        "装配式装修等绿色建造技术工艺，为居民提供健康、便利居住环境。三是优先选用节能家电。"
        "交付的家电设备、照明灯具，能效等级标准应不低于2级。四是提高建筑能效。外墙应采用安全"
        "耐久、环保的材料及构造，促进建筑与光伏一体化。\n",
        filename="guideline.txt",
    )

    assert not [s for s in parsed.sections if s.title.startswith("三是")]
    holding = [s for s in parsed.sections if "三是优先选用节能家电。" in s.title + s.body]
    assert len(holding) == 1 and "一是优先选用绿色建材" in holding[0].title + holding[0].body


# 威海's report: its addressee line on top, and halfway down 二、 a paragraph addressing the
# delegates again and closing with a colon before the ten tasks.
_WEIHAI = (
    "各位代表：\n"
    "现在，我代表威海市人民政府向大会报告工作，请予审议，并请市政协各位委员提出意见。\n"
    "一、2023年政府工作回顾\n刚刚过去的一年，在市委的坚强领导下，经济运行稳中向好。\n"
    "各位代表！过去的一年，我们顶住了压力。\n"
    "二、2024年政府工作目标任务\n2024年是新中国成立75周年。\n"
    "各位代表，为全面实现全年目标任务，我们将聚焦聚力做好十个方面工作：\n"
    "（一）聚焦聚力扩内需稳外需，推动经济持续回升向好。坚持把稳增长放在突出位置。\n"
    "（二）聚焦聚力新型工业化，加力提速先进制造业发展。坚持制造业立市。\n"
)


def test_a_line_addressing_the_reader_under_a_heading_is_body_text_not_the_addressees():
    plan = parse_plan(_WEIHAI, filename="report.docx.txt")

    assert plan.metadata.addressees == "各位代表"
    assert [(s.label, s.title[:6]) for s in plan.sections if s.label] == [
        ("一、", "2023年政"),
        ("二、", "2024年政"),
        ("（一）", "聚焦聚力扩内"),
        ("（二）", "聚焦聚力新型"),
    ]


def test_a_datelines_dash_above_the_addressees_begins_no_outline():
    text = (
        "政府工作报告\n——2024年1月16日在亳州市第五届人民代表大会第三次会议上\n"
        "各位代表：\n现在，我代表市人民政府，向大会报告政府工作，请予审议。\n"
        "一、2023年工作回顾\n全市经济稳中有进。\n"
    )

    assert parse_plan(text, filename="report.docx.txt").metadata.addressees == "各位代表"
