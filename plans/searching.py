"""Find the sections of every plan that mention some words, grouped by plan.

Words are matched in the simplified form of titles and texts, so 政务云 also finds a traditional
plan's 政務雲; what a reader sees is the original script, with the words marked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q

from plans.models import Plan, Section, without_text
from plans.parsing.text import to_simplified

MAX_TERMS = 5
PER_PLAN = 30  # sections shown per plan; the count says how many there are
SNIPPET = 48  # characters of context either side of the first match


@dataclass
class Hit:
    section: Section
    snippet: list[tuple[str, bool]]  # (text, is a match), in order


@dataclass
class PlanHits:
    plan: Plan
    count: int = 0
    hits: list[Hit] = field(default_factory=list)


def terms_of(query: str) -> list[str]:
    """The words of a query, simplified and NFKC, at most MAX_TERMS, no duplicates."""
    words = unicodedata.normalize("NFKC", to_simplified(query)).lower().split()
    return list(dict.fromkeys(words))[:MAX_TERMS]


def search(terms: list[str], plans: list[Plan] | None = None) -> list[PlanHits]:
    """Sections whose title or text contains every term, by plan (most matches first)."""
    if not terms:
        return []
    sections = Section.objects.select_related("plan__jurisdiction", "plan__era").defer(
        *without_text("plan")
    )
    if plans is not None:
        sections = sections.filter(plan__in=plans)
    for term in terms:
        sections = sections.filter(
            Q(title_simplified__icontains=term) | Q(body_simplified__icontains=term)
        )
    sections = sections.order_by("plan_id", "order")
    found: dict[int, PlanHits] = {}
    for section in sections.iterator(chunk_size=500):
        group = found.setdefault(section.plan_id, PlanHits(plan=section.plan))
        group.count += 1
        if len(group.hits) < PER_PLAN:
            group.hits.append(Hit(section, snippet(section.body, section.body_simplified, terms)))
    return sorted(found.values(), key=lambda g: (-g.count, g.plan.title))


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
