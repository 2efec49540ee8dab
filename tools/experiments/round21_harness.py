"""Round twenty-one harness: a model that is not linear, gradient-boosted trees (issue 29).

Run from the worktree root, on a copy of round twenty's database (migrate, load_seeds, then
``import_plan tests/data/coverage-references/docs/2022-12-26-fujian.markdown``; meaning vectors
stored), with scikit-learn installed outside the project (it is not a dependency):

    .venv/bin/pip install --target /tmp/sklib scikit-learn
    OMP_NUM_THREADS=1 PYTHONPATH=/tmp/sklib DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round21_harness.py [GLm] [GB] [GBm] [LB]

Round twenty's lines (round sixteen's figures, three-plan rows, the fifth's figure, the threshold
/ near-best of every fold), imported. Variants, declared in docs/experiments-meaning.md
(twenty-first round); each replaces ``calibration.fit`` and ``calibration.model``, so every call
of ``validation.fit`` (each fold of both cross-validations, the fit on all of dev) fits it on -9's
rows and labels (dev alone; ``equivalent`` and ``related`` right) and chooses threshold and
near-best over GRID exactly as -9 does, and every probability (held out, second, third, the
three-plan rows by ``align()``, the fifth) is the variant's:

- GB: scikit-learn's ``HistGradientBoostingClassifier`` on -9's 14 features, TREES' settings.
- GBm: GB with MONOTONE's constraints (more alike, or better standing, never less likely).
- LB: the mean of -9's logistic probability and GB's, both fitted on the same rows.

The fitted trees are exported as plain data (TreeModel) and evaluated in Python over the
features in FEATURES' order, as an engine would at run time without scikit-learn; the export is
checked against ``predict_proba`` on the fit's own rows at every fit.
"""

from __future__ import annotations

import contextlib
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402
import round16_harness as R16  # noqa: E402
import round20_harness as R20  # noqa: E402  (registers rounds ten to twenty)

from compare.alignment import calibration as cal  # noqa: E402
from compare.alignment.scoring import FEATURES, Features  # noqa: E402

# Declared before measuring (docs/experiments-meaning.md, twenty-first round); not tuned.
TREES = {
    "loss": "log_loss",
    "learning_rate": 0.05,
    "max_iter": 150,
    "max_depth": 3,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
    "max_bins": 255,
    "early_stopping": False,
    "random_state": 0,
}
# GBm: +1 where more alike (or a better standing against the sections' other candidates) never
# makes a pair less likely; 0 where the feature's meaning depends on the rest (sizes, depths,
# zones and safeguard roles apart are what the trees are to find regions of).
MONOTONE = {
    "raw": 1,
    "content": 1,
    "title": 1,
    "fuzzy": 1,
    "topic": 1,
    "support": 1,
    "size_gap": 0,
    "same_zone": 0,
    "role": 0,
    "level_gap": 0,
    "best_ratio": 1,
    "mutual": 1,
    "best_ratio_squared": 1,  # the same order as best_ratio: a tree could split on either
    "centred": 1,
}
EXPORT_TOLERANCE = 1e-9


class TreeModel:
    """Boosted trees as plain data: a baseline log-odds and, per tree, parallel lists of each
    node's feature, threshold, left and right child and leaf value (-1 feature: a leaf)."""

    def __init__(self, baseline, trees, label):
        self.baseline = baseline
        self.trees = trees
        self.label = label

    def __repr__(self):
        leaves = sum(sum(1 for f in t[0] if f < 0) for t in self.trees)
        return f"<{self.label}: {len(self.trees)} trees, {leaves} leaves>"

    def log_odds(self, values):
        z = self.baseline
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while feature[node] >= 0:
                node = left[node] if values[feature[node]] <= threshold[node] else right[node]
            z += value[node]
        return z

    def probability(self, values):
        z = self.log_odds(values)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def export(classifier, label):
    """The classifier's trees as a TreeModel (numeric features, no missing values)."""
    trees = []
    for (predictor,) in classifier._predictors:  # one tree per iteration (two classes)
        nodes = predictor.nodes
        kinds = zip(nodes["feature_idx"], nodes["is_leaf"], strict=True)
        trees.append(
            (
                [-1 if leaf else int(f) for f, leaf in kinds],
                [float(t) for t in nodes["num_threshold"]],
                [int(n) for n in nodes["left"]],
                [int(n) for n in nodes["right"]],
                [float(v) for v in nodes["value"]],
            )
        )
    baseline = float(classifier._baseline_prediction.ravel()[0])
    return TreeModel(baseline, trees, label)


