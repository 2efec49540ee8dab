"""A comparison as data: JSON for the API and exports, rows for CSV."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from compare.reading.comparing import Comparison, RowView, SectionView
from compare.reading.picking import column_labels
from compare.reading.values import untitled_name
from compare.serializers import link_evidence_as_dict
from plans.serializers import plan_in_comparison_as_dict


def comparison_as_dict(comparison: Comparison, *, notes: dict | None = None) -> dict:
    """The comparison; ``notes`` (compare.noting.notes_by_row) add a "notes" list to the rows
    that have them (the reader's own, or those kept with a saved comparison)."""
    notes = notes or {}
    data = {
        # "label": the column's header on the page and in every export, never two alike.
        "plans": [
            {**plan_in_comparison_as_dict(p), "label": label} for p, label in comparison.columns
        ],
        "summary": [
            {"plan": s.plan.slug, "sections": s.sections, "matched": s.matched, "unique": s.unique}
            for s in comparison.summaries
        ],
        "rows": [_row(row, notes.get(row.anchor)) for row in comparison.rows],
    }
    # Only a narrowed comparison says how: an unfiltered one keeps its shape.
    filters = comparison.filters
    narrowed = {
        "q": topic_words(comparison),
        "lead": filters.lead,
        "chapter": filters.chapter,
        "min": filters.min_score,
        "part": filters.part,
        "differ": filters.differ,
        "unique": filters.unique,
    }
    if any(narrowed.values()):
        data["filter"] = {key: value for key, value in narrowed.items() if value}
    return data


def topic_words(comparison: Comparison) -> str:
    """The words the rows were narrowed to, as applied (simplified, lower-case), or ""."""
    return " ".join(comparison.filters.terms)


def _row(row: RowView, notes: list | None) -> dict:
    data = {
        "anchor": row.anchor,
        "number": row.number,
        "part": row.part,
        "score": row.score,
        "unique": row.unique,
        "differs": row.differs,
        "cells": {
            cell.plan.slug: {
                "sections": [_section(v, gathered=len(row.base) > 1) for v in cell.sections],
                "also": [_section(v) for v in cell.also],
            }
            for cell in row.cells
        },
    }
    if notes:
        data["notes"] = [{"mark": n.mark or None, "text": n.text} for n in notes]
    return data


def _section(view: SectionView, *, gathered: bool = False) -> dict:
    """A section of a cell; in a row gathering several first-plan sections, its similarity says
    which of them it was measured against ("compared_with", their ids)."""
    s = view.section
    data = {
        "id": s.pk,
        "label": s.label,
        "title": s.title,
        "text": s.body,
        "kind": s.kind,
        "url": s.get_absolute_url(),
        "duties": s.duties,
    }
    if view.link:
        data |= {"link": view.link.id, **link_evidence_as_dict(view.link)}
    if view.rejected:
        data["rejected"] = [
            {"link": r.link, "section": r.other.pk, "note": r.note} for r in view.rejected
        ]
    if view.similarity is not None:
        data["similarity"] = round(view.similarity, 3)
        if gathered:
            data["compared_with"] = [c.pk for c in view.compared]
    return data


def rejections_note(view: SectionView, note: str = "") -> str:
    """The curator's note on the link, then a line per rejected counterpart (已否决与…的对应：…)."""
    lines = [note] if note else []
    return "\n".join(lines + [r.line for r in view.rejected])


def notes_cell(notes: list | None) -> str:
    """A row's notes as one cell of an export: "可借鉴：…", one note a line."""
    return "\n".join(n.line for n in notes or [])


def comparison_rows(comparison: Comparison, *, notes: dict | None = None) -> list[list]:
    """One line per row and plan section, headed in the reader's language (Chinese by default):
    row, plan (its name and its short name), label, title (an untitled section named by its
    kind, as the page names it), text, score, status, where placed, who leads and by when, the
    curator's note on the link, the row's notes when there are any (``notes`` by row anchor), and
    last the row's anchor (r151), by which the page's address and the JSON name the row.
    Written out through ``compare.exports.spreadsheets``, which keeps formulas out of every cell."""
    labels = dict(zip(comparison.plans, column_labels(comparison.plans), strict=True))
    header = [
        _("行"),
        _("规划"),
        _("短名"),
        _("编号"),
        _("标题"),
        _("正文"),
        _("得分"),
        _("状态"),
        pgettext("export column", "位置"),  # where a section sits; the page's 位置 is navigation
        _("责任与时限"),
        _("说明"),  # a curator's note on the link: last of the columns every export has
    ]
    if notes:
        header.append(_("笔记"))
    # 行 is the row's ordinal, which the page never shows; the page's address and the JSON name
    # a row by its anchor (r151). Last, so a reader reading columns by position is not moved.
    header.append(_("行标识"))
    lines = [header]
    placed_in = {"here": _("本行"), "also": _("也见于其他行")}
    for row in comparison.rows:
        for cell in row.cells:
            for placed, views in (("here", cell.sections), ("also", cell.also)):
                for v in views:
                    link = v.link
                    line = [
                        row.number,
                        labels[cell.plan],
                        cell.plan.slug,
                        v.section.label,
                        v.section.title or untitled_name(v.section),
                        v.section.body,
                        link.score if link else "",
                        link.status_label if link else "",
                        placed_in[placed],
                        v.section.duty_line,
                        rejections_note(v, link.note if link else ""),
                    ]
                    if notes:
                        line.append(notes_cell(notes.get(row.anchor)))
                    line.append(row.anchor)
                    lines.append(line)
    return lines
