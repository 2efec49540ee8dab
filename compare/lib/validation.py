"""Fit the engine's calibration on a reference and measure it on plan pairs it never saw.

Pure Python (no Django). ``cross_validate`` holds out one plan pair of the reference at a time:
the calibration coefficients and the selection settings (threshold, near-best share) are fitted
on the other pairs' judged candidates and scored on the held-out pair, so the figures say how the
engine does on plans it was not fitted to. ``cross_validate_groups`` holds out groups of sections
instead: the same sections' other pairs no longer shape the model that scores them. Both take a
``per_fold`` hook: given the fold's training rows, it returns the candidates the fold is fitted
and scored on (e.g. made afresh with something fitted on those rows alone).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from compare.alignment import AlignSection, Settings, TermStats, engine
from compare.alignment import calibration as cal
from compare.alignment.engine import candidate_pairs
from compare.alignment.selection import dominated, likely, rank, ruled_out
from compare.lib.evaluation import Evaluation, ReferencePair, Score, evaluate, references_by_plan
from plans.parsing.text import fold

# Selection settings tried in each fold (the least probability, the near-best share).
GRID = tuple(
    itertools.product((0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75), (0.5, 0.6, 0.7, 0.8, 0.9))
)


@dataclass
class PairData:
    keys: tuple[str, str]
    left: dict
    right: dict
    found: dict
    rows: list[dict[str, float]] = field(default_factory=list)  # judged candidates' features
    labels: list[int] = field(default_factory=list)
    ends: list[tuple[tuple[str, str], tuple[str, str]]] = field(default_factory=list)  # named
    ids: list[tuple[int, int]] = field(default_factory=list)  # the judged candidates' sections
    # A plan pair the reference does not judge: its candidates only take part in the groups
    # across the set of plans (no fitting, no links scored).
    judged: bool = True


class JudgedRow(NamedTuple):
    """A judged candidate of a fold's training rows: its sections, label and named ends."""

    left: int
    right: int
    label: int
    ends: tuple[tuple[str, str], tuple[str, str]]


# Given a fold's training rows by plan pair, the fold's candidates (``prepare``'s shape), or None
# to fit and score the fold on the candidates made once for all folds.
PerFold = Callable[
    [dict[tuple[str, str], list[JudgedRow]]], Mapping[tuple[str, str], PairData] | None
]


@dataclass
class CrossValidation:
    held_out: Evaluation  # every pair scored by a model fitted without it
    folds: dict[tuple[str, str], dict]  # per held-out pair: chosen settings and coefficients
    reliability: list[tuple[float, float, int, int]]  # held-out links: right per probability bin
    brier: float = 0.0  # the Brier score of the held-out judged links


def prepare(
    plans: Mapping[str, Sequence[AlignSection]],
    reference: list[ReferencePair],
    stats: TermStats,
    settings: Settings,
) -> dict[tuple[str, str], PairData]:
    """Candidates and features of every plan pair of ``plans``, with labels on the pairs the
    reference judges."""
    refs = references_by_plan(reference)
    right_pairs = {p.key for p in reference}
    built = {key: engine.prepare(plan, stats, settings) for key, plan in plans.items()}
    names = {s.id: fold(s.label + s.title) for plan in plans.values() for s in plan}
    judged = {frozenset((p.plan_a, p.plan_b)) for p in reference}
    data = {}
    for ka, kb in itertools.combinations(plans, 2):
        left, right = built[ka], built[kb]
        found = candidate_pairs(left, right, stats, settings)
        skip = ruled_out(found) | dominated(found, left, right, settings.specific)
        rank(found, skip)
        pair = PairData((ka, kb), left, right, found, judged=frozenset((ka, kb)) in judged)
        data[(ka, kb)] = pair
        if not pair.judged:
            continue
        for (a, b), cand in found.items():
            if (a, b) in skip or cand.by_meaning:
                continue
            if names[a] not in refs[ka] or names[b] not in refs[kb]:
                continue
            pair.rows.append(dict(cand.features))
            pair.ends.append(((ka, names[a]), (kb, names[b])))
            pair.ids.append((a, b))
            pair.labels.append(int(frozenset({(ka, names[a]), (kb, names[b])}) in right_pairs))
    return data


