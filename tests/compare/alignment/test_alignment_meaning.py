"""The engine pairs sections on meaning, not formula: concepts, formula, roles, granularity,
calibrated probabilities and reasons, on the real seed plans (parsed, no database)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from compare.alignment import Settings, align, band, concepts, is_formula, parts, probability
from compare.alignment.calibration import brier, fit, reliability
from compare.alignment.lexicon import synonyms_used
from compare.alignment.roles import safeguard_role, secures
from compare.alignment.scoring import Candidate
from compare.alignment.selection import SURE, _without_nested, keep, likely
from compare.alignment.terms import topic_terms
from tests.compare.alignment.test_alignment import HN, WC, Y22, Y23, _catalogue, _find, _plans


@pytest.mark.parametrize(
    "word", ["提升", "增强", "显著", "大幅", "不断", "夯实", "加快", "推进", "坚持", "深入"]
)
def test_predicates_and_intensifiers_of_official_style_are_formula(word):
    assert is_formula(word)


@pytest.mark.parametrize(
    "word", ["政务云", "数据", "安全", "运维", "生态环境", "标准", "人才", "资金", "平台", "12345"]
)
def test_topic_words_are_not_formula(word):
    assert not is_formula(word)


@pytest.mark.parametrize(
    "a, b, concept",
    [
        ("健全安全运维机制", "加强运行维护管理", "运行维护"),
        ("提升智慧环保监管能力", "加强生态环境保护数字化应用", "生态环境"),
        ("深化天府通办应用", "升级网上政务服务平台", "政务服务平台"),
        ("建设集约高效的政务云", "提升云计算服务能力", "政务云"),
        ("优化12345热线", "整合政务服务便民热线", "政务热线"),
    ],
)
def test_different_words_for_one_concept_meet(a, b, concept):
    assert concept in concepts(a)
    assert concept in concepts(b)


def test_the_synonyms_used_are_named_word_by_word():
    assert ("运维", "运行维护") in synonyms_used("健全安全运维机制", "加强运行维护管理")


@pytest.mark.parametrize(
    "title, role",
    [
        ("加强组织领导", "organisation"),
        ("扩充资金渠道", "funding"),
        ("加强人才队伍建设", "talent"),
        ("强化考核评估", "evaluation"),
        ("加强宣传引导", "publicity"),
    ],
)
def test_safeguard_items_are_told_by_what_they_secure(title, role):
    assert safeguard_role(title) == role


def test_tasks_and_safeguards_are_told_by_what_they_secure_but_the_parts_own_headings_not():
    y23 = _plans(Y23)[0]
    secured = secures(y23, parts(y23))
    assert secured[_find(y23, "1.完善统筹协调机制").id] == "organisation"  # filed as a task
    assert secured[_find(y23, "四、保障措施").id] == ""  # the part's heading secures nothing
    assert all(secured[s.id] == "" for s in y23 if parts(y23)[s.id] in ("context", "goals"))


def test_a_task_and_a_safeguard_that_secure_one_thing_pair_across_the_parts():
    # Yunnan 2022 files coordination under its safeguards, Yunnan 2023 under its tasks.
    y22, y23 = plans = _plans(Y22, Y23)
    a, b = _find(y22, "一、加强统筹协调"), _find(y23, "1.完善统筹协调机制")
    result = align(plans, stats=_catalogue())
    link = next(x for x in result.links if (x.left, x.right) == (a.id, b.id))
    assert link.evidence["zone"] == "" and link.evidence["role"] == "organisation"
    assert "同属组织保障" in link.reason


def _three_plan_alignment():
    plans = _plans(Y22, HN, WC)
    return plans, align(plans, stats=_catalogue())


def test_goal_and_principle_links_share_a_topic_word_not_only_formula():
    plans, result = _three_plan_alignment()
    by_id = {s.id: s for plan in plans for s in plan}
    zone = {sid: z for plan in plans for sid, z in parts(plan).items()}
    checked = 0
    for link in result.links:
        if zone[link.left] not in ("goals", "principles"):
            continue
        a, b = by_id[link.left], by_id[link.right]
        topic_a = set(topic_terms(a.title_tokens + a.body_tokens))
        topic_b = set(topic_terms(b.title_tokens + b.body_tokens))
        shared = topic_a & topic_b
        assert shared, f"{a.title} <-> {b.title} share only formula"
        checked += 1
    assert checked >= 3


def test_goal_paragraphs_do_not_pair_on_formula():
    plans, result = _three_plan_alignment()
    by_id = {s.id: s for plan in plans for s in plan}
    pairs = {(by_id[link.left].title, by_id[link.right].title) for link in result.links}
    # Pairs a reader found paired on formula (大幅提升, 不断夯实 / 协同推进, 显著增强): goals
    # whose headlines name different topics are not counterparts.
    assert not any("政务服务能力大幅提升" in a and "数据资源利用" in b for a, b in pairs)
    assert not any("基础支撑能力不断夯实" in a and "应用系统协同推进" in b for a, b in pairs)
    assert not any("协同治理能力显著增强" in a and "安全保障" in b for a, b in pairs)


def test_reasons_name_topic_words_never_formula():
    _, result = _three_plan_alignment()
    for link in result.links:
        assert not any(is_formula(word) for word in link.evidence["shared"]), link.reason
        assert "共同关键词" not in link.reason


def test_selection_links_a_section_and_its_child_to_one_counterpart_only_if_the_worse_is_likely():
    # Pairwise selection alone: a pair read off a counterpart group may stand beside (groups.py).
    plans = _plans(Y22, HN, WC)
    result = align(
        plans, stats=_catalogue(), settings=Settings(group_floor=1.1, group_mutual_floor=1.1)
    )
    parent = {s.id: s.parent for plan in plans for s in plan}

    def ancestors(sid):
        while parent.get(sid) is not None:
            sid = parent[sid]
            yield sid

    level = {s.id: s.depth for plan in plans for s in plan}
    linked = {(link.left, link.right): link.score for link in result.links}

    def fit(pair):  # the level rule: alike levels first, then the likelier
        return (-abs(level[pair[0]] - level[pair[1]]), linked[pair])

    for a, b in linked:
        nested = [(up, b) for up in ancestors(a)] + [(a, up) for up in ancestors(b)]
        for pair in nested:
            if pair in linked:
                assert linked[min((a, b), pair, key=fit)] >= SURE


def test_a_likely_link_stays_beside_its_sections_child_linked_to_one_counterpart():
    # Left plan: chapter 1 holds item 2; both match section 10 of the right plan.
    left = {1: SimpleNamespace(parent=None, level=0), 2: SimpleNamespace(parent=1, level=1)}
    right = {10: SimpleNamespace(parent=None, level=1)}
    sure = _without_nested({(1, 10): 0.9, (2, 10): 0.6}, left, right)
    unsure = _without_nested({(1, 10): 0.6, (2, 10): 0.7}, left, right)
    assert set(sure) == {(1, 10), (2, 10)}
    assert set(unsure) == {(2, 10)}  # the item, at the counterpart's level, stays alone


def test_a_likely_chapter_link_stands_though_its_own_item_matches_the_counterpart_better():
    # Chapter 1 holds item 2; the item matches section 10 better (base 0.4 against 0.3), which
    # rules the chapter's link out unless that link is likely on its own.
    left = {1: SimpleNamespace(parent=None, level=0), 2: SimpleNamespace(parent=1, level=1)}
    right = {10: SimpleNamespace(parent=None, level=0)}

    def chosen(chapter_p):
        found = {
            (1, 10): Candidate(1, 10, 0.3, 0.3, features={"topic": 0.2, "p": chapter_p}),
            (2, 10): Candidate(2, 10, 0.4, 0.4, features={"topic": 0.2, "p": 0.85}),
        }
        scored = likely(
            found, left, right, lambda features: features["p"], specific=1.2, excluded=set()
        )
        return set(keep(scored, left, right, threshold=0.6, near_best=0.5))

    assert chosen(0.9) == {(1, 10), (2, 10)}
    assert chosen(0.7) == {(2, 10)}


def test_scores_are_probabilities_and_worded_in_bands():
    _, result = _three_plan_alignment()
    assert all(0.0 <= link.score <= 1.0 for link in result.links)
    assert {band(0.95), band(0.6), band(0.2)} == {"likely", "possible", "check"}


def test_probability_rises_with_similarity():
    low = {"raw": 0.1, "content": 0.1, "topic": 0.05, "best_ratio": 0.5, "best_ratio_squared": 0.25}
    high = {"raw": 0.6, "content": 0.6, "topic": 0.4, "best_ratio": 1.0, "mutual": 1.0}
    high["best_ratio_squared"] = 1.0
    high["centred"] = 0.5  # alike in meaning once the plans' common directions are off
    assert probability(high) > 0.8 > 0.5 > probability(low)


def test_standing_counts_most_near_the_best_of_a_sections_candidates():
    # A pair just below its sections' best loses more than one already far below it does, for
    # the same step of standing (best_ratio and its square are both in the model).
    def log_odds(ratio):
        features = {"raw": 0.35, "content": 0.35, "topic": 0.2, "support": 0.25, "same_zone": 1}
        p = probability({**features, "best_ratio": ratio, "best_ratio_squared": ratio * ratio})
        return math.log(p / (1 - p))

    assert log_odds(1.0) - log_odds(0.8) > 1.2 * (log_odds(0.6) - log_odds(0.4))


def test_fitting_recovers_a_separable_rule():
    rows = [{"raw": x / 10} for x in range(10)] * 3
    labels = [int(x >= 5) for x in range(10)] * 3
    coefficients = fit(rows, labels, l2=0.01)
    assert probability({"raw": 0.9}, coefficients) > 0.9
    assert probability({"raw": 0.1}, coefficients) < 0.1


def test_reliability_counts_right_links_per_band():
    table = reliability([(0.95, True), (0.92, False), (0.6, True)], bins=(0.0, 0.5, 0.9))
    assert table == [(0.0, 0.5, 0, 0), (0.5, 0.9, 1, 1), (0.9, 1.0, 1, 2)]


@pytest.mark.parametrize(
    ("scored", "expected"),
    [
        ([(1.0, True), (0.0, False)], 0.0),
        ([(0.5, True), (0.5, False)], 0.25),
        ([(0.9, True), (0.2, False), (0.6, False)], (0.01 + 0.04 + 0.36) / 3),
        ([(0.9, False)], 0.81),
        ([], 0.0),
    ],
)
def test_brier_is_the_mean_squared_gap_between_probability_and_outcome(scored, expected):
    assert brier(scored) == pytest.approx(expected)
