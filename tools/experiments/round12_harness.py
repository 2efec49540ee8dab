"""Round twelve harness: hubness and sibling contrast beside or on AT's cosine (duizhao-align-8).

Run from the worktree root, on a seeded database (migrate + load_seeds; the meaning vectors are
stored on first use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round12_harness.py [variant ...]

Round eleven's harness, imported (its variants registered in round ten's VARIANTS), with three
more, declared in docs/experiments-meaning.md (twelfth round). "GLm" in round ten's harness is
the engine as it is: AT when the round was run; SBc since duizhao-align-9 (whose ``centred`` is
SBc's contrast), on which SBc's patch computes the same values again.

- AS: round eleven's SB ``contrast`` as a 15th feature beside the engine's ``centred``.
- SBc: the sibling contrast computed on AT's vectors, in place of ``centred``.
- AH: a 15th feature ``hub``, CSLS on AT's vectors: 2c(a, b) - r_B(a) - r_A(b), r the mean of
  the HUB_K greatest cosines of a section with the other plan's sections.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import round10_harness as H  # noqa: E402
import round11_harness as R11  # noqa: E402

HUB_K = 3  # neighbours averaged in CSLS's r, declared


def _at_sims(left, right):
    """AT's vectors' cosine matrix and the row/column of each id, or None without vectors."""
    vl, vr = R11.centred(left), R11.centred(right)
    if vl is None or vr is None:
        return None
    wl, wr = R11.all_but_the_top(vl, vr)
    ids_l, ids_r = list(wl), list(wr)
    sims = np.stack([wl[s] for s in ids_l]) @ np.stack([wr[s] for s in ids_r]).T
    return sims, {s: i for i, s in enumerate(ids_l)}, {s: i for i, s in enumerate(ids_r)}


def cosines(kind, left, right, pairs):
    """SBc's or AH's feature for each pair (0 for all when vectors are missing)."""
    got = _at_sims(left, right)
    if got is None:
        return dict.fromkeys(pairs, 0.0)
    sims, at_l, at_r = got
    out = {}
    if kind == "AH":
        k_r = min(HUB_K, sims.shape[1])
        k_l = min(HUB_K, sims.shape[0])
        r_left = np.sort(sims, axis=1)[:, -k_r:].mean(axis=1)  # each left section's r_B
        r_right = np.sort(sims, axis=0)[-k_l:, :].mean(axis=0)  # each right section's r_A
        for a, b in pairs:
            i, j = at_l[a], at_r[b]
            out[(a, b)] = float(2 * sims[i, j] - r_left[i] - r_right[j])
        return out
    sib_l, sib_r = R11._siblings(left), R11._siblings(right)
    for a, b in pairs:
        i, j = at_l[a], at_r[b]
        c = float(sims[i, j])
        others = [float(sims[[at_l[o] for o in sib_l[a]], j].max())] if sib_l[a] else []
        if sib_r[b]:
            others.append(float(sims[i, [at_r[o] for o in sib_r[b]]].max()))
        out[(a, b)] = c - max(others) if others else c
    return out


def variant(kind, feature):
    return R11.variant(kind, feature, cosines)


H.VARIANTS.update(
    {
        "AS": (R11.variant("SB", "contrast"), None),
        "SBc": (variant("SBc", "centred"), None),
        "AH": (variant("AH", "hub"), None),
    }
)


if __name__ == "__main__":
    H.main(sys.argv[1:])
