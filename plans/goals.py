"""The goals view's content for a set of plans: targets by indicator, a chart, aligned goals.

Everything a template shows is computed here (rows, cells, bar geometry); the template only
presents it. ``goal_table`` reads the database twice (targets, goal sections), whatever the
number of plans, and is shared by the goals page and the compare page's goals tab.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from plans.lib.targets import indicator_key
from plans.lib.targets_compared import Reading, TargetFact, measure_of, read_target
from plans.models import Plan, Section, Target

MAX_PLANS = 6
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
# Fill patterns in plan order (defined in the SVG), so bars differ without colour.
PATTERNS = ("solid", "hatch", "dots", "cross", "hlines", "vlines")
# How alike two goal paragraphs must be to share a row (cosine of TF-IDF on stored tokens).
_SAME_GOAL = 0.1


class GoalsForm(forms.Form):
    plans = forms.CharField(
        label=gettext_lazy("规划"),
        error_messages={"required": gettext_lazy("请用 ?plans= 给出要对照的规划短名。")},
        help_text=gettext_lazy(
            "用逗号分隔的规划短名，如 yunnan-2022-egov-plan,hunan-13th-egov-plan"
        ),
    )

    def clean_plans(self) -> list[str]:
        slugs = list(dict.fromkeys(s.strip() for s in self.cleaned_data["plans"].split(",")))
        slugs = [s for s in slugs if s]
        bad = [s for s in slugs if not _SLUG.match(s)]
        if bad:
            raise forms.ValidationError(
                _("这些不是规划短名：%(bad)s。短名只含字母、数字和连字符。")
                % {"bad": _("、").join(bad)}
            )
        if not slugs:
            raise forms.ValidationError(_("请至少给出一个规划短名。"))
        if len(slugs) > MAX_PLANS:
            raise forms.ValidationError(
                _("一次最多对照 %(n)d 份规划，收到 %(got)d 份。")
                % {"n": MAX_PLANS, "got": len(slugs)}
            )
        return slugs


@dataclass
class Column:
    plan: Plan
    label: str
    pattern: str
    lang: str


@dataclass
class Cell:
    column: Column
    items: list  # Targets in an indicator row, Sections in a goal row; document order


@dataclass
class IndicatorRow:
    key: str
    cells: list[Cell]

    @property
    def other_names(self) -> list[str]:
        """How the plans word the indicator, where that differs from the group's name."""
        names = dict.fromkeys(
            t.indicator for cell in self.cells for t in cell.items if not t.reading.name_garbled
        )
        return [n for n in names if n != self.key and not self.key.startswith(n + "（")]


@dataclass
class Bar:
    column: Column
    target: Target | None
    y: int  # top of the bar; text baselines below are precomputed for the template
    text_y: int
    width: float
    value_x: float
    value_label: str
    title: str


@dataclass
class ChartGroup:
    key: str
    y: int
    bars: list[Bar]


@dataclass
class Chart:
    groups: list[ChartGroup]
    width: int
    height: int
    plot_x: int
    plot_width: int
    bar_height: int
    ticks: list[tuple[float, str]]
    grid_top: int
    grid_bottom: int
    axis_y: int
    legend: list[tuple[Column, int, int]]  # column, swatch top, text baseline
    shared_only: bool = False


@dataclass
class GoalRow:
    label: str
    cells: list[Cell]


@dataclass
class GoalTable:
    columns: list[Column]
    rows: list[IndicatorRow]
    chart: Chart | None
    goals: list[GoalRow]


def goal_table(plans: list[Plan], *, pairing: list[list[int]] | None = None) -> GoalTable:
    """Targets and goals of ``plans`` side by side, one column per plan in the given order.

    ``pairing`` (section ids per row of the plans' comparison) pairs the goal items as the
    comparison does; without it they are paired by the words they share."""
    labels = [plan_label(p) for p in plans]
    # Two plans of one place and year: the slug tells them apart.
    labels = [
        f"{x}（{p.slug}）" if labels.count(x) > 1 else x for x, p in zip(labels, plans, strict=True)
    ]
    columns = [
        Column(
            plan=p,
            label=labels[i],
            pattern=PATTERNS[i % len(PATTERNS)],
            lang="zh-Hant" if p.is_traditional else "zh-Hans",
        )
        for i, p in enumerate(plans)
    ]
    index = {p.pk: i for i, p in enumerate(plans)}
    targets = list(
        Target.objects.filter(section__plan__in=plans)
        .select_related("section")
        .defer("section__body_simplified", "section__title_tokens", "section__body_tokens")
        .order_by("order", "id")
    )
    for t in targets:
        t.section.plan = plans[index[t.section.plan_id]]  # URLs need the slug: no query each
        t.shown = shown_value(t)
        t.change = baseline_change(t)
        t.reading = read_target(target_fact(t))
    rows = _indicator_rows(targets, index, columns)
    return GoalTable(
        columns=columns,
        rows=rows,
        chart=_chart(rows, columns),
        goals=_goal_rows(plans, index, columns, pairing),
    )


