from __future__ import annotations

import math
from dataclasses import replace

import pytest

from compare.lib.coverage import (
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
                # Unlinked, its terms stand in one lower sentence: found, quoted, not 已落实.
                3: (PARTLY, "mentioned"),
                4: (MISSING, "none"),
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
    assert [i.section.id for i in coverage.items] == [2, 3, 4, 7]


def test_it_counts_per_chapter_and_in_total():
    coverage = measure_coverage(UPPER, LOWER, [CoverLink(2, 12, 0.9)])
    assert coverage.totals == {COVERED: 1, PARTLY: 1, MISSING: 2}
    assert [(c.section.id, c.total) for c in coverage.chapters] == [(1, 4)]


def test_the_lower_plans_own_topics_are_its_additions():
    lower = [*LOWER, _s(17, 12, 2, "paragraph", "建设高黎贡山保护平台")]
    coverage = measure_coverage(UPPER, lower, [CoverLink(2, 12, 0.9)])
    # 九湖 is a whole chapter of its own, shown once; 13 is evidence for 开展试点示范; 14 is
    # titled 政务云 but its text is on principles, which are not counted.
    assert [s.id for s in coverage.additions] == [14, 15]
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


def test_background_and_principles_are_shown_apart_and_not_counted():
    coverage = measure_coverage(UPPER, LOWER, [])
    assert [(s.id, why) for s, why in coverage.background] == [(5, "principles"), (6, "principles")]
    assert coverage.total == 4 and coverage.groups == {"tasks": 4}


def test_the_last_chapter_of_what_items_secure_is_a_group_of_its_own():
    upper = [
        *UPPER,
        _s(20, None, 0, "chapter", "加强党对数字政府建设工作的领导", label="八、"),
        _s(21, 20, 1, "section", "加强组织领导", "加强组织领导。"),
        _s(22, 20, 1, "section", "强化考核评估", "开展评估。"),
    ]
    coverage = measure_coverage(upper, LOWER, [])
    assert {i.section.id: i.group for i in coverage.items if i.section.id > 19} == {
        21: "safeguards",
        22: "safeguards",
    }


def test_a_strong_link_to_a_section_on_another_subject_is_not_covered():
    # The alignment engine scored 九湖 above the line; its text holds none of the item's terms.
    coverage = measure_coverage(UPPER, LOWER, [CoverLink(2, 16, 0.9)])
    item = next(i for i in coverage.items if i.section.id == 2)
    assert (item.status, item.missing_terms) == (PARTLY, ("高效",))  # 12 says 数据共享 only
    assert [(e.section, e.found) for e in item.evidence if e.section == 16] == [(16, ())]


def test_a_covered_item_quotes_the_sentence_that_carries_it():
    coverage = measure_coverage(UPPER, LOWER, [CoverLink(2, 12, 0.9), CoverLink(2, 13, 0.82)])
    item = next(i for i in coverage.items if i.section.id == 2)
    first, second = item.evidence
    assert (item.status, first.section, first.sentence) == (COVERED, 12, "推动数据共享")
    assert "共享" in first.found
    # The second link holds none of the item's terms: shown, and marked weak.
    assert (second.section, second.weak) == (13, True)
    trial = next(i for i in coverage.items if i.section.id == 3)
    assert trial.evidence[0].sentence == "鼓励各地有序开展试点示范，每年优选一批项目"
    assert 13 not in {s.id for s in coverage.additions + coverage.details}


def test_a_missing_item_says_how_much_of_the_lower_plan_was_searched():
    item = next(i for i in measure_coverage(UPPER, LOWER, []).items if i.section.id == 4)
    assert (item.status, item.searched, item.missing_terms) == (MISSING, 4, item.terms)
    assert item.terms


def test_a_strong_link_whose_text_says_the_same_in_other_words_is_covered():
    # 网络平台 is not in the lower text, but the engine finds the two bodies alike (电子政务外网).
    link = CoverLink(7, 12, 0.95, shared=("电子政务外网", "业务专网"), content=0.45)
    item = next(i for i in measure_coverage(UPPER, LOWER, [link]).items if i.section.id == 7)
    assert (item.status, item.evidence[0].shared) == (COVERED, ("电子政务外网", "业务专网"))
    unlike = CoverLink(7, 12, 0.95, content=0.2)
    item = next(i for i in measure_coverage(UPPER, LOWER, [unlike]).items if i.section.id == 7)
    assert item.status == PARTLY


def test_sub_items_that_carry_an_item_and_the_lower_background_are_not_local_additions():
    lower = [
        _s(30, None, 0, "chapter", "发展现状"),
        _s(31, 30, 1, "section", "从全国看", "数据共享不断深化。"),
        *LOWER,
        _s(17, 12, 2, "paragraph", "共享交换目录", "推动数据高效共享。"),
        _s(18, 12, 2, "paragraph", "民族团结", "推进民族团结数据共享。"),
    ]
    coverage = measure_coverage(UPPER, lower, [CoverLink(2, 12, 0.9)])
    local = {s.id for s in coverage.additions + coverage.details}
    assert 17 not in local  # titled with the item's terms: evidence
    assert 18 in local  # titled otherwise: its own, though it names 数据共享
    assert not local & {30, 31}  # 现状 is background, not an addition


def test_a_link_whose_found_terms_are_words_used_everywhere_is_not_covered():
    # 机制 stands in every lower section; 数据管理, the task's object, in none.
    upper = [_s(1, None, 0, "chapter", "数据"), _s(2, 1, 1, "section", "创新数据管理机制")]
    lower = [_s(10, None, 0, "chapter", "主要任务")] + [
        _s(i, 10, 1, "section", f"第{i}项", "完善工作机制。") for i in range(11, 16)
    ]
    item = measure_coverage(upper, lower, [CoverLink(2, 11, 0.9)]).items[0]
    assert (item.status, item.missing_terms) == (PARTLY, ("数据管理",))


def test_bodies_named_as_responsible_are_not_evidence_of_what_a_plan_does():
    from compare.lib.coverage.evidence import Search as _Search

    # Broken across lines (a PDF's hard wraps) and in the 牵头/配合 form, as plans print them.
    lower = [
        _s(1, None, 0, "chapter", "主要任务", label="一、"),
        _s(
            2,
            1,
            1,
            "section",
            "加强网络安全",
            "完善安全防护体系。（责\n任单位：省大数据局）",
            "（一）",
        ),
        _s(
            3,
            1,
            1,
            "section",
            "建设政务云",
            "扩容政务云。（省政务服务管理局牵头，省财政厅配合）",
            "（二）",
        ),
    ]
    search = _Search(lower, lower)
    assert "大数据局" not in search.text[2] and "完善安全防护体系" in search.text[2]
    assert "财政厅" not in search.text[3] and "扩容政务云" in search.text[3]


def _with_meaning(sections, vectors):
    """The sections with sentence vectors (unit vectors in two dimensions, by angle in degrees)."""

    def unit(degrees):
        return [math.cos(math.radians(degrees)), math.sin(math.radians(degrees))]

    return [replace(s, meaning=unit(vectors[s.id])) if s.id in vectors else s for s in sections]


@pytest.mark.parametrize(
    ("angle", "expected"),
    [
        # cos 20° = 0.94: the county's section says what the item says, without the engine's link.
        (20, (COVERED, "meaning")),
        # cos 60° = 0.5: the same words in a section on something else are found, not taken up.
        (60, (PARTLY, "mentioned")),
    ],
)
def test_a_section_holding_the_terms_and_alike_in_meaning_covers_without_a_strong_link(
    angle, expected
):
    upper = _with_meaning(UPPER, {3: 0})
    lower = _with_meaning(LOWER, {12: 90, 13: angle, 14: 90, 16: 90})
    item = next(i for i in measure_coverage(upper, lower, []).items if i.section.id == 3)
    assert (item.status, item.why) == expected
    assert item.evidence[0].section == 13
    assert item.evidence[0].alike == pytest.approx(math.cos(math.radians(angle)), abs=1e-3)


def test_a_section_alike_in_meaning_but_without_the_items_terms_does_not_cover():
    # 14 (政务云) is as alike as can be to 提高自主可控水平, but says nothing of 自主可控.
    upper = _with_meaning(UPPER, {4: 0})
    lower = _with_meaning(LOWER, {12: 90, 13: 90, 14: 0, 16: 90})
    item = next(i for i in measure_coverage(upper, lower, []).items if i.section.id == 4)
    assert item.status == MISSING


MECHANISMS = [
    _s(1, None, 0, "chapter", "加强组织保障", label="八、"),
    _s(2, 1, 1, "section", "健全推进机制", label="（一）"),
    _s(3, 1, 1, "section", "创新数据管理机制", label="（二）"),
]
# 机制 stands in every section: a word this plan uses everywhere.
MECHANISMS_LOWER = [
    _s(11, None, 0, "chapter", "保障措施"),
    _s(12, 11, 1, "section", "加强组织领导", "成立领导小组，建立统筹推进工作机制。"),
    _s(13, 11, 1, "section", "强化安全", "健全安全管理机制。"),
    _s(14, 11, 1, "section", "加强队伍建设", "建立培训机制。"),
    _s(15, 11, 1, "section", "加大资金保障", "创新投融资机制。"),
]


@pytest.mark.parametrize(
    ("links", "angle", "expected"),
    [
        # cos 20° = 0.94: the section says what the item says; 机制 could not tell it.
        ([], 20, (COVERED, "meaning")),
        # Or the engine links it in the 很可能对应 band.
        ([CoverLink(2, 12, 0.9)], 90, (COVERED, "linked")),
        # Neither: found only in words the plan uses everywhere, in passing.
        ([], 90, (MISSING, "passing")),
    ],
)
def test_an_item_whose_terms_are_all_words_the_plan_uses_everywhere_is_judged_by_link_or_meaning(
    links, angle, expected
):
    upper = _with_meaning(MECHANISMS, {2: 0, 3: 0})
    lower = _with_meaning(MECHANISMS_LOWER, {12: angle, 13: 90, 14: 90, 15: 90})
    item = next(i for i in measure_coverage(upper, lower, links).items if i.section.id == 2)
    assert (item.status, item.why) == expected


def test_a_common_word_found_with_a_telling_one_missing_still_does_not_cover_by_meaning():
    # 创新数据管理机制: 机制 found, 数据管理 not; alike as the section is, it is not that task.
    upper = _with_meaning(MECHANISMS, {2: 0, 3: 0})
    lower = _with_meaning(MECHANISMS_LOWER, {12: 20, 13: 90, 14: 90, 15: 90})
    item = next(i for i in measure_coverage(upper, lower, []).items if i.section.id == 3)
    assert item.status != COVERED


def test_a_heading_over_groups_of_sections_is_too_wide_to_cover_by_meaning():
    # 第三节 holds a 专栏 whose item says 试点示范: alike as a whole, it is many tasks, not one.
    lower = [
        _s(11, None, 0, "chapter", "主要任务"),
        _s(20, 11, 1, "section", "创新智慧应用", label="第三节"),
        _s(21, 20, 2, "box", "智慧应用工程", label="专栏1"),
        _s(22, 21, 3, "box_item", "典型引路", "鼓励各地有序开展试点示范。", label="1."),
    ]
    upper = _with_meaning(UPPER, {3: 0})
    item = next(
        i
        for i in measure_coverage(upper, _with_meaning(lower, {20: 10, 21: 60, 22: 60}), []).items
        if i.section.id == 3
    )
    assert item.status == PARTLY
    # The 专栏 over its items is one project: alike, it carries the item.
    item = next(
        i
        for i in measure_coverage(upper, _with_meaning(lower, {20: 60, 21: 10, 22: 60}), []).items
        if i.section.id == 3
    )
    assert (item.status, item.evidence[0].section) == (COVERED, 21)


@pytest.mark.parametrize(
    ("sentence", "score", "expected"),
    [
        # Linked below the band, one sentence holds the item's whole object: link and quote agree.
        ("全面推动国产自主可控产品在重要领域的应用。", 0.66, (COVERED, "quoted")),
        # Only half of the object in the linked section: partly.
        ("加强自主创新，推进关键技术攻关。", 0.66, (PARTLY, "weak")),
        # The two words only as things listed: named in passing, not the item's object.
        ("推广自主、可控、安全、可靠等产品。", 0.66, (PARTLY, "weak")),
        # The same sentence without the engine's link: words found by the search, not 已落实.
        ("全面推动国产自主可控产品在重要领域的应用。", None, (PARTLY, "mentioned")),
    ],
)
def test_a_link_below_the_band_whose_sentence_holds_the_whole_object_covers(
    sentence, score, expected
):
    lower = [*LOWER, _s(17, 11, 1, "section", "构筑牢固的安全防护", sentence)]
    links = [] if score is None else [CoverLink(4, 17, score)]
    item = next(i for i in measure_coverage(UPPER, lower, links).items if i.section.id == 4)
    assert (item.status, item.why) == expected
    assert item.evidence[0].section == 17


COMMON_APPS = _s(
    8,
    1,
    1,
    "section",
    "加强重点共性应用支撑能力",
    "加快完善统一身份认证体系。持续完善电子证照共享服务体系。健全电子印章服务体系。",
    label="（六）",
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The county names the platforms the nation's item names, and one of its terms (应用).
        ("对接统一身份认证平台、可信电子证照系统、电子印章系统，推进应用。", COVERED),
        # One of them only: not enough to say the task is taken up.
        ("对接统一身份认证平台，推进应用。", PARTLY),
        # The platforms without any of the item's terms: the link's section is partly there.
        ("对接统一身份认证平台、可信电子证照系统、电子印章系统。", PARTLY),
    ],
)
def test_a_strong_link_naming_the_things_the_items_text_names_covers(body, expected):
    # 应用 stands in most of the county's sections: found alone, it does not carry the item.
    lower = [
        *LOWER,
        *[_s(i, 11, 1, "section", f"第{i}项", "推进智慧应用。") for i in range(20, 24)],
        _s(17, 11, 1, "section", "集成建设能力开放平台", body),
    ]
    item = next(
        i
        for i in measure_coverage([*UPPER, COMMON_APPS], lower, [CoverLink(8, 17, 0.81)]).items
        if i.section.id == 8
    )
    assert item.status == expected
    if expected == COVERED:
        assert (item.why, item.evidence[0].section) == ("named", 17)
        assert set(item.evidence[0].objects) == {"统一身份认证", "电子证照", "电子印章"}


