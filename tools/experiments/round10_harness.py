"""Round ten harness: the four figures of docs/experiments-meaning.md for the engine and variants.

Run from the worktree root, on a seeded database (migrate + load_seeds; the meaning vectors are
stored on first use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round10_harness.py \
        [variant ...] [--errors]

Figures: dev held out by plan pair, dev held out by group (5 parts), second and third references
with coefficients and settings fitted on all of dev (N, JS, SX aligned together). Variants are
patches applied around the whole run (see VARIANTS); "GLm" is the engine as it is.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402
import numpy as np  # noqa: E402

django.setup()

from compare.alignment import Settings, term_stats  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.lib.evaluation import evaluate, read_reference, references_by_plan  # noqa: E402
from compare.management.commands.evaluate_alignment import Command  # noqa: E402
from compare.runs import aligning  # noqa: E402
from plans.parsing.text import fold  # noqa: E402

SHARED = Path(os.environ.get("DUIZHAO_SHARED_DIR", "../shared"))
ROOT = Path(__file__).resolve().parents[2]
DEV = SHARED / "gold" / "dev-pairs.tsv"
SECOND = ROOT / "tests/data/second-reference/second-pairs.tsv"
THIRD = ROOT / "tests/data/third-reference/n-js-pairs.tsv"


def plans_for(path: Path):
    reference = read_reference(path)
    plans = Command()._plans(references_by_plan(reference), {"plan": [], "reference": path})
    return reference, plans


def sections(plans):
    for plan in plans.values():
        aligning.store_meaning(plan)
    return {key: aligning.sections_of(plan) for key, plan in plans.items()}


def high(links, reference):
    """Links ≥ 0.8 that are right / all such links whose ends the reference names."""
    right = {p.key for p in reference}
    refs = references_by_plan(reference)
    named = [
        (a, b, p) for a, b, p in links if a[1] in refs.get(a[0], ()) and b[1] in refs.get(b[0], ())
    ]
    sure = [(a, b) for a, b, p in named if p >= 0.8]
    return sum(frozenset(x) in right for x in sure), len(sure)


def cv_links(cv_fn, plans, reference, stats, **kw):
    """Run a cross-validation and also collect its held-out links with probabilities."""
    collected = []
    real_predict = V.predict

    def spy(*args, **kwargs):
        out = real_predict(*args, **kwargs)
        if kwargs.get("grouped", True):  # a held-out prediction (the fit's are pairwise)
            collected.append(out)
        return out

    V.predict = spy
    try:
        result = cv_fn(plans, reference, stats, **kw)
    finally:
        V.predict = real_predict
    return result, collected


def figures(stats, dev, second, third, *, errors=False):
    dev_ref, dev_plans = dev
    out = {}
    # Dev by pair: the held-out links are the predict calls with only= set.
    res, _ = cv_links(V.cross_validate, dev_plans, dev_ref, stats)
    out["pair"] = res
    res_g, _ = cv_links(V.cross_validate_groups, dev_plans, dev_ref, stats, folds=5)
    out["group"] = res_g
    settings = Settings()
    data = V.prepare(dev_plans, dev_ref, stats, settings)
    names = {s.id: fold(s.label + s.title) for plan in dev_plans.values() for s in plan}
    chosen, coefficients, insample = V.fit(data, names, dev_ref, settings)
    out["fitted"] = (chosen, coefficients, insample)
    for label, (ref, plans) in (("second", second), ("third", third)):
        d2 = V.prepare(plans, ref, stats, settings)
        n2 = {s.id: fold(s.label + s.title) for plan in plans.values() for s in plan}
        links = V.predict(d2, n2, chosen, coefficients)
        out[label] = (
            evaluate([(a, b) for a, b, _ in links], V._restricted(ref, d2)),
            high(links, ref),
        )
    return out


def line(name, out):
    def f(score):
        return f"{score.f1:.4f} ({score.precision:.3f}/{score.recall:.3f})"

    def rel(cv):
        right = sum(r for low, _, r, _ in cv.reliability if low >= 0.8)
        total = sum(t for low, _, _, t in cv.reliability if low >= 0.8)
        return f"{right}/{total}"

    p, g = out["pair"], out["group"]
    s, s_high = out["second"]
    t, t_high = out["third"]
    mean = (s.overall.f1 + t.overall.f1) / 2
    four = (p.held_out.overall.f1 + g.held_out.overall.f1 + s.overall.f1 + t.overall.f1) / 4
    chosen = out["fitted"][0]
    return (
        f"| {name} | {f(p.held_out.overall)}, {rel(p)} | {f(g.held_out.overall)}, {rel(g)} | "
        f"{f(s.overall)}, {s_high[0]}/{s_high[1]} | {f(t.overall)}, {t_high[0]}/{t_high[1]} | "
        f"mean2,3 {mean:.4f} mean4 {four:.4f} | fit thr {chosen.threshold} nb {chosen.near_best}"
    )


@contextlib.contextmanager
def patched(module, name, value):
    real = getattr(module, name)
    setattr(module, name, value)
    try:
        yield real
    finally:
        setattr(module, name, real)


def _up(sid, profiles):
    """A section and its ancestors within its plan."""
    out = {sid}
    parent = profiles[sid].parent
    while parent is not None and parent in profiles:
        out.add(parent)
        parent = profiles[parent].parent
    return out


def parents_disagree(kept, left, right):
    """HC: links below 0.8 whose two parents are each linked, but not to the other end or its
    ancestors (one pass over the links as made)."""
    into_right, into_left = defaultdict(set), defaultdict(set)
    for a, b in kept:
        into_right[a].add(b)
        into_left[b].add(a)
    drop = set()
    for (a, b), p in kept.items():
        if p >= 0.8:
            continue
        pa, pb = left[a].parent, right[b].parent
        if pa is None or pb is None or pa not in left or pb not in right:
            continue
        la, lb = into_right.get(pa), into_left.get(pb)
        if not la or not lb or la & _up(b, right) or lb & _up(a, left):
            continue
        drop.add((a, b))
    return {pair: p for pair, p in kept.items() if pair not in drop}


@contextlib.contextmanager
def hc():
    from compare.alignment import engine

    real_kept, real_predict = engine.kept_pairs, V.predict
    state = {"on": False}

    def kept_pairs(scored, left, right, group, settings):
        kept = real_kept(scored, left, right, group, settings)
        return parents_disagree(kept, left, right) if state["on"] else kept

    def predict(*args, grouped=True, **kwargs):
        # The fit chooses its settings on pairwise selection as GLm (grouped=False); HC
        # applies to the links made (held out, second, third).
        state["on"] = grouped
        try:
            return real_predict(*args, grouped=grouped, **kwargs)
        finally:
            state["on"] = False

    with patched(engine, "kept_pairs", kept_pairs), patched(V, "predict", predict):
        yield


@contextlib.contextmanager
def kp():
    from compare.alignment import calibration as cal

    real_fit, real_model = cal.fit, cal.model

    def fit(rows, labels, *, l2=1.0):
        kinds = {"same": ([], []), "apart": ([], [])}
        for row, label in zip(rows, labels, strict=True):
            kind = kinds["same" if row.get("level_gap", 0.0) == 0 else "apart"]
            kind[0].append(row)
            kind[1].append(label)
        return {name: real_fit(r, y, l2=l2) for name, (r, y) in kinds.items()}

    def model(coefficients=None):
        if coefficients is None or "same" not in coefficients:
            return real_model(coefficients)
        same, apart = real_model(coefficients["same"]), real_model(coefficients["apart"])

        def score(features):
            return same(features) if features["level_gap"] == 0 else apart(features)

        return score

    with patched(cal, "fit", fit), patched(cal, "model", model):
        yield


INTERACTIONS = ("raw", "best_ratio", "mutual", "support")


def _terms(features):
    """KI: GLm's features, then apart and apart × each of INTERACTIONS."""
    from compare.alignment.scoring import FEATURES

    base = [features.get(name, 0.0) for name in FEATURES]
    apart = 1.0 if features.get("level_gap", 0.0) >= 1 else 0.0
    return [*base, apart, *(apart * features.get(name, 0.0) for name in INTERACTIONS)]


