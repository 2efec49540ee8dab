"""Round 10's measurement: where does a sentence of the lower plan's tasks take up an item's
action and object, and would that tell the items a reader calls 已落实 from the gaps?

    SQLITE_PATH=/tmp/cov10.sqlite3 .venv/bin/python \\
        tests/data/coverage-references/action_object.py national-2022__wangcang-2023.tsv ...

Dev references only (it prints items; a held-out reference is refused). With the database as
``check.py --measure`` reads it, for each item the report calls 部分落实 because its terms are
only mentioned or its link is weak (what the rule could move) it prints the reference's verdict,
and under each reading of the object the clauses of task sentences holding it (``obj``), of
them those after an action of the item's kind (``act``), and the first clause taken up:

- ``bag``: the item's key terms of the title's clause, each anywhere in the sentence's clause
  (the rule as declared, README "Round 10"; commit 94b5a5a);
- ``whole``: key terms next to each other in the title joined into one object, held whole, by
  the word, both halves of a four-character word in the clause, an egov concept or a 同义词词林
  group (the second variant, 71eb6b6);
- ``strict``: ``whole`` without the two halves (a reading, never a declared rule).

A sentence's clause is its text cut at ，；：; the sentences are those of the own text of the
lower plan's sections in its tasks and safeguards. An object term only listed (one of three
things or more) does not count; an action counts when it stands before the object's first term.
Then, per reading, how many cautious items (judged 已落实) and gaps (部分落实 / 未体现) it would
move. A measurement tool, not a rule: nothing here is read by the product.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
READINGS = ("bag", "whole", "strict")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

# The action kinds as declared (README, "Round 10"): what the action does to its object.
ACTION_KINDS = {
    "raise": ("提升", "提高", "加强", "强化", "增强", "深化", "优化", "改进", "升级", "夯实"),
    "perfect": ("完善", "健全", "修订", "制定", "出台"),
    "build": ("建设", "建立", "构建", "打造", "搭建", "建成", "组建"),
    "advance": ("推进", "推动", "促进", "推行", "推广", "加快", "助推", "助力", "引领"),
    "carry out": ("开展", "实施", "落实", "执行"),
    "innovate": ("创新", "改革", "探索"),
    "foster": ("营造", "培育"),
}
KIND = {word: kind for kind, words in ACTION_KINDS.items() for word in words}
TITLE_CLAUSE = re.compile(r"[^，,；;]+")
SENTENCE_CLAUSE = re.compile(r"[^，,；;：:]+")


def words(text: str) -> list[tuple[str, int]]:
    """The words of jieba's part-of-speech cut, each with where it starts."""
    import jieba.posseg

    found, at = [], 0
    for pair in jieba.posseg.cut(text):
        start = text.find(pair.word, at)
        if start >= 0:
            found.append((pair.word, start))
            at = start + len(pair.word)
    return found


def kind(word: str, reading: str) -> str | None:
    if word in KIND:
        return KIND[word]
    # The second variant: a word ending in one the table files (积极开展, 建立健全).
    return KIND.get(word[-2:]) if reading != "bag" and len(word) > 2 else None


def clauses(title: str, terms: tuple[str, ...], reading: str) -> list[tuple[set, tuple]]:
    """(action kinds, object terms) of each clause of an item's title; [] when one lacks either."""
    found = []
    for part in TITLE_CLAUSE.findall(title):
        kinds = {k for w, _ in words(part) if (k := kind(w, reading))}
        placed = sorted((at, t) for t in terms if (at := part.find(t)) >= 0)
        objects: list[list] = []
        for at, term in placed:
            if reading != "bag" and objects and objects[-1][0] + len(objects[-1][1]) == at:
                objects[-1][1] += term
            else:
                objects.append([at, term])
        held = tuple(dict.fromkeys(w for _, w in objects))
        if not kinds or not held:
            return []
        found.append((kinds, held))
    return found


def position(part: str, term: str, reading: str) -> int | None:
    from compare.alignment.lexicon import thesaurus_groups
    from compare.lib.coverage.terms import holds

    at = part.find(term)
    if at >= 0:
        return at
    if reading != "strict" and len(term) == 4 and holds(part, set(), term):
        return part.find(term[:2])
    groups = set(thesaurus_groups(term))
    for word, start in words(part):
        if len(word) >= 2 and (holds(word, None, term) or groups & set(thesaurus_groups(word))):
            return start
    return None


def taken_up(part: str, kinds: set | None, terms: tuple, reading: str) -> bool:
    """Whether the clause ``part`` holds every object term (none only listed) after an action of
    one of ``kinds`` (None: any action, or none)."""
    from compare.lib.coverage.evidence import listed

    first = None
    for term in terms:
        at = position(part, term, reading)
        if at is None or listed(part, term):
            return False
        first = at if first is None else min(first, at)
    if kinds is None:
        return True
    return any(kind(w, reading) in kinds and start < first for w, start in words(part))


def report(name: str) -> list[tuple[str, str, dict]]:
    """(verdict, item, {reading: (obj, act, first clause, every clause taken)}) of each item the
    report calls 部分落实 (mentioned / weak)."""
    import check

    from compare.lib.meaning import sentences

    pair = check.measured(name)
    said = [
        (s, part)
        for s in pair.lows
        if pair.zones.get(s.id) in ("tasks", "safeguards")
        for sentence in sentences(s.body)
        for part in SENTENCE_CLAUSE.findall(sentence)
    ]
    verdicts, coverage = pair.verdicts, pair.coverage
    found = []
    for item in coverage.items:
        if item.status != "partly" or item.why not in ("mentioned", "weak"):
            continue
        key = check.key(item.section.label, item.section.title)
        readings = {}
        for reading in READINGS:
            read = clauses(item.section.title, item.terms, reading)
            obj = act = 0
            first, every = "", bool(read)
            for n, (kinds, terms) in enumerate(read):
                held = [(s, p) for s, p in said if taken_up(p, None, terms, reading)]
                acted = [(s, p) for s, p in held if taken_up(p, kinds, terms, reading)]
                obj, act = obj + len(held), act + len(acted)
                every = every and bool(acted)
                if n == 0 and acted:
                    first = f"{acted[0][0].label} {acted[0][0].title[:16]} | {acted[0][1]}"
            readings[reading] = (obj, act, first, every)
        found.append((verdicts[key], key, readings))
    return found


def main(args: list[str]) -> int:
    import check

    if not check.dev_only(args):
        return 2
    check.start_django()
    moved: Counter[tuple[str, str]] = Counter()
    for name in args:
        print(f"\n{name}")
        for verdict, key, readings in report(name):
            print(f"{verdict} {key}")
            for reading, (obj, act, first, every) in readings.items():
                side = "cautious" if verdict == "已落实" else "gap"
                moved[(reading, side)] += every
                mark = " -> 已落实" if every else ""
                print(f"    {reading:6} obj {obj:2} act {act:2}{mark} {first}")
    print("\nitems each reading would move to 已落实 (cautious: judged 已落实; gap: the others)")
    for reading in READINGS:
        cautious, gap = moved[(reading, "cautious")], moved[(reading, "gap")]
        print(f"  {reading:6} cautious {cautious}  gap {gap}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
