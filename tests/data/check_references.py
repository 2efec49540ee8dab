"""Check that every reference in an alignment reference's TSV names exactly one parsed section.

Run from the repository root, with the reference's folder:

    .venv/bin/python tests/data/check_references.py tests/data/fourth-reference [--seeds DIR]

The plan documents are found through the table in the folder's README.md (key -> file name),
in seeds/ (unless --seeds says otherwise) or, for a plan not in the catalogue (福建 2022), with
the coverage references' documents. The sections come from the project's own
parser and references are compared after the same folding `evaluate_alignment` uses, so a
reference that passes here is one the evaluation can map. Prints the problems and exits 1
if there are any.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# Run as a plain script, the repository root is not on the import path.
sys.path.insert(0, str(ROOT))

from compare.lib.evaluation import plan_files, read_reference  # noqa: E402
from plans.parsing import parse_plan  # noqa: E402
from plans.parsing.text import fold  # noqa: E402

# Plans not in the catalogue are kept with the coverage references' documents.
OTHER_DOCS = HERE / "coverage-references" / "docs"


def section_names(path: Path) -> Counter[str]:
    """How many parsed sections of a document carry each folded label+title."""
    parsed = parse_plan(path.read_bytes(), filename=path.name)
    # Stored titles are cut at 500 characters (plans/importing/sections.py): compare the same.
    return Counter(fold(s.label + s.title[:500]) for s in parsed.sections)


def _document(name: str, seeds: Path) -> Path | None:
    for folder in (seeds, OTHER_DOCS):
        if (folder / name).exists():
            return folder / name
    return None


def problems(tsv: Path, seeds: Path) -> list[str]:
    read_reference(tsv)  # the evaluation's own reader: format errors surface as it reports them
    files = plan_files(tsv.parent / "README.md")
    with open(tsv, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row][1:]
    found: list[str] = []
    names: dict[str, Counter[str]] = {}
    for key in sorted({row[0] for row in rows} | {row[2] for row in rows}):
        if key not in files:
            found.append(f"plan key {key}: not in the README's table of plan files")
        elif (path := _document(files[key], seeds)) is None:
            found.append(f"plan key {key}: {files[key]} is in neither {seeds} nor {OTHER_DOCS}")
        else:
            names[key] = section_names(path)
    checked: set[tuple[str, str]] = set()
    for plan, ref in [(r[0], r[1]) for r in rows] + [(r[2], r[3]) for r in rows]:
        if plan not in names or (plan, ref) in checked:
            continue
        checked.add((plan, ref))
        count = names[plan][fold(ref)]
        if count != 1:
            found.append(f"{plan} {ref!r}: names {count} parsed sections, expected exactly 1")
    pairs = Counter((r[0], fold(r[1]), r[2], fold(r[3])) for r in rows)
    found += [f"row repeated {n} times: {' / '.join(p)}" for p, n in pairs.items() if n > 1]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the reference's folder (README.md and one .tsv)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    args = parser.parse_args()
    (TSV,) = sorted(args.folder.glob("*.tsv"))
    found = problems(TSV, args.seeds)
    for line in found:
        print(line)
    with open(TSV, encoding="utf-8", newline="") as handle:
        rows = sum(1 for row in csv.reader(handle, delimiter="\t") if row) - 1
    print(f"{TSV.name}: {rows} rows, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