def _matrix(rows):
    import numpy as np

    return np.array([[row.get(name, 0.0) for name in FEATURES] for row in rows], dtype=float)


def fit_trees(rows, labels, *, monotone, label):
    """TREES' classifier on the rows (with MONOTONE's constraints when ``monotone``), exported."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = _matrix(rows)
    extra = {"monotonic_cst": [MONOTONE[name] for name in FEATURES]} if monotone else {}
    classifier = HistGradientBoostingClassifier(**TREES, **extra).fit(x, labels)
    model = export(classifier, label)
    expected = classifier.predict_proba(x)[:, 1]
    worst = max(abs(model.probability(v) - p) for v, p in zip(x.tolist(), expected, strict=True))
    if worst > EXPORT_TOLERANCE:
        raise AssertionError(f"exported trees differ from scikit-learn's by {worst}")
    return model


def _values(features):
    if isinstance(features, Features):
        return features.values
    return [features.get(name, 0.0) for name in FEATURES]


def trees(*, monotone=False, with_logistic=False):
    """GB, GBm or LB: ``calibration.fit`` and ``calibration.model`` replaced."""

    @contextlib.contextmanager
    def patch():
        real_fit, real_model = cal.fit, cal.model
        label = "LB" if with_logistic else "GBm" if monotone else "GB"

        def fit(rows, labels, *, l2=1.0):
            made = {"trees": fit_trees(rows, labels, monotone=monotone, label=label)}
            if with_logistic:
                made["logistic"] = real_fit(rows, labels, l2=l2)
            return made

        def model(coefficients=None):
            if coefficients is None or "trees" not in coefficients:
                return real_model(coefficients)
            boosted = coefficients["trees"]
            if "logistic" not in coefficients:
                return lambda features: boosted.probability(_values(features))
            linear = real_model(coefficients["logistic"])

            def mean(features):
                return 0.5 * (linear(features) + boosted.probability(_values(features)))

            return mean

        with H.patched(cal, "fit", fit), H.patched(cal, "model", model):
            yield

    return patch


H.VARIANTS.update(
    {
        "GB": (trees(), None),
        "GBm": (trees(monotone=True), None),
        "LB": (trees(with_logistic=True), None),
    }
)


def _bands(cv):
    return " ".join(
        f"[{low:.2f},{high:.2f}) {right}/{total}" for low, high, right, total in cv.reliability
    )


def main(argv):
    for name in argv or ["GLm", "GB", "GBm", "LB"]:
        R20.main([name])
        out = R20._FOLDS[-1]
        # Round sixteen prints the fifth's figure after its patch is left, which scores a
        # variant's trees with the logistic model (every pair 0.5): scored again inside it.
        with H.VARIANTS[name][0]():
            print(f"  {name}: {R16.fifth_figure(R16.STATS[0], out['fitted'])}", flush=True)
        insample = out["fitted"][2]
        print(
            f"  {name}: in-sample F1 (P/R) of the fit on all of dev at its point: "
            f"{insample.f1:.4f} ({insample.precision:.3f}/{insample.recall:.3f})",
            flush=True,
        )
        for label in ("pair", "group"):
            cv = out[label]
            print(f"  {name}: held out by {label}, right/links per band: {_bands(cv)}", flush=True)
            print(f"  {name}: held out by {label}, Brier {cv.brier:.4f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