def predict(
    data: Mapping[tuple[str, str], PairData],
    names: Mapping[int, str],
    settings: Settings,
    coefficients: Mapping[str, float],
    *,
    grouped: bool = True,
    only: tuple[str, str] | None = None,
    scored: Mapping[tuple[str, str], Mapping[tuple[int, int], float]] | None = None,
) -> list[tuple[tuple[str, str], tuple[str, str], float]]:
    """Links of each judged plan pair (or of ``only``) under ``coefficients``, as named
    reference ends with their probability; ``grouped``, with the links read off counterpart
    groups across all the plans of ``data``, as the engine makes them. ``scored`` may hold
    ``probabilities(data, coefficients, settings)`` already made."""
    if settings.threshold is None:  # the engine's default: the one fitted with COEFFICIENTS
        settings = replace(settings, threshold=cal.THRESHOLD)
    if scored is None:
        scored = probabilities(data, coefficients, settings, every=grouped)
    group = {}  # no groups: the pairwise selection alone
    if grouped:
        plan_of = {
            sid: key
            for pair in data.values()
            for key, side in zip(pair.keys, (pair.left, pair.right), strict=True)
            for sid in side
        }
        group = engine.groups_of(list(scored.values()), plan_of, settings)
    out = []
    for (ka, kb), pair in data.items():
        if not pair.judged or (only is not None and (ka, kb) != only):
            continue
        kept = engine.kept_pairs(scored[(ka, kb)], pair.left, pair.right, group, settings)
        out.extend(((ka, names[a]), (kb, names[b]), p) for (a, b), p in kept.items())
    return out


def probabilities(
    data: Mapping[tuple[str, str], PairData],
    coefficients: Mapping[str, float],
    settings: Settings,
    *,
    every: bool = True,
) -> dict[tuple[str, str], dict[tuple[int, int], float]]:
    """The probability of every pair that may become a link, by plan pair (of the judged plan
    pairs only unless ``every``)."""
    model = cal.model(coefficients)
    return {
        key: likely(
            pair.found, pair.left, pair.right, model, specific=settings.specific, excluded=set()
        )
        for key, pair in data.items()
        if every or pair.judged
    }


