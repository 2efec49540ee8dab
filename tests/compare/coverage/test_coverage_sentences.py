"""Coverage read sentence by sentence: a lower sentence that holds an item's terms and says what
one of the item's sentences says takes it up (and is named first), and covers it when it holds
every term; terms named only in passing (in a list, across clauses, or a link on another
subject) do not count."""

from __future__ import annotations

import math

import pytest

from compare.lib.coverage import COVERED, MISSING, PARTLY, CoverLink, CoverSection, measure_coverage
from compare.lib.coverage.evidence import listed
from compare.lib.coverage.terms import holds


def _unit(degrees: float) -> list[float]:
    return [math.cos(math.radians(degrees)), math.sin(math.radians(degrees))]


def _s(sid, parent, depth, kind, title, body="", label="", **vectors):
    return CoverSection(sid, parent, sid, depth, kind, label, title, body, **vectors)


def _item(upper, lower, links=(), sid=2):
    return next(i for i in measure_coverage(upper, lower, list(links)).items if i.section.id == sid)


UPPER = [
    _s(1, None, 0, "chapter", "构建数据资源体系", label="一、"),
    # Its title at 0°, the sentence of its text at 90°.
    _s(
        2,
        1,
        1,
        "section",
        "开展试点示范",
        "鼓励地方开展综合改革试点。",
        label="（一）",
        title_meaning=_unit(0),
        sentences=[_unit(90)],
    ),
]


def _lower(angle: float, said: str = "推动开展数字政府综合改革试点示范"):
    """A chapter, a heading over two sections, and the sentence ``said`` at ``angle``."""
    return [
        _s(10, None, 0, "chapter", "主要任务", label="一、"),
        _s(11, 10, 1, "section", "推进改革", "深化改革。", sentences=[_unit(45)]),
        _s(
            12,
            11,
            2,
            "paragraph",
            "综合改革",
            f"{said}。加强宣传。",
            sentences=[_unit(angle), _unit(180)],
        ),
        _s(13, 10, 1, "section", "其他工作", "做好其他工作。", sentences=[_unit(180)]),
    ]


@pytest.mark.parametrize(
    ("said", "angle", "takes_up", "expected"),
    [
        # cos 10° = 0.98 to the item's own sentence, and every term (试点, 示范) in it: the item's
        # whole object written as a task, without the engine's link (福建's 提升行政监督能力).
        ("推动开展数字政府综合改革试点示范", 80, True, (COVERED, "sentence")),
        # cos 60° = 0.5: the same words saying something else are found, not taken up.
        ("推动开展数字政府综合改革试点示范", 150, False, (PARTLY, "mentioned")),
        # Half the terms, said as the item says them: quoted, but half the object is not the task
        # (包头's 保障数字政府建设自主可控 reads close to 营造良好数字生态 on 数字 alone).
        ("推动开展数字政府综合改革试点", 80, True, (PARTLY, "mentioned")),
    ],
)
def test_a_sentence_saying_what_the_item_says_covers_it_only_when_it_holds_every_term(
    said, angle, takes_up, expected
):
    item = _item(UPPER, _lower(angle, said))
    assert (item.status, item.why) == expected
    assert item.evidence[0].sentence == said
    assert item.evidence[0].takes_up is takes_up


def test_a_link_carrying_the_item_is_named_before_a_sentence_found_by_the_search():
    # 13 is linked in the band and holds both terms; 12's sentence takes the item up too. The
    # engine's evidence is read first, the sentence after it.
    lower = _lower(80)
    lower[3] = _s(13, 10, 1, "section", "试点工作", "有序开展试点示范。", sentences=[_unit(180)])
    item = _item(UPPER, lower, [CoverLink(2, 13, 0.9)])
    assert (item.status, item.why, item.evidence[0].section) == (COVERED, "linked", 13)


def test_the_section_whose_own_text_holds_the_sentence_is_named_first():
    item = _item(UPPER, _lower(80))
    first = item.evidence[0]
    # Not 11 around it, which holds the same sentence through its paragraph.
    assert (first.section, first.sentence_section, first.takes_up) == (12, 12, True)
    assert first.said == pytest.approx(math.cos(math.radians(10)), abs=1e-3)


