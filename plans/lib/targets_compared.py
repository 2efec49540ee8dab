"""What a target measures, whether its text can be trusted, and how two plans' targets compare.

Pure Python (no Django). An indicator is its measured object plus its measure: two targets are
the same indicator only when both agree. The vocabulary (``plans/data/indicators.txt``) names
measures; a generic measure (部门整合率, 覆盖率, 联通) says nothing of its object, which the text
before it gives ("…一个互联网出口实现整合，省、市两级部门整合率达到95%" measures internet exits). A
target whose clause, or the words its object is read from, are garbled (乱码) is unreliable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plans.lib.targets import indicator_key, is_known_indicator
from plans.parsing.text import find_mojibake, to_simplified

STRICTER, EQUAL, LOOSER, MISSING, INCOMPARABLE = (
    "stricter",
    "equal",
    "looser",
    "missing",
    "incomparable",
)
# Comparators that set a ceiling; everything else (达到, 以上, 不低于, 全覆盖, "") sets a floor.
_CEILING = frozenset({"以内", "以下", "不超过"})
_EXCLUSIVE = frozenset({"超过"})
# Generic measures and the verb whose object they measure.
_GENERIC_VERB = {"整合率": "整合", "覆盖率": "覆盖", "联通率": "联通", "接入率": "接入"}
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?\n]")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_LEADING_JUNK = re.compile(r"^(?:.*[个的])?(?:原则上|按照|基本|全面|逐步|实现|完成)*")
_TRAILING_JUNK = re.compile(r"(?:实现|完成|基本|全面|逐步)+$")
_MEASURE = re.compile(
    r"(?:覆盖率|覆盖|联通率|联通|接入率|上云率|整合率|共享率|开放率|率|指数|比例|比重|占比|满意度)$"
)
_PUNCT = re.compile(r"[\s、，,（）()“”\"'·]")


@dataclass(frozen=True)
class TargetFact:
    """What the comparison needs of a stored target; offsets point into ``context``."""

    id: int
    indicator: str
    key: str  # the vocabulary group (plans.lib.targets.indicator_key)
    value: float | None
    unit: str
    comparator: str
    deadline: str
    deadline_year: int | None
    scope: str
    text: str
    start: int
    end: int
    context: str  # the section's text (title or body) the target was read from


@dataclass(frozen=True)
class Reading:
    measure: str  # the vocabulary group
    object: str  # what is measured when the measure alone does not say; "" otherwise
    unreliable: bool
    garbled: str  # the damaged words, for the reader
    # The indicator's own words are the damaged ones ("緦崿F各級…覆蓋"): its name is not shown.
    name_garbled: bool = False

    @property
    def identity(self) -> tuple[str, str]:
        return self.measure, self.object


@dataclass
class TargetPair:
    """One indicator both plans (or one of them) set, with the lower plan's direction."""

    identity: tuple[str, str]
    upper: list[TargetFact]
    lower: list[TargetFact]
    direction: str  # stricter, equal, looser, missing (lower sets none), incomparable
    why: str  # value, deadline, comparator, unit, unreliable, ""
    unreliable: bool

    @property
    def name(self) -> str:
        measure, what = self.identity
        return f"{measure}（{what}）" if what else measure


def read_target(t: TargetFact) -> Reading:
    """The measure and object of ``t``, and whether garbled text makes it unreliable.

    >>> ctx = "按照一个互联网出口实现整合,省、市两级部门整合率达到95%"
    >>> read_target(_fact("部门整合率", "整合率", ctx, ctx.index("省"))).object
    '互联网出口'
    """
    garbled = _garbled(t.context)
    damaged = [t.context[a:b] for a, b in garbled if a < t.end and t.start < b]
    what, span = "", None
    if t.key in _GENERIC_VERB:
        what, span = _object_before(t.context, t.start, _GENERIC_VERB[t.key])
        if span and any(a < span[1] and span[0] < b for a, b in garbled):
            damaged.append(t.context[span[0] : span[1]])
            what = "?"
        elif what and is_known_indicator(what + t.key):  # 互联网出口 + 整合率: a known indicator
            named = indicator_key(what + t.key)
            return Reading(named, "", unreliable=bool(damaged), garbled="…".join(damaged))
    elif t.key == "带宽":  # 万兆到州市, 千兆到县: the level reached is the object
        what = _PUNCT.sub("", to_simplified(t.scope))
    return Reading(
        measure=t.key,
        object=what,
        unreliable=bool(damaged),
        garbled="…".join(damaged),
        name_garbled=_opens_after_mark(t.context, t.start) and not is_known_indicator(t.indicator),
    )


