"""Placing: the plans' sections and their stored links (rejected ones left out) in rows, by
``compare.alignment.rows_for``; each row as a ``RowView`` with its links, chapter and each cell's
similarity to the first plan's sections it is linked to."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Indel

from compare.alignment import AlignSection, Link, parts, rows_for
from compare.models import SectionLink
from compare.reading.values import Cell, LinkInfo, Rejection, RowView, SectionView
from plans.models import Plan, Section

REJECTED = SectionLink.Status.REJECTED

SECTION_FIELDS = (
    "id",
    "plan_id",
    "parent_id",
    "order",
    "depth",
    "kind",
    "label",
    "title",
    "body",
    "title_simplified",
    "body_simplified",
    "body_tokens",
    "flags",
    "implied",
    "duties",
    "projects",
)


def row_views(
    plans: Sequence[Plan], sections: list[Section], by_id: dict[int, Section]
) -> tuple[list[RowView], dict[int, int], dict[int, str]]:
    """Every row of the comparison, unfiltered and numbered, each section's chapter (root) and
    the anchor of the row holding each section."""
    inputs, placed_rows, info, rejected = _placed(plans, sections)
    part_of = {}
    for plan_inputs in inputs:
        part_of |= parts(plan_inputs)
    root_of = roots(sections, by_id)
    first = plans[0]
    rows: list[RowView] = []
    chapter = None
    for number, row in enumerate(placed_rows, 1):
        view = _row_view(number, row, plans, by_id, info, part_of)
        anchor_ids = row.sections.get(first.slug, [])
        if anchor_ids:
            chapter = root_of[anchor_ids[0]]
        view.chapter = chapter
        rows.append(view)
    placed_in = {v.section.pk: r.anchor for r in rows for c in r.cells for v in c.sections}
    for row in rows:
        for cell in row.cells:
            for view in cell.sections + cell.also:
                view.anchor = placed_in.get(view.section.pk, row.anchor)
            named = None
            for view in cell.sections:  # the chapter, named once per cell
                root = root_of[view.section.pk]
                if root != view.section.pk and root != named:
                    view.chapter, named = by_id[root], root
    _attach_rejections(rows, rejected, by_id)
    return rows, root_of, placed_in


def placed(plans: list[Plan], sections: list[Section]):
    """(the engine's inputs per plan, its rows from the stored links, the links by pair)."""
    inputs, rows, info, _rejected = _placed(plans, sections)
    return inputs, rows, info


def _placed(plans: list[Plan], sections: list[Section]):
    """``placed``, and the rejected links (id, left, right, note) that the rows leave out: read
    in the same query, to say on the page why two sections are apart."""
    slug = {p.pk: p.slug for p in plans}
    inputs = [
        [_input(s, slug[s.plan_id]) for s in sections if s.plan_id == plan.pk] for plan in plans
    ]
    stored = list(
        SectionLink.objects.between(plans).values_list(
            "id", "left_id", "right_id", "score", "status", "reason", "evidence", "note"
        )
    )
    # Rejected links place nothing; they are kept aside to say why two sections are apart.
    rejected = [(link[0], link[1], link[2], link[7]) for link in stored if link[4] == REJECTED]
    stored = [link for link in stored if link[4] != REJECTED]
    links = [Link(left=a, right=b, score=score, reason="") for _, a, b, score, *_ in stored]
    info = {
        frozenset((a, b)): LinkInfo(pk, score, status, reason, evidence, note)
        for pk, a, b, score, status, reason, evidence, note in stored
    }
    return inputs, rows_for(inputs, links), info, rejected


def _input(s: Section, plan: str) -> AlignSection:
    return AlignSection(
        id=s.pk,
        plan=plan,
        parent=s.parent_id,
        order=s.order,
        depth=s.depth,
        kind=s.kind,
        label=s.label,
        title=s.title_simplified,
        body="",
    )


def roots(sections: list[Section], by_id: dict[int, Section]) -> dict[int, int]:
    roots: dict[int, int] = {}
    for s in sections:  # parents come first within a plan
        roots[s.pk] = roots.get(s.parent_id, s.pk) if s.parent_id in by_id else s.pk
    return roots


def _row_view(number, row, plans, by_id, info, part_of) -> RowView:
    first = plans[0]
    base_ids = row.sections.get(first.slug, [])
    base = [by_id[sid] for sid in base_ids]
    members = [sid for ids in row.sections.values() for sid in ids]
    cells, scores, differs = [], [], False
    for plan in plans:
        cell = Cell(plan=plan)
        for key, target in (("sections", cell.sections), ("also", cell.also)):
            for sid in getattr(row, key).get(plan.slug, []):
                section = by_id[sid]
                view = SectionView(section=section, link=_best_link(sid, members, info))
                if view.link:
                    scores.append(view.link.score)
                if base and plan.pk != first.pk and key == "sections":
                    view.compared = _counterparts_in(sid, base, info)
                    view.similarity, view.diff_on = _similarity(view.compared, section)
                    differs = differs or (view.similarity is not None and view.similarity < 1)
                target.append(view)
        cells.append(cell)
    anchor_id = base_ids[0] if base_ids else members[0]
    return RowView(
        base=base,
        anchor=f"r{anchor_id}",
        number=number,
        cells=cells,
        part=part_of.get(anchor_id, "tasks"),
        chapter=None,
        score=max(scores, default=0.0),
        differs=differs,
    )


def _counterparts_in(sid: int, base: list[Section], info) -> list[Section]:
    """The row's first-plan sections linked to ``sid``; all of them when none is (it came in
    through another plan) or the row holds one."""
    linked = [s for s in base if frozenset((s.pk, sid)) in info]
    return linked or base


def _similarity(base: list[Section], section: Section) -> tuple[float | None, str]:
    """Bodies against bodies; headings without text against the row's headings; else nothing
    (a heading's title against a paragraph's text would mark every word)."""
    base_body = "\n".join(s.body for s in base if s.body)
    if base_body and section.body:
        simplified = "\n".join(s.body_simplified for s in base if s.body)
        return Indel.normalized_similarity(simplified, section.body_simplified), "body"
    if not base_body and not section.body:
        titles = "\n".join(s.title_simplified for s in base)
        return Indel.normalized_similarity(titles, section.title_simplified), "title"
    return None, ""


def _best_link(sid: int, members: list[int], info) -> LinkInfo | None:
    found = [info[key] for m in members if m != sid and (key := frozenset((sid, m))) in info]
    return max(found, key=lambda link: link.score, default=None)


def _attach_rejections(rows: list[RowView], rejected: list[tuple], by_id: dict) -> None:
    """Each placed section's rejected links (``SectionView.rejected``), naming the other."""
    views = {v.section.pk: v for row in rows for c in row.cells for v in c.sections}
    for pk, left, right, note in rejected:
        for here, there in ((left, right), (right, left)):
            if here in views and there in by_id:
                views[here].rejected.append(Rejection(pk, by_id[there], note))
