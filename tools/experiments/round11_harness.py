"""Round eleven harness: meaning with the plan's common direction removed, as a model feature.

Run from the worktree root, on a seeded database (migrate + load_seeds; the meaning vectors are
stored on first use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round11_harness.py [variant ...] [--auc]

Round ten's harness (``round10_harness``) with three more variants, registered in its VARIANTS
on import (so ``diff10.py`` reads them too, once this module is imported first):

- MC: ``centred``, the cosine of the two sections' USE content vectors after each plan's mean
  vector is taken off (and renormalised), a 14th feature of the calibrated model.
- AT: the same after the top two principal directions of the plan pair's centred vectors are
  taken off too (all-but-the-top).
- SB: ``contrast``, MC's cosine less the best one of either section's siblings with the other.

Each adds its feature to scoring.FEATURES for the run (appended, so GLm's features keep their
places), and sets it on every candidate in validation's ``candidate_pairs``.
``--auc`` prints the diagnostics declared in docs/experiments-meaning.md instead.
"""

from __future__ import annotations

import contextlib
import sys
from array import array
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import round10_harness as H  # noqa: E402

from compare.alignment import (  # noqa: E402
    Settings,
    scoring,  # noqa: E402
    term_stats,
)
from compare.alignment import calibration as cal  # noqa: E402
from compare.alignment import selection as sel  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.runs import aligning  # noqa: E402
from plans.parsing.text import fold  # noqa: E402

TOP = 2  # principal directions taken off in AT


def _unit_rows(m):
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def centred(profiles):
    """Each section's content vector less its plan's mean, renormalised (id -> row), or None
    when a section has no meaning vectors."""
    ids = list(profiles)
    if not ids or any(profiles[s].meaning is None for s in ids):
        return None
    u = _unit_rows(np.stack([np.asarray(profiles[s].meaning[1], dtype=np.float32) for s in ids]))
    v = _unit_rows(u - u.mean(axis=0))
    return dict(zip(ids, v, strict=True))


def all_but_the_top(vl, vr, top=TOP):
    """AT: both plans' centred vectors with the pair's top principal directions taken off."""
    ids_l, ids_r = list(vl), list(vr)
    x = np.stack([vl[s] for s in ids_l] + [vr[s] for s in ids_r])
    _, _, vt = np.linalg.svd(x - x.mean(axis=0), full_matrices=False)
    d = vt[:top]
    w = _unit_rows(x - (x @ d.T) @ d)
    return dict(zip(ids_l, w[: len(ids_l)], strict=True)), dict(
        zip(ids_r, w[len(ids_l) :], strict=True)
    )


def _siblings(profiles):
    by_parent = {}
    for s, p in profiles.items():
        by_parent.setdefault(p.parent, []).append(s)
    return {s: [o for o in by_parent[p.parent] if o != s] for s, p in profiles.items()}


def cosines(kind, left, right, pairs):
    """The variant's feature for each pair (0 for all when vectors are missing)."""
    vl, vr = centred(left), centred(right)
    if vl is None or vr is None:
        return dict.fromkeys(pairs, 0.0)
    if kind == "AT":
        vl, vr = all_but_the_top(vl, vr)
    ids_l, ids_r = list(vl), list(vr)
    at_l = {s: i for i, s in enumerate(ids_l)}
    at_r = {s: i for i, s in enumerate(ids_r)}
    sims = np.stack([vl[s] for s in ids_l]) @ np.stack([vr[s] for s in ids_r]).T
    if kind != "SB":
        return {(a, b): float(sims[at_l[a], at_r[b]]) for a, b in pairs}
    sib_l, sib_r = _siblings(left), _siblings(right)
    out = {}
    for a, b in pairs:
        i, j = at_l[a], at_r[b]
        c = float(sims[i, j])
        others = [float(sims[[at_l[o] for o in sib_l[a]], j].max())] if sib_l[a] else []
        if sib_r[b]:
            others.append(float(sims[i, [at_r[o] for o in sib_r[b]]].max()))
        out[(a, b)] = c - max(others) if others else c
    return out


