"""Round sixteen harness: -9 fitted on dev + the fifth reference (D5), against -9 on dev alone.

Run from the worktree root, on a seeded database with the Fujian programme imported (migrate,
load_seeds, then ``import_plan tests/data/coverage-references/docs/2022-12-26-fujian.markdown``;
the meaning vectors are stored on first use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round16_harness.py [GLm] [D5] [D5u]

Round fifteen's figures (dev held out by pair and by group, second, third, links >= 0.8, the
three-plan rows, the coefficients fitted on all of the fit data), declared in
docs/experiments-meaning.md (sixteenth round), plus the fifth reference's own figure: FJ, BT and
Y23 aligned together with what the variant fitted on all of its data (held out for GLm, which
never saw the fifth; a training figure for D5).

- GLm: the engine as it is, -9 (duizhao-align-9), fitted on dev alone.
- D5: the same model fitted on dev + the fifth: every call of ``validation.fit`` (each fold of
  both cross-validations, the fit on all of dev) gets the fifth's prepared plan pairs and
  reference beside its own. The fifth's Y23 is keyed ``Y23~5`` so that a held-out dev section
  of Y23 never sets the fifth's rows aside: they are always in the fit, never in a test fold.
- D5u (a diagnostic): as D5, with the fifth keyed ``Y23`` like dev, so that in each group fold
  the fifth's rows naming a held-out Y23 section are set aside as dev's are.
- D5d (a diagnostic declared after D5 was measured): D5 with the GRID choice held at -9's 0.6 / 0.5.

Term statistics are those of the nine seed documents (every stored section but FJ's), so that
GLm gives round fifteen's figures.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402
import round14_harness as R14  # noqa: E402
import round15_harness as R15  # noqa: E402  (registers rounds ten to fifteen)

from compare.alignment import Settings, term_stats  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.lib.evaluation import evaluate  # noqa: E402
from compare.runs import aligning  # noqa: E402
from plans.models import Section  # noqa: E402
from plans.parsing.text import fold  # noqa: E402

FIFTH = H.ROOT / "tests/data/fifth-reference/fj-bt-y23-pairs.tsv"
FUJIAN = "2022-12-26-fujian.markdown"  # the plan not in the catalogue (Plan.source)
APART = "Y23~5"  # D5's key for the fifth's Y23


def seed_stats():
    """Term statistics over every stored section but the Fujian programme's."""
    rows = Section.objects.exclude(plan__source=FUJIAN).values_list("title_tokens", "body_tokens")
    return term_stats(
        aligning.engine_section("", (0, None, 0, 0, "", "", "", "", t, b))
        for t, b in rows.iterator(chunk_size=2000)
    )


def rekeyed(reference, plans, old, new):
    """The reference and plans with plan key ``old`` renamed ``new``."""

    def key(k):
        return new if k == old else k

    pairs = [replace(p, plan_a=key(p.plan_a), plan_b=key(p.plan_b)) for p in reference]
    return pairs, {key(k): v for k, v in plans.items()}


_FIFTH: dict[str, tuple] = {}


def fifth_data(stats, key):
    """The fifth's reference, sections, prepared pairs and names, with Y23 keyed ``key``."""
    if key not in _FIFTH:
        reference, plans = H.plans_for(FIFTH)
        reference, plans = rekeyed(reference, plans, "Y23", key)
        sections = H.sections(plans)
        data = V.prepare(sections, reference, stats, Settings())
        names = {s.id: fold(s.label + s.title) for plan in sections.values() for s in plan}
        _FIFTH[key] = (reference, sections, data, names)
    return _FIFTH[key]


def with_fifth(key):
    """D5 (and D5u): every ``validation.fit`` also fits on the fifth's pairs."""

    @contextlib.contextmanager
    def patch():
        reference5, _, data5, names5 = fifth_data(STATS[0], key)
        real = V.fit

        def fit(data, names, reference, settings, *, unseen=frozenset()):
            return real(
                {**data, **data5},
                {**names, **names5},
                [*reference, *reference5],
                settings,
                unseen=unseen,
            )

        with H.patched(V, "fit", fit):
            yield

    return patch


STATS: list = []  # the run's term statistics (set in main before any patch is entered)


def fifth_figure(stats, fitted):
    """The fifth scored with ``fitted``: FJ, BT and Y23 aligned together."""
    reference, _, data, names = fifth_data(stats, "Y23")
    chosen, coefficients, _ = fitted
    links = V.predict(data, names, chosen, coefficients)
    score = evaluate([(a, b) for a, b, _ in links], V._restricted(reference, data))
    right, sure = H.high(links, reference)
    pairs = ", ".join(
        f"{a}–{b} {s.f1:.4f} ({s.precision:.3f}/{s.recall:.3f})"
        for (a, b), s in sorted(score.by_pair.items())
    )
    o = score.overall
    return (
        f"fifth {o.f1:.4f} (P {o.precision:.3f} / R {o.recall:.3f}; judged {o.judged}), "
        f"≥.8 {right}/{sure}; {pairs}"
    )


H.VARIANTS.update(
    {
        "D5": (with_fifth(APART), None),
        "D5u": (with_fifth("Y23"), None),
        # A diagnostic run after D5 was measured (no rule applies): D5 with the GRID choice held
        # at -9's fitted 0.6 / 0.5, so that what the pooled fit does is seen apart from the
        # threshold it moves (round fifteen's RCd, for D5).
        "D5d": (R15.at_settings(with_fifth(APART)), None),
    }
)


def setting_up():
    """The catalogue loaded and STATS set: the term statistics, dev (reference, sections), and
    the second and the third (each reference with the two sets' sections)."""
    dev_ref, dev_plans = H.plans_for(H.DEV)
    second_ref, sx_plans = H.plans_for(H.SECOND)
    third_ref, third_plans = H.plans_for(H.THIRD)
    R14.load_catalogue([dev_plans, sx_plans, third_plans])
    stats = seed_stats()
    STATS[:] = [stats]
    dev = (dev_ref, H.sections(dev_plans))
    set3 = H.sections({**sx_plans, **third_plans})
    return stats, dev, (second_ref, set3), (third_ref, set3)


def main(argv, *, fifth_inside=False):
    """Each variant's lines; ``fifth_inside``, the fifth's figure made inside the variant's patch
    (round seventeen's order) rather than after it is left."""
    wanted = [a for a in argv if not a.startswith("--")] or ["GLm", "D5"]
    stats, dev, second, third = setting_up()
    for name in wanted:
        patch, _ = H.VARIANTS[name]
        with patch():
            out = H.figures(stats, dev, second, third)
            rows = R14.three_plan_rows(stats, out["fitted"])
            fifth = fifth_figure(stats, out["fitted"]) if fifth_inside else None
        p, g = out["pair"].held_out.overall, out["group"].held_out.overall
        print(H.line(name, out), flush=True)
        print(f"  {name}: dev P pair {p.precision:.3f} group {g.precision:.3f}; three-plan {rows}")
        print(f"  {name}: {fifth if fifth_inside else fifth_figure(stats, out['fitted'])}")
        print(f"  {name}: coefficients {out['fitted'][1]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
