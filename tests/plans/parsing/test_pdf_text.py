"""Text copied out of a PDF: tables of contents, page numbers and running titles, hard-wrapped
lines and headings cut by the page edge."""

from __future__ import annotations

import unicodedata
from functools import cache

import pytest

from plans.parsing import (
    ParsedPlan,
    parse_plan,
)
from tests.plans.parsing.support import (
    ALL,
    JS,
    NAT,
    SEEDS,
    WC,
    Y22,
    assert_well_formed,
    find_section,
    outline,
    parsed_seed,
)


@cache
def plan_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


_BODY = (
    "第一章 发展基础\n一、发展现状\n现状良好。\n二、面临形势\n形势严峻。\n"
    "第二章 总体要求\n一、指导思想\n坚持以人民为中心。\n"
)


_BODY_TREE = [
    (0, "第一章", "发展基础"),
    (1, "一、", "发展现状"),
    (1, "二、", "面临形势"),
    (0, "第二章", "总体要求"),
    (1, "一、", "指导思想"),
]


@pytest.mark.parametrize(
    "contents",
    [
        "目  录\n第一章 发展基础……………1\n一、发展现状…………1\n二、面临形势……3\n"
        "第二章 总体要求……5\n一、指导思想 ........ 5\n",
        "目录\n第一章 发展基础\n一、发展现状\n二、面临形势\n第二章 总体要求\n一、指导思想\n",
        "第一章 发展基础..........1\n第二章 总体要求\t5\n",
    ],
    ids=["with-page-numbers", "headings-only", "entries-without-a-目录-line"],
)
def test_a_table_of_contents_gives_no_sections_of_its_own(contents):
    text = f"某某市“十四五”数字政府建设规划\n\n{contents}\n{_BODY}"

    plan = parse_plan(text, filename="plan.txt")

    assert outline(plan) == _BODY_TREE
    assert find_section(plan, "一、", "发展现状").body == "现状良好。"
    assert plan.metadata.title == "某某市“十四五”数字政府建设规划"
    assert any(warning.startswith("目录已略去") for warning in plan.warnings)
    assert_well_formed(plan)


def _assert_reads_as_the_body(plan: ParsedPlan) -> None:
    """The plan is _BODY's sections and texts, nothing else."""
    assert outline(plan) == _BODY_TREE
    assert [s.body for s in plan.sections if s.body] == [
        "现状良好。",
        "形势严峻。",
        "坚持以人民为中心。",
    ]
    assert_well_formed(plan)


def test_page_numbers_left_between_the_lines_by_an_export_are_dropped():
    text = (
        "某某市“十四五”数字政府建设规划\n\n第一章 发展基础\n一、发展现状\n现状良好。\n— 3 —\n"
        "二、面临形势\n形势严峻。\n- 4 -\n第二章 总体要求\n第 5 页 共 20 页\n一、指导思想\n"
        "坚持以人民为中心。\n6\n"
    )

    _assert_reads_as_the_body(parse_plan(text, filename="plan.txt"))


def test_the_title_repeated_at_the_top_of_every_page_is_not_body_text():
    title = "某某市“十四五”数字政府建设规划"
    text = (
        f"{title}\n\n第一章 发展基础\n一、发展现状\n现状良好。\n— 3 —\n{title}\n"
        f"二、面临形势\n形势严峻。\n第二章 总体要求\n{title}\n一、指导思想\n坚持以人民为中心。\n"
    )

    _assert_reads_as_the_body(parse_plan(text, filename="plan.txt"))


def _cjk_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _hard_wrapped(text: str, width: int, *, indent: bool) -> str:
    """The text as copied out of a PDF: every line broken at ``width`` (CJK counts 2, “” 1).

    Counting “” as full squares moves Y22's breaks so that its goal 安全保障体系更加健全, run into
    the line above it in the seed, is no longer split off when unindented (with or without
    the importer's own full-square quotes): a limitation left, see docs/walks/walk11.md.
    """
    out = []
    for line in text.splitlines():
        line, first = line.strip(), True
        while _cjk_width(line) > width:
            cut, used = 0, 0
            while used + _cjk_width(line[cut]) <= width:
                used += _cjk_width(line[cut])
                cut += 1
            out.append(("\u3000\u3000" if first and indent else "") + line[:cut])
            line, first = line[cut:], False
        out.append(("\u3000\u3000" if first and indent else "") + line)
    return "\n".join(out)


