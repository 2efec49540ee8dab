"""Read afterwards: the threshold / near-best each fold of dev's two cross-validations chose,
per variant of round N's harness (rounds eighteen and nineteen, round eighteen's database).

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/folds.py 18 [GLm] [D5] [D5w] [D5wd] [D5v]
    ... tools/experiments/folds.py 19 [GLm] [E5] [E5p] [R5]
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402
import round16_harness as R16  # noqa: E402

from compare.lib import validation as V  # noqa: E402


def main(argv):
    before = set(H.VARIANTS)
    importlib.import_module(f"round{argv[0]}_harness")  # registers that round's variants
    names = argv[1:] or ["GLm", *(n for n in H.VARIANTS if n not in before)]
    stats, (dev_ref, plans), _, _ = R16.setting_up()
    for name in names:
        patch, _ = H.VARIANTS[name]
        with patch():
            for label, cv in (
                ("pair", V.cross_validate(plans, dev_ref, stats)),
                ("group", V.cross_validate_groups(plans, dev_ref, stats, folds=5)),
            ):
                chosen = " ".join(f"{f['threshold']}/{f['near_best']}" for f in cv.folds.values())
                print(f"{name} {label}: {cv.held_out.overall.f1:.4f} folds {chosen}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
