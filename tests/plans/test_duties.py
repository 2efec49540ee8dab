"""Reading who leads a task and by when (plans.lib.duties), on the forms real plans print."""

from __future__ import annotations

import pytest

from plans.lib.duties import (
    SectionText,
    read_duties,
    read_plan_projects,
    read_projects,
    read_rows,
    without_duties,
)

READINGS = [
    # 恩阳: lead and responsible in one bracket
    (
        "…持续加快留抵退税进度。（牵头责任单位：区人社局；责任单位：区财政局、区税务局）",
        ("区人社局",),
        ("区财政局", "区税务局"),
        "",
    ),
    # several leads, a collective body
    (
        "（牵头责任单位：区财政局、区发改局；责任单位：区级相关部门）",
        ("区财政局", "区发改局"),
        ("区级相关部门",),
        "",
    ),
    # a nested bracket inside a body, and a comma between bodies
    (
        "（牵头责任单位：区应急局；责任单位：各镇（街道），区级相关部门）",
        ("区应急局",),
        ("各镇（街道）", "区级相关部门"),
        "",
    ),
    # …等部门 and …等 endings
    (
        "（牵头责任单位：区发改局；责任单位：区住建局、区水利局等部门）",
        ("区发改局",),
        ("区住建局", "区水利局"),
        "",
    ),
    ("（责任单位：市医保局、市人力社保局等）", (), ("市医保局", "市人力社保局"), ""),
    # a bracket broken across lines (重庆's PDF)
    (
        "…统计监测机制。（责\n任单位：市总工会、市发展\n改革委等）",
        (),
        ("市总工会", "市发展改革委"),
        "",
    ),
    # 牵头 / 配合 clauses (山西)
    (
        "（省发展改革委牵头，省工信厅、省商务厅等相关部门配合）",
        ("省发展改革委",),
        ("省工信厅", "省商务厅"),
        "",
    ),
    (
        "（省应急厅牵头，市县政府、省直相关部门和省消防救援总队配合）",
        ("省应急厅",),
        ("市县政府", "省直相关部门", "省消防救援总队"),
        "",
    ),
    (
        "（省审批服务管理局牵头，市县政府和省发展改革委、省自然资源厅等省直部门配合）",
        ("省审批服务管理局",),
        ("市县政府", "省发展改革委", "省自然资源厅"),
        "",
    ),
    ("（省商务厅牵头，省外办、省贸促会按职责分工配合）", ("省商务厅",), ("省外办", "省贸促会"), ""),
    # a deadline before the lead (包头)
    (
        "（6月底完成，牵头考核单位：市政府办公室、市公安局）",
        ("市政府办公室", "市公安局"),
        (),
        "6月底完成",
    ),
    ("（持续推进，牵头考核单位：市委网信办）", ("市委网信办",), (), "持续推进"),
    # a labelled deadline, half-width brackets and colons
    (
        "(牵头单位:市自然资源和规划局;配合单位:市财政局;完成时限:2025年底前)",
        ("市自然资源和规划局",),
        ("市财政局",),
        "2025年底前",
    ),
    ("（2024年底前完成，省政务办牵头）", ("省政务办",), (), "2024年底前完成"),
    # 和 inside a body's name is not a separator
    (
        "（责任单位：市文化和旅游局、市人力资源和社会保障局）",
        (),
        ("市文化和旅游局", "市人力资源和社会保障局"),
        "",
    ),
    # a line of its own
    ("推进政务云建设。\n责任单位：市发改委、市财政局\n", (), ("市发改委", "市财政局"), ""),
    # traditional script
    ("（牽頭單位：省數據局；責任單位：各市政府）", ("省數據局",), ("各市政府",), ""),
]


@pytest.mark.parametrize(("text", "lead", "responsible", "deadline"), READINGS)
def test_it_reads_bodies_and_deadline(text, lead, responsible, deadline):
    duties = read_duties(text)
    assert duties is not None
    assert (duties.lead, duties.responsible, duties.deadline) == (lead, responsible, deadline)


