"""Scores as probabilities: how likely a reader would call a pair counterparts.

A logistic model over the features of scoring.FEATURES, fitted on a hand-made reference
(``evaluate_alignment GOLD --fit`` prints fresh coefficients; ``--cross-validate`` checks them on
plan pairs the fit never saw). A probability of 0.8 means about 8 of 10 such links are right.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from operator import mul

from compare.alignment.scoring import FEATURES, Features

# Fitted on the development reference (four seed plans, six plan pairs) by
# `evaluate_alignment ../shared/gold/dev-pairs.tsv --fit`; docs/alignment.md has the held-out
# figures. Fitted with the sections' meaning vectors stored (the pairs proposed by meaning alone
# take no part in the fit, but they move the standing of the others).
COEFFICIENTS: dict[str, float] = {
    "intercept": -5.3168,
    "raw": 2.3686,
    "content": 2.2276,
    "title": -0.5721,
    "fuzzy": 0.5091,
    "topic": 1.1057,
    "support": 2.4707,
    "size_gap": 0.4246,
    "same_zone": 0.4025,
    "role": 0.0378,
    "level_gap": 0.0069,
    "best_ratio": 2.4858,
    "mutual": 0.3029,
    "best_ratio_squared": 1.5305,
    "centred": 2.1637,
}
THRESHOLD = 0.6  # the least probability of a link, chosen by the same fit with COEFFICIENTS

# The model by words alone (duizhao-align-7's), for plans without meaning vectors (the
# encoder off, or not yet run), and its threshold.
WORDS_COEFFICIENTS: dict[str, float] = {
    "intercept": -5.5749,
    "raw": 2.3198,
    "content": 2.6382,
    "title": -0.55,
    "fuzzy": 0.6075,
    "topic": 1.3694,
    "support": 1.8137,
    "size_gap": 0.4502,
    "same_zone": 0.217,
    "role": 0.1923,
    "level_gap": 0.0066,
    "best_ratio": 2.6313,
    "mutual": 0.5192,
    "best_ratio_squared": 1.7425,
}
WORDS_THRESHOLD = 0.65

# Words a planner reads beside a probability.
BANDS = ((0.8, "likely"), (0.5, "possible"), (0.0, "check"))


def probability(features: Mapping[str, float], coefficients: Mapping[str, float] | None = None):
    """The probability that a pair with these features is right."""
    return model(coefficients)(features)


def model(
    coefficients: Mapping[str, float] | None = None,
) -> Callable[[Mapping[str, float]], float]:
    """``probability`` under ``coefficients``, with the coefficients read once (for scoring
    every candidate of a plan pair)."""
    coefficients = COEFFICIENTS if coefficients is None else coefficients
    intercept = coefficients.get("intercept", 0.0)
    weights = [coefficients.get(name, 0.0) for name in FEATURES]

    def score(features: Mapping[str, float]) -> float:
        if not isinstance(features, Features):  # a plain mapping: laid out in FEATURES' order
            features = Features(features)
        z = intercept + sum(map(mul, weights, features.values))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    return score


def band(p: float) -> str:
    """likely (≥ 0.8), possible (≥ 0.5) or check."""
    return next(name for floor, name in BANDS if p >= floor)


def fit(
    rows: Sequence[Mapping[str, float]], labels: Sequence[int], *, l2: float = 1.0
) -> dict[str, float]:
    """Logistic regression (Newton's method with an L2 penalty) of ``labels`` on ``rows``."""
    import numpy as np

    x = np.array([[1.0] + [row.get(name, 0.0) for name in FEATURES] for row in rows])
    w = logistic_weights(x, labels, l2=l2)
    names = ("intercept", *FEATURES)
    return {name: round(float(value), 4) for name, value in zip(names, w, strict=True)}


def logistic_weights(x, labels: Sequence[int], *, l2: float = 1.0):
    """The weights of a logistic regression of ``labels`` on the rows of the matrix ``x`` (its
    first column the intercept's, not shrunk), by Newton's method with an L2 penalty."""
    import numpy as np

    y = np.array(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0.0  # the intercept is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def reliability(
    scored: Sequence[tuple[float, bool]], bins: Sequence[float] = (0.0, 0.3, 0.5, 0.65, 0.8, 0.9)
) -> list[tuple[float, float, int, int]]:
    """(low, high, right, total) per score bin: how many links in each bin were right."""
    edges = [*bins, 1.0000001]
    table = []
    for low, high in zip(edges, edges[1:], strict=False):
        members = [right for p, right in scored if low <= p < high]
        table.append((low, min(high, 1.0), sum(members), len(members)))
    return table


def brier(scored: Sequence[tuple[float, bool]]) -> float:
    """The Brier score of links: the mean squared gap between each one's probability and
    whether it was right (0 is perfect; always saying 0.5 scores 0.25)."""
    if not scored:
        return 0.0
    return sum((p - float(right)) ** 2 for p, right in scored) / len(scored)
