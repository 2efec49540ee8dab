"""Round fifteen: round ten's diff10.py (links gained and lost against -9, by kind) for this
round's variants.

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... .venv/bin/python tools/experiments/diff15.py RC
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round15_harness as R15  # noqa: E402

assert "RC" in R15.H.VARIANTS  # registered on import, before diff10 runs

import diff10  # noqa: E402, F401  (runs its main on sys.argv[1])