def plan_label(plan: Plan) -> str:
    """A short name for a column: 云南省 2022 规划."""
    year = plan.issued.year if plan.issued else (plan.era.name if plan.era else "")
    return f"{plan.jurisdiction.name} {year} {plan.get_kind_display()}".strip()


def shown_value(t: Target) -> str:
    """A target's value as a reader expects it: 90%以上, 不低于60%, 全覆盖, 万兆, 1000座."""
    if t.comparator == "全覆盖":
        return _("全覆盖")
    if t.value is None:
        return t.comparator
    if t.unit == "Mbps":
        words = {10.0: "十兆", 100.0: "百兆", 1000.0: "千兆", 10000.0: "万兆"}
        number = words.get(t.value) or f"{t.value:g}兆"
    else:
        number = f"{t.value:g}{t.unit}"
    if t.comparator in ("以上", "以下", "以内", "左右"):
        return f"{number}{t.comparator}"
    if t.comparator and t.comparator != "达到":
        return f"{t.comparator}{number}"
    return number


def baseline_change(t: Target) -> str:
    """基期 → 目标 with the years and the change, in the reader's language: "95%（2020）→ 99%
    （2025），+4 个百分点", "95% (2020) → 99% (2025), +4 percentage points"; "" when the text
    states no baseline."""
    if t.baseline_value is None:
        return ""
    start = _number(t.baseline_value, t.baseline_unit)
    end = _target_words(t)
    if t.deadline_year:
        end = _("%(value)s（%(year)s）") % {"value": end, "year": t.deadline_year}
    if t.baseline_year:
        # A full-width bracket brings its own space: one format string per shape.
        line = _("%(start)s（%(year)s）→ %(end)s") % {
            "start": start,
            "year": t.baseline_year,
            "end": end,
        }
    else:
        line = _("%(start)s → %(end)s") % {"start": start, "end": end}
    if t.value is None or not _comparable(t.baseline_unit, t.unit):
        return line
    diff = round(t.value - t.baseline_value, 4)
    sign = "+" if diff > 0 else "−" if diff < 0 else "±"
    if t.unit == "%":
        change = _("%(sign)s%(n)s 个百分点") % {"sign": sign, "n": f"{abs(diff):g}"}
    else:
        change = f"{sign}{abs(diff):g}{t.unit}"
    return _("%(line)s，%(change)s") % {"line": line, "change": change}


# A target's comparator around its number, worded for the reader (shown_value keeps the plan's
# own words for the plan's column).
_COMPARED = {
    "以上": gettext_noop("%(n)s以上"),
    "以下": gettext_noop("%(n)s以下"),
    "以内": gettext_noop("%(n)s以内"),
    "左右": gettext_noop("%(n)s左右"),
    "不低于": gettext_noop("不低于%(n)s"),
    "不少于": gettext_noop("不少于%(n)s"),
    "超过": gettext_noop("超过%(n)s"),
    "不超过": gettext_noop("不超过%(n)s"),
}


def _target_words(t: Target) -> str:
    """The target's value as ``shown_value`` gives it, its comparator in the reader's language."""
    words = _COMPARED.get(t.comparator)
    if t.value is None or words is None or t.unit == "Mbps":
        return shown_value(t)
    return _(words) % {"n": _number(t.value, t.unit)}


def described(t: Target) -> str:
    """A target in one line of an export: its change from the baseline when one is stated, else
    its value and deadline."""
    return baseline_change(t) or f"{shown_value(t)} {t.deadline}".strip()


def _number(value: float, unit: str) -> str:
    return f"{value:g}{unit}"


