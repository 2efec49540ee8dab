"""Check the hand-judged coverage references, and measure the coverage report against them.

    .venv/bin/python tests/data/coverage-references/check.py            # references are sound
    .venv/bin/python tests/data/coverage-references/check.py --import   # docs/ into the database
    .venv/bin/python tests/data/coverage-references/check.py --measure  # figures of today's report

The check parses the seed texts (and the documents in docs/) as the importer does (no database):
every upper item and every evidence section must name exactly one parsed section, written
``label title`` (one space, no space when the label is empty). ``--import`` stores the documents
of docs/ (lower plans outside the catalogue) in the database the settings point at, under the
slugs the references use. ``--measure`` reads the plans from that database (SQLITE_PATH), which
must hold the seeds (``manage.py load_seeds``), the documents (``--import``) and their alignment
(``manage.py align`` with the plans of each pair), and compares the report's JSON with them;
``--only FILE`` measures one reference, ``--figures`` prints the figures without the items.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEEDS = ROOT / "seeds"

# Reference file -> (upper plan slug, lower plan slug), slugs as seeds/catalogue.toml gives them.
PAIRS = {
    "national-2022__wangcang-2023.tsv": (
        "national-2022-digital-gov-opinion",
        "wangcang-2023-digital-gov-plan",
    ),
    "national-2022__shanxi-2023.tsv": (
        "national-2022-digital-gov-opinion",
        "shanxi-2023-digital-gov-plan",
    ),
    "national-2022__baotou-2022.tsv": (
        "national-2022-digital-gov-opinion",
        "baotou-2022-evaluation-measures",
    ),
    "national-2022__shandong-2023.tsv": (
        "national-2022-digital-gov-opinion",
        "shandong-2023-digital-gov-implementation",
    ),
    "national-2022__fujian-2022.tsv": (
        "national-2022-digital-gov-opinion",
        "fujian-2022-digital-gov-programme",
    ),
    "national-2022__jiangxi-2023.tsv": (
        "national-2022-digital-gov-opinion",
        "jiangxi-2023-digital-gov-programme",
    ),
    "national-2022__guangdong-2023.tsv": (
        "national-2022-digital-gov-opinion",
        "guangdong-2023-digital-gov-opinions",
    ),
}
DOCS = HERE / "docs"
# Lower plans that are not seeds (a held-out reference's plan must be one no rule was written on):
# slug -> the file in docs/ and what a catalogue entry would add; the importer reads the rest
# (title, 文号, issuer, date) from the document itself.
DOCUMENTS = {
    # Its targets are for 2025, but the text never names the 十四五 period the importer looks for.
    "shandong-2023-digital-gov-implementation": ("2023-01-30-shandong.markdown", {"era": "十四五"}),
    # Its targets are for 2025; the 十四五 it names are other plans' titles, so the period is given.
    "fujian-2022-digital-gov-programme": ("2022-12-26-fujian.markdown", {"era": "十四五"}),
    # Its targets are for 2025 and it never names the 十四五 period either.
    "jiangxi-2023-digital-gov-programme": ("2023-07-20-jiangxi.markdown", {"era": "十四五"}),
    # Its targets are for 2023 and 2025; it never names the period. The file keeps the
    # repository's spelling (guandong).
    "guangdong-2023-digital-gov-opinions": ("2023-06-08-guandong.markdown", {"era": "十四五"}),
}
# The references whose items the measurement tools may read (README: dev since rounds 1, 6, 7).
DEV = (
    "national-2022__wangcang-2023.tsv",
    "national-2022__shanxi-2023.tsv",
    "national-2022__baotou-2022.tsv",
    "national-2022__fujian-2022.tsv",
)
COLUMNS = ["upper_item", "group", "verdict", "evidence", "missing", "note"]
VERDICTS = {"已落实": "covered", "部分落实": "partly", "未体现": "missing"}
GROUPS = {"目标", "任务", "保障"}
MIN_ITEMS = 30


@dataclass(frozen=True)
class Row:
    line: int
    upper_item: str
    group: str
    verdict: str
    evidence: tuple[str, ...]
    missing: str
    note: str


def key(label: str, title: str) -> str:
    return f"{label} {title}".strip()


def keys(sections) -> Counter[str]:
    """How many sections each name names: ``label title``, and the label alone for a titled
    section (a reference may name a numbered task by its label, as the parser once stored such
    tasks untitled; a label that recurs in the plan stays ambiguous)."""
    named = Counter(key(s.label, s.title) for s in sections)
    named.update(s.label for s in sections if s.label and s.title)
    return named


def seed_files() -> dict[str, Path]:
    catalogue = tomllib.loads((SEEDS / "catalogue.toml").read_text(encoding="utf-8"))
    return {doc["slug"]: SEEDS / doc["file"] for doc in catalogue["documents"] if "slug" in doc}


def plan_files() -> dict[str, Path]:
    """Every plan a reference names: the catalogue's seeds and the documents of docs/."""
    files = seed_files()
    for slug, (name, _) in DOCUMENTS.items():
        if slug in files:
            raise ValueError(f"{slug!r} is both a seed and a document of docs/: keep one")
        files[slug] = DOCS / name
    return files