def fit(
    data: Mapping[tuple[str, str], PairData],
    names: Mapping[int, str],
    reference: list[ReferencePair],
    settings: Settings,
    *,
    unseen: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[Settings, dict[str, float], Score]:
    """Coefficients fitted on the judged candidates of ``data``, and the selection settings of
    GRID that give the best F1 on those same pairs; candidates with an end in ``unseen`` (named
    sections held out) and the reference pairs that name them take no part."""
    rows, labels = [], []
    for pair in data.values():
        for row, label, (a, b) in zip(pair.rows, pair.labels, pair.ends, strict=True):
            if a not in unseen and b not in unseen:
                rows.append(row)
                labels.append(label)
    if not rows:
        raise ValueError(
            "no judged candidate is left to fit on once the held-out sections are set aside; "
            "use fewer parts or a larger reference."
        )
    coefficients = cal.fit(rows, labels)
    known = [
        p
        for p in _restricted(reference, data)
        if (p.plan_a, p.ref_a) not in unseen and (p.plan_b, p.ref_b) not in unseen
    ]
    best = None
    # Settings are chosen on pairwise selection (the groups are read off with them).
    scored = probabilities(data, coefficients, settings, every=False)
    for threshold, near_best in GRID:
        trial = replace(settings, threshold=threshold, near_best=near_best)
        found = predict(data, names, trial, coefficients, grouped=False, scored=scored)
        predicted = [(a, b) for a, b, _ in found]
        score = evaluate(predicted, known).overall
        if best is None or score.f1 > best[2].f1 + 1e-9:
            best = (trial, coefficients, score)
    return best


def cross_validate(
    plans: Mapping[str, Sequence[AlignSection]],
    reference: list[ReferencePair],
    stats: TermStats,
    settings: Settings | None = None,
    *,
    per_fold: PerFold | None = None,
) -> CrossValidation:
    """Leave-one-pair-out: fit on every other plan pair, score the held-out one."""
    settings = settings or Settings()
    data = prepare(plans, reference, stats, settings)
    names = {s.id: fold(s.label + s.title) for plan in plans.values() for s in plan}
    results = {}
    for held in [key for key, pair in data.items() if pair.judged]:
        made = _fold_data(data, per_fold, lambda key, ends, held=held: key != held)
        training = {k: v for k, v in made.items() if k != held}
        chosen, coefficients, _ = fit(training, names, reference, settings)
        results[held] = chosen, coefficients, predict(made, names, chosen, coefficients, only=held)
    return _held_out(results, reference, data)


def cross_validate_groups(
    plans: Mapping[str, Sequence[AlignSection]],
    reference: list[ReferencePair],
    stats: TermStats,
    settings: Settings | None = None,
    *,
    folds: int = 5,
    per_fold: PerFold | None = None,
) -> CrossValidation:
    """Leave groups of sections out: the reference's sections are split into ``folds`` parts
    along its groups (sections that share a group, directly or through others, stay together),
    and each part is scored by a model fitted without any candidate or reference pair that
    touches it. A link is scored in the fold of its first end."""
    settings = settings or Settings()
    data = prepare(plans, reference, stats, settings)
    names = {s.id: fold(s.label + s.title) for plan in plans.values() for s in plan}
    parts = section_folds(reference, folds)
    results = {}
    for number in range(folds):
        unseen = frozenset(end for end, part in parts.items() if part == number)
        made = _fold_data(data, per_fold, lambda key, ends, unseen=unseen: unseen.isdisjoint(ends))
        chosen, coefficients, _ = fit(made, names, reference, settings, unseen=unseen)
        links = [(a, b, p) for a, b, p in predict(made, names, chosen, coefficients) if a in unseen]
        results[("fold", str(number))] = chosen, coefficients, links
    return _held_out(results, reference, data)


def _fold_data(
    data: Mapping[tuple[str, str], PairData],
    per_fold: PerFold | None,
    training: Callable[[tuple[str, str], tuple], bool],
) -> Mapping[tuple[str, str], PairData]:
    """The candidates a fold is fitted and scored on: ``per_fold``'s, given the judged rows that
    ``training`` lets through, or else ``data``."""
    if per_fold is None:
        return data
    rows = {
        key: [
            JudgedRow(a, b, label, ends)
            for (a, b), label, ends in zip(pair.ids, pair.labels, pair.ends, strict=True)
            if training(key, ends)
        ]
        for key, pair in data.items()
        if pair.judged
    }
    made = per_fold(rows)
    return data if made is None else made


def _held_out(
    results: Mapping[tuple[str, str], tuple[Settings, dict[str, float], list]],
    reference: list[ReferencePair],
    data: Mapping[tuple[str, str], PairData],
) -> CrossValidation:
    """The figures of every fold's held-out links (``results``: each fold's chosen settings,
    coefficients and links, in fold order)."""
    right_pairs = {p.key for p in reference}
    refs = references_by_plan(reference)
    links = [link for _, _, fold_links in results.values() for link in fold_links]
    scored = [
        (p, frozenset({a, b}) in right_pairs)
        for a, b, p in links
        if a[1] in refs[a[0]] and b[1] in refs[b[0]]
    ]
    return CrossValidation(
        held_out=evaluate([(a, b) for a, b, _ in links], _restricted(reference, data)),
        folds={
            key: {
                "threshold": chosen.threshold,
                "near_best": chosen.near_best,
                "coefficients": coefficients,
            }
            for key, (chosen, coefficients, _) in results.items()
        },
        reliability=cal.reliability(scored),
        brier=cal.brier(scored),
    )


def section_folds(reference: list[ReferencePair], folds: int) -> dict[tuple[str, str], int]:
    """Each named section's fold: sections joined by reference pairs, directly or through others,
    form one component, and components go largest first to the part that holds fewest so far."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(end):
        parent.setdefault(end, end)
        while parent[end] != end:
            parent[end] = parent[parent[end]]
            end = parent[end]
        return end

    for p in reference:
        parent[root((p.plan_a, p.ref_a))] = root((p.plan_b, p.ref_b))
    components: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for end in list(parent):
        components.setdefault(root(end), []).append(end)
    sizes = [0] * folds
    out = {}
    for members in sorted(components.values(), key=len, reverse=True):
        smallest = sizes.index(min(sizes))
        sizes[smallest] += len(members)
        out.update(dict.fromkeys(members, smallest))
    return out


def _restricted(reference: list[ReferencePair], data: Mapping) -> list[ReferencePair]:
    """The reference pairs between plans of ``data``'s plan pairs (recall counts only those)."""
    wanted = {frozenset(keys) for keys in data}
    return [p for p in reference if frozenset((p.plan_a, p.plan_b)) in wanted]
