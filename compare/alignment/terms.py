"""Terms of a section and their weights: words, character pairs, concepts; formula weighs less.

A section's terms are its jieba words, the character pairs inside long words (政务云 / 云平台
share 云平), and the concepts it names (``=运行维护`` for 运维 and 运行维护 alike). Words of
official formula (提升, 显著, 坚持) count at a fraction of their weight, so sections pair on what
they are about rather than on how they say it. Terms are weighted by how rare they are across the
whole catalogue.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from compare.alignment.lexicon import concepts, is_formula, is_topic, thesaurus_groups
from compare.alignment.model import AlignSection


@dataclass(frozen=True)
class Weights:
    """How much each kind of term counts."""

    bigram: float = 0.5  # a character pair inside a word, beside the word itself
    formula: float = 1.0  # a formula word, beside a topic word
    concept: float = 1.0  # a named concept, beside the words that name it
    thesaurus: float = 0.0  # a synonym group of 同义词词林, beside the word


DEFAULT_WEIGHTS = Weights()
_EVERY = Weights(thesaurus=1.0)  # document frequencies count every kind of term


@dataclass
class TermStats:
    """Document frequencies of terms over a catalogue of sections."""

    documents: int
    frequency: Mapping[str, int]
    _idf: dict[str, float] = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    _common: dict[float, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._idf = _IdfTable(self)

    def common(self, limit: float) -> frozenset[str]:
        """The terms in more than ``limit`` documents (few: what nearly every section says)."""
        if limit not in self._common:
            self._common[limit] = frozenset(t for t, n in self.frequency.items() if n > limit)
        return self._common[limit]

    def idf(self, term: str) -> float:
        return self._idf[term]

    @property
    def idf_table(self) -> Mapping[str, float]:
        """idf by term, as a mapping (``table[term]``: the fastest way to weigh many terms)."""
        return self._idf


class _IdfTable(dict):
    """idf values, each computed the first time it is asked for."""

    def __init__(self, stats: TermStats) -> None:
        super().__init__()
        self._documents = stats.documents + 1
        self._frequency = stats.frequency

    def __missing__(self, term: str) -> float:
        value = math.log(self._documents / (self._frequency.get(term, 0) + 1)) + 1.0
        self[term] = value
        return value


@lru_cache(maxsize=200_000)
def _formula(token: str) -> bool:
    return is_formula(token)


def section_terms(
    tokens: Iterable[str], *, weights: Weights = DEFAULT_WEIGHTS, bigram_weight: float | None = None
) -> Counter[str]:
    """Terms of a token list: each token, the character pairs inside Chinese tokens, the
    synonym groups of the thesaurus, and the concepts the tokens name."""
    bigram = weights.bigram if bigram_weight is None else bigram_weight
    tokens = list(tokens)
    terms: dict[str, float] = {}
    get = terms.get
    # Each distinct token once: its terms are looked up (cached), then counted as often as it is.
    for token, count in Counter(tokens).items():
        for term, weight in _token_terms(token, bigram, weights.formula, weights.thesaurus):
            terms[term] = get(term, 0) + weight * count
    if weights.concept:
        for concept, count in concepts("".join(tokens)).items():
            terms["=" + concept] = get("=" + concept, 0) + weights.concept * count
    return Counter(terms)


@lru_cache(maxsize=400_000)
def _token_terms(
    token: str, bigram: float, formula: float, thesaurus: float
) -> tuple[tuple[str, float], ...]:
    """What one token adds to a section's terms (see section_terms)."""
    factor = formula if _formula(token) else 1.0
    out = [(token, factor)]
    if len(token) >= 2 and not token.isascii():
        out.extend(("~" + token[i : i + 2], bigram * factor) for i in range(len(token) - 1))
    if thesaurus:
        groups = _groups(token)
        out.extend(("#" + group, thesaurus / len(groups)) for group in groups)
    return tuple(out)


@lru_cache(maxsize=200_000)
def _groups(token: str) -> tuple[str, ...]:
    return thesaurus_groups(token)


def _thesaurus(terms: Counter[str], tokens: list[str], weights: Weights) -> None:
    if not weights.thesaurus:
        return
    for token in tokens:
        groups = _groups(token)
        for group in groups:
            terms["#" + group] += weights.thesaurus / len(groups)


def title_terms(
    title: str,
    tokens: Iterable[str],
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    bigram_weight: float | None = None,
) -> Counter[str]:
    """Terms of a title: its words, every pair of adjacent Chinese characters in it, and the
    concepts it names.

    Pairs make titles meet across different segmentations (数据共享交换平台 / 数据共享 + 平台); a
    pair inside a formula word counts as little as the word.
    """
    bigram = weights.bigram if bigram_weight is None else bigram_weight
    tokens = list(tokens)
    terms: Counter[str] = Counter()
    chars: list[tuple[str, float]] = []
    for token in tokens:
        factor = weights.formula if _formula(token) else 1.0
        terms[token] += factor
        chars.extend((c, factor) for c in token if "\u3400" <= c <= "\u9fff")
    for (a, fa), (b, fb) in zip(chars, chars[1:], strict=False):
        terms["~" + a + b] += bigram * min(fa, fb)
    if weights.concept:
        for concept, count in concepts(title).items():
            terms["=" + concept] += weights.concept * count
    _thesaurus(terms, tokens, weights)
    return terms


def term_stats(sections: Iterable[AlignSection]) -> TermStats:
    """Term statistics over ``sections`` (each section's title and own text is a document)."""
    frequency: Counter[str] = Counter()
    documents = 0
    for s in sections:
        documents += 1
        frequency.update(section_terms(s.title_tokens + s.body_tokens, weights=_EVERY).keys())
    return TermStats(documents=documents, frequency=frequency)


@lru_cache(maxsize=200_000)
def _topic(token: str) -> bool:
    return is_topic(token)


def is_topic_term(term: str) -> bool:
    """Whether a term is a word that carries a topic (see topic_terms)."""
    return _topic(term)


def topic_terms(terms: Iterable[str]) -> list[str]:
    """The words among ``terms`` that carry a topic: no character pairs, concepts, formula,
    numbers or function words."""
    return [t for t in terms if _topic(t)]
