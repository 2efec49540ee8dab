"""Round fifteen harness: rivals beyond siblings, and loners, against -9 (duizhao-align-9).

Run from the worktree root, on a seeded database (migrate + load_seeds; the meaning vectors are
stored on first use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round15_harness.py [variant ...]

Round fourteen's harness, imported (its variants and the earlier rounds' registered in round
ten's VARIANTS; its ``main`` prints the four figures, the three-plan rows and the coefficients),
with four more, declared in docs/experiments-meaning.md (fifteenth round). "GLm" in round ten's
harness is the engine as it is: SBc (duizhao-align-9).

- RC: ``centred`` = c(a, b) less the greatest c of either end's rivals with the other end, a
  rival being any section of the same plan outside the end's lineage (itself, its ancestors,
  its descendants), in place of -9's sibling contrast.
- RF: RC's value as a 15th feature ``rival`` beside -9's ``centred``.
- SR: of several links into one section from sections outside each other's lineage, one below
  the likeliest by more than MARGIN is dropped unless its ends are each other's best by c.
- LN: a link with a loner end (standing in the pair below the plan's lower quartile) is dropped
  unless its ends are each other's best by c.

c is the engine's centred cosine of the pair (``candidates._centred_sims``). Diagnostics run
after the four were measured (no rule applies to them): SRd and LNd, the two rules outside the
fit's GRID choice; RCd and RFd, RC and RF with the GRID choice held at -9's 0.6 / 0.5.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import round10_harness as H  # noqa: E402
import round11_harness as R11  # noqa: E402
import round14_harness as R14  # noqa: E402

from compare.alignment import engine  # noqa: E402
from compare.alignment.candidates import _centred_sims  # noqa: E402
from compare.lib import validation as V  # noqa: E402

MARGIN = 0.10  # SR: a second link within this of the likeliest stands (declared)
QUARTILE = 0.25  # LN: a loner's standing is below this quantile of its plan's (declared)


def _lineage(profiles):
    """Section id -> the set of itself, its ancestors and its descendants (within ``profiles``)."""
    up = {s: H._up(s, profiles) for s in profiles}
    out = {s: set(up[s]) for s in profiles}
    for s, above in up.items():
        for ancestor in above:
            out[ancestor].add(s)
    return out


def _rival_best(sims, profiles, at):
    """For each row's section and each column, the greatest value over the rows of sections
    outside the row's lineage (-inf when there is none)."""
    lineage = _lineage(profiles)
    out = np.full(sims.shape, -np.inf, dtype=sims.dtype)
    for sid, row in at.items():
        mask = np.ones(sims.shape[0], dtype=bool)
        mask[[at[o] for o in lineage[sid] if o in at]] = False
        if mask.any():
            out[row] = sims[mask].max(axis=0)
    return out


def rival_contrasts(left, right, pairs):
    """RC's value for each pair (0 for all when vectors are missing)."""
    got = _centred_sims(left, right)
    if got is None:
        return dict.fromkeys(pairs, 0.0)
    sims, at_l, at_r = got
    rivals = np.maximum(_rival_best(sims, left, at_l), _rival_best(sims.T, right, at_r).T)
    contrast = np.where(np.isfinite(rivals), sims - rivals, sims)
    return {(a, b): float(contrast[at_l[a], at_r[b]]) for a, b in pairs}


def feature_variant(feature):
    """RC's value set as ``feature`` on every candidate, in validation's and the engine's
    candidate search (so ``align()`` reads it too, for the three-plan rows)."""

    @contextlib.contextmanager
    def patch():
        real_v, real_e = V.candidate_pairs, engine.candidate_pairs

        def wrap(real):
            def candidate_pairs(left, right, stats, settings):
                found = real(left, right, stats, settings)
                if settings.meaning:
                    for pair, value in rival_contrasts(left, right, found).items():
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


_KEPT: dict[tuple[int, int], tuple] = {}


