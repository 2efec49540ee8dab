"""Round fourteen's diagnostic: each section's standing over the catalogue less its own plan (the
mean over the other plans of its best centred cosine), for the sections round thirteen named as
hubs, and the weaker end's standing of -9's held-out links by plan pair, right against wrong.

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... .venv/bin/python tools/experiments/standing14.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import round10_harness as H  # noqa: E402
import round14_harness as R  # noqa: E402

from compare.alignment import term_stats  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.lib.evaluation import references_by_plan  # noqa: E402
from compare.runs import aligning  # noqa: E402
from plans.parsing.text import fold  # noqa: E402

NAMED = {
    "HN": ("市场监管大数据应用", "建设全省统一的市场监管信息系统"),
    "WC": ("安全基础设施建设工程", "构建全域综合监管体系", "医保大数据治理"),
}


def standing(slug):
    """id -> standing of each section of the plan, and its best in each other plan."""
    others = [p for p in R.CATALOGUE if p != slug]
    best = [R._sims(slug, p)[0].max(axis=1) for p in others]
    at = R._sims(slug, others[0])[1]
    mean = np.mean(best, axis=0)
    return {s: (float(mean[i]), [round(float(b[i]), 2) for b in best]) for s, i in at.items()}


def main():
    dev_ref, dev_plans = H.plans_for(H.DEV)
    R.load_catalogue([dev_plans] + [H.plans_for(p)[1] for p in (H.SECOND, H.THIRD)])
    secs = H.sections(dev_plans)
    h = {}
    for key, plan in dev_plans.items():
        got = standing(plan.slug)
        values = np.array([v for v, _ in got.values()])
        rank = {s: float((values < v).mean()) for s, (v, _) in got.items()}
        for sec in secs[key]:
            h[(key, fold(sec.label + sec.title))] = got[sec.id][0]
            if any(word in sec.title for word in NAMED.get(key, ())):
                v, per_plan = got[sec.id]
                print(
                    f"{key} {sec.title[:24]}: h {v:.3f}, percentile {rank[sec.id]:.2f}, {per_plan}"
                )
    stats = term_stats(aligning.catalogue())
    _, collected = H.cv_links(V.cross_validate, secs, dev_ref, stats)
    right = {p.key for p in dev_ref}
    named = references_by_plan(dev_ref)
    weaker = {"right": [], "wrong": [], "unnamed": []}
    for links in collected:
        for a, b, _ in links:
            if a[1] not in named.get(a[0], ()) or b[1] not in named.get(b[0], ()):
                kind = "unnamed"
            else:
                kind = "right" if frozenset((a, b)) in right else "wrong"
            weaker[kind].append(min(h[a], h[b]))
    quartile = float(np.quantile(list(h.values()), 0.25))
    print(f"dev sections' standing: median {np.median(list(h.values())):.3f}, p25 {quartile:.3f}")
    for kind, values in weaker.items():
        values = np.array(values)
        print(
            f"{kind} {len(values)}: weaker end's median {np.median(values):.3f}, "
            f"{int((values < quartile).sum())} below p25"
        )


if __name__ == "__main__":
    main()
