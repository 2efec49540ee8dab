"""Round ten: read held-out dev errors by kind (levels, kinds, probabilities, what was linked
instead). Uses the harness's set-up; the miss diagnosis uses the model fitted on all of dev."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402

from compare.alignment import Settings, term_stats  # noqa: E402
from compare.alignment import calibration as cal
from compare.alignment.selection import dominated, likely, ruled_out  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.runs import aligning  # noqa: E402
from plans.parsing.text import fold  # noqa: E402


def main():
    ref, plans = H.plans_for(H.DEV)
    stats = term_stats(aligning.catalogue())
    secs = H.sections(plans)
    by_name = {(k, fold(s.label + s.title)): s for k, plan in secs.items() for s in plan}
    by_id = {s.id: (k, s) for k, plan in secs.items() for s in plan}
    res, collected = H.cv_links(V.cross_validate, secs, ref, stats)
    held = {}
    for links in collected:
        for a, b, p in links:
            held[frozenset((a, b))] = p
    settings = Settings()
    data = V.prepare(secs, ref, stats, settings)
    names = {s.id: fold(s.label + s.title) for plan in secs.values() for s in plan}
    chosen, coef, _ = V.fit(data, names, ref, settings)
    model = cal.model(coef)

    def desc(key, name):
        s = by_name[(key, name)]
        parent = by_id.get(s.parent, (None, None))[1]
        ptitle = (parent.label + parent.title)[:14] if parent else "-"
        return f"{key} {name[:22]} [{s.kind} d{s.depth} ^{ptitle}]"

    print("== held-out wrong links (by pair)")
    for a, b in res.held_out.false_positives:
        print(f"  {held.get(frozenset((a, b)), 0):.2f} {desc(*a)} <-> {desc(*b)}")
    print("== misses (model fitted on all dev)")
    for m in res.held_out.missed:
        key = (m.plan_a, m.plan_b) if (m.plan_a, m.plan_b) in data else (m.plan_b, m.plan_a)
        pair = data[key]
        sa, sb = by_name[(m.plan_a, m.ref_a)], by_name[(m.plan_b, m.ref_b)]
        if key[0] != m.plan_a:
            sa, sb = sb, sa
        scored = likely(pair.found, pair.left, pair.right, model, specific=1.2, excluded=set())
        cand = pair.found.get((sa.id, sb.id))
        why = "no candidate"
        if cand is not None:
            skip = ruled_out(pair.found)
            dom = dominated(pair.found, pair.left, pair.right, 1.2)
            p = model(cand.features)
            flags = ("RULED" if (sa.id, sb.id) in skip else "") + (
                "DOM" if (sa.id, sb.id) in dom else ""
            )
            why = (
                f"p={p:.2f} topic={cand.features['topic']:.2f} "
                f"ratio={cand.features['best_ratio']:.2f} {flags} meaning={cand.by_meaning}"
            )
        best_a = max(((p, b) for (a, b), p in scored.items() if a == sa.id), default=(0, None))
        best_b = max(((p, a) for (a, b), p in scored.items() if b == sb.id), default=(0, None))
        ta = by_id[best_a[1]][1].title[:14] if best_a[1] else "-"
        tb = by_id[best_b[1]][1].title[:14] if best_b[1] else "-"
        print(
            f"  {desc(m.plan_a, m.ref_a)} <-> {desc(m.plan_b, m.ref_b)}\n     {why}; "
            f"left best {best_a[0]:.2f} {ta}; right best {best_b[0]:.2f} {tb}"
        )


main()
