"""How the compare page's rows gather counterparts, for every seed comparison of 2 and 3 plans.

Builds a temporary SQLite database (migrate, load_seeds), aligns every seed plan with every other
(one run: each pair's links are the same as when the pair is aligned alone, terms being weighted
by the whole catalogue), then builds the comparison of every pair and every three plans, in the
order the picker offers them (national, province, county), and the three plans the issue names
in its order. For each it prints:

- rows: rows of the comparison;
- single: rows with one filled cell, "only in" one plan as the page says (no pointer elsewhere);
- alone: rows with sections of one plan only, counting those that point to another row;
- also: rows pointing to a counterpart placed in another row (也见于其他行);
- apart: links whose two sections sit in different rows (shown only as such a pointer);
- multi: rows where a cell holds more than one section of one plan.

Prints figures, asserts nothing. Run it on two commits to compare them:

    .venv/bin/python bench/rows.py            # every comparison, then the totals
    .venv/bin/python bench/rows.py --summary  # the named three plans and the totals only
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import seeded_database  # noqa: E402

NAMED = ["yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"]
FIGURES = ("rows", "single", "alone", "also", "apart", "multi")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", action="store_true", help="totals and the named plans only")
    options = parser.parse_args()
    _, cleanup = seeded_database()

    from django.core.management import call_command

    from compare.models import SectionLink
    from compare.reading.comparing import build_comparison
    from compare.reading.picking import picker_groups
    from plans.models import Plan

    try:
        catalogue = Plan.objects.select_related("jurisdiction", "era")
        plans = [option.plan for _, options in picker_groups(catalogue) for option in options]
        started = time.perf_counter()
        call_command("align", *(p.slug for p in plans), stdout=io.StringIO())
        aligned = time.perf_counter() - started
        by_slug = {p.slug: p for p in plans}
        sets = [list(c) for n in (2, 3) for c in combinations(plans, n)]
        sets.append([by_slug[slug] for slug in NAMED])
        print(f"Rows of the compare page: {len(plans)} seed plans aligned in {aligned:.0f} s")
        width = max(len(" + ".join(p.slug for p in chosen)) for chosen in sets)
        header = f"{'plans':{width}} " + " ".join(f"{name:>6}" for name in FIGURES)
        print(header)
        print("-" * len(header))
        totals = {2: dict.fromkeys(FIGURES, 0), 3: dict.fromkeys(FIGURES, 0)}
        for index, chosen in enumerate(sets):
            links = list(SectionLink.objects.between(chosen).shown().values_list("left", "right"))
            figures = _figures(build_comparison(chosen), links)
            named = index == len(sets) - 1
            if not named:
                for name in FIGURES:
                    totals[len(chosen)][name] += figures[name]
            if named or not options.summary:
                label = " + ".join(p.slug for p in chosen)
                print(f"{label:{width}} " + " ".join(f"{figures[n]:6d}" for n in FIGURES))
        print("-" * len(header))
        for n, total in totals.items():
            count = sum(1 for s in sets[:-1] if len(s) == n)
            label = f"all {count} comparisons of {n} plans"
            print(f"{label:{width}} " + " ".join(f"{total[name]:6d}" for name in FIGURES))
    finally:
        cleanup()


def _figures(comparison, links: list[tuple[int, int]]) -> dict[str, int]:
    row_of = {}
    figures = dict.fromkeys(FIGURES, 0)
    figures["rows"] = comparison.total_rows
    for row in comparison.rows:
        filled = [cell for cell in row.cells if cell.sections]
        figures["single"] += row.unique
        figures["alone"] += len(filled) == 1
        figures["also"] += any(cell.also for cell in row.cells)
        figures["multi"] += any(len(cell.sections) > 1 for cell in row.cells)
        for cell in filled:
            for view in cell.sections:
                row_of[view.section.pk] = row.anchor
    figures["apart"] = sum(1 for a, b in links if row_of[a] != row_of[b])
    return figures


if __name__ == "__main__":
    main()
