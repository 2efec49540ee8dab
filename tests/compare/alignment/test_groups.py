"""Counterpart groups across the plans of one alignment (compare/alignment/groups.py)."""

from __future__ import annotations

from compare.alignment import Settings, align
from compare.alignment.groups import counterpart_groups, group_links, same_group
from tests.compare.alignment.test_alignment import HN, WC, Y22, _catalogue, _plans

PLAN_OF = {1: "A", 2: "A", 3: "A", 11: "B", 12: "B", 21: "C", 22: "C"}


def _groups(*scored, threshold=0.65, cap=2, support=0.5):
    return counterpart_groups(list(scored), PLAN_OF, threshold=threshold, cap=cap, support=support)


def test_a_sections_second_counterpart_joins_its_group_through_a_third_plan():
    # A1 and A2 both answer B11; A1-B11 is the pair the selection keeps, A2 joins through C21.
    a_b = {(1, 11): 0.95, (2, 11): 0.6}
    a_c = {(2, 21): 0.9}
    b_c = {(11, 21): 0.85}
    group = _groups(a_b, a_c, b_c)
    assert same_group(group, 1, 11) and same_group(group, 2, 21) and same_group(group, 2, 11)


def test_a_pair_below_its_sections_best_joins_nothing():
    # B12 is close to A1 but B11 is closer: the sibling stays out of A1's group.
    group = _groups({(1, 11): 0.95, (1, 12): 0.9})
    assert same_group(group, 1, 11)
    assert not same_group(group, 1, 12)


def test_a_group_holds_at_most_cap_sections_of_one_plan():
    a_c = {(1, 21): 0.9, (2, 22): 0.9, (3, 22): 0.2}
    c_b = {(21, 11): 0.9, (22, 11): 0.8}
    group = _groups(a_c, {(3, 11): 0.95}, c_b, cap=2)
    # 3-11 joins first, then 1-21-11; 2-22 would make three sections of A in one group.
    assert same_group(group, 1, 3) and same_group(group, 21, 11)
    assert not same_group(group, 2, 11)


def test_a_pair_that_is_no_candidate_does_not_count_against_a_join_but_a_weak_one_does():
    joined = _groups({(1, 11): 0.95}, {(1, 21): 0.9})  # 11-21 no candidate at all
    assert same_group(joined, 11, 21)
    refused = _groups(
        {(1, 11): 0.95}, {(1, 21): 0.9}, {(11, 22): 0.9, (12, 21): 0.9, (11, 21): 0.05}
    )
    assert not same_group(refused, 11, 21)


# A1, A2 and B11 share a group; B12 is in a group of its own.
GROUP = {1: 1, 2: 1, 11: 1, 12: 12}


def _linked(scored):
    return set(group_links(scored, GROUP, floor=0.5, mutual_floor=0.3))


def test_a_pair_of_one_group_is_linked_at_the_floor_whether_or_not_it_is_the_likeliest():
    assert _linked({(1, 11): 0.9, (2, 11): 0.55}) == {(1, 11), (2, 11)}


def test_a_pair_of_one_group_below_the_floor_is_linked_when_its_ends_are_each_others_likeliest():
    # B11's likeliest of A in the group is A1: A2-B11 is a second counterpart too weak alone.
    assert _linked({(1, 11): 0.4, (2, 11): 0.35}) == {(1, 11)}


def test_a_pair_below_the_mutual_floor_or_across_groups_is_not_linked():
    assert _linked({(1, 11): 0.25, (1, 12): 0.9}) == set()


def test_pairs_that_share_a_group_are_linked_beside_the_pairwise_selection():
    plans = _plans(Y22, HN, WC)
    pairwise = align(
        plans, stats=_catalogue(), settings=Settings(group_floor=1.1, group_mutual_floor=1.1)
    ).links
    grouped = align(plans, stats=_catalogue()).links
    before = {(link.left, link.right) for link in pairwise}
    added = [link for link in grouped if (link.left, link.right) not in before]
    assert added and all(link.score >= Settings().group_mutual_floor for link in added)
    assert before <= {(link.left, link.right) for link in grouped}
