"""The third stage of an import: the parsed sections stored, or put in place of the old ones
so that links people made survive a re-import."""

from __future__ import annotations

import unicodedata
from collections import Counter

from django.db.models import F

from plans.importing.errors import PlanImportError
from plans.lib.duties import SectionText, read_duties, read_plan_projects
from plans.lib.tokenizing import simplified_and_tokens
from plans.models import Plan, Section
from plans.parsing import ParsedSection
from plans.parsing.model import Message, gettext_noop
from plans.parsing.text import fold


def store_sections(plan: Plan, parsed_sections: list[ParsedSection]) -> None:
    _write_sections(plan, parsed_sections, {})


def replace_sections(plan: Plan, parsed_sections: list[ParsedSection], *, source: str) -> None:
    """Update the plan's sections in place, so links people made to them survive a re-import.

    A new section takes over the row of the old one with the same key (kind, label, folded
    title, parent's key, and which of several alike siblings it is). Old rows left over are
    deleted, unless a person confirmed, rejected or drew a link to one of them: then nothing
    is replaced and the error names those sections.
    """
    old_rows = list(Section.objects.for_plan(plan))
    position = {row.pk: n for n, row in enumerate(old_rows)}
    old_keys = _keys([(r.kind, r.label, r.title, position.get(r.parent_id)) for r in old_rows])
    by_key = dict(zip(old_keys, old_rows, strict=True))
    new_keys = _keys([(s.kind, s.label[:40], s.title[:500], s.parent) for s in parsed_sections])
    matched: dict[int, Section] = {}
    for index, key in enumerate(new_keys):
        if (row := by_key.pop(key, None)) is not None:
            matched[index] = row
    leftover = sorted(by_key.values(), key=lambda row: row.order)
    decided = _with_human_links(leftover)
    if decided:
        names = "; ".join(f"{row.heading or row.body[:20]!r} (#{row.pk})" for row in decided[:10])
        if len(decided) > 10:
            names = Message(
                gettext_noop("%(names)s，另有 %(n)s 个"), names=names, n=len(decided) - 10
            )
        raise PlanImportError(
            Message(
                gettext_noop(
                    "%(name)s：新文本不再有 %(count)s 个带有已确认、已否定或人工对应的章节："
                    "%(sections)s。没有替换任何内容：请先处理这些对应（在管理后台重新打开或"
                    "删除），再重新导入。"
                ),
                name=source,
                count=len(decided),
                sections=names,
            )
        )
    Section.objects.filter(pk__in=[row.pk for row in leftover]).delete()
    # (plan, order) is unique: move the kept rows out of the way before renumbering them.
    offset = len(old_rows) + len(parsed_sections) + 1
    Section.objects.filter(plan=plan).update(order=F("order") + offset)
    _write_sections(plan, parsed_sections, matched)


def _keys(sections: list[tuple[str, str, str, int | None]]) -> list[tuple]:
    """A key per (kind, label, title, parent index) that stays put when other text changes."""
    keys: list[tuple] = []
    seen: Counter[tuple] = Counter()
    for kind, label, title, parent in sections:
        label = unicodedata.normalize("NFKC", "".join(label.split()))
        base = (kind, label, fold(title), keys[parent] if parent is not None else ())
        keys.append((*base, seen[base]))
        seen[base] += 1
    return keys


def _with_human_links(rows: list[Section]) -> list[Section]:
    """Rows with a link a person confirmed, rejected or drew.

    The link model is reached through the reverse relations that compare adds to Section,
    so plans never imports compare.
    """
    if not rows or not hasattr(Section, "links_as_left"):
        return []
    links = Section.links_as_left.field.model.objects.exclude(status="auto")
    ids = [row.pk for row in rows]
    decided = set(links.filter(left__in=ids).values_list("left_id", flat=True))
    decided |= set(links.filter(right__in=ids).values_list("right_id", flat=True))
    return [row for row in rows if row.pk in decided]


def _write_sections(
    plan: Plan, parsed_sections: list[ParsedSection], matched: dict[int, Section]
) -> None:
    """Create the parsed sections, or update the matched existing rows, level by level."""
    rows: list[Section] = []
    texts = [
        SectionText(n, s.parent, s.kind, s.title, s.body) for n, s in enumerate(parsed_sections)
    ]
    projects = read_plan_projects(texts)
    for order, ps in enumerate(parsed_sections):
        row = matched.get(order) or Section(plan=plan)
        _fill_section(row, ps, order=order)
        row.projects = [p.as_dict() for p in projects.get(order, [])]
        rows.append(row)
    # Parents come before children, so storing level by level gives every parent a key first.
    fields = [f.name for f in Section._meta.concrete_fields if f.name not in ("id", "plan")]
    for depth in sorted({r.depth for r in rows}):
        batch = [r for r in rows if r.depth == depth]
        for row in batch:
            parent_index = parsed_sections[row.order].parent
            row.parent = rows[parent_index] if parent_index is not None else None
        Section.objects.bulk_update([r for r in batch if r.pk], fields)
        Section.objects.bulk_create([r for r in batch if not r.pk])


def _fill_section(row: Section, ps: ParsedSection, *, order: int) -> None:
    title, body = ps.title[:500], ps.body
    # Segmenting is the slow part of an import: keep the tokens of unchanged text.
    if row.pk is None or row.title != title:
        row.title_simplified, row.title_tokens = simplified_and_tokens(title, limit=500)
    if row.pk is None or row.body != body:
        row.body_simplified, row.body_tokens = simplified_and_tokens(body)
    row.order = order
    row.depth = ps.depth
    row.kind = ps.kind
    row.label = ps.label[:40]
    row.title = title
    row.body = body
    row.start = ps.start
    row.end = ps.end
    row.implied = ps.implied
    row.flags = list(ps.flags)
    duties = read_duties(ps.title + "\n" + body)
    row.duties = duties.as_dict() if duties else None
