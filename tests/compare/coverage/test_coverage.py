from __future__ import annotations

import pytest

from compare.coverage import (
    COVERED,
    MISSING,
    PARTLY,
    CoverageError,
    CoverLink,
    CoverSection,
    Decision,
    measure_coverage,
)


def _s(sid, parent, depth, kind, title, body="", label=""):
    return CoverSection(sid, parent, sid, depth, kind, label, title, body)


UPPER = [
    _s(1, None, 0, "chapter", "构建数据资源体系", label="一、"),
    _s(2, 1, 1, "section", "深化数据高效共享", label="（一）"),
    _s(3, 1, 1, "section", "开展试点示范", label="（二）"),
    _s(4, 1, 1, "section", "提高自主可控水平", label="（三）"),
    _s(5, 1, 1, "section", "基本原则", label="（四）"),
    _s(6, 5, 2, "principle", "坚持数据赋能"),
    _s(7, 1, 1, "section", "强化政务云平台支撑能力", label="（五）"),
]
LOWER = [
    _s(11, None, 0, "chapter", "主要任务"),
    _s(12, 11, 1, "section", "建设数据共享交换平台", "推动数据共享。"),
    _s(13, 11, 1, "section", "强化典型引路", "鼓励各地有序开展试点示范，每年优选一批项目。"),
    _s(14, 11, 1, "section", "政务云", "要坚持数据赋能、坚持整体协同。"),
    _s(15, None, 0, "chapter", "九湖治理"),
    _s(16, 15, 1, "section", "建设九湖智慧化管理平台"),
]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        (
            [CoverLink(2, 12, 0.9), CoverLink(7, 14, 0.65)],
            {
                2: (COVERED, "linked"),
                3: (PARTLY, "mentioned"),
                4: (MISSING, "none"),
                5: (PARTLY, "sub-item"),
                6: (PARTLY, "mentioned"),
                7: (PARTLY, "weak"),
            },
        ),
        # A link given the other way round, and one a person confirmed despite a low score.
        (
            [CoverLink(12, 2, 0.9), CoverLink(7, 14, 0.1, human=True)],
            {2: (COVERED, "linked"), 7: (COVERED, "linked")},
        ),
    ],
)
def test_it_marks_each_upper_item(links, expected):
    coverage = measure_coverage(UPPER, LOWER, links)
    got = {i.section.id: (i.status, i.why) for i in coverage.items}
    assert {k: got[k] for k in expected} == expected
    assert [i.section.id for i in coverage.items] == [2, 3, 4, 5, 6, 7]


def test_it_counts_per_chapter_and_in_total():
    coverage = measure_coverage(UPPER, LOWER, [CoverLink(2, 12, 0.9)])
    assert coverage.totals == {COVERED: 1, PARTLY: 3, MISSING: 2}
    assert [(c.section.id, c.total) for c in coverage.chapters] == [(1, 6)]


def test_the_lower_plans_own_topics_are_its_additions():
    lower = [*LOWER, _s(17, 12, 2, "paragraph", "建设高黎贡山保护平台")]
    coverage = measure_coverage(UPPER, lower, [CoverLink(2, 12, 0.9)])
    # 九湖 is a whole chapter of its own, shown once; 13 and 14 are mentioned by upper items.
    assert [s.id for s in coverage.additions] == [15]
    # Inside the linked 12, a sub-item the upper plan does not mention is a local detail.
    assert [s.id for s in coverage.details] == [17]


def test_a_curators_decision_wins_and_keeps_what_was_computed():
    decisions = {4: Decision(COVERED, "见安全保障一节"), 2: Decision(MISSING, "只是平台")}
    coverage = measure_coverage(UPPER, LOWER, [CoverLink(2, 12, 0.9)], decisions=decisions)
    items = {i.section.id: i for i in coverage.items}
    assert (items[4].status, items[4].why, items[4].computed) == (COVERED, "curated", MISSING)
    assert items[4].decision.note == "见安全保障一节"
    assert (items[2].status, items[2].computed) == (MISSING, COVERED)


def test_a_plan_without_sections_is_refused_with_a_reason():
    with pytest.raises(CoverageError, match="import the plan text again"):
        measure_coverage(UPPER, [], [])


def test_a_plan_of_articles_without_chapters_is_all_items():
    articles = [
        _s(1, None, 0, "item", "深化数据高效共享", label="第一条"),
        _s(2, None, 0, "item", "考核"),
    ]
    coverage = measure_coverage(articles, LOWER, [CoverLink(1, 12, 0.9)])
    assert [(i.section.id, i.chapter, i.status) for i in coverage.items] == [
        (1, None, COVERED),
        (2, None, MISSING),
    ]
    assert [(c.section, c.total) for c in coverage.chapters] == [(None, 2)]