def test_sentence_vectors_that_no_longer_match_the_text_are_not_read():
    lower = _lower(80)
    lower[2] = _s(12, 11, 2, "paragraph", "综合改革", lower[2].body, sentences=[_unit(80)])
    item = _item(UPPER, lower)
    assert (item.status, item.evidence[0].said) == (PARTLY, 0.0)


@pytest.mark.parametrize(
    ("text", "term", "held"),
    [
        ("建设网络与平台", "网络平台", True),
        # Two other words, in two clauses: 数字化技术, 农业经济.
        ("依托数字化技术体系,提升农业经济效益", "数字经济", False),
        ("推进公共资源交易,提升服务质量", "公共服务", False),
        # Words listed in one clause are one statement: 管理体制和…协同联动机制.
        ("理顺管理体制和省、州市、县三级协同联动机制", "管理机制", True),
        # 政务…平台 is not 政务云平台 (its 云 is missing).
        ("依托政务服务平台", "政务云平台", False),
    ],
)
def test_a_word_of_two_words_is_held_only_when_both_stand_in_one_clause(text, term, held):
    assert holds(text, None, term) is held


@pytest.mark.parametrize(
    ("sentence", "term", "expected"),
    [
        ("探索建设风险监测、穿透预警、大数据分析等金融业务服务应用", "大数据", True),
        ("探索建设风险监测、穿透预警、大数据分析等金融业务服务应用", "监测", True),
        # What the list is for, after 等, is not listed.
        ("开展5G、人工智能、区块链等应用试点", "试点", False),
        # Without 等 the last member is the head the list describes.
        ("构建统一高效、互联互通、安全可靠的数据资源管理体系", "数据资源", False),
        ("推进数据共享和开放", "数据", False),
    ],
)
def test_a_term_standing_only_among_three_things_listed_is_listed(sentence, term, expected):
    assert listed(sentence, term) is expected


def test_terms_found_only_in_a_list_are_named_in_passing_not_partly_taken_up():
    upper = [
        _s(1, None, 0, "chapter", "数据", label="一、"),
        _s(2, 1, 1, "section", "助推数字经济发展", label="（一）"),
    ]
    lower = [
        _s(10, None, 0, "chapter", "主要任务", label="一、"),
        _s(11, 10, 1, "section", "智慧应用", "在数字经济、数字社会、数字生态等领域形成应用。"),
    ]
    item = _item(upper, lower)
    assert (item.status, item.why, item.evidence) == (MISSING, "passing", [])
    assert (item.passing.section, item.passing.found) == (11, ("数字经济",))


def _alike_upper_and_lower(link_angle: float):
    upper = [
        _s(1, None, 0, "chapter", "数据", label="一、"),
        _s(2, 1, 1, "section", "助推数字经济发展", label="（一）", meaning=_unit(0)),
    ]
    lower = [_s(10, None, 0, "chapter", "主要任务", label="一、")] + [
        _s(i, 10, 1, "section", f"第{i}项", "做好工作。", meaning=_unit(80)) for i in range(11, 21)
    ]
    lower[1] = _s(11, 10, 1, "section", "智慧交通", "提升交通服务水平。", meaning=_unit(link_angle))
    return upper, lower


@pytest.mark.parametrize(
    ("angle", "expected"),
    [
        # No more alike than the plan's other sections: the link's title words, another subject.
        (80, (MISSING, "passing")),
        # More alike than nine in ten sections: a link weak in words, but on the subject.
        (30, (PARTLY, "weak")),
    ],
)
def test_a_link_holding_none_of_the_terms_is_weighed_against_the_plans_usual_sections(
    angle, expected
):
    upper, lower = _alike_upper_and_lower(angle)
    item = _item(upper, lower, [CoverLink(2, 11, 0.84)])
    assert (item.status, item.why) == expected


def test_without_vectors_a_link_holding_none_of_the_terms_stays_weak():
    upper, lower = _alike_upper_and_lower(80)
    upper = [_s(s.id, s.parent, s.depth, s.kind, s.title, s.body, s.label) for s in upper]
    item = _item(upper, lower, [CoverLink(2, 11, 0.84)])
    assert (item.status, item.why) == (PARTLY, "weak")
