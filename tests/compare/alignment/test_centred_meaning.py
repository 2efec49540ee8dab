"""Meaning with what a plan's sections share taken off (the ``centred`` feature): the cosine says
what two sections have in particular, and from duizhao-align-9 the feature is that cosine less
the best one of either end's siblings with the other end; the model that reads it is used only
when every section has meaning vectors."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from compare.alignment import Settings, align, calibration
from compare.alignment.candidates import Profile, centred_contrasts, centred_cosines
from compare.alignment.model import AlignSection
from tests.compare.alignment.test_alignment import Y22, Y23, _catalogue, _plans

DIM = 64
SECTIONS = 20


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def _plan(key, vectors, first_id):
    """Sections of one plan, all children of one heading, with the given content vectors."""
    out = {}
    for k, v in enumerate(vectors):
        sid = first_id + k
        section = AlignSection(
            sid, key, None, k, 1, "item", "", f"t{sid}", "", meaning=(_unit(v), _unit(v))
        )
        out[sid] = Profile(section=section, size=10.0, parent=None)
    return out


def test_a_direction_every_section_shares_no_longer_makes_siblings_alike():
    rng = np.random.default_rng(7)
    # "Digital government": a direction in every section of both plans, three times the rest.
    common = 3 * np.sqrt(DIM) * np.eye(DIM)[0]
    own = [rng.normal(size=DIM) for _ in range(SECTIONS)]
    left = _plan("a", [common + v for v in own], 1)
    others = [common + rng.normal(size=DIM) for _ in range(SECTIONS - 1)]
    right = _plan("b", [common + own[0], *others], 101)  # 101 is 1's counterpart
    raw = float(left[2].meaning[1] @ right[101].meaning[1])
    cosines = centred_cosines(left, right, [(1, 101), (2, 101)])
    assert raw > 0.8  # a sibling of the counterpart reads alike on the raw cosine
    assert cosines[(1, 101)] > 0.8  # the counterpart still does
    assert cosines[(2, 101)] < 0.2  # the sibling no longer


def test_no_centred_cosine_when_a_section_has_no_meaning_vectors():
    left = _plan("a", [np.ones(DIM), np.arange(DIM)], 1)
    right = _plan("b", [np.ones(DIM), np.arange(DIM)], 11)
    right[12] = replace(right[12], section=replace(right[12].section, meaning=None))
    assert centred_cosines(left, right, [(1, 11)]) == {}


@pytest.fixture(scope="module")
def seed_pair_with_vectors():
    rng = np.random.default_rng(11)
    plans = _plans(Y22, Y23)
    return [
        [replace(s, meaning=(_unit(rng.normal(size=DIM)), _unit(rng.normal(size=DIM)))) for s in p]
        for p in plans
    ]


def test_with_meaning_vectors_links_are_scored_by_the_model_that_reads_them(
    seed_pair_with_vectors,
):
    result = align(seed_pair_with_vectors, stats=_catalogue())
    assert result.links
    assert any(link.features["centred"] != 0 for link in result.links)
    for link in result.links:
        expected = calibration.probability(link.features, calibration.COEFFICIENTS)
        assert link.score == pytest.approx(expected, abs=1e-3)


def test_without_meaning_vectors_links_are_scored_by_words_alone():
    result = align(_plans(Y22, Y23), stats=_catalogue(), settings=Settings(meaning=False))
    assert result.links
    assert all(link.features["centred"] == 0 for link in result.links)
    for link in result.links:
        expected = calibration.probability(link.features, calibration.WORDS_COEFFICIENTS)
        assert link.score == pytest.approx(expected, abs=1e-3)


def _family(key, vectors, first_id, parents):
    """Sections of one plan with the given content vectors and parents (ids)."""
    out = {}
    for k, (v, parent) in enumerate(zip(vectors, parents, strict=True)):
        sid = first_id + k
        section = AlignSection(
            sid, key, parent, k, 1, "item", "", f"t{sid}", "", meaning=(_unit(v), _unit(v))
        )
        out[sid] = Profile(section=section, size=10.0, parent=parent)
    return out


@pytest.fixture(scope="module")
def sibling_rivals():
    """Plan a's 1 and 2 are siblings (under 9) both close to plan b's 101; 3 (under 9 too) has
    its own counterpart 102, which no sibling of 3 is near."""
    rng = np.random.default_rng(5)
    own = [rng.normal(size=DIM) for _ in range(SECTIONS)]
    shared = rng.normal(size=DIM)
    left_vectors = [shared + 0.3 * own[0], shared + 0.3 * own[1], own[2], *own[3:]]
    right_vectors = [shared, own[2] + 0.3 * rng.normal(size=DIM)]
    right_vectors += [rng.normal(size=DIM) for _ in range(SECTIONS - 2)]
    left = _family("a", left_vectors, 1, [9, 9, 9] + [None] * (SECTIONS - 3))
    right = _family("b", right_vectors, 101, [None] * SECTIONS)
    return left, right


def test_a_pair_no_closer_than_a_sibling_is_to_the_other_end_reads_low(sibling_rivals):
    left, right = sibling_rivals
    pairs = [(1, 101), (2, 101), (3, 102)]
    cosines = centred_cosines(left, right, pairs)
    contrasts = centred_contrasts(left, right, pairs)
    assert cosines[(1, 101)] > 0.3 and cosines[(2, 101)] > 0.3  # both alike on the cosine
    # Each is measured against the other: at most one stands above its sibling.
    assert min(contrasts[(1, 101)], contrasts[(2, 101)]) <= 0
    assert contrasts[(3, 102)] > 0.3  # 102 is near 3 and near none of 3's siblings
    for pair in pairs:
        assert contrasts[pair] <= cosines[pair] + 1e-6


def test_the_engine_reads_the_contrast_as_its_centred_feature(seed_pair_with_vectors):
    left, right = seed_pair_with_vectors
    result = align(seed_pair_with_vectors, stats=_catalogue())
    profiles = [
        {s.id: Profile(section=s, size=1.0, parent=s.parent) for s in plan}
        for plan in (left, right)
    ]
    pairs = [(link.left, link.right) for link in result.links]
    contrasts = centred_contrasts(*profiles, pairs)
    for link in result.links:
        expected = contrasts[(link.left, link.right)]
        assert link.features["centred"] == pytest.approx(expected, abs=1e-3)  # stored rounded
