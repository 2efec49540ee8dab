"""What a coverage report reads from the database: the two plans' sections, as the pure rules
take them, and the links the verdicts read (people's as stored, then the engine's on the pair
alone, kept per process)."""

from __future__ import annotations

import threading

from cachetools import TTLCache

from compare.alignment import align
from compare.lib.coverage import CoverLink, CoverSection
from compare.lib.engine_input import COLUMNS, engine_section
from compare.lib.meaning import from_bytes, sentences, sentences_from_bytes
from compare.models import SectionLink
from compare.reading.caching import KEEP_SECONDS, alignment_version
from plans.models import Plan, Section


def _sections(upper: Plan, lower: Plan) -> dict[int, Section]:
    plans = {upper.pk: upper, lower.pk: lower}
    found = {}
    # body_tokens too: the pair's own alignment (_links) reads them.
    for s in Section.objects.filter(plan__in=plans).order_by("plan_id", "order"):
        s.plan = plans[s.plan_id]  # URLs need the slug: no query each
        found[s.pk] = s
    return found


def _pure(s: Section) -> CoverSection:
    vectors = from_bytes(s.meaning)
    return CoverSection(
        s.pk,
        s.parent_id,
        s.order,
        s.depth,
        s.kind,
        s.label,
        s.title_simplified,
        s.body_simplified,
        tuple(s.title_tokens.split()),
        vectors[1] if vectors else None,
        title_meaning=vectors[0] if vectors else None,
        sentences=sentences_from_bytes(s.sentence_meaning, len(sentences(s.body_simplified))),
    )


def _links(upper: Plan, lower: Plan, sections: dict[int, Section]) -> list[CoverLink]:
    """The links the verdicts read: people's (confirmed or added) as stored, then the engine's
    on the two plans alone, weighed by their own texts, never proposing a rejected pair."""
    rows = SectionLink.objects.for_pair(upper, lower).values_list(
        "left_id", "right_id", "left__plan_id", "score", "status", "evidence"
    )
    found, rejected = [], []
    for left, right, left_plan, score, status, evidence in rows:
        up, low = (left, right) if left_plan == upper.pk else (right, left)
        if status == SectionLink.Status.REJECTED:
            rejected.append((up, low))
        elif status in SectionLink.HUMAN:
            shared, content = _meaning_evidence(evidence)
            found.append(CoverLink(up, low, score, True, shared, content))
    decided = {(link.upper, link.lower) for link in found} | set(rejected)
    for link in _pair_alignment(upper, lower, sections, rejected):
        on_top = sections[link.left].plan_id == upper.pk
        up, low = (link.left, link.right) if on_top else (link.right, link.left)
        if (up, low) not in decided:
            shared, content = _meaning_evidence(link.evidence)
            found.append(CoverLink(up, low, link.score, False, shared, content))
    return found


# The pair's own alignment is the report's costliest step (0.1-0.3 s) and changes only with what
# alignment_version follows (runs, which store the vectors; curation; imports): kept per process
# like the comparisons, so the page, its exports, the evolution report and the API align once.
_aligned: TTLCache = TTLCache(maxsize=32, ttl=KEEP_SECONDS)
_aligned_lock = threading.Lock()


def _pair_alignment(upper: Plan, lower: Plan, sections: dict[int, Section], rejected):
    """The engine's links between the two plans aligned alone (its term statistics from their
    own sections), with the sections' stored meaning vectors as the stored run had them."""
    key = (alignment_version(), upper.pk, lower.pk, tuple(sorted(rejected)))
    with _aligned_lock:
        kept = _aligned.get(key)
    if kept is None:
        kept = _aligned_pair(upper, lower, sections, rejected)
        with _aligned_lock:
            _aligned[key] = kept
    return kept


def forget_alignments() -> None:
    """Drop every kept pair alignment (tests: ids repeat across rolled-back tests)."""
    with _aligned_lock:
        _aligned.clear()


def _aligned_pair(upper: Plan, lower: Plan, sections: dict[int, Section], rejected) -> list:
    plans = []
    for plan in (upper, lower):
        rows = [s for s in sections.values() if s.plan_id == plan.pk]
        plans.append(
            [engine_section(plan.slug, [getattr(s, c) for c in COLUMNS], s.meaning) for s in rows]
        )
    if not all(plans):
        return []
    return align(plans, exclude=rejected).links


def _meaning_evidence(evidence) -> tuple[tuple[str, ...], float]:
    """The engine's topic words both texts use, and their content similarity, from a link's
    evidence (a stored link's may be empty or, from an old run, malformed)."""
    evidence = evidence or {}
    shared = tuple(evidence.get("shared") or ())
    try:
        content = float(evidence.get("content") or 0.0)
    except (TypeError, ValueError):
        content = 0.0
    return shared, content
