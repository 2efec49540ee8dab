"""Find the sections of every plan that mention some words, grouped by plan.

Words are matched in the simplified form of titles and texts, so 政务云 also finds a traditional
plan's 政務雲; what a reader sees is the original script, with the words marked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Expression,
    ExpressionWrapper,
    F,
    Func,
    Q,
    TextField,
    Value,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber, StrIndex
from django.db.models.lookups import Contains, GreaterThan

from plans.fulltext import searchable_by_grams
from plans.models import Plan, Section, without_text
from plans.parsing.text import drop_invisible, to_simplified

MAX_TERMS = 5
PER_PLAN = 5  # sections shown per plan in the list; the count says how many there are
IN_ONE_PLAN = 200  # sections shown when the search is narrowed to one plan
MAX_PLANS = 20  # plans a page, those that say most first; the counts cover every plan
SNIPPET = 48  # characters of context either side of the first match


class SearchText(Func):
    """What a query's words are looked for in: a section's simplified title and text, lower-case.

    On PostgreSQL a trigram index (migration 0005) and an index of characters and character
    pairs (0006) cover exactly this expression, so keep them alike. Query words hold no space,
    so the space joining title and text matches nothing across them.
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
    path: list[Section] = field(default_factory=list)  # the sections above it, chapter first


@dataclass
class PlanHits:
    plan: Plan
    count: int = 0
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Results:
    groups: list[PlanHits]  # the page's plans, those with most matching sections first
    total: int = 0  # matching sections in every plan
    plans: int = 0  # plans with a matching section
    page: int = 1  # of the plans, MAX_PLANS a page
    pages: int = 1
    titled: list[Plan] = field(default_factory=list)  # plans whose titles hold every term


def terms_of(query: str) -> list[str]:
    """The words of a query, simplified and NFKC, at most MAX_TERMS, no duplicates; without
    the invisible format characters (zero-width space, byte-order mark, soft hyphen) that
    text copied from a web page brings along."""
    query = drop_invisible(query)
    words = unicodedata.normalize("NFKC", to_simplified(query)).lower().split()
    return list(dict.fromkeys(words))[:MAX_TERMS]


