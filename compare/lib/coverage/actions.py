"""Action and object: an item's title read as clauses, each an action (提升, 完善, 开展) on an
object (its key terms), and a sentence of the lower plan that does the same to the same thing.

The issue asks 已落实 of "a counterpart whose text takes up the item's action and object": the
key terms found as a bag (some in one sentence, some in another) are not that; one clause of one
sentence holding the object after an action of the same kind is.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from compare.alignment.lexicon import thesaurus_groups

from .evidence import listed
from .terms import holds

# The verbs of official style by what they do to their object. A word not filed here is no
# action (the formula around a task: 积极, 持续, 大力); one filed is the same kind of action as
# the others of its row, whatever the plan's wording (提升 or 强化 a capability).
ACTION_KINDS: dict[str, tuple[str, ...]] = {
    "raise": ("提升", "提高", "加强", "强化", "增强", "深化", "优化", "改进", "升级", "夯实"),
    "perfect": ("完善", "健全", "修订", "制定", "出台"),
    "build": ("建设", "建立", "构建", "打造", "搭建", "建成", "组建"),
    "advance": ("推进", "推动", "促进", "推行", "推广", "加快", "助推", "助力", "引领"),
    "carry out": ("开展", "实施", "落实", "执行"),
    "innovate": ("创新", "改革", "探索"),
    "foster": ("营造", "培育"),
}
_KIND = {word: kind for kind, words in ACTION_KINDS.items() for word in words}
# An item's title is cut into clauses at ，；, a sentence's clauses also at ：.
_TITLE_CLAUSE = re.compile(r"[^，,；;]+")
_SENTENCE_CLAUSE = re.compile(r"[^，,；;：:]+")
_lock = threading.Lock()


@dataclass(frozen=True)
class Clause:
    """One clause of an item's title: the kinds of its actions and the key terms of its object."""

    kinds: frozenset[str]
    terms: tuple[str, ...]


def item_clauses(title: str, terms: tuple[str, ...]) -> tuple[Clause, ...]:
    """An item's title as clauses of action and object; () when one of them lacks either (the
    rule does not read such an item).

    >>> item_clauses("强化经济运行监测分析，提升经济调节能力", ("经济运行", "监测", "经济调节"))
    (Clause(kinds=frozenset({'raise'}), terms=('经济运行', '监测')), \
Clause(kinds=frozenset({'raise'}), terms=('经济调节',)))
    """
    clauses = []
    for part in _TITLE_CLAUSE.findall(title):
        if not part.strip():
            continue
        kinds = frozenset(k for w, _ in _words(part) if (k := _kind(w)))
        held = _objects(part, terms)
        if not kinds or not held:
            return ()
        clauses.append(Clause(kinds, held))
    return tuple(clauses)


def _objects(part: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    """The key terms of a clause, those standing next to each other joined into one object
    (数字 + 生态 of 营造良好数字生态 is 数字生态: its words apart are not the thing)."""
    placed = sorted((at, t) for t in terms if (at := part.find(t)) >= 0)
    objects: list[list] = []
    for at, term in placed:
        if objects and objects[-1][0] + len(objects[-1][1]) == at:
            objects[-1][1] += term
        else:
            objects.append([at, term])
    return tuple(dict.fromkeys(word for _, word in objects))


def _kind(word: str) -> str | None:
    """The action kind of a word: filed in the table, or ending in a word filed (积极开展,
    建立健全: jieba's dictionary joins an adverb or a second verb to it)."""
    if word in _KIND:
        return _KIND[word]
    return _KIND.get(word[-2:]) if len(word) > 2 else None


def takes_up(sentence: str, clause: Clause) -> bool:
    """Whether one clause of ``sentence`` holds every object term of ``clause`` (by word, concept
    or 同义词词林 synonym group), none only as one of a list, after an action of the same kind.

    >>> c = Clause(frozenset({"carry out"}), ("试点",))
    >>> takes_up("鼓励各地开展数字政府建设试点，形成经验", c), takes_up("形成试点经验", c)
    (True, False)
    """
    for part in _SENTENCE_CLAUSE.findall(sentence):
        words = _words(part)
        first = None
        for term in clause.terms:
            at = _position(part, words, term)
            if at is None or listed(part, term):
                first = None
                break
            first = at if first is None else min(first, at)
        if first is None:
            continue
        if any(_kind(w) in clause.kinds and start < first for w, start in words):
            return True
    return False


def _position(part: str, words: tuple[tuple[str, int], ...], term: str) -> int | None:
    """Where ``term`` first stands in the clause ``part``: the word, both halves of a
    four-character word, a word naming the same concept or in its synonym group; None if not."""
    at = part.find(term)
    if at >= 0:
        return at
    if len(term) == 4 and holds(part, set(), term):
        return part.find(term[:2])
    groups = set(_groups(term))
    for word, start in words:
        if len(word) >= 2 and (holds(word, None, term) or groups & set(_groups(word))):
            return start
    return None


@lru_cache(maxsize=8192)
def _groups(word: str) -> tuple[str, ...]:
    return thesaurus_groups(word)


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[tuple[str, int], ...]:
    """The words of jieba's part-of-speech cut of ``text``, each with where it starts."""
    import jieba.posseg

    found, at = [], 0
    with _lock:
        cut = list(jieba.posseg.cut(text))
    for pair in cut:
        start = text.find(pair.word, at)
        if start < 0:
            continue
        found.append((pair.word, start))
        at = start + len(pair.word)
    return tuple(found)
