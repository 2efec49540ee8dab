"""align(): links between sections of two or more plans, with rows of counterparts."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from compare.alignment import calibration
from compare.alignment.candidates import (
    Profile,
    Profiles,
    candidates,
    centred_contrasts,
    nearest_in_meaning,
    profiles,
)
from compare.alignment.groups import counterpart_groups, group_links
from compare.alignment.model import AlignSection, Link
from compare.alignment.reasons import evidence, reason
from compare.alignment.rows import Row, rows_for
from compare.alignment.scoring import Candidate, score_pairs
from compare.alignment.selection import keep, likely
from compare.alignment.terms import TermStats, Weights, term_stats

ENGINE = "duizhao-align-9"


@dataclass
class Alignment:
    links: list[Link]
    rows: list[Row]  # every section, in rows of counterparts (see rows_for)
    unique: dict[str, list[int]]  # sections with no counterpart, by plan key
    stats: dict[str, float | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    # The least probability a link must have; None: the one fitted with the model in use
    # (calibration.THRESHOLD with meaning vectors, else calibration.WORDS_THRESHOLD).
    threshold: float | None = None
    near_best: float = 0.5  # a link must reach this share of each side's best probability
    title_weight: float = 0.25
    child_weight: float = 0.7  # weight of a heading's descendants in its content vector
    structure_bonus: float = 0.30
    size_penalty: float = 0.20  # per doubling of size difference
    candidate_df: float = 0.20  # terms in more than this share of sections index nothing
    content_terms: int = 1000  # keep this many weightiest terms of a content vector (0: all)
    lookup_terms: int = 12  # a section looks up this many of its weightiest terms
    candidates: int = 12  # and scores this many best-overlapping sections of the other plan
    posting_limit: int = 200  # sections kept per term, those where it weighs most
    bigram_weight: float = 0.5
    formula_weight: float = 1.0  # a formula word (提升, 显著) beside a topic word, in content
    title_formula_weight: float = 1.0  # the same in titles
    concept_weight: float = 1.0  # a named concept (运维 = 运行维护) beside its words
    thesaurus_weight: float = 1.0  # a synonym group of 同义词词林 beside its word
    specific: float = 1.2  # a section inside a linked one takes the link at this share of its score
    child_support: float = 1.0  # how much the best child pair counts beside the parent pair
    cross_zone: float = 0.45  # factor for a pair from different parts (goals vs tasks...)
    nested: bool = True  # a section and its own child never share one counterpart
    # Also score pairs that are each other's nearest in meaning (with the sections' vectors).
    meaning: bool = True
    # Counterpart groups across the plans aligned together (see groups.py): a group holds at
    # most group_cap sections of one plan, joins need group_support, and a pair of one group
    # becomes a link beside the pairwise selection's at group_floor, or at group_mutual_floor
    # when its two sections are each other's likeliest within the group (both above 1: never).
    group_cap: int = 2
    group_support: float = 0.5
    group_floor: float = 0.5
    group_mutual_floor: float = 0.3

    @property
    def title_weights(self) -> Weights:
        return self._weights(self.title_formula_weight)

    @property
    def weights(self) -> Weights:
        return self._weights(self.formula_weight)

    def _weights(self, formula: float) -> Weights:
        return Weights(
            bigram=self.bigram_weight,
            formula=formula,
            concept=self.concept_weight,
            thesaurus=self.thesaurus_weight,
        )


def align(
    plans: Sequence[Sequence[AlignSection]],
    *,
    stats: TermStats | None = None,
    background: Iterable[Iterable[AlignSection]] = (),
    exclude: Iterable[tuple[int, int]] = (),
    settings: Settings | None = None,
    coefficients: Mapping[str, float] | None = None,
    prepared: Sequence[Profiles | None] = (),
    explain: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> Alignment:
    """Links between sections of two or more plans, with rows of counterparts across all plans.

    ``stats`` weights terms by the whole catalogue (else by ``plans`` plus ``background``);
    pairs in ``exclude`` (rejected by a person) are never proposed. A link's score is the
    probability that it is right: unless ``coefficients`` are given, calibration.COEFFICIENTS
    when every section has meaning vectors and ``settings.meaning`` is on, else
    calibration.WORDS_COEFFICIENTS (each with its threshold, unless ``settings`` sets one).
    ``prepared`` may hold a plan's profiles from ``prepare`` (same ``stats`` and ``settings``),
    so a plan aligned against many others is read once. With ``explain`` off, links carry no
    reason or evidence (for callers that keep only the pairs and their scores). ``progress``
    hears (stage, pair number, pairs in all) as each pair of plans reaches ``candidates`` and
    then ``selecting``.
    """
    settings = settings or Settings()
    report = progress or (lambda stage, number, pairs: None)
    if len(plans) < 2:
        raise ValueError("align() needs at least two plans")
    if stats is None:
        everything = [s for plan in plans for s in plan]
        everything += [s for plan in background for s in plan]
        stats = term_stats(everything)
    # The model that reads meaning needs it on every section; else the one by words alone.
    with_meaning = settings.meaning and all(s.meaning is not None for plan in plans for s in plan)
    if coefficients is None:
        coefficients = calibration.COEFFICIENTS if with_meaning else calibration.WORDS_COEFFICIENTS
    if settings.threshold is None:
        least = calibration.THRESHOLD if with_meaning else calibration.WORDS_THRESHOLD
        settings = replace(settings, threshold=least)
    excluded = {frozenset(pair) for pair in exclude}
    given = list(prepared) + [None] * (len(plans) - len(prepared))
    built = [
        ready if ready is not None else _profiles(plan, stats, settings)
        for plan, ready in zip(plans, given, strict=True)
    ]
    probability = calibration.model(coefficients)
    pairs = list(_plan_pairs(len(plans)))
    scored_pairs = []
    for number, (i, j) in enumerate(pairs, 1):
        report("candidates", number, len(pairs))
        found = candidate_pairs(built[i], built[j], stats, settings)
        report("selecting", number, len(pairs))
        scored = likely(
            found, built[i], built[j], probability, specific=settings.specific, excluded=excluded
        )
        scored_pairs.append((found, scored))
    plan_of = {sid: k for k, ready in enumerate(built) for sid in ready}
    group = groups_of([scored for _, scored in scored_pairs], plan_of, settings)
    links: list[Link] = []
    for (i, j), (found, scored) in zip(pairs, scored_pairs, strict=True):
        kept = kept_pairs(scored, built[i], built[j], group, settings)
        links.extend(_links(found, kept, built[i], built[j], explain=explain))
    rows = rows_for(plans, links)
    linked = {link.left for link in links} | {link.right for link in links}
    unique = {plan[0].plan: [s.id for s in plan if s.id not in linked] for plan in plans if plan}
    return Alignment(
        links=links,
        rows=rows,
        unique=unique,
        stats={"links": len(links), "rows": len(rows), "sections": sum(map(len, plans))},
    )


def groups_of(
    scored: Sequence[Mapping[tuple[int, int], float]],
    plan_of: Mapping[int, Hashable],
    settings: Settings,
) -> dict[int, int]:
    """The counterpart groups (groups.py) across the plans aligned together, from each pair of
    plans' likely pairs (``selection.likely``)."""
    return counterpart_groups(
        scored,
        plan_of,
        threshold=settings.threshold,
        cap=settings.group_cap,
        support=settings.group_support,
    )