@contextlib.contextmanager
def widened(name):
    """scoring.FEATURES with ``name`` appended, for every module that reads it (as they are
    when the engine has it already: duizhao-align-8 has AT's ``centred``)."""
    if name in scoring.FEATURES:
        yield
        return
    features = (*scoring.FEATURES, name)
    place = {n: i for i, n in enumerate(features)}
    zeros = array("d", bytes(8 * len(features)))
    with (
        H.patched(scoring, "FEATURES", features),
        H.patched(scoring, "_PLACE", place),
        H.patched(scoring, "_ZEROS", zeros),
        H.patched(cal, "FEATURES", features),
        H.patched(sel, "FEATURES", features),
    ):
        yield


def variant(kind, feature, compute=None):
    """A variant adding ``feature`` to every candidate, its value from ``compute(kind, left,
    right, pairs)`` (this round's ``cosines`` unless given; later rounds pass their own)."""
    compute = compute or cosines

    @contextlib.contextmanager
    def patch():
        real = V.candidate_pairs

        def candidate_pairs(left, right, stats, settings):
            found = real(left, right, stats, settings)
            for pair, value in compute(kind, left, right, list(found)).items():
                found[pair].features[feature] = value
            return found

        with widened(feature), H.patched(V, "candidate_pairs", candidate_pairs):
            yield

    return patch


H.VARIANTS.update(
    {
        "MC": (variant("MC", "centred"), None),
        "AT": (variant("AT", "centred"), None),
        "SB": (variant("SB", "contrast"), None),
    }
)


def _auc(scores, labels):
    """Probability that a right candidate scores above a wrong one (ties count half)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return float("nan")
    neg_sorted = np.sort(neg)
    wins = sum(
        np.searchsorted(neg_sorted, p, "left")
        + 0.5 * (np.searchsorted(neg_sorted, p, "right") - np.searchsorted(neg_sorted, p, "left"))
        for p in pos
    )
    return wins / (len(pos) * len(neg))


def diagnostics():
    """AUC of each cosine over dev's judged candidates, and how often a right pair's cosine is
    above every judged wrong candidate that pairs a sibling of one end with the other end."""
    ref, plans = H.plans_for(H.DEV)
    stats = term_stats(aligning.catalogue())
    secs = H.sections(plans)
    settings = Settings()
    data = V.prepare(secs, ref, stats, settings)
    names = {s.id: fold(s.label + s.title) for plan in secs.values() for s in plan}
    rows = {"raw": [], "MC": [], "AT": [], "SB": []}
    labels, pairs_of = [], []
    for pair in data.values():
        if not pair.judged:
            continue
        judged = []
        for (a, b), cand in pair.found.items():
            ends = ((pair.keys[0], names[a]), (pair.keys[1], names[b]))
            if ends in pair.ends and not cand.by_meaning:
                judged.append((a, b, pair.labels[pair.ends.index(ends)]))
        ab = [(a, b) for a, b, _ in judged]
        raw = {
            (a, b): float(
                np.dot(
                    np.asarray(pair.left[a].meaning[1], dtype=np.float32),
                    np.asarray(pair.right[b].meaning[1], dtype=np.float32),
                )
            )
            for a, b in ab
        }
        got = {"raw": raw, **{k: cosines(k, pair.left, pair.right, ab) for k in ("MC", "AT", "SB")}}
        for k in rows:
            rows[k].extend(got[k][p] for p in ab)
        labels.extend(y for _, _, y in judged)
        pairs_of.append((pair, judged, got))
    print(f"judged candidates {len(labels)}, right {sum(labels)}")
    for k, scores in rows.items():
        print(f"AUC {k}: {_auc(scores, labels):.3f}")
    for k in rows:
        above = total = 0
        for pair, judged, got in pairs_of:
            label = {(a, b): y for a, b, y in judged}
            sib_l, sib_r = _siblings(pair.left), _siblings(pair.right)
            for (a, b), y in label.items():
                if not y:
                    continue
                rivals = [(o, b) for o in sib_l[a] if label.get((o, b)) == 0]
                rivals += [(a, o) for o in sib_r[b] if label.get((a, o)) == 0]
                if not rivals:
                    continue
                total += 1
                above += all(got[k][(a, b)] > got[k][r] for r in rivals)
        print(f"right above its judged wrong siblings, {k}: {above}/{total}")


if __name__ == "__main__":
    if "--auc" in sys.argv:
        diagnostics()
    else:
        H.main(sys.argv[1:])
