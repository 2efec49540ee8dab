"""Meaning as evidence: sections each other's nearest in meaning are scored as candidates, the
model still decides on what they share in words, and vectors are made once per section."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from compare.alignment import AlignSection, Settings, align, term_stats
from compare.alignment.candidates import mutual_nearest, nearest_in_meaning
from compare.alignment.engine import _profiles, candidate_pairs
from compare.lib import meaning
from compare.lib.evaluation import ReferencePair
from compare.lib.validation import prepare

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def _unit(*values: float) -> np.ndarray:
    v = np.zeros(meaning.DIMENSIONS, dtype=np.float32)
    v[: len(values)] = values
    return v / np.linalg.norm(v)


def _section(sid: int, plan: str, title: str, direction, body: str = "") -> AlignSection:
    tokens = tuple(title)  # one token a character is enough for these tests
    vec = None if direction is None else (_unit(*direction), _unit(*direction))
    return AlignSection(
        id=sid,
        plan=plan,
        parent=None,
        order=sid,
        depth=1,
        kind="item",
        label="",
        title=title,
        body=body,
        title_tokens=tokens,
        body_tokens=tuple(body),
        meaning=vec,
    )


def _profiles_of(*plans):
    stats = term_stats(s for plan in plans for s in plan)
    return stats, [_profiles(plan, stats, Settings()) for plan in plans]


def test_sections_that_are_each_others_nearest_in_meaning_are_proposed():
    a = [_section(1, "A", "建设政务云平台", (1, 0)), _section(2, "A", "加强人才培养", (0, 1))]
    b = [_section(11, "B", "算力统筹调度", (0.9, 0.1)), _section(12, "B", "干部队伍", (0.1, 0.9))]
    _, (left, right) = _profiles_of(a, b)
    assert mutual_nearest(left, right) == {(1, 11), (2, 12)}


def test_a_sibling_that_is_only_close_in_meaning_is_not_proposed():
    # 12 is near 1, but 11 is nearer: the encoder's sibling noise stays out.
    a = [_section(1, "A", "建设政务云平台", (1, 0))]
    b = [_section(11, "B", "算力统筹调度", (1, 0.1)), _section(12, "B", "网络安全", (1, 0.5))]
    _, (left, right) = _profiles_of(a, b)
    assert mutual_nearest(left, right) == {(1, 11)}


def test_untitled_sections_are_not_each_others_nearest_by_their_placeholder_title():
    # Label-only items (42．) all have one placeholder title vector; only content pairs them.
    placeholder, cloud = _unit(0, 0, 0, 0, 1), _unit(0, 0, 1)
    a = [
        replace(_section(1, "A", "", None), meaning=(placeholder, _unit(1, 0, 0))),
        replace(_section(2, "A", "政务云", None), meaning=(cloud, _unit(0, 1, 0))),
    ]
    b = [
        replace(_section(11, "B", "", None), meaning=(placeholder, _unit(0, 1, 0))),
        replace(_section(12, "B", "人才", None), meaning=(_unit(0, 0, 0, 1), _unit(1, 0, 0))),
        replace(_section(13, "B", "云平台", None), meaning=(cloud, _unit(0, 0, 1))),
    ]
    _, (left, right) = _profiles_of(a, b)
    assert mutual_nearest(left, right) == {(1, 12), (2, 11), (2, 13)}


def test_nothing_is_proposed_by_meaning_when_a_section_has_no_vectors():
    a = [_section(1, "A", "建设政务云平台", (1, 0)), _section(2, "A", "加强人才培养", None)]
    b = [_section(11, "B", "算力统筹调度", (1, 0))]
    _, (left, right) = _profiles_of(a, b)
    assert mutual_nearest(left, right) == set()


def test_a_pair_proposed_by_meaning_alone_is_marked_and_still_needs_a_shared_topic_word():
    a = [_section(1, "A", "建设政务云平台", (1, 0), "推进云平台建设")]
    b = [_section(11, "B", "加强人才培养", (1, 0), "培养干部")]
    stats, (left, right) = _profiles_of(a, b)
    found = candidate_pairs(left, right, stats, Settings())
    assert found[(1, 11)].by_meaning
    assert (1, 11) not in candidate_pairs(left, right, stats, Settings(meaning=False))
    assert align([a, b], stats=stats).links == []  # nothing in common but meaning


def test_pairs_proposed_by_meaning_alone_take_no_part_in_the_fit():
    # With one lexical candidate a section, 1-12 is proposed by words and 1-11 by meaning alone
    # (it shares 政务云, so the topic rule lets it through).
    a = [_section(1, "A", "政务云甲", (1, 0)), _section(2, "A", "政务云乙", (0, 1))]
    b = [_section(11, "B", "政务云丙", (1, 0.1)), _section(12, "B", "政务云丁", (0.1, 1))]
    stats = term_stats([*a, *b])
    settings = Settings(candidates=1)
    reference = [
        ReferencePair("A", "政务云甲", "B", "政务云丙", "equivalent"),
        ReferencePair("A", "政务云甲", "B", "政务云丁", "related"),
    ]
    data = prepare({"A": a, "B": b}, reference, stats, settings)[("A", "B")]
    assert data.found[(1, 11)].by_meaning and not data.found[(1, 12)].by_meaning
    assert data.ends == [(("A", "政务云甲"), ("B", "政务云丁"))]


def test_the_content_text_reads_the_title_then_the_start_of_the_section_and_its_children():
    parent = _section(1, "A", "数字政府", None, "总体要求。")
    child = AlignSection(2, "A", 1, 2, 2, "item", "", "政务云", "建设集约高效的政务云。" * 40)
    texts = meaning.texts([parent, child])
    title, content = texts[1]
    assert title == "数字政府"
    assert content.startswith("数字政府。总体要求。政务云建设集约高效的政务云。")
    assert len(content) == len("数字政府") + meaning.CONTENT_CHARS


def test_stored_vectors_read_back_as_the_two_vectors_and_other_sizes_as_none():
    title, content = _unit(1, 2), _unit(3, -1)
    back = meaning.from_bytes(meaning.as_bytes(title, content))
    assert np.allclose(back[0], title, atol=1e-3) and np.allclose(back[1], content, atol=1e-3)
    assert meaning.from_bytes(b"\0" * 100) is None
    assert meaning.from_bytes(None) is None
    with pytest.raises(ValueError, match="512 values each"):
        meaning.as_bytes(np.ones(3), np.ones(3))


def _proposed_by_meaning():
    """1-11 proposed by meaning alone (as in the fit test above), every pair likely."""
    a = [_section(1, "A", "政务云甲", (1, 0)), _section(2, "A", "政务云乙", (0, 1))]
    b = [_section(11, "B", "政务云丙", (1, 0.3)), _section(12, "B", "政务云丁", (0.3, 1))]
    stats = term_stats([*a, *b])
    settings = Settings(candidates=1)
    found = candidate_pairs(*_profiles_of(a, b)[1], stats, settings)
    alignment = align([a, b], stats=stats, settings=settings, coefficients={"intercept": 5.0})
    return found, {(link.left, link.right): link for link in alignment.links}


def test_a_link_proposed_by_meaning_says_so_with_its_similarity_beside_the_shared_words():
    found, links = _proposed_by_meaning()
    assert found[(1, 11)].by_meaning and not found[(1, 12)].by_meaning
    link = links[(1, 11)]
    assert link.evidence["meaning"] == "0.96"  # cosine of (1, 0) and (1, 0.3)
    assert "意思相近（语义相似度 0.96）" in link.reason
    lexical = links[(1, 12)]
    assert lexical.evidence["meaning"] is None and "意思相近" not in lexical.reason


def test_the_meaning_ground_is_told_beside_the_shared_topic_words():
    from compare.alignment.reasons import reason

    ev = {"shared": ["政务云"], "meaning": "0.81", "support": None, "probability": "0.70"}
    assert reason(ev) == "可能对应（0.70）；共同主题词：政务云；意思相近（语义相似度 0.81）"
    assert reason(ev | {"meaning": None}) == "可能对应（0.70）；共同主题词：政务云"


def test_the_meaning_ground_is_worded_in_the_readers_language():
    from django.utils import translation

    from compare.alignment.reasons import reason

    _, links = _proposed_by_meaning()
    with translation.override("en"):
        worded = reason(links[(1, 11)].evidence, gettext=translation.gettext)
    assert "Close in meaning (semantic similarity 0.96)" in worded


def test_the_similarity_given_is_of_the_content_even_for_a_pair_found_by_titles():
    # Untitled sections share one title vector (cosine 1): the ground is their content's.
    a = [_section(1, "A", "", (1, 0))]
    b = [_section(11, "B", "", (1, 0))]
    b[0] = replace(b[0], meaning=(_unit(1, 0), _unit(1, 0.3)))
    _, (left, right) = _profiles_of(a, b)
    assert nearest_in_meaning(left, right) == {(1, 11): pytest.approx(0.958, abs=1e-3)}
