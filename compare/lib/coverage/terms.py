"""Terms: the words of an item that name its action and object (looked for in the lower plan),
the topic words of its own text, and what it takes for a text to hold one of them."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from compare.alignment.lexicon import concepts, is_formula, is_topic
from plans.lib.tokenizing import tokenize

from .model import CoverSection

_CLAUSE = re.compile(r"[，,、；;：:“”\s]")
_PHRASE = re.compile(r"[^，,。；;：:！？!?\n]+")
# Words of plan language that name no action or object of their own (能力 of 提升X能力, 水平,
# 建设): an item's key terms are the other words of its title.
_GENERIC = frozenset(
    {"能力", "水平", "建设", "发展", "工作", "体系", "大力", "优化", "深化", "助推", "营造"}
    | {"重点", "主要", "全面", "总体", "基本", "有序", "进一步", "不断", "切实", "着力", "有效"}
    | {"能级", "效能", "支撑", "目标", "任务", "措施"}
)


def key_terms(s: CoverSection) -> tuple[str, ...]:
    """The words of an item's title that name its action and object: not formula (提升, 加强),
    not words of plan language that name nothing (能力, 水平, 建设), not one character.

    >>> key_terms(CoverSection(1, None, 0, 1, "section", "", "提升行政执行能力", "",
    ...     ("提升", "行政", "执行", "能力")))
    ('行政', '执行')
    """
    tokens = s.title_tokens or tuple(tokenize(s.title))
    found, at, leading = [], 0, True
    for token in tokens:
        where = s.title.find(token, at)
        if where < 0 or _CLAUSE.search(s.title[at:where]) or where == 0:
            leading = True  # a new clause: its opening verbs (提升, 积极推动) are the formula
        at = max(at, where + len(token)) if where >= 0 else at
        if len(token) < 2 or token in _GENERIC:
            continue
        if leading and is_formula(token):
            continue
        leading = False
        if token not in found:
            found.append(token)
    if not found:  # 提高自主可控水平: its object told in words the lexicon files as formula
        found = list(dict.fromkeys(t for t in tokens[1:] if len(t) >= 2 and t not in _GENERIC))
    return tuple(found)


def body_terms(s: CoverSection) -> tuple[str, ...]:
    """The topic words of an item's own text (what it asks for beyond its title's formula):
    words of two characters or more that carry a topic, without plan language (能力, 建设).

    >>> body_terms(CoverSection(1, None, 0, 1, "section", "", "提升行政执行能力",
    ...     "加快一体化协同办公体系建设，全面提升内部办公水平。"))
    ('一体化', '协同办公', '办公')
    """
    found = []
    for token in tokenize(s.body):
        if len(token) < 2 or token in _GENERIC or not is_topic(token) or token in found:
            continue
        found.append(token)
    return tuple(found)


def named_objects(
    s: CoverSection, terms: tuple[str, ...], everywhere: Callable[[str], bool]
) -> tuple[str, ...]:
    """The things an item's own text names (统一身份认证, 电子证照, 公共数据): its topic words of
    four characters or more that are neither its key terms nor plan language (服务水平) nor
    words the upper plan uses everywhere (``everywhere``: 数字政府). A lower section naming
    several of them takes up what the item asks for, in the item's own words.

    >>> named_objects(CoverSection(1, None, 0, 1, "section", "", "加强共性应用支撑",
    ...     "完善统一身份认证和电子证照体系，提升服务水平。"), ("共性", "应用"), lambda w: False)
    ('统一身份认证', '电子证照')
    """
    return tuple(
        w
        for w in body_terms(s)
        if len(w) >= 4
        and w not in terms
        and not everywhere(w)
        and not any(g in w for g in _GENERIC)
    )


def holds(text: str, named: set[str] | frozenset[str] | None, term: str) -> bool:
    """Whether ``text`` names ``term``: the word itself, both halves of a long word, or a concept
    it names (政务云平台 in a text that says 政务云)."""
    if term in text:
        return True
    # A word of two words (网络平台) in 网络…平台, within one clause: 数字化技术体系,…农业经济
    # holds two other words, not 数字经济; and 政务…平台 is not 政务云平台.
    if len(term) == 4 and term[:2] in text and term[2:] in text:
        for clause in _PHRASE.findall(text):
            at = clause.find(term[:2])
            if at >= 0 and term[2:] in clause[at + 2 :]:
                return True
    if named is None:
        named = _named(text)
    return bool(named and _named(term) & named)


# Texts of up to this many characters have their concepts kept (terms, sentences, most sections'
# own text), so the cache holds at most 8,192 of them whatever the plans hold.
_KEPT_CHARS = 2000


def _named(text: str) -> frozenset[str]:
    if len(text) > _KEPT_CHARS:
        return frozenset(concepts(text))
    return _kept_named(text)


@lru_cache(maxsize=8192)
def _kept_named(text: str) -> frozenset[str]:
    # A report asks of the same few hundred terms and sentences again and again (weighing each
    # item's evidence against every candidate section): each text's concepts are found once.
    return frozenset(concepts(text))
