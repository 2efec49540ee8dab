"""Score predicted links against a hand-made reference (the format of gold/dev-pairs.tsv).

Pure Python. A reference names sections by their printed titles; both sides are compared after
folding (traditional -> simplified, NFKC, no white space or punctuation). A prediction whose
two ends are both named somewhere in the reference is judged; the rest are not.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from plans.parsing.text import fold

EQUIVALENT = "equivalent"
RELATED = "related"


class ReferenceError(ValueError):
    """A reference file that cannot be read; the message says what to fix."""


@dataclass(frozen=True)
class ReferencePair:
    plan_a: str
    ref_a: str  # folded
    plan_b: str
    ref_b: str  # folded
    strength: str

    @property
    def key(self) -> frozenset[tuple[str, str]]:
        return frozenset({(self.plan_a, self.ref_a), (self.plan_b, self.ref_b)})


@dataclass
class Score:
    judged: int = 0
    correct: int = 0
    equivalent_found: int = 0
    equivalent_total: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else 0.0

    @property
    def recall(self) -> float:
        return self.equivalent_found / self.equivalent_total if self.equivalent_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    overall: Score
    by_pair: dict[tuple[str, str], Score]
    false_positives: list[tuple[tuple[str, str], tuple[str, str]]] = field(default_factory=list)
    missed: list[ReferencePair] = field(default_factory=list)


def read_reference(path: Path) -> list[ReferencePair]:
    """Rows ``planA refA planB refB strength group_id`` (tab-separated, with a header row)."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
    except OSError as exc:
        raise ReferenceError(f"{path}: cannot read it ({exc.strerror}).") from exc
    pairs = []
    for number, row in enumerate(rows, 1):
        if not row or (number == 1 and row[0].lower() == "plana"):
            continue
        if len(row) < 5:
            raise ReferenceError(
                f"{path}:{number}: expected planA, refA, planB, refB, strength (tab-separated), "
                f"found {len(row)} columns."
            )
        strength = row[4].strip().lower()
        if strength not in (EQUIVALENT, RELATED):
            raise ReferenceError(
                f"{path}:{number}: strength must be 'equivalent' or 'related', not {row[4]!r}."
            )
        pairs.append(
            ReferencePair(row[0].strip(), fold(row[1]), row[2].strip(), fold(row[3]), strength)
        )
    if not pairs:
        raise ReferenceError(f"{path}: no reference pairs in it.")
    return pairs


def plan_files(readme: Path) -> dict[str, str]:
    """Plan keys and their document file names from a table in a README beside the reference.

    ``| Y22 | `000_76b0fc0e2e956a49.txt` | ... |`` gives ``{"Y22": "000_76b0fc0e2e956a49.txt"}``.
    """
    if not readme.exists():
        return {}
    files = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"[\w.-]+\.(?:txt|md|markdown)", cells[1]):
            files[cells[0]] = cells[1]
    return files


def references_by_plan(reference: Iterable[ReferencePair]) -> dict[str, set[str]]:
    refs: dict[str, set[str]] = defaultdict(set)
    for pair in reference:
        refs[pair.plan_a].add(pair.ref_a)
        refs[pair.plan_b].add(pair.ref_b)
    return refs


def evaluate(
    predicted: Iterable[tuple[tuple[str, str], tuple[str, str]]],
    reference: list[ReferencePair],
) -> Evaluation:
    """Precision over judged predictions, recall over equivalent pairs, per plan pair and overall.

    ``predicted`` holds links as ``((plan key, folded ref), (plan key, folded ref))``.
    """
    refs = references_by_plan(reference)
    strength = {pair.key: pair.strength for pair in reference}
    by_pair: dict[tuple[str, str], Score] = defaultdict(Score)
    for pair in reference:
        score = by_pair[_pair_key(pair.plan_a, pair.plan_b)]
        if pair.strength == EQUIVALENT:
            score.equivalent_total += 1
    judged_pairs = set(by_pair)
    found: set[frozenset[tuple[str, str]]] = set()
    false_positives = []
    for a, b in predicted:
        if a[1] not in refs.get(a[0], ()) or b[1] not in refs.get(b[0], ()):
            continue
        if _pair_key(a[0], b[0]) not in judged_pairs:  # a plan pair the reference does not judge
            continue
        score = by_pair[_pair_key(a[0], b[0])]
        score.judged += 1
        key = frozenset({a, b})
        if key in strength:
            score.correct += 1
            if strength[key] == EQUIVALENT and key not in found:
                found.add(key)
                score.equivalent_found += 1
        else:
            false_positives.append((a, b))
    overall = Score()
    for score in by_pair.values():
        overall.judged += score.judged
        overall.correct += score.correct
        overall.equivalent_found += score.equivalent_found
        overall.equivalent_total += score.equivalent_total
    missed = [p for p in reference if p.strength == EQUIVALENT and p.key not in found]
    return Evaluation(
        overall=overall,
        by_pair=dict(sorted(by_pair.items())),
        false_positives=false_positives,
        missed=missed,
    )


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)
