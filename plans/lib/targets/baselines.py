"""Baselines (基期值, 现状值) of targets, and the direction each target moves its indicator.

A plan states where it starts in two places: in the target's own clause ("由95%提高到99%",
"从2020年的6.67%提升至7%") and in its look back (发展现状, 主要成效, “十四五”发展成就), where the
same indicator carries a figure ("网上可办率达95%"). A look-back figure is a target's baseline
when it measures the same indicator, in a compatible unit, at the same scope; its year is the one
the sentence names, else the last year of the period the look back reviews, else the year before
the plan's own period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from plans.lib.targets.reading import _simplify, is_review_heading
from plans.lib.targets.records import Baseline, SectionText, Target
from plans.lib.targets.tables import indicator_rows, table_baseline
from plans.lib.targets.values import PER_YEAR, _subject
from plans.lib.targets.vocabulary import indicator_key
from plans.parsing import ERAS

RAISE, LOWER, KEEP = "提高", "降低", "保持"

_NUMBER = r"\d+(?:\.\d+)?"
_UNIT = (
    r"%|个百分点|万人次|万标箱|万人|万户|万个|万家|万张|万座|万千瓦|亿元|万亿元|公里|"
    r"个|座|家|项|所|套|台|张|户|名|件|条|处|人|岁"
)
# "由95%提高到99%", "从2020年的6.67%提升至7%": the figure the clause starts from.
_FROM = re.compile(
    rf"(?:由|从)\s*(?:(?P<year>(?:19|20)\d{{2}})\s*年(?:底|末)?的?)?\s*(?P<num>{_NUMBER})\s*"
    rf"(?P<unit>{_UNIT})?\s*(?:的?水平)?\s*"
    r"(?:提高|提升|增加|增长|扩大|上升|降低|下降|减少|压减|缩短|压缩)(?:到|至|为)?\s*$"
)
_FIGURE = re.compile(rf"(?<![\d.第])(?P<num>{_NUMBER})\s*(?P<unit>{_UNIT})(?![\d年月日])")
# Verbs between an indicator and its look-back figure.
_REPORTED = re.compile(
    r"(?:已经|已|均|分别|稳定|保持|首次|历史性)*"
    r"(?:达到了?|达|突破|超过|超|增至|增长至|增加到|提升至|提升到|提高到|提高至|上升至|上升到|"
    r"降至|下降至|下降到|降低到|为|保持在|稳定在|约|近)?\s*$"
)
_PIECE = re.compile(r"[^，,；;。！？!?\n、]+")
_JUNK_TAIL = re.compile(r"(?:分别|力争|稳定|持续|保持在|保持|超|达到|达|提升至|提高到|次)+$")
_SENTENCE_YEAR = re.compile(r"(?:截至|截止到?|到|至)\s*((?:19|20)\d{2})\s*年(?:底|末)?")
_ERA = re.compile(r"十[一二三四五六]五")
_KEEP_WORDS = re.compile(r"保持|稳定在|维持|巩固")
_LOWER_WORDS = re.compile(r"降低|下降|降至|减少|压减|压缩|缩短|控制在|不超过|不高于|以内|以下")
_CEILINGS = frozenset({"以内", "以下", "不超过"})
_SAME_NAME = 0.8


@dataclass(frozen=True)
class _Figure:
    """A figure a look back reports: "网上可办率达95%"."""

    name: str
    value: float
    unit: str
    scope: str
    year: int | None
    text: str
    series: int  # its place in a "分别达68.4%、59.9%" run; 0 when alone


def attach_baselines(sections: list[SectionText], targets: list[Target]) -> list[Target]:
    """``targets`` of the plan ``sections`` make up, each with its baseline (or None) and its
    direction (提高, 降低 or 保持).

    >>> s = [SectionText(0, None, "chapter", "发展现状", "“十三五”时期，网上可办率达95%。"),
    ...      SectionText(1, None, "goal", "发展目标", "到2025年，网上可办率达到99%。")]
    >>> from plans.lib.targets import extract_plan_targets
    >>> [(t.baseline.value, t.baseline.year, t.direction) for t in extract_plan_targets(s)]
    [(95.0, 2020, '提高')]
    """
    by_id = {s.id: s for s in sections}
    start = _plan_start(targets)
    figures = _look_back(sections, start)
    rows = indicator_rows(sections)
    used: set[int] = set()
    found = []
    for t in targets:
        section = by_id.get(t.section_id)
        context = section.title if section and t.in_title else section.body if section else ""
        baseline = (
            _in_clause(context, t, start) or table_baseline(t, rows) or _reported(t, figures, used)
        )
        found.append(replace(t, baseline=baseline, direction=direction_of(t, baseline, context)))
    return found


def direction_of(t: Target, baseline: Baseline | None, context: str = "") -> str:
    """提高, 降低 or 保持: from the target's wording, else its value against its baseline."""
    clause = _simplify(context[t.start : t.end]) if context else _simplify(t.text)
    if _KEEP_WORDS.search(clause):
        return KEEP
    if baseline is not None and t.value is not None and _units_agree(baseline.unit, t.unit):
        if t.value > baseline.value:
            return RAISE
        if t.value < baseline.value:
            return LOWER
        return KEEP
    if t.comparator in _CEILINGS or _LOWER_WORDS.search(clause):
        return LOWER
    return RAISE


