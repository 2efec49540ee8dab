"""rows_for: counterparts gathered in rows, on small synthetic plans."""

from __future__ import annotations

import pytest

from compare.alignment import AlignSection, Link, rows_for


def _plan(key: str, *shape: tuple[int, int | None]) -> list[AlignSection]:
    """Sections of one plan from (id, parent id) in reading order."""
    return [
        AlignSection(
            id=sid,
            plan=key,
            parent=parent,
            order=order,
            depth=0 if parent is None else 1,
            kind="item",
            label="",
            title=f"{key}{sid}",
            body="",
        )
        for order, (sid, parent) in enumerate(shape)
    ]


def _links(*pairs: tuple[int, int, float]) -> list[Link]:
    return [Link(left=a, right=b, score=score, reason="") for a, b, score in pairs]


def _cells(rows) -> list[dict[str, list[int]]]:
    return [row.sections for row in rows]


def test_a_section_whose_only_counterpart_sits_beside_it_joins_that_row():
    # 1 and 2 are items of chapter 10; 20 serves both, 1 best: 2 had a row of its own,
    # empty but for a pointer to 20 (也见于其他行)
    a = _plan("a", (10, None), (1, 10), (2, 10))
    b = _plan("b", (20, None))
    rows = rows_for([a, b], _links((1, 20, 0.9), (2, 20, 0.8)))
    assert _cells(rows) == [{"a": [10]}, {"a": [1, 2], "b": [20]}]
    assert all(not row.also for row in rows)


def test_a_heading_joins_the_row_of_its_first_item_that_holds_its_counterpart():
    a = _plan("a", (10, None), (1, 10), (2, 10))
    b = _plan("b", (20, None))
    rows = rows_for([a, b], _links((1, 20, 0.9), (10, 20, 0.8)))
    assert _cells(rows) == [{"a": [10, 1], "b": [20]}, {"a": [2]}]


@pytest.mark.parametrize(
    ("first_plan", "why"),
    [
        ([(10, None), (1, 10), (11, None), (2, 11)], "the next chapter's first item"),
        ([(10, None), (1, 10), (2, None)], "the next chapter"),
        ([(10, None), (1, 10), (3, 10), (2, 10)], "an item stands between them"),
    ],
)
def test_a_section_keeps_its_place_when_its_counterparts_row_is_not_next_to_it(first_plan, why):
    a = _plan("a", *first_plan)
    b = _plan("b", (20, None))
    rows = rows_for([a, b], _links((1, 20, 0.9), (2, 20, 0.8)))
    own = next(row for row in rows if 2 in row.sections["a"])
    assert own.sections == {"a": [2]}, why
    assert own.also == {"b": [20]}


def test_a_section_with_a_counterpart_of_its_own_keeps_its_row():
    a = _plan("a", (1, None), (2, None))
    b = _plan("b", (20, None), (21, None))
    rows = rows_for([a, b], _links((1, 20, 0.9), (2, 20, 0.8), (2, 21, 0.85)))
    assert _cells(rows) == [{"a": [1], "b": [20]}, {"a": [2], "b": [21]}]
    assert rows[1].also == {"b": [20]}


def test_a_section_moves_to_the_row_holding_more_of_its_near_best_counterparts():
    # 30 links best to 2, but 1 and 20 (which sits with 1) are nearly as good: it joins them
    a = _plan("a", (1, None), (2, None))
    b = _plan("b", (20, None))
    c = _plan("c", (30, None))
    links = _links((1, 20, 0.9), (2, 30, 0.9), (1, 30, 0.85), (20, 30, 0.82))
    rows = rows_for([a, b, c], links)
    assert _cells(rows) == [{"a": [1], "b": [20], "c": [30]}, {"a": [2]}]
    assert rows[1].also == {"c": [30]}


def test_a_section_stays_beside_its_best_counterpart_when_the_others_are_far_weaker():
    a = _plan("a", (1, None), (2, None))
    b = _plan("b", (20, None))
    c = _plan("c", (30, None))
    links = _links((1, 20, 0.9), (2, 30, 0.9), (1, 30, 0.7), (20, 30, 0.7))
    rows = rows_for([a, b, c], links)
    assert _cells(rows) == [{"a": [1], "b": [20]}, {"a": [2], "c": [30]}]
    assert rows[0].also == {"c": [30]}


def test_a_section_brings_two_counterparts_of_one_plan_into_its_row():
    a = _plan("a", (1, None), (2, None))
    b = _plan("b", (20, None), (21, None))
    rows = rows_for([a, b], _links((1, 20, 0.9), (1, 21, 0.85)))
    assert _cells(rows) == [{"a": [1], "b": [20, 21]}, {"a": [2]}]


def test_counterparts_with_no_first_plan_section_share_a_row_after_the_one_before_them():
    a = _plan("a", (1, None), (2, None))
    b = _plan("b", (20, None), (21, None))
    c = _plan("c", (30, None))
    rows = rows_for([a, b, c], _links((1, 20, 0.9), (21, 30, 0.8)))
    assert _cells(rows) == [{"a": [1], "b": [20]}, {"b": [21], "c": [30]}, {"a": [2]}]
    assert all(not row.also for row in rows)


def test_unlinked_sections_keep_a_row_each_in_their_plans_order():
    a = _plan("a", (1, None))
    b = _plan("b", (20, None), (21, None), (22, None))
    rows = rows_for([a, b], _links((1, 20, 0.9)))
    assert _cells(rows) == [{"a": [1], "b": [20]}, {"b": [21]}, {"b": [22]}]
    assert [row.unique for row in rows] == [False, True, True]


CASES = {
    "chain across plans": (
        [[(1, None), (2, None), (3, None)], [(20, None), (21, None)], [(30, None), (31, None)]],
        [(1, 20, 0.9), (2, 20, 0.88), (2, 31, 0.8), (20, 30, 0.9), (21, 30, 0.85), (3, 21, 0.6)],
    ),
    "one to several both ways": (
        [[(10, None), (1, 10), (2, 10), (3, 10)], [(20, None), (21, None)], [(30, None)]],
        [(1, 20, 0.9), (1, 21, 0.9), (2, 21, 0.95), (3, 20, 0.7), (30, 2, 0.8), (30, 20, 0.9)],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_every_section_is_placed_once_and_every_link_is_in_a_row_or_pointed_to(case):
    shapes, pairs = CASES[case]
    plans = [_plan(key, *shape) for key, shape in zip("abc", shapes, strict=False)]
    rows = rows_for(plans, _links(*pairs))
    row_of = {sid: i for i, row in enumerate(rows) for ids in row.sections.values() for sid in ids}
    assert sorted(row_of) == sorted(s.id for plan in plans for s in plan)
    for a, b, _ in pairs:
        if row_of[a] != row_of[b]:
            assert b in sum(rows[row_of[a]].also.values(), [])
            assert a in sum(rows[row_of[b]].also.values(), [])
    first = [sid for row in rows for sid in row.sections.get("a", [])]
    assert first == [s.id for s in plans[0]]


def test_two_chapters_never_share_a_row():
    a = _plan("a", (1, None), (2, None))
    b = _plan("b", (20, None))
    rows = rows_for([a, b], _links((1, 20, 0.9), (2, 20, 0.8)))
    assert _cells(rows) == [{"a": [1], "b": [20]}, {"a": [2]}]
    assert rows[1].also == {"b": [20]}