def import_documents() -> list[str]:
    """Store the documents of docs/ in the database under their slugs (again: no change)."""
    sys.path.insert(0, str(ROOT))
    from plans.importing import PlanOverrides, import_plan

    done = []
    for slug, (name, said) in DOCUMENTS.items():
        path = DOCS / name
        result = import_plan(
            data=path.read_bytes(), source=path.name, overrides=PlanOverrides(slug=slug, **said)
        )
        if result.plan.slug != slug:
            raise ValueError(
                f"{path.name} is in the database as {result.plan.slug!r}, not {slug!r}: delete "
                "that plan and import again"
            )
        done.append(f"{result.status:9} {slug}  {result.plan.title}")
    return done


def parsed_keys(path: Path) -> Counter[str]:
    """How many parsed sections each ``label title`` names (more than one: ambiguous)."""
    sys.path.insert(0, str(ROOT))
    from plans.parsing import parse_plan

    parsed = parse_plan(path.read_bytes(), filename=path.name)
    return keys(parsed.sections)


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != COLUMNS:
            raise ValueError(f"{path.name}: the first line must be the columns {COLUMNS}")
        rows = []
        for line, cells in enumerate(reader, start=2):
            if len(cells) != len(COLUMNS):
                raise ValueError(f"{path.name}:{line}: {len(cells)} cells, want {len(COLUMNS)}")
            evidence = tuple(e.strip() for e in cells[3].split("|") if e.strip())
            rows.append(Row(line, cells[0], cells[1], cells[2], evidence, cells[4], cells[5]))
    return rows


def problems(path: Path, upper: Counter[str], lower: Counter[str]) -> list[str]:
    """What is wrong with one reference file, each as a line a person can act on."""
    found = []
    rows = read_rows(path)
    if len(rows) < MIN_ITEMS:
        found.append(f"{path.name}: {len(rows)} items, the references need at least {MIN_ITEMS}")
    seen = Counter(row.upper_item for row in rows)
    for row in rows:
        where = f"{path.name}:{row.line}"
        if upper[row.upper_item] != 1:
            found.append(
                f"{where}: upper item {row.upper_item!r} names {upper[row.upper_item]} "
                "parsed sections of the upper plan, want exactly 1"
            )
        if seen[row.upper_item] > 1:
            found.append(f"{where}: upper item {row.upper_item!r} is judged more than once")
        if row.group not in GROUPS:
            found.append(f"{where}: group {row.group!r} is not one of {sorted(GROUPS)}")
        if row.verdict not in VERDICTS:
            found.append(f"{where}: verdict {row.verdict!r} is not one of {list(VERDICTS)}")
        if (row.verdict == "未体现") != (not row.evidence):
            found.append(f"{where}: evidence must be empty for 未体现 and given otherwise")
        if (row.verdict == "部分落实") != bool(row.missing.strip()):
            found.append(f"{where}: 'missing' must be filled for 部分落实 and only then")
        for section in row.evidence:
            if lower[section] != 1:
                found.append(
                    f"{where}: evidence {section!r} names {lower[section]} parsed "
                    "sections of the lower plan, want exactly 1"
                )
    return found


def check() -> list[str]:
    files = plan_files()
    found = []
    for name, (upper_slug, lower_slug) in PAIRS.items():
        found += problems(
            HERE / name, parsed_keys(files[upper_slug]), parsed_keys(files[lower_slug])
        )
    return found


@dataclass
class Measured:
    """One reference's pair as the report measures it, and the reference's verdicts."""

    upper: object  # the upper and lower Plan
    lower: object
    ups: list  # the plans' sections as the measure reads them (CoverSection), in plan order
    lows: list
    links: list  # the pair's links, as the report reads them
    coverage: object  # measure_coverage's result
    zones: dict[int, str]  # the lower plan's sections' parts (tasks, safeguards...)
    verdicts: dict[str, str]  # the reference's verdict by upper item (``key``)


def plans_of(name: str) -> tuple:
    """The upper and lower Plan of a reference, from the database."""
    from plans.models import Plan

    upper_slug, lower_slug = PAIRS[name]
    return Plan.objects.get(slug=upper_slug), Plan.objects.get(slug=lower_slug)


def measured(name: str) -> Measured:
    """The pair of reference ``name`` measured as the coverage report measures it."""
    from compare.alignment.roles import parts
    from compare.coverage.covering.reading import _links, _pure, _sections
    from compare.lib.coverage import measure_coverage
    from compare.lib.coverage.scope import align_section

    upper, lower = plans_of(name)
    sections = _sections(upper, lower)
    pure = {pk: _pure(s) for pk, s in sections.items()}
    ups = [p for pk, p in pure.items() if sections[pk].plan_id == upper.pk]
    lows = sorted(
        (p for pk, p in pure.items() if sections[pk].plan_id == lower.pk), key=lambda s: s.order
    )
    links = _links(upper, lower, sections)
    coverage = measure_coverage(ups, lows, links, titles=(upper.title, lower.title))
    zones = parts([align_section(s) for s in lows])
    verdicts = {row.upper_item: row.verdict for row in read_rows(HERE / name)}
    return Measured(upper, lower, ups, lows, links, coverage, zones, verdicts)