def _in_clause(context: str, t: Target, plan_start: int | None) -> Baseline | None:
    """The figure a target's own clause starts from: "由95%提高到99%" (of the year before the
    plan's period unless the clause names one)."""
    simple = _simplify(context)
    left = simple[max(0, t.start - 40) : _value_at(simple, t)]
    m = _FROM.search(left)
    if m is None:
        return None
    unit = m.group("unit") or t.unit
    year = int(m.group("year")) if m.group("year") else None
    if year is None and plan_start:
        year = plan_start - 1
    return Baseline(float(m.group("num")), unit, year, t.scope, context[t.start : t.end])


def _value_at(simple: str, t: Target) -> int:
    """Where the target's value starts in its clause (the clause may open with the indicator)."""
    if t.value is None:
        return t.end
    for m in _FIGURE.finditer(simple, t.start, t.end):
        if float(m.group("num")) == t.value or float(m.group("num")) * 10000 == t.value:
            return m.start()
    return t.end


def _reported(t: Target, figures: list[_Figure], used: set[int]) -> Baseline | None:
    """The first look-back figure of the same indicator, unit and scope not yet taken."""
    name = _name(t.indicator)
    if len(name) < 2 or t.unit == "Mbps":
        return None
    for i, f in enumerate(figures):
        if i in used or not _units_agree(f.unit, t.unit) or not _same_indicator(name, f.name):
            continue
        if f.scope and t.scope and _bare(f.scope) != _bare(t.scope):
            continue
        used.add(i)
        return Baseline(f.value, f.unit, f.year, f.scope, f.text)
    return None


def _same_indicator(a: str, b: str) -> bool:
    if a == b or indicator_key(a) == indicator_key(b):
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and long.endswith(short):
        return True
    return SequenceMatcher(None, a, b).ratio() >= _SAME_NAME


def _units_agree(a: str, b: str) -> bool:
    if a.endswith(PER_YEAR) != b.endswith(PER_YEAR):
        return False  # a count each year is no total's successor (每年遴选20家 after 遴选50家)
    return a == b or (a != "%" and b != "%" and (a.startswith(b) or b.startswith(a)))


def _name(indicator: str) -> str:
    name = re.sub(r"[“”\"'‘’「」『』\s]", "", _simplify(indicator))
    return _JUNK_TAIL.sub("", name)


def _bare(scope: str) -> str:
    return re.sub(r"[、和及与两三四五级]", "", _simplify(scope))


def _look_back(sections: list[SectionText], plan_start: int | None) -> list[_Figure]:
    """The figures the plan's look-back sections report, in document order."""
    era_of: dict[int, int | None] = {}  # id -> the last year its look back reviews
    review: set[int] = set()
    figures: list[_Figure] = []
    for s in sections:
        inherited = s.parent_id in review
        if not inherited and (s.kind == "goal" or not is_review_heading(s.title)):
            continue
        review.add(s.id)
        year = _era_end(s.title) or era_of.get(s.parent_id) or _era_end(s.body[:80])
        era_of[s.id] = year
        figures.extend(_figures(s.body, year or (plan_start - 1 if plan_start else None)))
    return figures


def _figures(text: str, period_end: int | None) -> list[_Figure]:
    simple = _simplify(text)
    found: list[_Figure] = []
    for sentence in re.finditer(r"[^。！？!?\n]+", simple):
        said = _SENTENCE_YEAR.search(sentence.group())
        year = int(said.group(1)) if said else period_end
        name, scope, series = "", "", 0
        for piece in _PIECE.finditer(sentence.group()):
            m = _FIGURE.search(piece.group())
            if m is None:
                name, series = "", 0
                continue
            left = piece.group()[: m.start()]
            verb = _REPORTED.search(left)
            left = left[: verb.start()] if verb else left
            own, own_scope = _subject(left)
            if own:
                name, scope, series = _name(own), own_scope, 0
            elif name and not piece.group()[m.end() :].strip():
                series += 1  # "分别达68.4%、59.9%": the run goes on
            else:
                continue
            quote = piece.group().strip()
            found.append(
                _Figure(name, float(m.group("num")), m.group("unit"), scope, year, quote, series)
            )
    return found


def _era_end(text: str) -> int | None:
    m = _ERA.search(_simplify(text))
    return ERAS[m.group()][1] if m and m.group() in ERAS else None


def _plan_start(targets: list[Target]) -> int | None:
    """The first year of the period the plan's targets fall in (2025 -> 2021, “十四五”)."""
    years = [t.deadline_year for t in targets if t.deadline_year]
    if not years:
        return None
    latest = max(years)
    for start, end in ERAS.values():
        if start <= latest <= end:
            return start
    return None
