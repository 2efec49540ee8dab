"""Shared-passage marking: character n-grams (compare.lib.marking) beside rapidfuzz's LCS opcodes.

Builds a temporary SQLite database (migrate, load_seeds), aligns the three seed plans and takes
the rows of their comparison. For every body text, both ways find the passages of four or more
characters (punctuation aside) it shares with the row's other plans:

- n-grams, as the page does: any order, any other cell;
- rapidfuzz ``Indel.opcodes`` against each other cell in turn: the equal blocks of one longest
  common subsequence, so passages in a different order are missed.

Prints time (best of 5) and how many characters each marks as shared. Asserts nothing.

    .venv/bin/python bench/marking.py
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import seeded_database  # noqa: E402

THREE = ["yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"]
SIZE = 4


def main() -> None:
    _, cleanup = seeded_database()
    from django.core.management import call_command

    from compare.lib.marking import SHARED, MarkText, mark_row
    from compare.reading.comparing import build_comparison
    from plans.models import Plan

    try:
        call_command("align", *THREE, stdout=io.StringIO())
        plans = [Plan.objects.get(slug=s) for s in THREE]
        comparison = build_comparison(plans, mode="marks")
        rows = [
            [
                [
                    MarkText(v.section.body, v.section.body_simplified, ())
                    for v in cell.sections
                    if v.section.body
                ]
                for cell in row.cells
            ]
            for row in comparison.rows
        ]
        rows = [r for r in rows if sum(1 for cell in r if cell) > 1]
        texts = sum(len(cell) for r in rows for cell in r)
        chars = sum(len(t.simplified) for r in rows for cell in r for t in cell)

        def ngrams():
            marked = 0
            for row in rows:
                for cell in mark_row(row, formula=lambda term: False):
                    for pieces in cell:
                        marked += sum(len(p.text) for p in pieces if SHARED in p.marks)
            return marked

        def opcodes():
            from rapidfuzz.distance import Indel

            marked = 0
            for row in rows:
                for i, cell in enumerate(row):
                    for text in cell:
                        covered = set()
                        for j, other in enumerate(row):
                            if j == i:
                                continue
                            for o in other:
                                for op in Indel.opcodes(text.simplified, o.simplified):
                                    if op.tag == "equal" and op.src_end - op.src_start >= SIZE:
                                        covered.update(range(op.src_start, op.src_end))
                        marked += len(covered)
            return marked

        print(f"Shared passages in the three-plan comparison: {len(rows)} rows with two or more")
        print(f"plans, {texts} texts, {chars} characters; passages of {SIZE}+ characters")
        print(f"{'method':34} {'best ms':>8} {'chars marked':>13}")
        for name, run in (
            ("n-grams (compare.lib.marking)", ngrams),
            ("rapidfuzz Indel.opcodes", opcodes),
        ):
            times, marked = [], 0
            for _ in range(5):
                started = time.perf_counter()
                marked = run()
                times.append((time.perf_counter() - started) * 1000)
            print(f"{name:34} {min(times):8.1f} {marked:13d}")
        print("n-grams also mark distinct terms and figures in the same time; opcodes only share")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
