"""Round fifteen's diagnostic: of -9's held-out links by plan pair (right, wrong, unnamed), how
many share an end with another link of the same plan pair, and, for a wrong link, whether the
reference's counterpart of either end is linked to that end in the pair (a rival that is a link,
which SR could see) or not.

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... .venv/bin/python tools/experiments/shared15.py
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402

from compare.alignment import term_stats  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.lib.evaluation import references_by_plan  # noqa: E402
from compare.runs import aligning  # noqa: E402


def main():
    dev_ref, dev_plans = H.plans_for(H.DEV)
    secs = H.sections(dev_plans)
    stats = term_stats(aligning.catalogue())
    _, collected = H.cv_links(V.cross_validate, secs, dev_ref, stats)
    right = {p.key for p in dev_ref}
    named = references_by_plan(dev_ref)
    partners = defaultdict(set)
    for p in dev_ref:
        partners[(p.plan_a, p.ref_a)].add((p.plan_b, p.ref_b))
        partners[(p.plan_b, p.ref_b)].add((p.plan_a, p.ref_a))
    counts = Counter()
    for links in collected:
        ends = defaultdict(set)
        for a, b, _ in links:
            ends[a].add(b)
            ends[b].add(a)
        for a, b, p in links:
            if a[1] not in named.get(a[0], ()) or b[1] not in named.get(b[0], ()):
                kind = "unnamed"
            else:
                kind = "right" if frozenset((a, b)) in right else "wrong"
            shares = len(ends[a]) > 1 or len(ends[b]) > 1
            counts[(kind, "shares an end" if shares else "alone")] += 1
            if kind == "wrong":
                # The reference's counterparts of each end within the other plan of the pair.
                want_b = {x for x in partners[a] if x[0] == b[0]}
                want_a = {x for x in partners[b] if x[0] == a[0]}
                linked = (want_b & ends[a]) | (want_a & ends[b])
                print(
                    f"WRONG {p:.2f} {a[0]} {a[1][:20]} | {b[0]} {b[1][:20]}; "
                    f"{'shares an end' if shares else 'alone'}; counterparts named "
                    f"{len(want_a) + len(want_b)}, linked to the same end {len(linked)}"
                )
    for key, n in sorted(counts.items()):
        print(key, n)


if __name__ == "__main__":
    main()