def search(
    terms: list[str], plans=None, *, page: int = 1, per_plan: int = PER_PLAN, titled: int = 0
) -> Results:
    """Sections whose title or text contains every term, by plan (most matches first).

    Two queries however many plans match: the count of matching sections per plan (which ranks
    the plans; their sum is the total; through FTS5 on SQLite), then the first ``per_plan``
    sections of each of the MAX_PLANS plans on ``page``, the sections above them (a hit's
    path) and up to ``titled`` plans whose titles hold every term, latest first.
    ``plans`` (a list or a queryset) narrows the search, not the titles.
    """
    if not terms:
        return Results(groups=[])
    counts = _counts(terms, plans)
    counts.sort(key=lambda row: (-row[1], row[0]))
    pages = max(1, -(-len(counts) // MAX_PLANS))
    page = min(max(page, 1), pages)
    shown = dict(counts[(page - 1) * MAX_PLANS : page * MAX_PLANS])
    rows = _sections_shown(terms, plans, list(shown), per_plan, titled=titled)
    above = {s.pk: s for s in rows}  # a hit may sit above another hit
    groups: dict[int, PlanHits] = {}
    for section in rows:
        if not section.is_hit:
            continue  # above a hit (its path) or a titled plan's first section
        group = groups.setdefault(
            section.plan_id, PlanHits(plan=section.plan, count=shown[section.plan_id])
        )
        text = snippet(section.body, section.body_simplified, terms)
        group.hits.append(Hit(section, text, _path(section, above)))
    return Results(
        groups=[groups[plan_id] for plan_id in shown],
        total=sum(n for _plan, n in counts),
        plans=len(counts),
        page=page,
        pages=pages,
        titled=_latest_first({s.plan_id: s.plan for s in rows if s.is_titled}.values()),
    )


def _sections_shown(
    terms: list[str], plans, shown: list[int], per_plan: int, *, titled: int
) -> list[Section]:
    """In one query, in document order, with their plans: the first ``per_plan`` matching
    sections of each plan in ``shown`` (``is_hit``), every section above them (however deep
    the hits sit: a recursive walk up the parents), and the first section of each of the
    ``titled`` latest plans whose titles hold the words (``is_titled``; an imported plan has
    one at least: a document without content is refused)."""
    parts, params = [], []
    is_hit: Expression = Value(False)
    if shown:
        hits, hit_params = _first_sections(terms, plans, shown, per_plan).query.sql_with_params()
        table = Section._meta.db_table
        parts.append(
            f"SELECT id FROM (WITH RECURSIVE hits(id) AS ({hits}), "
            f"above(id) AS (SELECT parent_id FROM {table} "
            "WHERE id IN (SELECT id FROM hits) AND parent_id IS NOT NULL "
            f"UNION SELECT s.parent_id FROM {table} s JOIN above ON s.id = above.id "
            "WHERE s.parent_id IS NOT NULL) "
            "SELECT id FROM hits UNION SELECT id FROM above) AS shown"
        )
        params += hit_params
        # A section above a hit that mentions the words is a hit itself: it comes before the
        # hit, so ranks before it. Tested on the rows read, not by finding the hits again.
        is_hit = ExpressionWrapper(
            Q(*_mentions(terms, indexed=False), plan_id__in=shown), output_field=BooleanField()
        )
    is_titled: Expression = Value(False)
    named = Plan.objects.titled(terms)
    if titled and not named.query.is_empty():  # punctuation alone names no title
        latest = Plan.objects.filter(pk__in=named.values("pk"))
        latest = latest.order_by(*_LATEST).values("pk")[:titled]
        first = (
            Section.objects.filter(plan_id__in=latest)
            .annotate(
                rank=Window(RowNumber(), partition_by=F("plan_id"), order_by=F("order").asc())
            )
            .filter(rank=1)
            .order_by()
            .values("pk")
        )
        sql, first_params = first.query.sql_with_params()
        parts.append(f"SELECT id FROM (WITH titled(id) AS ({sql}) SELECT id FROM titled) AS t")
        params += first_params
        is_titled = ExpressionWrapper(Q(plan_id__in=latest), output_field=BooleanField())
    if not parts:
        return []
    rows = (
        Section.objects.filter(_among(" UNION ".join(parts), params))
        .annotate(is_hit=is_hit, is_titled=is_titled)
        .select_related("plan__jurisdiction", "plan__era")
        .defer("title_tokens", "body_tokens", "plan__warnings", *without_text("plan"))
        .order_by("plan_id", "order")
    )
    return list(rows)


def _among(ids: str, params: list) -> RawSQL:
    """Whether a section's id is one of those the query ``ids`` gives. On PostgreSQL as
    ``= ANY(ARRAY(…))``, the ids found once and read through the primary key: the planner cannot
    tell how many rows a recursive query gives, guesses thousands, and for ``IN`` reads every
    section (1,000 plans: 140 ms of a 215 ms query)."""
    column = f"{connection.ops.quote_name(Section._meta.db_table)}.id"
    if connection.vendor == "postgresql":
        return RawSQL(f"{column} = ANY(ARRAY({ids}))", params, output_field=BooleanField())
    return RawSQL(f"{column} IN ({ids})", params, output_field=BooleanField())


# The plans whose titles hold the words, latest first (an undated one last on every database).
_LATEST = (F("issued").desc(nulls_last=True), "title")


def _latest_first(plans) -> list[Plan]:
    return sorted(
        plans, key=lambda p: (p.issued is None, -(p.issued or date.min).toordinal(), p.title)
    )


def _first_sections(terms: list[str], plans, shown: list[int], per_plan: int):
    """The ids of the first ``per_plan`` matching sections of each plan in ``shown``."""
    if _in_fulltext_tables(terms, plans):
        # The sections of the page's plans that match, found through the FTS5 tables: testing
        # those plans' rows by substring reads every one of them.
        found = Section.objects.filter(pk__in=RawSQL(*_fulltext_ids(terms, within=shown)))
    elif connection.vendor == "postgresql" and not _mixed(terms):
        # Tested in plans_search_doc, whose text is lower-cased already: lower() on every row of
        # those plans (thousands for 数据) costs more than the count.
        where, params = _search_doc_where(terms, grams=False)
        marks = ", ".join(["%s"] * len(shown))
        found = Section.objects.filter(
            pk__in=RawSQL(
                f"SELECT id FROM plans_search_doc WHERE plan_id IN ({marks}) AND {where}",
                [*shown, *params],
            )
        )
    else:
        found = Section.objects.filter(*_mentions(terms, indexed=False))
    # Ranked on ids alone, then the few shown rows read whole: a window over whole rows copies
    # every matching section's text of those plans.
    return (
        found.filter(plan_id__in=shown)
        .annotate(rank=Window(RowNumber(), partition_by=F("plan_id"), order_by=F("order").asc()))
        .filter(rank__lte=per_plan)
        .order_by()  # compiled on its own, as a subquery it keeps no ordering
        .values("pk")
    )


def _path(section: Section, above: dict[int, Section]) -> list[Section]:
    chain, parent = [], section.parent_id
    while parent in above:
        chain.append(above[parent])
        parent = above[parent].parent_id
    return chain[::-1]


def _counts(terms: list[str], plans) -> list[tuple[int, int]]:
    """(plan id, sections that mention every term) for each plan with some."""
    if _in_fulltext_tables(terms, plans):
        return _fulltext_counts(terms)
    if plans is None and connection.vendor == "postgresql" and not _mixed(terms):
        return _search_doc_counts(terms)
    # The index of characters and pairs finds rows, but computing it on a row is slow: the
    # planner must never test it row by row, as it would on a few plans' sections.
    matching = Section.objects.filter(*_mentions(terms, indexed=plans is None))
    if plans is not None:
        matching = matching.filter(plan__in=plans)
    # Counted without joining the plans: a broad word (安全) matches tens of thousands of rows.
    return list(matching.order_by().values_list("plan_id").annotate(n=Count("id")))


def _mixed(terms: list[str]) -> bool:
    """Words of three characters or more beside shorter ones (政务云 迁移). Measured at 1,000
    plans (bench/search.py), plans_search_doc answers such a query in 106 ms where the
    expression indexes of plans_section answer it in 39 ms; every other query is faster there."""
    return any(len(t) >= 3 for t in terms) and any(len(t) < 3 for t in terms)


def _search_doc_counts(terms: list[str]) -> list[tuple[int, int]]:
    """PostgreSQL: the counts from plans_search_doc (migration 0009), narrow rows holding
    SearchText already computed, under the same two indexes as plans_section (0005, 0006)."""
    where, params = _search_doc_where(terms, grams=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT plan_id, COUNT(*) FROM plans_search_doc WHERE {where} GROUP BY plan_id", params
        )
        return [tuple(row) for row in cursor.fetchall()]


def _search_doc_where(terms: list[str], *, grams: bool) -> tuple[str, list]:
    """PostgreSQL: the condition that a row of plans_search_doc mentions every term.

    The same tests as _mentions: LIKE (the trigram index) for long words, and when ``grams``
    and every word is short, the index of characters and pairs; else a substring test of the
    short words.
    """
    long = [t for t in terms if len(t) >= 3]
    short = [t for t in terms if len(t) < 3]
    if grams and short and not long:
        return "plans_search_grams(text) @> %s::text[]", [short]
    like = connection.ops.prep_for_like_query
    conditions = ["text LIKE %s" for _ in long] + ["strpos(text, %s) > 0" for _ in short]
    return " AND ".join(conditions), [f"%{like(t)}%" for t in long] + short


def _in_fulltext(term: str) -> bool:
    return len(term) >= 3 or searchable_by_grams(term)


def _in_fulltext_tables(terms: list[str], plans) -> bool:
    """Whether the FTS5 tables of migration 0008 answer ``terms`` (SQLite, every plan)."""
    return plans is None and connection.vendor == "sqlite" and all(map(_in_fulltext, terms))


def _fulltext_counts(terms: list[str]) -> list[tuple[int, int]]:
    """SQLite: the counts from the FTS5 tables of migration 0008 (see plans.fulltext).

    plans_search_plan gives each matching section's plan without reading the section rows.
    """
    sql, params = _fulltext_ids(terms)
    sql = f"SELECT d.plan_id, COUNT(*) FROM ({sql}) AS m JOIN plans_search_plan d ON d.id = m.rowid"
    with connection.cursor() as cursor:
        cursor.execute(sql + " GROUP BY d.plan_id", params)
        return [tuple(row) for row in cursor.fetchall()]


def _fulltext_ids(terms: list[str], within: list[int] | None = None) -> tuple[str, list]:
    """SQLite: a query for the ids (``rowid``) of the sections that mention every term.

    Words of three characters or more are phrases of the trigram table, shorter ones tokens of
    the grams table. Finds what the substring test of _mentions finds. ``within``: only the
    sections of these plans (their ids read from an index of plans_section). Each ``+rowid IN``
    is tested on the first table's matches: without the +, SQLite hands the ids to FTS5 one
    by one, a full-text query each (政务云 安全: 1.1 s instead of 6 ms).
    """
    by_table = {
        "plans_search_text": [t for t in terms if len(t) >= 3],
        "plans_search_grams": [t for t in terms if len(t) < 3],
    }
    (first, words), *rest = [(table, words) for table, words in by_table.items() if words]
    sql = f"SELECT rowid FROM {first} WHERE {first} MATCH %s"
    params = [_phrases(words)]
    for table, words in rest:
        sql += f" AND +rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)"
        params.append(_phrases(words))
    if within is not None:
        marks = ", ".join(["%s"] * len(within))
        sql += f" AND +rowid IN (SELECT id FROM plans_section WHERE plan_id IN ({marks}))"
        params.extend(within)
    return sql, params


def _phrases(words: list[str]) -> str:
    """An FTS5 query that every one of ``words`` matches, each taken literally."""
    return " AND ".join('"{}"'.format(word.replace('"', '""')) for word in words)


def _mentions(terms: list[str], *, indexed: bool) -> list:
    """The conditions that a section mentions every one of ``terms``.

    A trigram index answers LIKE for words of three characters or more. A shorter word has no
    trigram: on PostgreSQL, when every word is short, an index of characters and character
    pairs answers them all at once (migration 0006), when ``indexed``; else a short word is
    tested with a plain substring search on the rows the longer words found (on SQLite, on every
    row). All find the same sections.
    """
    long = [Contains(SearchText(), term) for term in terms if len(term) >= 3]
    short = [term for term in terms if len(term) < 3]
    if indexed and short and not long and connection.vendor == "postgresql":
        return [HasGrams(short)]
    return [*long, *(GreaterThan(StrIndex(SearchText(), Value(term)), 0) for term in short)]


class HasGrams(Expression):
    """PostgreSQL only: SearchText holds every one of ``grams`` (of one or two characters).

    The indexed expression is ``plans_search_grams(SearchText)``: every character and every
    pair of neighbouring characters, so containing such a gram is the same as containing it as
    a substring.
    """

    output_field = BooleanField()

    def __init__(self, grams: list[str]) -> None:
        super().__init__()
        self.grams = list(grams)

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(SearchText().resolve_expression(compiler.query))
        return f"plans_search_grams({sql}) @> %s::text[]", (*params, self.grams)


def snippet(original: str, simplified: str, terms: list[str]) -> list[tuple[str, bool]]:
    """A window of ``original`` around the first match, the matches marked.

    Matching is on ``simplified``; the window is cut from the original at the same place, which
    OpenCC keeps character for character (else the simplified text is shown).
    """
    original, simplified = _cell_text(original), _cell_text(simplified)
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


_TABLE_RULE = re.compile(
    r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?[ \t]*)?\n?", re.M
)
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)


def _cell_text(text: str) -> str:
    """A markdown table's rows as their cells' text, a wide space between cells, "—" for an
    empty one and ； after a row: a snippet from a table read "| 95 | | 9 | 网办事项…" (the same
    cut in both scripts keeps them aligned)."""
    if "|" not in text:
        return text
    return _TABLE_ROW.sub(_row_text, _TABLE_RULE.sub("", text))


def _row_text(row: re.Match) -> str:
    # An empty cell reads "—", as the compare exports write a missing cell: dropped, a row's
    # figures would stand under the wrong headings ("95" under 2025年 where it is 2020年's).
    cells = [c.strip() for c in row.group(1).split("|")]
    if not any(cells):
        return ""
    said = "\u3000".join(c or "—" for c in cells)
    return said + ("；" if said[-1] not in "。；，：" else "")
