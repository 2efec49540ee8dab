"""Round thirteen harness: hubs against -9's sibling contrast (duizhao-align-9).

Run from the worktree root, on a seeded database (migrate + load_seeds; the meaning vectors are
stored on first use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round13_harness.py [variant ...]

Round twelve's harness, imported (its variants and round eleven's registered in round ten's
VARIANTS), with two more, declared in docs/experiments-meaning.md (thirteenth round). "GLm" in
round ten's harness is the engine as it is: SBc (duizhao-align-9).

- SC: the sibling contrast taken on CSLS scores 2c(a, b) - r_B(a) - r_A(b), in place of
  ``centred``.
- SN: a 15th feature ``hub``, ln(1 + max(N(a), N(b))), N the k-occurrence (how many sections of
  the other plan have the section among their HUB_K nearest), beside the engine's ``centred``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import round10_harness as H  # noqa: E402
import round11_harness as R11  # noqa: E402
import round12_harness as R12  # noqa: E402

HUB_K = R12.HUB_K  # round twelve's k, declared again, not chosen


def _csls(sims):
    k_r = min(HUB_K, sims.shape[1])
    k_l = min(HUB_K, sims.shape[0])
    r_left = np.sort(sims, axis=1)[:, -k_r:].mean(axis=1)
    r_right = np.sort(sims, axis=0)[-k_l:, :].mean(axis=0)
    return 2 * sims - r_left[:, None] - r_right[None, :]


def _k_occurrence(sims):
    """N for each left section (row) and each right section (column)."""
    k_l = min(HUB_K, sims.shape[0])
    k_r = min(HUB_K, sims.shape[1])
    near_l = np.argsort(-sims, axis=0)[:k_l, :]  # each right section's nearest left rows
    near_r = np.argsort(-sims, axis=1)[:, :k_r]  # each left section's nearest right columns
    n_left = np.bincount(near_l.ravel(), minlength=sims.shape[0])
    n_right = np.bincount(near_r.ravel(), minlength=sims.shape[1])
    return n_left, n_right


def features(kind, left, right, pairs):
    """SC's or SN's feature for each pair (0 for all when vectors are missing)."""
    got = R12._at_sims(left, right)
    if got is None:
        return dict.fromkeys(pairs, 0.0)
    sims, at_l, at_r = got
    if kind == "SN":
        n_left, n_right = _k_occurrence(sims)
        return {
            (a, b): math.log1p(max(int(n_left[at_l[a]]), int(n_right[at_r[b]]))) for a, b in pairs
        }
    s = _csls(sims)
    sib_l, sib_r = R11._siblings(left), R11._siblings(right)
    out = {}
    for a, b in pairs:
        i, j = at_l[a], at_r[b]
        others = [float(s[[at_l[o] for o in sib_l[a]], j].max())] if sib_l[a] else []
        if sib_r[b]:
            others.append(float(s[i, [at_r[o] for o in sib_r[b]]].max()))
        out[(a, b)] = float(s[i, j]) - max(others) if others else float(s[i, j])
    return out


def variant(kind, feature):
    return R11.variant(kind, feature, features)


H.VARIANTS.update(
    {
        "SC": (variant("SC", "centred"), None),
        "SN": (variant("SN", "hub"), None),
    }
)


if __name__ == "__main__":
    H.main(sys.argv[1:])
