"""The pure alignment engine, on the real seed plans (parsed, no database)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from compare.alignment import AlignSection, Settings, align, prepare, rows_for, term_stats
from compare.alignment.vectors import as_dict
from compare.lib.engine_input import parsed_sections
from plans.parsing import parse_plan
from plans.parsing.text import fold

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
Y22, Y23, WC, HN = (
    "000_76b0fc0e2e956a49.txt",
    "004_cc9bc0bda87098e7.txt",
    ("002_a0e705bd97436a9a.txt"),
    "003_dd87d9a963713ff9.txt",
)


@cache
def _plan(name: str, first_id: int) -> tuple[AlignSection, ...]:
    parsed = parse_plan((SEEDS / name).read_bytes(), filename=name)
    return tuple(parsed_sections(parsed, plan=name, first_id=first_id))


def _plans(*names: str) -> list[tuple[AlignSection, ...]]:
    return [_plan(name, 1000 * (n + 1)) for n, name in enumerate(names)]


@cache
def _catalogue():
    every = [p for p in SEEDS.iterdir() if p.suffix in (".txt", ".markdown")]
    return term_stats(s for n, path in enumerate(sorted(every)) for s in _plan(path.name, n * 1000))


def _find(plan, printed: str) -> AlignSection:
    return next(s for s in plan if fold(s.label + s.title) == fold(printed))


def _linked(result, a: AlignSection, b: AlignSection):
    return next((x for x in result.links if {x.left, x.right} == {a.id, b.id}), None)


def test_sections_with_the_same_topic_link_with_a_reason_naming_shared_terms():
    y22, y23 = _plans(Y22, Y23)
    result = align([y22, y23], stats=_catalogue())
    link = _linked(
        result, _find(y22, "(二)建设集约高效的全省政务云"), _find(y23, "1.建设集约高效的全省政务云")
    )
    assert link is not None and link.score > 0.5
    assert "政务云" in link.reason and "很可能对应" in link.reason


def test_every_link_carries_its_reason_as_data_with_the_figures_it_prints():
    y22, hn = _plans(Y22, HN)
    links = align([y22, hn], stats=_catalogue()).links
    assert links

    for link in links:
        said = link.evidence
        assert tuple(said["shared"]) == link.shared_terms
        # Two decimals, as the reason prints them, of figures the link keeps to four.
        assert abs(float(said["title"]) - link.title_similarity) <= 0.0051
        assert abs(float(said["content"]) - link.content_similarity) <= 0.0051
        assert (said["support"] is not None) == (link.structure >= 0.2)
        assert f"（{said['probability']}）" in link.reason
    assert any(link.evidence["support"] for link in links)


def test_traditional_text_links_through_its_simplified_form():
    y22, hn = _plans(Y22, HN)
    result = align([y22, hn], stats=_catalogue())
    assert _linked(result, _find(y22, "二、基本原则"), _find(hn, "(二)基本原則。"))


def test_formula_every_plan_repeats_weighs_less_than_domain_terms():
    stats = _catalogue()
    assert stats.idf("加快") < stats.idf("政务云")
    assert stats.idf("推进") < stats.idf("容灾备份")


def test_links_run_in_any_order_when_plans_reorder_topics():
    y22, wc = _plans(Y22, WC)
    result = align([y22, wc], stats=_catalogue())
    order = {s.id: s.order for s in y22 + wc}
    pairs = sorted((order[x.left], order[x.right]) for x in result.links)
    crossings = sum(1 for (a1, b1), (a2, b2) in zip(pairs, pairs[1:], strict=False) if b2 < b1)
    assert crossings > 0


def test_one_section_can_link_to_several_that_split_its_topic():
    y22, wc = _plans(Y22, WC)
    result = align([y22, wc], stats=_catalogue())
    per_left = {}
    for link in result.links:
        per_left.setdefault(link.left, set()).add(link.right)
    assert max(len(v) for v in per_left.values()) >= 2


def test_a_chapter_does_not_pair_with_a_box_item():
    y22, wc = _plans(Y22, WC)
    result = align([y22, wc], stats=_catalogue())
    kinds = {s.id: s.kind for s in y22 + wc}
    for link in result.links:
        assert {kinds[link.left], kinds[link.right]} != {"chapter", "box_item"}


def test_every_section_is_linked_or_reported_unique_to_its_plan():
    y22, hn = _plans(Y22, HN)
    result = align([y22, hn], stats=_catalogue())
    linked = {x.left for x in result.links} | {x.right for x in result.links}
    for plan in (y22, hn):
        unique = set(result.unique[plan[0].plan])
        assert {s.id for s in plan} == (linked & {s.id for s in plan}) | unique
        assert not unique & linked


def test_rejected_pairs_are_never_proposed():
    y22, y23 = _plans(Y22, Y23)
    first = align([y22, y23], stats=_catalogue())
    rejected = (first.links[0].left, first.links[0].right)
    again = align([y22, y23], stats=_catalogue(), exclude=[rejected])
    assert rejected not in {(x.left, x.right) for x in again.links}


def test_a_higher_threshold_keeps_fewer_links():
    y22, y23 = _plans(Y22, Y23)
    loose = align([y22, y23], stats=_catalogue())
    strict = align([y22, y23], stats=_catalogue(), settings=Settings(threshold=0.9))
    assert 0 < len(strict.links) < len(loose.links)
    assert all(x.score >= 0.5 for x in strict.links)


def test_rows_hold_every_section_once_in_the_first_plans_order():
    plans = _plans(Y22, HN, WC)
    result = align(plans, stats=_catalogue())
    seen = [sid for row in result.rows for ids in row.sections.values() for sid in ids]
    assert sorted(seen) == sorted(s.id for plan in plans for s in plan)
    key = plans[0][0].plan
    # a row may gather several first-plan sections, but only ones next to each other
    first = [sid for row in result.rows for sid in row.sections.get(key, [])]
    assert first == [s.id for s in plans[0]]
    # the government-cloud row shows a section of each plan (one split over two rows: "also")
    cloud = _find(plans[0], "(二)建设集约高效的全省政务云")
    row = next(r for r in result.rows if cloud.id in r.sections.get(key, []))
    assert len(row.sections.keys() | row.also.keys()) == 3


def test_rows_put_unlinked_sections_after_the_section_before_them():
    a = [
        AlignSection(
            id=1,
            plan="a",
            parent=None,
            order=0,
            depth=0,
            kind="chapter",
            label="",
            title="政务云",
            body="",
        )
    ]
    b = [
        AlignSection(
            id=2,
            plan="b",
            parent=None,
            order=0,
            depth=0,
            kind="chapter",
            label="",
            title="政务云",
            body="",
        ),
        AlignSection(
            id=3,
            plan="b",
            parent=None,
            order=1,
            depth=0,
            kind="chapter",
            label="",
            title="其他",
            body="",
        ),
    ]
    from compare.alignment import Link

    rows = rows_for([a, b], [Link(left=1, right=2, score=1.0, reason="")])
    assert [r.sections for r in rows] == [{"a": [1], "b": [2]}, {"b": [3]}]
    assert [r.unique for r in rows] == [False, True]


def test_align_needs_two_plans():
    with pytest.raises(ValueError, match="two plans"):
        align([_plans(Y22)[0]])


def test_only_pairs_sharing_an_informative_term_are_scored():
    y22, wc = _plans(Y22, WC)
    from compare.alignment import candidate_pairs

    stats, settings = _catalogue(), Settings()
    left, right = (prepare(p, stats, settings) for p in (y22, wc))
    pairs = candidate_pairs(left, right, stats, settings)
    assert len(pairs) < 0.6 * len(y22) * len(wc)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _topic(profile) -> dict[str, float]:
    """A profile's topical terms (topic words, concepts, thesaurus groups), term -> weight."""
    flags = profile.content_topical
    return as_dict(profile.content_ids[flags], profile.content_values[flags])


