"""Coverage round 6: a label-only measure whose lead sentence (its title) is quoted is named
first; a task's text is quoted before a box's project; the lower plan's own subject (its title's
word, used everywhere) is not a passing mention."""

from __future__ import annotations

from compare.lib.coverage import COVERED, MISSING, PARTLY, CoverLink, CoverSection, measure_coverage


def _s(sid, parent, depth, kind, title, body="", label=""):
    return CoverSection(sid, parent, sid, depth, kind, label, title, body)


def _item(upper, lower, links):
    return next(i for i in measure_coverage(upper, lower, links).items if i.section.id == 2)


def _upper(title):
    return [
        _s(1, None, 0, "chapter", "加强党的领导", label="八、"),
        _s(2, 1, 1, "section", title, "健全工作机制。", label="（一）"),
    ]


def _measures(title):
    """A chapter of tasks, a heading, and one numbered measure under it titled ``title``."""
    return [
        _s(10, None, 0, "chapter", "主要任务", label="一、"),
        _s(11, 10, 1, "section", "建立组织协调评价机制（1分）", label="（一）"),
        _s(
            12,
            11,
            2,
            "item",
            title,
            "制定工作方案，明确进度计划。（牵头考核单位：市工信局）",
            "86．",
        ),
        _s(13, 10, 1, "section", "做好其他工作", "推进其他事项。", label="（二）"),
    ]


def test_a_measure_titled_by_its_quoted_lead_sentence_is_named_first():
    lead = "成立以主要领导为组长的领导机构，统筹协调督促各项工作"
    links = [CoverLink(2, 11, 0.9), CoverLink(2, 12, 0.82)]
    item = _item(_upper("加强组织领导"), _measures(lead), links)
    assert item.status == COVERED
    first = item.evidence[0]
    assert (first.section, first.sentence, first.found, first.holds_quote) == (
        12,
        lead,
        ("领导",),
        True,
    )


def test_a_caption_without_a_clause_is_not_taken_for_a_lead_sentence():
    # 组织领导机构 names a topic: the measure holds no sentence of it, the heading decides.
    item = _item(_upper("加强组织领导"), _measures("组织领导机构"), [CoverLink(2, 11, 0.9)])
    assert item.status == COVERED
    assert item.evidence[0].section == 11


def test_the_task_text_is_quoted_before_the_box_project_that_says_the_same():
    lower = [
        _s(10, None, 0, "chapter", "主要任务", label="一、"),
        _s(11, 10, 1, "section", "推进改革", "深化改革。", label="（一）"),
        # The box comes first in the text: the quote is still the task's.
        _s(12, 11, 2, "box", "专栏1 改革工程"),
        _s(13, 12, 3, "box_item", "试点工程", "建设一批试点示范项目。"),
        _s(14, 11, 2, "paragraph", "综合改革", "推动开展数字政府试点示范工作。"),
    ]
    item = _item(_upper("开展试点示范"), lower, [CoverLink(2, 11, 0.9)])
    assert item.status == COVERED
    assert item.evidence[0].sentence == "推动开展数字政府试点示范工作"


def test_a_word_the_lower_plan_uses_everywhere_as_its_own_subject_is_not_passing():
    # An evaluation scheme says 考评 in every measure: its subject, not plan language.
    lower = [
        _s(10, None, 0, "chapter", "考评指标", label="一、"),
        *[
            _s(i, 10, 1, "section", f"第{i}项", f"按季度考评第{i}项任务。", label=f"（{i}）")
            for i in range(11, 16)
        ],
        _s(16, 10, 1, "section", "健全机制", "建立健全监督考评、监测评估机制。", label="（六）"),
    ]
    upper = _upper("强化考核评估")
    alone = _item(upper, lower, [])
    titled = measure_coverage(
        upper,
        lower,
        [],
        titles=("国务院关于加强数字政府建设的指导意见", "某市数字政府建设考评办法"),
    ).items[0]
    assert (alone.status, alone.why) == (MISSING, "passing")
    assert titled.status == PARTLY
    assert "考核评估" in titled.evidence[0].found


def _goals_and_task():
    return [
        _s(1, None, 0, "chapter", "总体要求", label="一、"),
        _s(2, 1, 1, "section", "主要目标", "到2025年，数字政府体系框架基本形成。", label="3."),
        _s(3, None, 0, "chapter", "构建数字化履职能力体系", label="二、"),
        _s(4, 3, 1, "section", "提升市场监管能力", "推行智慧监管，加强信用监管。", label="（一）"),
    ]


def test_targets_without_a_counterpart_are_partly_carried_by_the_tasks_taken_up():
    # An evaluation scheme: scored tasks, no targets of its own.
    lower = [
        _s(10, None, 0, "chapter", "考评指标", label="一、"),
        _s(
            11,
            10,
            1,
            "section",
            "强化市场监管（4分）",
            "推进智慧监管，完善信用监管。",
            label="（一）",
        ),
    ]
    taken = measure_coverage(_goals_and_task(), lower, [CoverLink(4, 11, 0.9)]).items
    assert [(i.section.id, i.status, i.why) for i in taken] == [
        (2, PARTLY, "tasks"),
        (4, COVERED, "linked"),
    ]
    untouched = measure_coverage(_goals_and_task(), lower, []).items
    assert (untouched[0].status, untouched[0].why) == (MISSING, "none")


def test_a_section_inside_a_heading_without_text_is_named_before_the_heading():
    # The heading holds only its sections' text (a paragraph and a box): where the paragraph
    # carries the item too, it is what a supervisor reads, though the heading's link is likelier.
    lower = [
        _s(10, None, 0, "chapter", "夯实基础底座", label="四、"),
        _s(11, 10, 1, "section", "升级全省政务一张网", label="（二）"),
        _s(12, 11, 2, "paragraph", "建立跨网传输机制", "推动电子政务外网与业务专网数据跨网传输。"),
        _s(13, 11, 2, "box", "专栏1 网络优化工程"),
        _s(14, 13, 3, "box_item", "外网升级", "扩容骨干网，按需接入企事业单位。"),
    ]
    links = [CoverLink(2, 11, 0.85, False, (), 0.5), CoverLink(2, 12, 0.84, False, (), 0.5)]
    item = _item(_upper("提升网络平台支撑能力"), lower, links)
    assert item.status == COVERED
    assert [e.section for e in item.evidence[:2]] == [12, 11]
