"""Round ten: how UE changes the meaning candidates (pairs proposed by meaning alone, and the
mutual-nearest pairs) of every plan pair of dev and of N, JS, SX, against GLm's USE alone."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402

from compare.alignment import Settings, term_stats  # noqa: E402
from compare.alignment.candidates import nearest_in_meaning  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.runs import aligning  # noqa: E402


def main():
    stats = term_stats(aligning.catalogue())
    for path in (H.DEV, H.SECOND):
        ref, plans = H.plans_for(path)
        secs = H.sections(plans)
        if path == H.SECOND:
            secs = H.sections({**plans, **H.plans_for(H.THIRD)[1]})
        for name, sections in (("USE", secs), ("UE", H.combined(secs))):
            data = V.prepare(sections, ref, stats, Settings())
            near = sum(len(nearest_in_meaning(p.left, p.right)) for p in data.values())
            alone = {
                key: {pair for pair, c in p.found.items() if c.by_meaning}
                for key, p in data.items()
            }
            print(
                path.name,
                name,
                "mutual nearest",
                near,
                "by meaning alone",
                sum(map(len, alone.values())),
            )
            if name == "USE":
                base = alone
            else:
                new = sum(len(alone[k] - base[k]) for k in alone)
                gone = sum(len(base[k] - alone[k]) for k in alone)
                print("  by meaning alone: new", new, "gone", gone)


main()
