"""Round eighteen harness: the fifth reference as fit data, weighed fairly (issue 29).

Run from the worktree root, on round sixteen's database (migrate, load_seeds, then ``import_plan
tests/data/coverage-references/docs/2022-12-26-fujian.markdown``; meaning vectors stored on first
use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round18_harness.py [GLm] [D5] [D5w] [D5wd] [D5v]

Round sixteen's figures and set-up (dev held out by pair and by group, second, third, links >=
0.8, the three-plan rows, the fifth's figure, the coefficients fitted on all of the fit data),
imported. Variants, declared in docs/experiments-meaning.md (eighteenth round); each replaces
every call of ``validation.fit`` (each fold of both cross-validations, the fit on all of dev),
the fifth's Y23 keyed ``Y23~5`` as in D5 (its rows always in the fit, never in a test fold):

- D5w: dev + fifth, the fifth's judged candidate rows weighted n_dev / n_fifth each (dev's 1), so
  that the two references carry equal total weight in the logistic fit (same L2 1.0, intercept
  not shrunk); threshold and near-best over GRID on the pooled pairs, as D5.
- D5wd: D5w's coefficients; threshold and near-best over GRID on dev's pairs alone.
- D5v: D5's coefficients (pooled, unweighted); threshold and near-best over GRID on dev's pairs
  alone.

n_dev and n_fifth are the rows of each reference that take part in that fit (dev's after the
fold's held-out sections are set aside). D5 (round sixteen's own patch) is run beside them as a
check: D5v's coefficients on all of dev must equal D5's.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402
import round16_harness as R16  # noqa: E402  (registers rounds ten to sixteen)

from compare.alignment.scoring import FEATURES  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.lib.evaluation import evaluate  # noqa: E402

L2 = 1.0


def weighted_fit(rows, labels, weights, *, l2=L2):
    """``calibration.fit`` with a weight per row (Newton's method, L2, intercept not shrunk)."""
    import numpy as np

    x = np.array([[1.0] + [row.get(name, 0.0) for name in FEATURES] for row in rows])
    y = np.array(labels, dtype=float)
    s = np.array(weights, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (s * (p - y)) + penalty @ w
        hessian = (x * (s * p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    names = ("intercept", *FEATURES)
    return {name: round(float(value), 4) for name, value in zip(names, w, strict=True)}


def _rows(data, unseen):
    rows, labels = [], []
    for pair in data.values():
        for row, label, (a, b) in zip(pair.rows, pair.labels, pair.ends, strict=True):
            if a not in unseen and b not in unseen:
                rows.append(row)
                labels.append(label)
    return rows, labels


def _choose(data, names, reference, settings, coefficients, unseen):
    """V.fit's GRID choice (pairwise selection, best F1, first in GRID order on ties)."""
    known = [
        p
        for p in V._restricted(reference, data)
        if (p.plan_a, p.ref_a) not in unseen and (p.plan_b, p.ref_b) not in unseen
    ]
    best = None
    scored = V.probabilities(data, coefficients, settings, every=False)
    for threshold, near_best in V.GRID:
        trial = replace(settings, threshold=threshold, near_best=near_best)
        found = V.predict(data, names, trial, coefficients, grouped=False, scored=scored)
        score = evaluate([(a, b) for a, b, _ in found], known).overall
        if best is None or score.f1 > best[2].f1 + 1e-9:
            best = (trial, coefficients, score)
    return best


LOG: list = []  # per fit: (n_dev, n_fifth, weight of a fifth row)


def pooled(*, weighted, choose_on_dev):
    """A variant's ``validation.fit``: coefficients on dev + fifth (the fifth's rows weighted
    n_dev / n_fifth when ``weighted``), GRID on the pooled pairs or on dev's alone."""

    @contextlib.contextmanager
    def patch():
        reference5, _, data5, names5 = R16.fifth_data(R16.STATS[0], R16.APART)

        def fit(data, names, reference, settings, *, unseen=frozenset()):
            rows, labels = _rows(data, unseen)
            rows5, labels5 = _rows(data5, frozenset())
            if not rows:
                raise ValueError("no judged candidate is left to fit on")
            share = len(rows) / len(rows5) if weighted else 1.0
            LOG.append((len(rows), len(rows5), share))
            weights = [1.0] * len(rows) + [share] * len(rows5)
            coefficients = weighted_fit([*rows, *rows5], [*labels, *labels5], weights)
            if choose_on_dev:
                return _choose(data, names, reference, settings, coefficients, unseen)
            return _choose(
                {**data, **data5},
                {**names, **names5},
                [*reference, *reference5],
                settings,
                coefficients,
                unseen,
            )

        with H.patched(V, "fit", fit):
            yield

    return patch


H.VARIANTS.update(
    {
        "D5w": (pooled(weighted=True, choose_on_dev=False), None),
        "D5wd": (pooled(weighted=True, choose_on_dev=True), None),
        "D5v": (pooled(weighted=False, choose_on_dev=True), None),
    }
)


def main(argv):
    for name in argv or ["GLm", "D5", "D5w", "D5wd", "D5v"]:
        LOG.clear()
        R16.main([name])
        if LOG:  # the last fit of a variant is the one on all of dev
            n_dev, n5, share = LOG[-1]
            print(
                f"  {name}: fit on all of dev: dev rows {n_dev}, fifth rows {n5}, "
                f"weight of a fifth row {share:.4f}",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