def measure_of(name: str) -> str:
    """The measure word an indicator's name ends in (覆盖, 覆盖率, 上云率…), or "" for none."""
    m = _MEASURE.search(to_simplified(name))
    return m.group() if m else ""


def _opens_after_mark(text: str, start: int) -> bool:
    """Whether the clause at ``start`` opens right after a mojibake mark: the bytes lost there
    were the clause's first words, so what stands for them is noise ("?;緦崿F各級" for
    "。基本實現各級")."""
    for _a, b in find_mojibake(text):
        while b < len(text) and text[b] in "?;；":
            b += 1
        if b <= start <= b + 2:
            return True
    return False


def direction(upper: TargetFact, lower: TargetFact) -> tuple[str, str]:
    """(stricter|equal|looser|incomparable, why) of ``lower``'s target against ``upper``'s.

    Floors compare upwards (90%以上 is stricter than 不低于80%), ceilings downwards; an earlier
    deadline is stricter (2025年底 and 2025年 are the same year); a higher value with a later
    deadline is looser, since the upper plan's date is missed.
    """
    if _ceiling(upper) != _ceiling(lower):
        return INCOMPARABLE, "comparator"
    uv, lv = _value(upper), _value(lower)
    if uv is None or lv is None or _unit(upper) != _unit(lower):
        return INCOMPARABLE, "unit"
    sense = -1.0 if _ceiling(upper) else 1.0
    value = (lv - uv) * sense
    if value == 0:
        value = (lower.comparator in _EXCLUSIVE) - (upper.comparator in _EXCLUSIVE)
    years = 0
    if upper.deadline_year and lower.deadline_year:
        years = lower.deadline_year - upper.deadline_year
    if years > 0:
        return LOOSER, "deadline"
    if value < 0:
        return LOOSER, "value"
    if value > 0:
        return STRICTER, "value"
    if years < 0:
        return STRICTER, "deadline"
    return EQUAL, ""


def pair_targets(upper: Iterable[TargetFact], lower: Iterable[TargetFact]) -> list[TargetPair]:
    """The indicators of ``upper`` in order, each with ``lower``'s targets for the same one and
    the direction of its latest; then the indicators only ``lower`` sets (direction "")."""
    groups: dict[tuple[str, str], tuple[list[TargetFact], list[TargetFact]]] = {}
    unreliable: set[tuple[str, str]] = set()
    for side, targets in ((0, upper), (1, lower)):
        for t in targets:
            reading = read_target(t)
            groups.setdefault(reading.identity, ([], []))[side].append(t)
            if reading.unreliable:
                unreliable.add(reading.identity)
    pairs = []
    for identity, (ups, lows) in groups.items():
        shaky = identity in unreliable or identity[1] == "?"
        if not ups:
            way, why = "", ""
        elif not lows:
            way, why = MISSING, ""
        elif shaky:
            way, why = INCOMPARABLE, "unreliable"
        else:
            way, why = direction(headline(ups), headline(lows))
        pairs.append(TargetPair(identity, ups, lows, way, why, shaky))
    pairs = _join_reaches(pairs)
    pairs.sort(key=lambda p: not p.upper)  # stable: the upper plan's order first
    return pairs


# Administrative levels a coverage target reaches, by the words plans use for them.
_LEVELS = (
    ("省", ("省",)),
    ("市", ("州市", "市州", "地市", "市", "州")),
    ("县", ("县市区", "县区", "县", "区")),
    ("乡", ("乡镇", "街道", "乡", "镇")),
    ("村", ("行政村", "社区", "村")),
)
_REACH = ("覆盖率", "覆盖", "联通率", "联通", "接入率", "接入")


def _thing_covered(sentence: str) -> str:
    """The first thing in ``sentence`` whose coverage the vocabulary knows (电子政务外网)."""
    for start in range(len(sentence)):
        for end in range(min(len(sentence), start + 10), start + 1, -1):
            name = sentence[start:end] + "覆盖率"
            if is_known_indicator(name) and not _only_levels(sentence[start:end]):
                return indicator_key(name)
    return ""


def reach(t: TargetFact) -> tuple[str, frozenset[str]] | None:
    """What a coverage target covers and at which levels: (the measure of the thing covered,
    the levels), or None for another kind of target.

    One indicator goes by several names across eras: 2022's "2025年底实现80%行政村覆盖" (of
    电子政务外网, named earlier in its sentence) and 2023's 电子政务外网 "省、州市、县、乡、村五级
    全覆盖" both measure how far the government network reaches, the first at one of the levels.
    """
    if not (t.key.endswith(_REACH) or t.comparator == "全覆盖"):
        return None
    stem = t.key.removesuffix("率")
    for verb in _REACH:
        stem = stem.removesuffix(verb)
    own = _only_levels(stem)
    floor = 0
    for m in _SENTENCE_END.finditer(t.context, 0, t.start):
        floor = m.end()
    sentence = to_simplified(t.context[floor : t.end])
    thing = "" if own or t.key in _GENERIC_VERB or not stem else t.key
    if not thing:  # the measure names a level (行政村覆盖率) or nothing (联通): the sentence does
        thing = _thing_covered(sentence)
    levels = own or _levels(to_simplified(t.scope))
    if not thing or not levels:
        return None
    return thing, levels