@pytest.mark.parametrize(
    "text",
    [
        "各牵头考核单位对各部门（包括牵头单位自身）承担的重点任务进行考核。",
        "《包头市数字政府建设行动方案（2021—2023年）》确定的重点任务。",
        "对失业6个月（含6个月）以上人员给予补贴。",
        "（持续推进）",
        "由市政府牵头，建立工作机制。",
        "",
    ],
)
def test_it_reads_nothing_where_no_body_is_assigned(text):
    assert read_duties(text) is None


@pytest.mark.parametrize(
    ("deadline", "year"),
    [("2025年底前", 2025), ("2023—2025年", 2025), ("6月底完成", None), ("长期坚持", None)],
)
def test_the_year_is_the_last_one_the_deadline_states(deadline, year):
    duties = read_duties(f"（牵头单位：省政务办；完成时限：{deadline}）")
    assert duties is not None and duties.year == year


def test_several_brackets_in_a_section_join_in_order():
    text = (
        "建设政务云。（牵头单位：省数据局）完善网络。（牵头单位：省通信管理局；责任单位：省数据局）"
    )
    duties = read_duties(text)
    assert duties.lead == ("省数据局", "省通信管理局")
    assert duties.responsible == ()  # a lead of one task is not listed again as responsible


def test_without_duties_removes_what_it_reads_and_nothing_else():
    text = "推动就业（含灵活就业）。（责\n任单位：市人力社保局等）完善机制。"
    assert without_duties(text) == "推动就业（含灵活就业）。完善机制。"


def test_it_reads_a_task_table_printed_as_rows_of_cells():
    text = (
        "序号\u3000重点任务\u3000牵头单位\u3000责任单位\u3000完成时限\n"
        "1\u3000建设政务云平台\u3000县大数据局\u3000县财政局、县发改局\u30002025年底前\n"
        "2\u3000推进一网通办\u3000县政务服务中心\u3000各乡镇\u3000持续推进\n"
    )
    rows = read_rows(text)
    assert [(r.name, r.lead, r.responsible, r.period) for r in rows] == [
        ("建设政务云平台", ("县大数据局",), ("县财政局", "县发改局"), "2025年底前"),
        ("推进一网通办", ("县政务服务中心",), ("各乡镇",), "持续推进"),
    ]


def test_it_reads_a_project_list_with_its_investment():
    text = (
        "序号\u3000项目名称\u3000建设内容\u3000建设期限\u3000总投资（万元）\n"
        "1\u3000政务云扩容\u3000扩容计算存储资源\u30002023-2025年\u30001200\n"
    )
    (row,) = read_rows(text)
    assert (row.name, row.content, row.period, row.investment) == (
        "政务云扩容",
        "扩容计算存储资源",
        "2023-2025年",
        "1200",
    )


@pytest.mark.parametrize(
    "text",
    ["推进政务云建设。", "项目名称\n政务云", "序号\u3000备注\n1\u3000无"],
)
def test_text_without_a_table_header_gives_no_rows(text):
    assert read_rows(text) == []


def test_box_items_read_as_projects():
    (project,) = read_projects(
        [
            (
                "省国资监管大数据平台建设项目（三期）",
                "深化国资监管重点业务应用，2023—2025年总投资约1.2亿元。"
                "（省国资委牵头，市县政府、省直相关部门配合）",
            )
        ]
    )
    assert project.name == "省国资监管大数据平台建设项目（三期）"
    assert project.content == "深化国资监管重点业务应用，2023—2025年总投资约1.2亿元。"
    assert (project.period, project.investment) == ("2023—2025年", "1.2亿元")
    assert (project.lead, project.responsible) == (("省国资委",), ("市县政府", "省直相关部门"))


def test_a_plans_projects_sit_on_their_box():
    sections = [
        SectionText(0, None, "chapter", "重点任务", ""),
        SectionText(1, 0, "box", "数字政府基础设施工程", ""),
        SectionText(2, 1, "box_item", "电子政务外网", "完成相关部门的连接。"),
        SectionText(3, 1, "box_item", "政务云", "扩容。（市大数据局牵头）"),
    ]
    found = read_plan_projects(sections)
    assert list(found) == [1]
    assert [(p.name, p.lead) for p in found[1]] == [
        ("电子政务外网", ()),
        ("政务云", ("市大数据局",)),
    ]