@contextlib.contextmanager
def ki():
    from compare.alignment import calibration as cal

    real_model = cal.model

    def fit(rows, labels, *, l2=1.0):
        # calibration.fit's regression over the widened rows.
        x = np.array([[1.0, *_terms(row)] for row in rows])
        w = cal.logistic_weights(x, labels, l2=l2)
        return {"widened": [round(float(v), 4) for v in w]}

    def model(coefficients=None):
        if coefficients is None or "widened" not in coefficients:
            return real_model(coefficients)
        w = coefficients["widened"]

        def score(features):
            z = w[0] + sum(a * b for a, b in zip(w[1:], _terms(features), strict=True))
            return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

        return score

    with patched(cal, "fit", fit), patched(cal, "model", model):
        yield


def combined(plans_sections):
    """UE: each meaning vector the concatenation of its unit USE and e5 vectors, over √2."""
    loaded = np.load(os.environ.get("E5_VECTORS", "/work/bytes/align10/e5.npz"))
    e5 = {
        int(i): (t, c)
        for i, t, c in zip(loaded["ids"], loaded["titles"], loaded["contents"], strict=True)
    }

    def join(use, other):
        use = np.asarray(use, dtype=np.float32)
        use = use / (np.linalg.norm(use) or 1.0)
        other = other / (np.linalg.norm(other) or 1.0)
        return np.concatenate([use, other]) / np.sqrt(2.0)

    return {
        key: [
            replace(s, meaning=(join(s.meaning[0], e5[s.id][0]), join(s.meaning[1], e5[s.id][1])))
            for s in plan
        ]
        for key, plan in plans_sections.items()
    }


# name -> (patch around the run, change of the sections' meaning vectors)
VARIANTS: dict[str, tuple] = {
    "GLm": (contextlib.nullcontext, None),
    "HC": (hc, None),
    "KP": (kp, None),
    "UE": (contextlib.nullcontext, combined),
    "KI": (ki, None),
}


def main(argv):
    wanted = [a for a in argv if not a.startswith("--")] or ["GLm"]
    dev_ref, dev_plans = plans_for(DEV)
    second_ref, sx_plans = plans_for(SECOND)
    third_ref, third_plans = plans_for(THIRD)
    every = {**sx_plans, **third_plans}  # N, JS, SX
    stats = term_stats(aligning.catalogue())
    dev = (dev_ref, sections(dev_plans))
    set3 = sections(every)
    for name in wanted:
        patch, change = VARIANTS[name]
        d, s3 = dev, set3
        if change is not None:
            d, s3 = (dev[0], change(dev[1])), change(set3)
        with patch():
            out = figures(stats, d, (second_ref, s3), (third_ref, s3))
        print(line(name, out), flush=True)
        if "--errors" in argv:
            for held in (out["pair"], out["group"]):
                print("  wrong:", len(held.held_out.false_positives))
                for a, b in held.held_out.false_positives:
                    print(f"    FP {a[0]} {a[1]} <-> {b[0]} {b[1]}")
                for m in held.held_out.missed:
                    print(f"    MISS {m.plan_a} {m.ref_a} <-> {m.plan_b} {m.ref_b}")


if __name__ == "__main__":
    main(sys.argv[1:])
