"""Round twelve: Yunnan 2022 + Hunan + Wangcang aligned together by the engine as it is (links,
sections with no link, rows, single-cell rows), on a seeded database with meaning vectors stored.

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... .venv/bin/python tools/experiments/rows12.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from compare.alignment import ENGINE, align, term_stats  # noqa: E402
from compare.runs import aligning  # noqa: E402
from plans.models import Plan  # noqa: E402

SLUGS = ["yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"]

plans = [Plan.objects.get(slug=s) for s in SLUGS]
result = align([aligning.sections_of(p) for p in plans], stats=term_stats(aligning.catalogue()))
single = sum(1 for row in result.rows if sum(map(len, row.sections.values())) == 1)
alone = sum(len(v) for v in result.unique.values())
print(
    f"{ENGINE}: links {len(result.links)}, no link {alone}, rows {len(result.rows)}, "
    f"single-cell rows {single}"
)
