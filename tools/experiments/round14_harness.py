"""Round fourteen harness: measures over the whole catalogue, and levels, beside -9's contrast.

Run from the worktree root, on a seeded database (migrate + load_seeds; the meaning vectors are
stored on first use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round14_harness.py [variant ...]

Round thirteen's harness, imported (its variants and the earlier rounds' registered in round
ten's VARIANTS), with three more, declared in docs/experiments-meaning.md (fourteenth round).
"GLm" in round ten's harness is the engine as it is: SBc (duizhao-align-9). Besides the four
figures, each variant's three-plan rows: Yunnan 2022 + Hunan + Wangcang aligned together by
``align()`` with what the variant fitted on all of dev, rows with one filled cell counted as
``rows12.py`` does.

- CH: ``hub`` = 2c(a, b) - h(a) - h(b), h a section's standing over the catalogue's other plans
  (the mean over them of its greatest centred cosine with one of their sections).
- XL: ``apart_centred`` = the engine's ``centred`` × 1 when the two plans' jurisdictions are of
  different levels.
- CO: ``second_order``, the cosine of the two sections' rows of centred cosines with every
  section of the catalogue's other plans (each plan's block less its mean).
- CS (declared after the first three were measured): ``standing`` = min(h(a), h(b)).

The catalogue is the seven plans of the three references (dev, second, third).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import round10_harness as H  # noqa: E402
import round11_harness as R11  # noqa: E402
import round13_harness as R13  # noqa: E402, F401  (registers rounds eleven to thirteen)

from compare.alignment import align, engine, term_stats  # noqa: E402
from compare.alignment.candidates import _centred_sims  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.runs import aligning  # noqa: E402
from plans.models import Plan  # noqa: E402

THREE = ["yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"]

# The catalogue: slug -> {section id: section}; filled by load_catalogue().
CATALOGUE: dict[str, dict] = {}
PLAN_OF: dict[int, str] = {}
LEVEL: dict[str, str] = {}
_SIMS: dict[tuple[str, str], tuple] = {}


def load_catalogue(plan_sets):
    for plans in plan_sets:
        for plan in plans.values():
            if plan.slug in CATALOGUE:
                continue
            aligning.store_meaning(plan)
            secs = {s.id: s for s in aligning.sections_of(plan)}
            CATALOGUE[plan.slug] = secs
            PLAN_OF.update(dict.fromkeys(secs, plan.slug))
            LEVEL[plan.slug] = plan.jurisdiction.level


def _sims(a_slug, p_slug):
    """The engine's centred cosines of plan A (rows) against plan P (columns), kept."""
    key = (a_slug, p_slug)
    if key not in _SIMS:
        _SIMS[key] = _centred_sims(CATALOGUE[a_slug], CATALOGUE[p_slug])
    return _SIMS[key]


def _others(a_slug, b_slug):
    return sorted(s for s in CATALOGUE if s not in (a_slug, b_slug))


def _standing(a_slug, b_slug):
    """h for each section of A against the pair (A, B): id -> mean over the other plans of its
    greatest centred cosine with one of their sections."""
    best = []
    at = None
    for p in _others(a_slug, b_slug):
        sims, at, _ = _sims(a_slug, p)
        best.append(sims.max(axis=1))
    mean = np.mean(best, axis=0)
    return {s: float(mean[i]) for s, i in at.items()}


def _profile_rows(a_slug, b_slug):
    """x for each section of A against the pair (A, B): its rows of centred cosines with the
    other plans' sections, each plan's block less its mean, concatenated and made unit."""
    blocks = []
    at = None
    for p in _others(a_slug, b_slug):
        sims, at, _ = _sims(a_slug, p)
        blocks.append(sims - sims.mean(axis=1, keepdims=True))
    x = R11._unit_rows(np.concatenate(blocks, axis=1))
    return x, at


def _slug(profiles):
    return PLAN_OF.get(next(iter(profiles)))


