"""Find the sections of every plan that mention some words, grouped by plan.

Words are matched in the simplified form of titles and texts, so 政务云 also finds a traditional
plan's 政務雲; what a reader sees is the original script, with the words marked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, F, Func, TextField, Value, Window
from django.db.models.functions import RowNumber, StrIndex
from django.db.models.lookups import Contains, GreaterThan

from plans.models import Plan, Section, without_text
from plans.parsing.text import to_simplified

MAX_TERMS = 5
PER_PLAN = 30  # sections shown per plan; the count says how many there are
MAX_PLANS = 20  # plans shown, those that say most; the counts cover every plan
SNIPPET = 48  # characters of context either side of the first match


class SearchText(Func):
    """What a query's words are looked for in: a section's simplified title and text, lower-case.

    On PostgreSQL a trigram index covers exactly this expression (migration 0004), so keep the
    two alike. Query words hold no space, so the space joining title and text matches nothing
    across them.
    """

    template = "LOWER(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self) -> None:
        super().__init__(F("title_simplified"), F("body_simplified"))


@dataclass
class Hit:
    section: Section
    snippet: list[tuple[str, bool]]  # (text, is a match), in order


@dataclass
class PlanHits:
    plan: Plan
    count: int = 0
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Results:
    groups: list[PlanHits]  # the MAX_PLANS plans with most matching sections, most first
    total: int = 0  # matching sections in every plan
    plans: int = 0  # plans with a matching section


def terms_of(query: str) -> list[str]:
    """The words of a query, simplified and NFKC, at most MAX_TERMS, no duplicates."""
    words = unicodedata.normalize("NFKC", to_simplified(query)).lower().split()
    return list(dict.fromkeys(words))[:MAX_TERMS]


def search(terms: list[str], plans: list[Plan] | None = None) -> Results:
    """Sections whose title or text contains every term, by plan (most matches first).

    Two queries however many plans match: the count of matching sections per plan, then the
    first PER_PLAN sections of each of the MAX_PLANS plans shown.
    """
    if not terms:
        return Results(groups=[])
    matching = Section.objects.filter(*(_mentions(term) for term in terms))
    if plans is not None:
        matching = matching.filter(plan__in=plans)
    counts = list(matching.order_by().values_list("plan_id", "plan__title").annotate(n=Count("id")))
    counts.sort(key=lambda row: (-row[2], row[1], row[0]))
    shown = {plan_id: n for plan_id, _title, n in counts[:MAX_PLANS]}
    first = (
        matching.filter(plan_id__in=shown)
        .select_related("plan__jurisdiction", "plan__era")
        .defer("title_tokens", "body_tokens", "plan__warnings", *without_text("plan"))
        .annotate(rank=Window(RowNumber(), partition_by=F("plan_id"), order_by=F("order").asc()))
        .filter(rank__lte=PER_PLAN)
        .order_by("plan_id", "order")
    )
    groups: dict[int, PlanHits] = {}
    for section in first:
        group = groups.setdefault(
            section.plan_id, PlanHits(plan=section.plan, count=shown[section.plan_id])
        )
        group.hits.append(Hit(section, snippet(section.body, section.body_simplified, terms)))
    return Results(
        groups=[groups[plan_id] for plan_id in shown],
        total=sum(n for _plan, _title, n in counts),
        plans=len(counts),
    )


def _mentions(term: str):
    """The condition that a section mentions ``term``.

    A trigram index answers LIKE for words of three characters or more; a shorter word has no
    trigram and would make the index read every entry, so it is tested on the rows the other
    words found (or on every row) with a plain substring search, which finds the same.
    """
    if len(term) >= 3:
        return Contains(SearchText(), term)
    return GreaterThan(StrIndex(SearchText(), Value(term)), 0)


def snippet(original: str, simplified: str, terms: list[str]) -> list[tuple[str, bool]]:
    """A window of ``original`` around the first match, the matches marked.

    Matching is on ``simplified``; the window is cut from the original at the same place, which
    OpenCC keeps character for character (else the simplified text is shown).
    """
    text = original if len(original) == len(simplified) else simplified
    folded = simplified.lower()
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    first = pattern.search(folded)
    if first is None:  # matched in the title only
        return [(text[: SNIPPET * 2] + ("…" if len(text) > SNIPPET * 2 else ""), False)]
    start = max(0, first.start() - SNIPPET)
    stop = min(len(text), first.end() + SNIPPET)
    parts: list[tuple[str, bool]] = [("…", False)] if start else []
    at = start
    for match in pattern.finditer(folded, start, stop):
        if match.start() > at:
            parts.append((text[at : match.start()], False))
        parts.append((text[match.start() : match.end()], True))
        at = match.end()
    if at < stop:
        parts.append((text[at:stop], False))
    if stop < len(text):
        parts.append(("…", False))
    return parts