def kept_pairs(
    scored: Mapping[tuple[int, int], float],
    left: dict[int, Profile],
    right: dict[int, Profile],
    group: Mapping[int, int],
    settings: Settings,
) -> dict[tuple[int, int], float]:
    """Of one pair of plans' likely pairs, those that become links, with their probability."""
    kept = keep(
        scored,
        left,
        right,
        threshold=settings.threshold,
        near_best=settings.near_best,
        nested=settings.nested,
    )
    # A pair the selection left out is still linked when its sections share a group and it is
    # likely enough: a section's second counterpart, joined to it through a third plan.
    grouped = group_links(
        scored, group, floor=settings.group_floor, mutual_floor=settings.group_mutual_floor
    )
    kept.update((pair, p) for pair, p in grouped.items() if pair not in kept)
    return kept


def prepare(plan: Sequence[AlignSection], stats: TermStats, settings: Settings) -> Profiles:
    """A plan's profiles, to align it against several plans (``align(prepared=...)``): they keep
    their inverted indexes once built."""
    ready = _profiles(plan, stats, settings)
    ready.kept = True
    return ready


def _profiles(plan: Sequence[AlignSection], stats: TermStats, settings: Settings) -> Profiles:
    return profiles(
        plan,
        stats,
        weights=settings.weights,
        title_weights=settings.title_weights,
        child_weight=settings.child_weight,
        content_terms=settings.content_terms,
    )


def _plan_pairs(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def candidate_pairs(
    left: dict[int, Profile], right: dict[int, Profile], stats: TermStats, settings: Settings
) -> dict[tuple[int, int], Candidate]:
    """Every candidate pair of two plans' profiles with its features (before selection)."""
    pairs = candidates(
        left,
        right,
        stats,
        candidate_df=settings.candidate_df,
        lookup_terms=settings.lookup_terms,
        per_section=settings.candidates,
        posting_limit=settings.posting_limit,
    )
    nearest = nearest_in_meaning(left, right) if settings.meaning else {}
    by_meaning = nearest.keys() - pairs
    found = score_pairs(
        left,
        right,
        pairs | by_meaning,
        title_weight=settings.title_weight,
        size_penalty=settings.size_penalty,
        cross_zone=settings.cross_zone,
        structure_bonus=settings.structure_bonus,
        child_support=settings.child_support,
    )
    for pair in by_meaning:
        found[pair].by_meaning = True
        found[pair].meaning = nearest[pair]
    if settings.meaning:
        # The cosine with the plans' common directions off, less its best sibling rival's.
        for pair, contrast in centred_contrasts(left, right, found).items():
            found[pair].features["centred"] = contrast
    return found


def _links(
    found: Mapping[tuple[int, int], Candidate],
    kept: Mapping[tuple[int, int], float],
    left: dict[int, Profile],
    right: dict[int, Profile],
    *,
    explain: bool,
) -> list[Link]:
    links = []
    for pair, p in kept.items():
        cand = found[pair]
        a, b = left[cand.left], right[cand.right]
        ev = (
            evidence(a, b, cand.features, p, meaning=cand.meaning if cand.by_meaning else None)
            if explain
            else {}
        )
        links.append(
            Link(
                left=cand.left,
                right=cand.right,
                score=round(p, 4),
                reason=reason(ev) if explain else "",
                evidence=ev,
                title_similarity=round(cand.features["title"], 4),
                content_similarity=round(cand.features["content"], 4),
                structure=round(cand.features["support"], 4),
                shared_terms=tuple(ev.get("shared", ())),
                features={k: round(v, 4) for k, v in cand.features.items()},
            )
        )
    links.sort(key=lambda link: (-link.score, link.left, link.right))
    return links
