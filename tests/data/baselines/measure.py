"""Score the baseline rule against the judged set (judged.tsv): precision and recall.

Run from the repository root: ``.venv/bin/python tests/data/baselines/measure.py``. Prints the
targets where the rule and the judgment differ, then the figures for all documents, the tuning
ones and the held-out ones. Recall is given twice: over the baselines the imported text states,
and over every baseline the published document states (tables whose numbers the importer drops
included).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from plans.lib.targets import SectionText, extract_plan_targets  # noqa: E402
from plans.parsing import parse_plan  # noqa: E402


@dataclass
class Score:
    found: int = 0  # baselines the rule gave
    right: int = 0  # of those, the judged value and year
    stated: int = 0  # judged baselines in the imported text
    stated_published: int = 0  # judged baselines, tables included
    recalled: int = 0
    recalled_published: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.stated if self.stated else 1.0

    @property
    def recall_published(self) -> float:
        return self.recalled_published / self.stated_published if self.stated_published else 1.0


def judged() -> list[dict]:
    with (HERE / "judged.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _targets(file: str) -> list:
    path = next(p for p in (ROOT / "seeds", ROOT / "tests/data/corpus") if (p / file).exists())
    parsed = parse_plan((path / file).read_bytes(), filename=file)
    sections = [
        SectionText(i, s.parent, s.kind, s.title, s.body) for i, s in enumerate(parsed.sections)
    ]
    return extract_plan_targets(sections)


def _shown(t) -> str:
    return f"{t.value:g}{t.unit}"


def _judged_target(row: dict, targets: list, *, verbose: bool):
    """The extracted target a judged row is about: same indicator, value, deadline and scope;
    else the one target with the same indicator, value and scope (a deadline the extractor no
    longer reads, such as Guangzhou's "2025年" that came from a table's header cell left as a
    line of its own). The judgment itself (the baseline) is never matched loosely."""
    key = (row["indicator"], row["target"], row["deadline"], row["scope"])
    t = next((x for x in targets if (x.indicator, _shown(x), x.deadline, x.scope) == key), None)
    if t is not None:
        return t
    loose = [x for x in targets if (x.indicator, _shown(x), x.scope) == (key[0], key[1], key[3])]
    if len(loose) != 1:
        raise SystemExit(f"{row['doc']}: no target {key} any more; judge the set again")
    if verbose:
        print(f"  {row['doc']}: {key[0]} {key[1]}: deadline now {loose[0].deadline!r}")
    return loose[0]


def score(rows: list[dict] | None = None, *, verbose: bool = False) -> dict[str, Score]:
    """{"all", "tuning", "held-out"} -> Score, matching each judged row to the extracted target
    with the same indicator, value, deadline and scope."""
    rows = judged() if rows is None else rows
    scores = {name: Score() for name in ("all", "tuning", "held-out")}
    by_file: dict[str, list] = {}
    for row in rows:
        targets = by_file.setdefault(row["file"], _targets(row["file"]))
        t = _judged_target(row, targets, verbose=verbose)
        got = t.baseline
        want = float(row["baseline_value"]) if row["baseline_value"] else None
        year = int(row["baseline_year"]) if row["baseline_year"] else None
        right = got is not None and want is not None and got.value == want and got.year == year
        for name in ("all", row["split"]):
            s = scores[name]
            s.found += got is not None
            s.right += right
            if want is not None:
                s.stated_published += 1
                s.recalled_published += right
                if row["in_imported_text"] == "yes":
                    s.stated += 1
                    s.recalled += right
        if verbose and (got is not None or want is not None) and not right:
            shown = f"{got.value:g}{got.unit} ({got.year})" if got else "none"
            print(
                f"  {row['doc']}: {row['indicator']} {row['target']}: rule {shown}, "
                f"judged {row['baseline_value'] or 'none'} ({row['baseline_year']})"
            )
    return scores


def main() -> None:
    print("Differences:")
    scores = score(verbose=True)
    for name, s in scores.items():
        print(
            f"{name:9} precision {s.precision:.2f} ({s.right}/{s.found})  "
            f"recall {s.recall:.2f} ({s.recalled}/{s.stated})  "
            f"recall as published {s.recall_published:.2f} "
            f"({s.recalled_published}/{s.stated_published})"
        )


if __name__ == "__main__":
    main()