def _comparable(a: str, b: str) -> bool:
    """Units a difference can be taken in: the same, or one counting word within another
    (万人 and 万人次)."""
    return a == b or (a != "%" and b != "%" and (a.startswith(b) or b.startswith(a)))


def target_fact(t: Target) -> TargetFact:
    """What plans.lib.targets_compared needs of a stored target (its section must be loaded).

    The group is looked up again, so a vocabulary change applies without importing again."""
    return TargetFact(
        id=t.pk,
        indicator=t.indicator,
        key=indicator_key(t.indicator),
        value=t.value,
        unit=t.unit,
        comparator=t.comparator,
        deadline=t.deadline,
        deadline_year=t.deadline_year,
        scope=t.scope,
        text=t.text,
        start=t.start,
        end=t.end,
        context=t.section.title if t.in_title else t.section.body,
    )


def indicator_name(reading: Reading) -> str:
    """An indicator as a reader sees it: its measure, and its object when the measure alone
    does not say (整合率（互联网出口）); an object lost in garbled text says so."""
    if reading.name_garbled:
        measure = measure_of(reading.measure) or _("指标")
        return _("%(measure)s（名称不明：原文乱码）") % {"measure": measure}
    if reading.object == "?":
        return _("%(measure)s（对象不明：原文乱码）") % {"measure": reading.measure}
    if reading.object:
        return f"{reading.measure}（{reading.object}）"
    return reading.measure


def _indicator_rows(
    targets: list[Target], index: dict[int, int], columns: list[Column]
) -> list[IndicatorRow]:
    """One row per indicator (measure + object); rows more plans share come first, then first
    mention."""
    rows: dict[tuple[str, str], IndicatorRow] = {}
    for t in targets:
        identity = t.reading.identity
        row = rows.get(identity)
        if row is None:
            row = rows[identity] = IndicatorRow(
                indicator_name(t.reading), [Cell(c, []) for c in columns]
            )
        row.cells[index[t.section.plan_id]].items.append(t)
    return sorted(rows.values(), key=lambda r: -sum(1 for cell in r.cells if cell.items))


def _headline(targets: list[Target]) -> Target | None:
    """The value a plan sets last in time: the latest deadline, first stated among equals."""
    if not targets:
        return None
    latest = max(t.deadline_year or 0 for t in targets)
    return next(t for t in targets if (t.deadline_year or 0) == latest)


# Chart geometry in SVG user units: plan names left of the bars, values right of them.
_WIDTH, _NAMES, _VALUES, _BAR, _GAP, _HEAD = 760, 170, 220, 18, 6, 24


def _chart(rows: list[IndicatorRow], columns: list[Column]) -> Chart | None:
    """Bars of the percentage targets by indicator and plan (other units stay in the table):
    the indicators two or more plans share, or all of them when none is shared."""
    plot_x, plot_width = _NAMES, _WIDTH - _NAMES - _VALUES
    legend = [(c, 4 + i * (_BAR + _GAP), 4 + i * (_BAR + _GAP) + 14) for i, c in enumerate(columns)]
    y = 4 + len(columns) * (_BAR + _GAP) + 16
    charted = []
    for row in rows:
        # A value read from garbled text is shown in the table, marked, but never drawn.
        heads = [
            _headline([t for t in cell.items if t.unit == "%" and not t.reading.unreliable])
            for cell in row.cells
        ]
        if any(heads):
            charted.append((row, heads))
    # Side by side is the point: with several plans, draw the indicators they share.
    shared = [(row, heads) for row, heads in charted if sum(1 for h in heads if h) > 1]
    groups = []
    for row, heads in shared or charted:
        group = ChartGroup(key=row.key, y=y + 16, bars=[])
        y += _HEAD
        for column, head in zip(columns, heads, strict=True):
            width = plot_width * min(head.value or 0.0, 100.0) / 100.0 if head else 0.0
            value = _value_label(head)
            group.bars.append(
                Bar(
                    column=column,
                    target=head,
                    y=y,
                    text_y=y + 14,
                    width=round(width, 1),
                    value_x=round(plot_x + width + 6, 1),
                    value_label=value,
                    title=_("%(name)s：%(value)s")
                    % {"name": f"{row.key} · {column.label}", "value": value},
                )
            )
            y += _BAR + _GAP
        groups.append(group)
        y += 8
    if not groups:
        return None
    ticks = [(round(plot_x + plot_width * p / 100, 1), f"{p}%") for p in (0, 25, 50, 75, 100)]
    return Chart(
        groups=groups,
        width=_WIDTH,
        height=y + 24,
        plot_x=plot_x,
        plot_width=plot_width,
        bar_height=_BAR,
        ticks=ticks,
        grid_top=groups[0].y + 4,
        grid_bottom=y,
        axis_y=y + 16,
        legend=legend,
        shared_only=bool(shared) and len(shared) < len(charted),
    )


