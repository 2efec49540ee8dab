"""Round ten's diff10.py (links gained and lost against -9, by kind) under round sixteen's term
statistics, for round sixteen's D5 or, with ``--round N``, a variant of round N's harness
(rounds eighteen to twenty-two: D5w, D5wd, D5v; E5, E5p, R5; RW, TS, RWT; GB, GBm, LB; DW, LR,
DR; round twenty-one needs scikit-learn on PYTHONPATH):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... .venv/bin/python tools/experiments/diff16.py D5
    ... tools/experiments/diff16.py --round 18 D5v

Term statistics are round sixteen's (every stored section but the Fujian programme's), as in
round16_harness.py, for -9 and the variant alike.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round16_harness as R16  # noqa: E402

if sys.argv[1:2] == ["--round"]:  # registers that round's variants; diff10 reads sys.argv[1]
    importlib.import_module(f"round{sys.argv.pop(2)}_harness")
    sys.argv.pop(1)

from compare.runs import aligning  # noqa: E402
from plans.models import Section  # noqa: E402


def _seed_catalogue():
    rows = Section.objects.exclude(plan__source=R16.FUJIAN).values_list(
        "title_tokens", "body_tokens"
    )
    for t, b in rows.iterator(chunk_size=2000):
        yield aligning.engine_section("", (0, None, 0, 0, "", "", "", "", t, b))


aligning.catalogue = _seed_catalogue  # diff10 reads the statistics through it
R16.STATS[:] = [R16.seed_stats()]

import diff10  # noqa: E402, F401  (runs its main on sys.argv[1])