def start_django() -> None:
    import os

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def dev_only(names: list[str]) -> bool:
    """Whether every name is a dev reference (and at least one given); else says so."""
    held_out = [name for name in names if name not in DEV]
    if held_out or not names:
        print(f"name dev references only ({', '.join(DEV)}); not: {', '.join(held_out) or '-'}")
        return False
    return True


def measure(name: str) -> dict:
    """Today's report for one pair against its reference: the figures the README records."""
    from compare.coverage.covering import coverage_report
    from compare.exports.coverage import coverage_as_dict
    from plans.models import Section

    upper, lower = plans_of(name)
    report = coverage_as_dict(coverage_report(upper, lower))
    sections = {s.pk: s for s in Section.objects.filter(plan=lower)}
    by_key = {key(s.label, s.title): s.pk for s in sections.values()}
    counted = keys(sections.values())
    by_key |= {
        s.label: s.pk
        for s in sections.values()
        if s.label and s.title and counted[s.label] == 1 and s.label not in by_key
    }

    def within(pk: int, targets: set[int]) -> bool:
        """The linked section is an evidence section or lies inside one (a box's item)."""
        while pk is not None:
            if pk in targets:
                return True
            pk = sections[pk].parent_id
        return False

    items = {key(i["label"], i["title"]): i for i in report["items"]}
    rows = read_rows(HERE / name)
    pairs = [(row, items[row.upper_item]) for row in rows]
    agree = sum(VERDICTS[row.verdict] == item["status"] for row, item in pairs)
    said_covered = [(row, item) for row, item in pairs if item["status"] == "covered"]
    gaps = [(row, item) for row, item in pairs if row.verdict != "已落实"]
    both = [(row, item) for row, item in said_covered if row.verdict == "已落实"]
    first_right = any_right = named_right = 0
    for row, item in both:
        targets = {by_key[e] for e in row.evidence}
        linked = [link["section"] for link in item["links"]]
        first_right += bool(linked) and within(linked[0], targets)
        any_right += any(within(pk, targets) for pk in linked)
        # The section the report names first as carrying the item (a link's or one its search
        # found): what a supervisor reads beside the verdict.
        named = [e["section"] for e in item["evidence"][:1]]
        named_right += bool(named) and within(named[0], targets)
    evidence = {e for row in rows for e in row.evidence}
    topics = {a["section"] for a in report["additions"]}
    details = {a["section"] for a in report["additions_within_tasks"]}
    confusion = Counter((row.verdict, item["status"]) for row, item in pairs)
    return {
        "items_in_reference": len(rows),
        "items_counted_by_report": len(report["items"]),
        "agreement": agree / len(pairs),
        "precision_covered": (
            sum(row.verdict == "已落实" for row, _ in said_covered) / len(said_covered)
            if said_covered
            else None
        ),
        "said_covered": len(said_covered),
        # A lower plan may take up every item: then there is no gap to recall.
        "recall_gaps": (
            sum(item["status"] != "covered" for _, item in gaps) / len(gaps) if gaps else None
        ),
        "gaps": len(gaps),
        "evidence_first_link_right": first_right / len(both) if both else None,
        "evidence_any_link_right": any_right / len(both) if both else None,
        "evidence_named_right": named_right / len(both) if both else None,
        "covered_in_both": len(both),
        "evidence_sections": len(evidence),
        "evidence_listed_as_additions": sorted(e for e in evidence if by_key[e] in topics),
        "evidence_listed_as_additions_within_tasks": sorted(
            e for e in evidence if by_key[e] in details
        ),
        "disagreements": [
            f"{row.upper_item}: {row.verdict} / {item['status']} ({item['why']})"
            for row, item in pairs
            if VERDICTS[row.verdict] != item["status"]
        ],
        "confusion": {f"{ref}->{got}": n for (ref, got), n in sorted(confusion.items())},
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import", dest="import_", action="store_true", help="docs/ into the db")
    parser.add_argument("--measure", action="store_true", help="today's report against them")
    parser.add_argument("--only", action="append", choices=list(PAIRS), help="one reference")
    parser.add_argument("--figures", action="store_true", help="figures only, no items listed")
    options = parser.parse_args(argv)
    found = check()
    for line in found:
        print(line)
    if found:
        return 1
    print(f"references sound: {', '.join(PAIRS)}")
    if options.import_ or options.measure:
        start_django()
    if options.import_:
        for line in import_documents():
            print(line)
    if options.measure:
        for name in options.only or PAIRS:
            print(name)
            for field, value in measure(name).items():
                if isinstance(value, list | dict) and options.figures:
                    print(f"  {field}: {len(value)}")
                elif isinstance(value, list):
                    print(f"  {field}: {len(value)}")
                    for entry in value:
                        print(f"    {entry}")
                else:
                    shown = f"{value:.2f}" if isinstance(value, float) else value
                    print(f"  {field}: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