def _sims_of(left, right):
    """c of the pair, kept by the two profiles' identity (the GRID choice asks many times)."""
    key = (id(left), id(right))
    if key not in _KEPT:
        _KEPT[key] = (left, right, _centred_sims(left, right))
    return _KEPT[key][2]


def _mutual_best(sims, i, j):
    return int(sims[:, j].argmax()) == i and int(sims[i].argmax()) == j


def rivals_dropped(kept, left, right):
    """SR: the links to drop among those made for one plan pair."""
    got = _sims_of(left, right)
    if got is None:
        return set()
    sims, at_l, at_r = got
    lineage_l, lineage_r = _lineage(left), _lineage(right)
    drop = set()
    for side in (0, 1):  # 0: several sections of the left plan linked to one of the right
        into = {}
        for pair, p in kept.items():
            into.setdefault(pair[1 - side], []).append((p, pair))
        lineage = lineage_l if side == 0 else lineage_r
        for links in into.values():
            if len(links) < 2:
                continue
            links.sort(key=lambda x: (-x[0], x[1]))
            p1, first = links[0]
            for p2, pair in links[1:]:
                if pair[side] in lineage[first[side]] or p2 >= p1 - MARGIN:
                    continue
                if _mutual_best(sims, at_l[pair[0]], at_r[pair[1]]):
                    continue
                drop.add(pair)
    return drop


def loners_dropped(kept, left, right):
    """LN: the links to drop among those made for one plan pair."""
    got = _sims_of(left, right)
    if got is None:
        return set()
    sims, at_l, at_r = got
    stand_l, stand_r = sims.max(axis=1), sims.max(axis=0)
    low_l, low_r = np.quantile(stand_l, QUARTILE), np.quantile(stand_r, QUARTILE)
    drop = set()
    for a, b in kept:
        i, j = at_l[a], at_r[b]
        if (stand_l[i] < low_l or stand_r[j] < low_r) and not _mutual_best(sims, i, j):
            drop.add((a, b))
    return drop


def selection_variant(dropped, *, in_fit=True):
    """-9's links of each plan pair less ``dropped(kept, left, right)``, wherever the engine
    selects (held out, second, third, three-plan rows, the fit's GRID choice); without
    ``in_fit``, not in the fit's GRID choice (a diagnostic: the rule on -9's settings)."""

    @contextlib.contextmanager
    def patch():
        real, real_predict = engine.kept_pairs, V.predict
        state = {"on": True}

        def kept_pairs(scored, left, right, group, settings):
            kept = real(scored, left, right, group, settings)
            if not settings.meaning or not state["on"]:
                return kept
            drop = dropped(kept, left, right)
            return {pair: p for pair, p in kept.items() if pair not in drop}

        def predict(*args, grouped=True, **kwargs):
            # The fit chooses its settings with grouped=False (see round ten's hc()).
            state["on"] = in_fit or grouped
            try:
                return real_predict(*args, grouped=grouped, **kwargs)
            finally:
                state["on"] = True

        with H.patched(engine, "kept_pairs", kept_pairs), H.patched(V, "predict", predict):
            yield

    return patch


def at_settings(patch, threshold=0.6, near_best=0.5):
    """A diagnostic: ``patch`` with the GRID choice held at -9's fitted settings."""

    @contextlib.contextmanager
    def held():
        with patch(), H.patched(V, "GRID", ((threshold, near_best),)):
            yield

    return held


H.VARIANTS.update(
    {
        "RC": (feature_variant("centred"), None),
        "RF": (feature_variant("rival"), None),
        "SR": (selection_variant(rivals_dropped), None),
        "LN": (selection_variant(loners_dropped), None),
        # Diagnostics (not variants of the round): the rules on the settings -9's fit chooses.
        "SRd": (selection_variant(rivals_dropped, in_fit=False), None),
        "LNd": (selection_variant(loners_dropped, in_fit=False), None),
        "RCd": (at_settings(feature_variant("centred")), None),
        "RFd": (at_settings(feature_variant("rival")), None),
    }
)


if __name__ == "__main__":
    R14.main(sys.argv[1:])
