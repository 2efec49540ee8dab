"""Round seventeen diagnostic: where the equivalent pairs of one-to-several sections are lost.

For each judged plan pair of dev (held out by pair: fitted on the other pairs), the second and the
third reference (fitted on all of dev), every `equivalent` pair whose end has two or more
equivalent counterparts in the other plan ("several") and every other equivalent pair ("one") is
put in one class: linked; not a candidate; ruled out or better made by a section inside it (not
scored); scored below the threshold, as its narrower end's likeliest pair or not; above the
threshold but not kept (near-best share, nested rule). Counts only. The fifth reference is not
read (round seventeen keeps it a yardstick).

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/several17.py [GLm] [NB] ...
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402
import round14_harness as R14  # noqa: E402
import round16_harness as R16  # noqa: E402
import round17_harness as R17  # noqa: E402

from compare.alignment import Settings  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from plans.parsing.text import fold  # noqa: E402


def classes(data, names, reference, fitted_for):
    """Counter of (kind, class) over the equivalent pairs of ``data``'s judged plan pairs."""
    out = Counter()
    for key, pair in data.items():
        if not pair.judged:
            continue
        chosen, coefficients = fitted_for(key)
        scored = V.probabilities(data, coefficients, chosen)
        kept = {
            (a, b)
            for a, b, _ in V.predict(data, names, chosen, coefficients, scored=scored, only=key)
        }
        ka, kb = key
        ids = defaultdict(list)
        for sid in pair.left:
            ids[(ka, names[sid])].append(sid)
        for sid in pair.right:
            ids[(kb, names[sid])].append(sid)
        eq = []
        for p in reference:
            if p.strength != "equivalent":
                continue
            if (p.plan_a, p.plan_b) == (ka, kb):
                eq.append(((ka, p.ref_a), (kb, p.ref_b)))
            elif (p.plan_a, p.plan_b) == (kb, ka):
                eq.append(((ka, p.ref_b), (kb, p.ref_a)))
        degree = Counter()
        for x, y in eq:
            degree[x] += 1
            degree[y] += 1
        mine = scored[key]
        best = (defaultdict(float), defaultdict(float))
        for (a, b), p in mine.items():
            best[0][a] = max(best[0][a], p)
            best[1][b] = max(best[1][b], p)
        for x, y in eq:
            kind = "several" if max(degree[x], degree[y]) >= 2 else "one"
            if (x, y) in kept:
                out[(kind, "linked")] += 1
                continue
            found = [(a, b) for a in ids[x] for b in ids[y]]
            if not any(f in pair.found for f in found):
                out[(kind, "not a candidate")] += 1
                continue
            inside = [f for f in found if f in mine]
            if not inside:
                out[(kind, "ruled out / inside")] += 1
                continue
            a, b = inside[0]
            p = mine[(a, b)]
            if p >= chosen.threshold:
                out[(kind, "≥ threshold, not kept")] += 1
                continue
            side = R17.narrower(a, b)
            if side is not None and p >= best[side][(a, b)[side]] - 1e-12:
                out[(kind, "< threshold, narrower's best")] += 1
            else:
                out[(kind, "< threshold, other")] += 1
    return out


def main(argv):
    wanted = [a for a in argv if not a.startswith("--")] or ["GLm", "NB"]
    dev_ref, dev_plans = H.plans_for(H.DEV)
    second_ref, sx_plans = H.plans_for(H.SECOND)
    third_ref, third_plans = H.plans_for(H.THIRD)
    R14.load_catalogue([dev_plans, sx_plans, third_plans])
    stats = R16.seed_stats()
    dev_sections = H.sections(dev_plans)
    set3 = H.sections({**sx_plans, **third_plans})
    settings = Settings()
    for name in wanted:
        patch, _ = H.VARIANTS[name]
        with patch():
            data = V.prepare(dev_sections, dev_ref, stats, settings)
            names = {s.id: fold(s.label + s.title) for p in dev_sections.values() for s in p}

            def held_out(key, data=data, names=names):
                training = {k: v for k, v in data.items() if k != key}
                chosen, coefficients, _ = V.fit(training, names, dev_ref, settings)
                return chosen, coefficients

            dev = classes(data, names, dev_ref, held_out)
            chosen, coefficients, _ = V.fit(data, names, dev_ref, settings)
            d3 = V.prepare(set3, second_ref + third_ref, stats, settings)
            n3 = {s.id: fold(s.label + s.title) for p in set3.values() for s in p}
            other = classes(d3, n3, second_ref + third_ref, lambda key, c=(chosen, coefficients): c)
        for label, counts in (("dev (by pair)", dev), ("second + third", other)):
            for kind in ("several", "one"):
                row = {c: n for (k, c), n in sorted(counts.items()) if k == kind}
                print(f"{name} {label} {kind} ({sum(row.values())}): {row}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
