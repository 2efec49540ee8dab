"""Round fourteen: round ten's diff10.py (links gained and lost against -9, by kind) for this
round's variants, with the catalogue loaded first.

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... .venv/bin/python tools/experiments/diff14.py CH
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402
import round14_harness as R14  # noqa: E402

R14.load_catalogue([H.plans_for(path)[1] for path in (H.DEV, H.SECOND, H.THIRD)])

import diff10  # noqa: E402, F401  (runs its main on sys.argv[1])