def test_similarities_from_the_matrix_equal_the_term_by_term_sums(monkeypatch):
    from compare.alignment import scoring

    left, right = _plans(Y22, WC)
    stats = _catalogue()
    settings = Settings()
    a, b = prepare(left, stats, settings), prepare(right, stats, settings)
    pairs = [(x, y) for x in a for y in b]
    for cells in (scoring._DENSE_CELLS, 0):  # the matrix product, then the fallback
        monkeypatch.setattr(scoring, "_DENSE_CELLS", cells)
        content, topic, title = scoring._similarities(a, b, pairs)
        for k, (x, y) in enumerate(pairs):
            assert content[k] == pytest.approx(_dot(a[x].content, b[y].content), abs=1e-12)
            assert topic[k] == pytest.approx(_dot(_topic(a[x]), _topic(b[y])), abs=1e-12)
            assert title[k] == pytest.approx(_dot(a[x].title, b[y].title), abs=1e-12)
    assert max(content) > 0.3 and max(topic) > 0.1
    assert max(title) > 0.5


@pytest.mark.parametrize("limit", [0, 40])
def test_content_vectors_from_the_plan_matrix_equal_those_summed_term_by_term(limit):
    from compare.alignment.terms import section_terms
    from compare.alignment.vectors import TERM_NUMBERS, contents

    (plan,) = _plans(Y22)
    stats = _catalogue()
    own = {s.id: section_terms(s.title_tokens * 2 + s.body_tokens) for s in plan}
    matrix = contents(plan, own, stats, child_weight=0.7, limit=limit)
    dicts = contents(plan, own, stats, child_weight=0.7, limit=limit, dense_cells=0)
    assert matrix.keys() == dicts.keys() == {s.id for s in plan}
    parents = {s.parent for s in plan}
    chapter = next(s for s in plan if s.id in parents and len(own[s.id]) < 40)
    assert len(matrix[chapter.id].ids) > len(own[chapter.id])  # it holds its children's terms
    for s in plan:
        a, b = matrix[s.id], dicts[s.id]
        va, vb = as_dict(a.ids, a.values), as_dict(b.ids, b.values)
        assert a.size == b.size and len(va) == len(vb) <= (limit or len(vb))
        # Terms of equal weight at the cut may be kept in either order, nothing else differs.
        for term in va.keys() ^ vb.keys():
            weight = va.get(term, vb.get(term))
            assert weight == pytest.approx(min(vb.values()), abs=1e-12)
        topical_a = set(as_dict(a.ids[a.topical], a.values[a.topical]))
        topical_b = set(as_dict(b.ids[b.topical], b.values[b.topical]))
        for term in va.keys() & vb.keys():
            assert va[term] == pytest.approx(vb[term], abs=1e-12)
            assert (term in topical_a) == (term in topical_b)
        assert dict(zip(a.ids.tolist(), a.values.tolist(), strict=True)) == {
            TERM_NUMBERS[t]: w for t, w in va.items()
        }


def test_a_prepared_plan_aligns_as_a_fresh_one():
    left, right = _plans(Y23, HN)
    stats = _catalogue()
    ready = prepare(left, stats, Settings())
    fresh = align([left, right], stats=stats).links
    again = align([left, right], stats=stats, prepared=[ready]).links
    assert fresh
    assert [(x.left, x.right, x.score) for x in again] == [
        (x.left, x.right, x.score) for x in fresh
    ]


def test_a_candidates_features_read_as_a_mapping_of_every_feature():
    from compare.alignment import calibration
    from compare.alignment.scoring import FEATURES, Features

    features = Features({"content": 0.4, "mutual": 1.0})
    assert list(features) == list(FEATURES) and features["content"] == 0.4
    assert features["title"] == 0.0 and features.get("nonsense", -1.0) == -1.0
    features["best_ratio"] = 0.5
    as_dict = dict(features)
    assert as_dict["best_ratio"] == 0.5 and len(as_dict) == len(FEATURES)
    assert calibration.probability(features) == pytest.approx(calibration.probability(as_dict))
    with pytest.raises(KeyError):
        features["nonsense"] = 1.0