def test_words_the_upper_plan_uses_everywhere_name_no_object_of_one_item():
    # 电子证照 in every item of this upper plan: naming it tells nothing of this item.
    upper = [
        _s(1, None, 0, "chapter", "支撑", label="一、"),
        replace(COMMON_APPS, body="完善统一身份认证体系。推进电子证照应用。"),
        *[_s(i, 1, 1, "section", f"第{i}项任务", "推进电子证照应用。") for i in range(20, 24)],
    ]
    lower = [
        *LOWER,
        *[_s(i, 11, 1, "section", f"第{i}项", "推进智慧应用。") for i in range(20, 24)],
        _s(17, 11, 1, "section", "能力开放平台", "对接统一身份认证和电子证照系统，推进应用。"),
    ]
    item = next(
        i
        for i in measure_coverage(upper, lower, [CoverLink(8, 17, 0.81)]).items
        if i.section.id == 8
    )
    assert (item.status, item.evidence[0].objects) == (PARTLY, ("统一身份认证",))


@pytest.mark.parametrize(
    ("title", "named_first"),
    [
        # Titled with the item's terms (共享): it carries the item, and is named first.
        ("共享交换目录", 41),
        # Titled otherwise: the plan's own detail that happens to say the words, not named.
        ("民族团结", 40),
    ],
)
def test_the_section_holding_the_quoted_sentence_is_named_before_the_one_around_it(
    title, named_first
):
    lower = [
        *LOWER,
        _s(40, 11, 1, "section", "数据资源体系", "统筹建设数据资源。"),
        _s(41, 40, 2, "paragraph", title, "推动数据高效共享。"),
    ]
    item = next(
        i
        for i in measure_coverage(UPPER, lower, [CoverLink(2, 40, 0.9)]).items
        if i.section.id == 2
    )
    first = item.evidence[0]
    assert (item.status, item.why, first.section) == (COVERED, "linked", named_first)
    assert first.holds_quote == (named_first == 41)
    # The verdict rests on the linked section around it, which the reason speaks of.
    assert (item.decisive.section, item.decisive.score) == (40, 0.9)


def test_the_reports_groups_are_named_alike_in_english_not_as_a_sections_kind():
    from django.utils import translation

    from compare.coverage.covering import GROUP_LABELS
    from plans.models import Section

    with translation.override("en"):
        groups = [str(label) for label in GROUP_LABELS.values()]
        kind = str(Section.Kind.GOAL.label)
    assert groups == ["Goals", "Tasks", "Safeguards"]
    assert kind == "Goal"  # one section's kind, the same Chinese word