@pytest.mark.parametrize(
    ("name", "width", "indent"),
    [(Y22, 76, True), (WC, 60, True), (JS, 84, True), (Y22, 60, False), (NAT, 76, False)],
)
def test_a_plan_copied_out_of_a_pdf_with_its_lines_hard_wrapped_reads_like_the_original(
    name, width, indent
):
    original = parsed_seed(name)

    plan = parse_plan(_hard_wrapped(plan_text(name), width, indent=indent), filename=name)

    def read(p: ParsedPlan) -> list[tuple[str, str, str]]:
        # Without indents, a line that happens to end a sentence at the page width reads as a
        # paragraph's end: the words are all there, a line break may stand between sentences.
        return [
            (s.label, s.title, s.body if indent else s.body.replace("\n", "")) for s in p.sections
        ]

    assert plan.metadata == original.metadata
    assert read(plan) == read(original)
    assert any("断行" in warning for warning in plan.warnings)
    assert_well_formed(plan)


_SHORT_PLAN = """杭州市西湖区“十四五”数字政府建设规划
目  录
第一章 发展基础……………………………1
第二章 总体要求……………………………3
第一章 发展基础
一、发展现状
“十三五”以来，全区数字政府建设取得明显成效，政务云平台建成投用，电子政务外网实现区、街道、社区三级全覆盖，一网通办水平持续提升，数据共享交换平台接入部门达到45个。
二、面临形势
数字化改革对政府治理提出新要求，群众和企业对政务服务的期待不断提高，数据安全形势日益严峻。
第二章 总体要求
一、指导思想
以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，以数字化改革为引领，统筹推进数字政府建设。
二、发展目标
到2025年，全区政务服务事项网上可办率达到100%，政务信息系统上云率达到95%以上，数据共享满足率不低于90%。
"""


def test_a_short_plan_copied_out_of_a_pdf_reads_whole_paragraphs_and_targets():
    lines = _hard_wrapped(_SHORT_PLAN, 70, indent=True).splitlines()
    pages = [*lines[:9], "— 1 —", lines[0].strip(), *lines[9:]]  # a page break mid-paragraph

    plan = parse_plan("\n".join(pages), filename="xihu.txt")

    assert (plan.metadata.jurisdiction, plan.metadata.above) == ("西湖区", ["浙江省", "杭州市"])
    assert [s.title for s in plan.sections] == [
        "发展基础",
        "发展现状",
        "面临形势",
        "总体要求",
        "指导思想",
        "发展目标",
    ]
    assert find_section(plan, "一、", "发展现状").body == _SHORT_PLAN.splitlines()[6]
    assert find_section(plan, "二、", "发展目标").body == _SHORT_PLAN.splitlines()[13]
    assert_well_formed(plan)


def test_a_page_break_inside_a_paragraph_does_not_break_the_paragraph():
    title = "某某市“十四五”数字政府建设规划"
    paragraph = [
        "现状良好，各项工作扎实推进，政务云平台建成投用，电子政务外网实现三级全覆",
        "盖，一网通办水平持续提升，数据共享交换平台接入部门达到四十五个，安全保障",
        "— 3 —",
        title,
        "能力明显增强，数字化改革取得显著成效。",
    ]
    text = "\n".join([title, "", "第一章 发展基础", "一、发展现状", *paragraph * 4])

    plan = parse_plan(text, filename="plan.txt")

    whole = "".join(line for line in paragraph if line not in ("— 3 —", title))
    assert find_section(plan, "一、", "发展现状").body == "\n".join([whole] * 4)


def test_a_document_that_is_not_hard_wrapped_is_left_as_it_is():
    assert not any("断行" in w for name in ALL for w in parsed_seed(name).warnings)


def test_table_rows_of_one_width_are_not_taken_for_wrapped_lines():
    rows = "\n".join(f"| {n} | 第{n:02d}号重点工程 | 市大数据中心牵头 |" for n in range(1, 30))
    text = (
        "# 某某市数字政府建设规划\n\n## 一、重点项目\n\n| 序号 | 项目 | 牵头单位 |\n"
        f"|---|---|---|\n{rows}\n\n## 二、保障措施\n\n加强组织领导。\n"
    )

    plan = parse_plan(text, filename="plan.md")

    assert not any("断行" in w for w in plan.warnings)
    assert find_section(plan, "一、").body.count("\n") == 30  # a line per row, as printed


