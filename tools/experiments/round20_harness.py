"""Round twenty harness: related rows weighed apart, a steadier threshold (issue 29).

Run from the worktree root, on round nineteen's database (migrate, load_seeds, then ``import_plan
tests/data/coverage-references/docs/2022-12-26-fujian.markdown``; meaning vectors stored on first
use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round20_harness.py [GLm] [RW] [TS] [RWT]

Round sixteen's figures and set-up, round eighteen's weighted fit, imported. Variants, declared
in docs/experiments-meaning.md (twentieth round); each replaces every call of ``validation.fit``
(each fold of both cross-validations, the fit on all of dev), the fifth's Y23 keyed ``Y23~5`` as
in D5 (its rows always in the fit, never in a test fold):

- RW: dev + the fifth; a row the reference names ``related`` weighs 0.5, any other 1, in both
  references; every fifth row then times n_dev / n_fifth (D5w); GRID on dev's pairs alone.
- TS: -9's fit on dev alone; the GRID point chosen by the mean F1 over its 3x3 neighbours in GRID.
- RWT: RW's coefficients, TS's choice.

Besides round sixteen's lines, prints the threshold / near-best chosen in each fold of both
cross-validations and the rows of the fit on all of dev.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402
import round16_harness as R16  # noqa: E402  (registers rounds ten to sixteen)
import round18_harness as R18  # noqa: E402  (registers round eighteen)

from compare.alignment import calibration as cal  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.lib.evaluation import evaluate  # noqa: E402

RELATED_WEIGHT = 0.5  # declared before measuring, not chosen by looking
THRESHOLDS = tuple(dict.fromkeys(t for t, _ in V.GRID))
SHARES = tuple(dict.fromkeys(n for _, n in V.GRID))

LOG: list = []  # per fit: a dict of row counts and weights


def _rows(data, reference, unseen):
    """Judged candidate rows, labels and strengths ("equivalent", "related" or "" for wrong)."""
    strength = {p.key: p.strength for p in reference}
    rows, labels, kinds = [], [], []
    for pair in data.values():
        for row, label, (a, b) in zip(pair.rows, pair.labels, pair.ends, strict=True):
            if a in unseen or b in unseen:
                continue
            rows.append(row)
            labels.append(label)
            kinds.append(strength.get(frozenset({a, b}), "") if label else "")
    return rows, labels, kinds


def _smoothed_choose(data, names, reference, settings, coefficients, unseen):
    """V.fit's GRID choice, each point scored by the mean F1 of its 3x3 neighbours in GRID."""
    known = [
        p
        for p in V._restricted(reference, data)
        if (p.plan_a, p.ref_a) not in unseen and (p.plan_b, p.ref_b) not in unseen
    ]
    scored = V.probabilities(data, coefficients, settings, every=False)
    by_point = {}
    for threshold, near_best in V.GRID:
        trial = replace(settings, threshold=threshold, near_best=near_best)
        found = V.predict(data, names, trial, coefficients, grouped=False, scored=scored)
        score = evaluate([(a, b) for a, b, _ in found], known).overall
        by_point[(THRESHOLDS.index(threshold), SHARES.index(near_best))] = (trial, score)
    best = None
    for threshold, near_best in V.GRID:
        i, j = THRESHOLDS.index(threshold), SHARES.index(near_best)
        box = [
            by_point[(i + di, j + dj)][1].f1
            for di in (-1, 0, 1)
            for dj in (-1, 0, 1)
            if (i + di, j + dj) in by_point
        ]
        smooth = sum(box) / len(box)
        if best is None or smooth > best[0] + 1e-9:
            trial, score = by_point[(i, j)]
            best = (smooth, (trial, coefficients, score))
    return best[1]


def related_weighed(*, smoothed):
    """RW (and RWT): dev + fifth, ``related`` rows weighed RELATED_WEIGHT, the fifth as D5w."""

    @contextlib.contextmanager
    def patch():
        reference5, _, data5, _ = R16.fifth_data(R16.STATS[0], R16.APART)
        rows5, labels5, kinds5 = _rows(data5, reference5, frozenset())
        choose = _smoothed_choose if smoothed else R18._choose

        def fit(data, names, reference, settings, *, unseen=frozenset()):
            rows, labels, kinds = _rows(data, reference, unseen)
            if not rows:
                raise ValueError("no judged candidate is left to fit on")
            share = len(rows) / len(rows5)

            def weight(kind):
                return RELATED_WEIGHT if kind == "related" else 1.0

            weights = [weight(k) for k in kinds] + [share * weight(k) for k in kinds5]
            LOG.append(
                {
                    "dev": _count(kinds, labels),
                    "fifth": _count(kinds5, labels5),
                    "fifth row": round(share, 4),
                }
            )
            coefficients = R18.weighted_fit([*rows, *rows5], [*labels, *labels5], weights)
            return choose(data, names, reference, settings, coefficients, unseen)

        with H.patched(V, "fit", fit):
            yield

    return patch


def _count(kinds, labels):
    eq = sum(1 for k in kinds if k == "equivalent")
    rel = sum(1 for k in kinds if k == "related")
    return f"{len(kinds)} rows ({eq} equivalent, {rel} related, {len(labels) - sum(labels)} wrong)"


@contextlib.contextmanager
def steadier():
    """TS: -9's fit on dev alone, the GRID point chosen by its neighbours' mean F1."""

    def fit(data, names, reference, settings, *, unseen=frozenset()):
        rows, labels = R18._rows(data, unseen)
        if not rows:
            raise ValueError("no judged candidate is left to fit on")
        coefficients = cal.fit(rows, labels)
        return _smoothed_choose(data, names, reference, settings, coefficients, unseen)

    with H.patched(V, "fit", fit):
        yield


H.VARIANTS.update(
    {
        "RW": (related_weighed(smoothed=False), None),
        "TS": (steadier, None),
        "RWT": (related_weighed(smoothed=True), None),
    }
)

_FOLDS: list = []


def _spy_figures(real):
    def figures(*args, **kwargs):
        out = real(*args, **kwargs)
        _FOLDS.append(out)
        return out

    return figures


def main(argv):
    for name in argv or ["GLm", "RW", "TS", "RWT"]:
        LOG.clear()
        _FOLDS.clear()
        with H.patched(H, "figures", _spy_figures(H.figures)):
            R16.main([name])
        out = _FOLDS[-1]
        for label in ("pair", "group"):
            chosen = " ".join(
                f"{f['threshold']}/{f['near_best']}" for f in out[label].folds.values()
            )
            print(f"  {name}: folds by {label}: {chosen}", flush=True)
        fitted = out["fitted"][0]
        print(f"  {name}: on all of dev: {fitted.threshold}/{fitted.near_best}", flush=True)
        if LOG:  # the last fit of a variant is the one on all of dev
            print(f"  {name}: rows of the fit on all of dev: {LOG[-1]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