def _value_label(head: Target | None) -> str:
    if head is None:
        return _("未设定")
    extra = "，".join(x for x in (head.scope, head.deadline) if x)
    return head.shown + (f"（{extra}）" if extra else "")


def _goal_rows(
    plans: list[Plan],
    index: dict[int, int],
    columns: list[Column],
    pairing: list[list[int]] | None,
) -> list[GoalRow]:
    """Goal headings' paragraphs in one row, then goal items aligned: as the comparison's rows
    pair them when given, else by the words they share."""
    headed = Q(kind__in=[Section.Kind.CHAPTER, Section.Kind.SECTION, Section.Kind.ITEM]) & Q(
        title_simplified__contains="目标"
    )
    sections = sorted(
        Section.objects.filter(plan__in=plans).filter(headed | Q(kind=Section.Kind.GOAL)),
        key=lambda s: (index[s.plan_id], s.order),
    )
    headline = GoalRow(label=_("总体目标"), cells=[Cell(c, []) for c in columns])
    items = []
    for s in sections:
        s.plan = plans[index[s.plan_id]]
        s.paragraphs = [line.strip() for line in s.body.split("\n") if line.strip()]
        if s.kind == Section.Kind.GOAL:
            items.append(s)
        else:
            headline.cells[index[s.plan_id]].items.append(s)
    found = []
    for group in _aligned(items) if pairing is None else _as_rows(items, pairing):
        row = GoalRow(label=group[0].title or group[0].label, cells=[Cell(c, []) for c in columns])
        for s in group:
            row.cells[index[s.plan_id]].items.append(s)
        found.append(row)
    return ([headline] if any(c.items for c in headline.cells) else []) + found


def _as_rows(items: list[Section], rows: list[list[int]]) -> list[list[Section]]:
    """Goal items grouped as the comparison's rows place them, in document order."""
    row_of = {sid: n for n, ids in enumerate(rows) for sid in ids}
    groups: dict[object, list[Section]] = {}
    for s in items:
        groups.setdefault(row_of.get(s.pk, ("alone", s.pk)), []).append(s)
    return sorted(groups.values(), key=lambda g: items.index(g[0]))


def _aligned(items: list[Section]) -> list[list[Section]]:
    """Goal items grouped across plans, at most one per plan in a group, most alike first.

    Words are weighted by how rare they are among these goals (TF-IDF), so the shared vocabulary
    of every goal paragraph (提升, 能力, 建成) counts for little; numbers don't count at all.
    """
    bags = [Counter(_words(s)) for s in items]
    df = Counter(word for bag in bags for word in bag)
    n = len(items)
    vectors = []
    for bag in bags:
        v = {w: (1 + math.log(c)) * math.log((n + 1) / (df[w] + 0.5)) for w, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    pairs = sorted(
        (
            (sum(x * vectors[j].get(w, 0.0) for w, x in vectors[i].items()), i, j)
            for i in range(n)
            for j in range(i + 1, n)
            if items[i].plan_id != items[j].plan_id
        ),
        reverse=True,
    )
    group_of = {i: {i} for i in range(n)}
    for score, i, j in pairs:
        if score < _SAME_GOAL:
            break
        a, b = group_of[i], group_of[j]
        if a is b or {items[k].plan_id for k in a} & {items[k].plan_id for k in b}:
            continue
        a |= b
        for k in b:
            group_of[k] = a
    groups = {id(g): sorted(g) for g in group_of.values()}.values()
    return [[items[k] for k in g] for g in sorted(groups)]


def _words(s: Section) -> list[str]:
    # The title says what the goal is about: count its words twice.
    words = f"{s.title_tokens} {s.title_tokens} {s.body_tokens}".split()
    return [w for w in words if len(w) > 1 and not any(ch.isdigit() for ch in w)]