# 安庆's two-page opinion as its PDF's text layer gives it: too few lines to tell the page width.
_SHORT_PDF_OPINION = (
    "宜公积金委〔2022〕5 号\n安庆市住房公积金管理委员会\n关于调整住房公积金贷款有关政策的意见\n"
    "各县（市）、区人民政府，市政府各部门、各直属机构：\n"
    "为贯彻落实国家、省、市稳经济工作要求，保障群众刚性和\n"
    "改善性住房需求，按照分类指导、因城施策的原则，结合我市实\n"
    "际，现就我市住房公积金贷款有关政策调整如下：\n"
    "一、提高住房公积金贷款最高额度，夫妻双方缴存住房公\n"
    "积金的最高贷款额度为 55 万元，单方缴存的为 45 万元。具体贷\n"
    "款额度与职工公积金月缴存额和还款能力挂钩。\n"
    "二、总体要求\n"
    "三、本意见自 2022 年 8 月 1 日起执行。\n"
    "安庆市住房公积金管理委员会\n2022 年 7 月 27 日\n（此页无正文）\n"
    "抄送：各管委会委员单位\n安庆市住房公积金管理委员会 2022 年 7 月 27 日印发\n"
)


def test_a_run_in_heading_cut_by_the_page_edge_is_joined_to_the_line_that_ends_it():
    plan = parse_plan(_SHORT_PDF_OPINION, filename="anqing.txt")

    items = [s for s in plan.sections if s.label]
    assert [s.label for s in items] == ["一、", "二、", "三、"]
    assert items[0].title.startswith("提高住房公积金贷款最高额度，夫妻双方缴存住房公积金的")
    assert items[1].title == "总体要求"  # short: a heading that stands alone


def test_a_space_beside_a_figure_does_not_end_a_heading_title():
    plan = parse_plan(_SHORT_PDF_OPINION, filename="anqing.txt")

    assert plan.sections[-1].title.startswith("本意见自 2022 年 8 月 1 日起执行")


def test_under_headings_indented_alone_an_unindented_paragraph_is_not_run_into_the_heading():
    # A browser's print of a web page: headings keep their indent, paragraphs lose theirs.
    paragraph = [
        "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的",
        "二十大精神，深入实施创新驱动发展战略，培育新质生产力，加快培育",
        "具有全球竞争力的瞪羚企业、独角兽企业，为深圳加快建设具有全球重",
        "要影响力的产业科技创新中心提供有力支撑。",
    ]
    lines = ["某市支持企业发展行动计划", "为提升科技创新竞争力，制定本行动计划。"]
    for heading in ["一、总体要求", "二、工作目标", "三、主要任务", "四、保障措施"]:
        lines += ["\u3000\u3000" + heading, *paragraph]
    plan = parse_plan("\n".join(lines) + "\n", filename="page.txt")

    chapters = [s for s in plan.sections if s.kind == "chapter"]
    assert [s.title for s in chapters] == ["总体要求", "工作目标", "主要任务", "保障措施"]
    assert chapters[0].body.startswith("坚持以习近平")


def test_numbers_listed_at_the_start_of_a_cut_line_open_no_heading():
    text = (
        "某区集体经济实施细则\n第一章 总则\n第一条 为加快发展，制定本细则。\n"
        "第二条 引进企业同时符合第\n九、十、十一条中多条要求的，按最高标准给予奖励。\n"
    )
    plan = parse_plan(text, filename="rules.txt")
    assert [s.label for s in plan.sections] == ["第一章", "第一条", "第二条"]
    assert "九、十、十一条中多条要求的" in plan.sections[-1].body


def test_a_newspaper_page_says_its_title_is_a_guess_and_why():
    # 天津日报's page 2: the proposal continued from page 1 and onto page 3, a QR caption on top.
    page = (
        "看往期电子报\n（上接第1版）\n"
        "三、坚持高质量发展\n7.加快建设现代化产业体系。推动制造业高端化。\n"
        "8.推进科技创新。建设创新平台。\n（下转第3版）\n"
    )
    plan = parse_plan(page, filename="paper.pdf.txt")
    assert plan.metadata.provenance["title"] == "guessed"
    assert any("报纸" in warning and "下转第X版" in warning for warning in plan.warnings)


def test_a_single_continuation_note_is_no_newspaper():
    text = "某市实施方案\n一、总体要求\n坚持统筹。（下转第3版）\n二、主要任务\n加强建设。\n"
    assert not any("报纸" in warning for warning in parse_plan(text).warnings)


def test_a_point_a_text_layer_set_after_the_opening_quote_still_numbers_the_item():
    # 天津日报's page 1: 1“. 十四五”时期… in the text layer, 1.“十四五”时期… in print.
    text = (
        "某市关于制定国民经济和社会发展第十五个五年规划的建议\n一、发展环境\n"
        "1“. 十四五”时期我市经济社会发展取得显著成效。全市经济总量稳步增长。\n"
        "2“. 十五五”时期我市面临的发展机遇。新一轮科技革命深入发展。\n"
    )
    plan = parse_plan(text, filename="proposal.pdf.txt")
    assert [(s.label, s.title) for s in plan.sections] == [
        ("一、", "发展环境"),
        ("1.", "“十四五”时期我市经济社会发展取得显著成效"),
        ("2.", "“十五五”时期我市面临的发展机遇"),
    ]


