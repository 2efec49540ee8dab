"""Sections as the alignment engine reads them: one adapter for stored rows and parsed plans.

Pure (tests/test_architecture.py): stored rows come in as the values of ``COLUMNS``;
compare/aligning.py reads them from the database, bench/ and tests parse seed files.
"""

from __future__ import annotations

from collections.abc import Sequence

from compare.alignment import AlignSection
from compare.lib.meaning import from_bytes
from plans.lib.tokenizing import simplified_and_tokens
from plans.parsing import ParsedPlan

# The Section columns the engine reads, in the order engine_section takes them.
COLUMNS = (
    *("id", "parent_id", "order", "depth", "kind", "label"),
    *("title_simplified", "body_simplified", "title_tokens", "body_tokens"),
)


def engine_section(plan: str, values: Sequence, meaning: bytes | None = None) -> AlignSection:
    """One stored section (its ``COLUMNS`` values, and its stored meaning vectors if read) as
    the engine reads it, keyed by ``plan``."""
    sid, parent, order, depth, kind, label, title, body, title_tokens, body_tokens = values
    return AlignSection(
        id=sid,
        plan=plan,
        parent=parent,
        order=order,
        depth=depth,
        kind=kind,
        label=label,
        title=title,
        body=body,
        title_tokens=tuple(title_tokens.split()),
        body_tokens=tuple(body_tokens.split()),
        meaning=from_bytes(meaning),
    )


def parsed_sections(parsed: ParsedPlan, *, plan: str, first_id: int) -> list[AlignSection]:
    """A parsed plan's sections as import_plan would store them, ids counted from ``first_id``,
    in document order (no database: for benchmarks and pure tests)."""
    out = []
    for order, s in enumerate(parsed.sections):
        title, title_tokens = simplified_and_tokens(s.title[:500], limit=500)
        body, body_tokens = simplified_and_tokens(s.body)
        parent = None if s.parent is None else first_id + s.parent
        row = (first_id + order, parent, order, s.depth, s.kind, s.label[:40])
        out.append(engine_section(plan, (*row, title, body, title_tokens, body_tokens)))
    return out