def features(kind, left, right, pairs):
    """CH's, XL's or CO's feature for each pair (0 for all when vectors are missing or a plan is
    not in the catalogue)."""
    a_slug, b_slug = _slug(left), _slug(right)
    if a_slug is None or b_slug is None:
        return dict.fromkeys(pairs, 0.0)
    if kind == "XL":
        apart = 1.0 if LEVEL[a_slug] != LEVEL[b_slug] else 0.0
        return {(a, b): apart * found.features["centred"] for (a, b), found in pairs.items()}
    got = _centred_sims(left, right)
    if got is None:
        return dict.fromkeys(pairs, 0.0)
    sims, at_l, at_r = got
    if kind in ("CH", "CS"):
        h_l, h_r = _standing(a_slug, b_slug), _standing(b_slug, a_slug)
        if kind == "CS":
            return {(a, b): min(h_l[a], h_r[b]) for a, b in pairs}
        return {(a, b): float(2 * sims[at_l[a], at_r[b]] - h_l[a] - h_r[b]) for a, b in pairs}
    x_l, row_l = _profile_rows(a_slug, b_slug)
    x_r, row_r = _profile_rows(b_slug, a_slug)
    return {(a, b): float(x_l[row_l[a]] @ x_r[row_r[b]]) for a, b in pairs}


def variant(kind, feature):
    """The feature set on every candidate, in validation's and in the engine's candidate
    search (so ``align()`` reads it too, for the three-plan rows)."""

    @contextlib.contextmanager
    def patch():
        real_v, real_e = V.candidate_pairs, engine.candidate_pairs

        def wrap(real):
            def candidate_pairs(left, right, stats, settings):
                found = real(left, right, stats, settings)
                for pair, value in features(kind, left, right, found).items():
                    found[pair].features[feature] = value
                return found

            return candidate_pairs

        with (
            R11.widened(feature),
            H.patched(V, "candidate_pairs", wrap(real_v)),
            H.patched(engine, "candidate_pairs", wrap(real_e)),
        ):
            yield

    return patch


H.VARIANTS.update(
    {
        "CH": (variant("CH", "hub"), None),
        "XL": (variant("XL", "apart_centred"), None),
        "CO": (variant("CO", "second_order"), None),
        "CS": (variant("CS", "standing"), None),
    }
)


def three_plan_rows(stats, fitted):
    chosen, coefficients, _ = fitted
    plans = [aligning.sections_of(Plan.objects.get(slug=s)) for s in THREE]
    result = align(plans, stats=stats, settings=chosen, coefficients=coefficients)
    single = sum(1 for row in result.rows if sum(map(len, row.sections.values())) == 1)
    alone = sum(len(v) for v in result.unique.values())
    return f"links {len(result.links)}, no link {alone}, rows {len(result.rows)}, single {single}"


def main(argv):
    wanted = [a for a in argv if not a.startswith("--")] or ["GLm"]
    dev_ref, dev_plans = H.plans_for(H.DEV)
    second_ref, sx_plans = H.plans_for(H.SECOND)
    third_ref, third_plans = H.plans_for(H.THIRD)
    load_catalogue([dev_plans, sx_plans, third_plans])
    every = {**sx_plans, **third_plans}
    stats = term_stats(aligning.catalogue())
    dev = (dev_ref, H.sections(dev_plans))
    set3 = H.sections(every)
    print("catalogue:", {s: (LEVEL[s], len(v)) for s, v in CATALOGUE.items()}, flush=True)
    for name in wanted:
        patch, _ = H.VARIANTS[name]
        with patch():
            out = H.figures(stats, dev, (second_ref, set3), (third_ref, set3))
            rows = three_plan_rows(stats, out["fitted"])
        p, g = out["pair"].held_out.overall, out["group"].held_out.overall
        print(H.line(name, out), flush=True)
        print(f"  {name}: dev P pair {p.precision:.3f} group {g.precision:.3f}; three-plan {rows}")
        print(f"  {name}: coefficients {out['fitted'][1]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