def test_a_wrapped_line_holding_quoted_phrases_runs_on_like_any_full_line():
    # Chinese type gives “ and ” a full square: a line with three quoted phrases holds six
    # characters fewer ideographs but reaches the same edge.
    lines = [
        "现状良好，各项工作扎实推进，政务云平台建成投用，电子政务外网实现三级全覆盖，一网",
        "通办水平持续提升，增强“四个意识”、坚定“四个自信”、做到“两个维护”，立足新发",
        "展阶段，数据共享交换平台接入部门达到四十五个，安全保障能力明显增强，全数字化改革",
        "取得显著成效。",
    ]
    assert {len(line) for line in lines[:3]} == {40}  # forty squares each, as printed
    text = "\n".join(["某某市数字政府建设规划", "", "第一章 发展基础", "一、发展现状", *lines * 4])

    plan = parse_plan(text, filename="plan.txt")

    assert find_section(plan, "一、", "发展现状").body == "\n".join(["".join(lines)] * 4)


def _unwrapped(lines: list[str], reaching: frozenset[int]) -> list[str]:
    from plans.parsing._exports import unwrap
    from plans.parsing._headings import looks_like_heading
    from plans.parsing._lines import split_lines

    out = unwrap(split_lines("\n".join(lines)), looks_like_heading, limit=56, reaching=reaching)
    return [line.text for line in out if line.text]


# A PDF's paragraph: its first line indented two squares and justified to the margin, 25
# ideographs where a full line holds 28.
_INDENTED = [
    "区税务局配合区工业和信息化局核实相关税务数据真实性",
    "情况，配合开展专项资金绩效评价工作。",
]


def test_a_pdf_line_that_reaches_the_margin_runs_on_though_it_counts_short():
    end = len(_INDENTED[0])  # where the first line ends in the text

    assert _unwrapped(_INDENTED, frozenset({end})) == ["".join(_INDENTED)]


def test_a_line_short_by_count_and_not_at_the_margin_ends_its_paragraph():
    assert _unwrapped(_INDENTED, frozenset()) == _INDENTED


def test_a_few_characters_spread_to_the_margin_are_not_a_full_line():
    # A signature or a spaced-out title set to the right margin: too few characters to fill it.
    lines = ["深圳市坪山区人民政府办公室", "二〇二三年六月二十一日"]

    assert _unwrapped(lines, frozenset({len(lines[0])})) == lines


def _closed_up(text: str) -> list[str]:
    from plans.parsing._exports import without_figure_gaps
    from plans.parsing._lines import split_lines

    return [line.text for line in without_figure_gaps(split_lines(text))]


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("打造 15 分钟就业创业服务圈，", "打造15分钟就业创业服务圈，"),
        ("建设 5G 基站 1.2 万个。", "建设5G基站1.2万个。"),
        ("占比达到 50% 以上；", "占比达到50%以上；"),
        # A gap between two Latin words or two figures is a space.
        ("引进 Top 10 企业。", "引进Top 10企业。"),
        ("2021 2022 年：", "2021 2022年："),
        ("第一章 总 则", "第一章 总 则"),
        # A numbered heading is no table row, though it holds no punctuation.
        ("（一） 2025 年主要目标", "（一） 2025年主要目标"),
        ("4. 2026 年实现 5G 全覆盖", "4. 2026年实现5G全覆盖"),
        # A table read a row at a time sets its cells apart with the same gap.
        ("2 轴 7.0", "2 轴 7.0"),
    ],
)
def test_the_typesetters_gap_beside_a_figure_or_latin_word_is_closed_up(printed, read):
    assert _closed_up(printed) == [read]


def test_a_line_closed_up_still_points_at_each_character_as_printed():
    from plans.parsing._exports import without_figure_gaps
    from plans.parsing._lines import split_lines

    text = "打造 15\n分钟 5G 基站。\n"
    first, second, _ = split_lines(text)
    line = without_figure_gaps([first.joined(second)])[0]

    assert line.text == "打造15分钟5G基站。"
    assert [text[line.offset(i)] for i in range(len(line.text))] == list(line.text)
    assert (line.start, line.end) == (0, len(text) - 1)