def _levels(text: str) -> frozenset[str]:
    found, rest = set(), text
    for level, words in _LEVELS:
        for word in words:
            if word in rest:
                found.add(level)
                rest = rest.replace(word, "、")
    return frozenset(found)


def _only_levels(text: str) -> frozenset[str]:
    """The levels ``text`` names when it names nothing else (行政村, 省市县两级), else none."""
    rest = text
    for _, words in _LEVELS:
        for word in words:
            rest = rest.replace(word, "")
    return (
        _levels(text) if not re.sub(r"[、，,（）()\s两三四五六级全各]", "", rest) else frozenset()
    )


def _join_reaches(pairs: list[TargetPair]) -> list[TargetPair]:
    """An indicator only the upper plan sets and one only the lower plan sets are one indicator
    when both cover the same thing at overlapping levels (行政村 within 省…村五级)."""
    only_upper = [p for p in pairs if p.upper and not p.lower and not p.unreliable]
    only_lower = [p for p in pairs if p.lower and not p.upper and not p.unreliable]
    joined: dict[int, TargetPair] = {}
    used: set[int] = set()
    for up in only_upper:
        a = reach(headline(up.upper))
        if a is None:
            continue
        for low in only_lower:
            b = reach(headline(low.lower))
            if id(low) in used or b is None or a[0] != b[0] or not a[1] & b[1]:
                continue
            way, why = direction(headline(up.upper), headline(low.lower))
            if way == EQUAL and a[1] != b[1]:  # the same value at more levels, or fewer
                way, why = (STRICTER if b[1] > a[1] else LOOSER if b[1] < a[1] else way), "scope"
            joined[id(up)] = TargetPair((a[0], ""), up.upper, low.lower, way, why, False)
            used.add(id(low))
            break
    return [joined.get(id(p), p) for p in pairs if id(p) not in used]


def headline(targets: Sequence[TargetFact]) -> TargetFact:
    """The value a plan sets last in time: the latest deadline, first stated among equals."""
    latest = max(t.deadline_year or 0 for t in targets)
    return next(t for t in targets if (t.deadline_year or 0) == latest)


def _garbled(text: str) -> list[tuple[int, int]]:
    """Damaged stretches: each mojibake mark and the words after it up to the clause's end
    (a mark stands where bytes were lost; what follows it up to the punctuation is noise)."""
    stretches = []
    for start, end in find_mojibake(text):
        while end < len(text) and text[end] in "?;；":  # the mark's own punctuation
            end += 1
        m = _CLAUSE_END.search(text, end)
        stretches.append((start, m.start() if m else len(text)))
    return stretches


def _object_before(text: str, at: int, verb: str) -> tuple[str, tuple[int, int] | None]:
    """The object of the last ``verb`` (not ``verb``率) before ``at`` in its sentence."""
    floor = 0
    for m in _SENTENCE_END.finditer(text, 0, at):
        floor = m.end()
    simple = to_simplified(text)
    if len(simple) != len(text):  # a phrase rewritten to another length: go character by character
        simple = "".join(c if len(s := to_simplified(c)) != 1 else s for c in text)
    found = None
    for m in re.finditer(re.escape(verb) + r"(?!率)", simple[floor:at]):
        found = floor + m.start()
    if found is None:
        return "", None
    start = found
    while start > floor and not _CLAUSE_END.match(simple[start - 1]):
        start -= 1
    words = _LEADING_JUNK.sub("", simple[start:found])
    words = _TRAILING_JUNK.sub("", words)
    return words[-12:], (start, found)


def _ceiling(t: TargetFact) -> bool:
    return t.comparator in _CEILING


def _value(t: TargetFact) -> float | None:
    if t.comparator == "全覆盖" and t.value is None:
        return 100.0
    return t.value


def _unit(t: TargetFact) -> str:
    return "%" if t.comparator == "全覆盖" else t.unit


def _fact(indicator: str, key: str, context: str, start: int) -> TargetFact:
    """A target stated at ``start`` of ``context`` (for examples and tests)."""
    return TargetFact(
        0,
        indicator,
        key,
        None,
        "%",
        "",
        "",
        None,
        "",
        context[start:],
        start,
        len(context),
        context,
    )
