"""Presenting the rows a reader sees: shared/distinct marks on each cell's own text
(``compare.lib.marking``), a word diff against the first plan's sections (redline) where asked
for, or by default where two texts are near-identical."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from compare.lib.marking import MarkText, common_in, mark_row
from compare.lib.textdiff import WordDiff, diff_words
from compare.reading.values import RowView, SectionView
from plans.models import Section

NEAR_IDENTICAL = 0.8  # similarity from which redline is the default (a plan and its programme)
MODES = ("marks", "redline")  # "" is the default: marks, redline where near-identical


def common_terms(sections: list[Section]) -> Callable[[str], bool]:
    """Terms too common to mark as a plan's own (重点, 功能, 智慧): by the catalogue's document
    frequencies, which the engine weighs terms by (the stored catalogue index), else by the
    compared plans' own sections."""
    from compare.catalogue.running import stored_catalogue_stats

    stats = stored_catalogue_stats()
    if stats is not None:
        return common_in(stats.frequency, stats.documents)
    frequency = Counter(t for s in sections for t in set(s.body_tokens.split()))
    return common_in(frequency, len(sections))


def present(
    row: RowView, mode: str, formula: Callable[[str], bool], common: Callable[[str], bool]
) -> None:
    """Redline where chosen (or near-identical by default), shared/distinct marks elsewhere."""
    row.mode = mode
    marked: list[list[SectionView]] = []
    for cell in row.cells:
        views = []
        for view in cell.sections:
            near = view.similarity is not None and view.similarity >= NEAR_IDENTICAL
            if view.diff_on and (mode == "redline" or (not mode and near)):
                view.diff = _diff(view.compared, view.section, view.diff_on)
                row.redline = True
            elif view.section.body:
                views.append(view)
        marked.append(views)
    texts = [
        [
            MarkText(v.section.body, v.section.body_simplified, v.section.body_tokens.split())
            for v in views
        ]
        for views in marked
    ]
    for views, pieces in zip(marked, mark_row(texts, formula=formula, common=common), strict=True):
        for view, cut in zip(views, pieces, strict=True):
            view.pieces = cut


def _diff(base: list[Section], section: Section, on: str) -> WordDiff:
    if on == "body":
        return diff_words(
            "\n".join(s.body for s in base if s.body),
            section.body,
            base_simplified="\n".join(s.body_simplified for s in base if s.body),
            other_simplified=section.body_simplified,
        )
    return diff_words(
        "\n".join(s.title for s in base),
        section.title,
        base_simplified="\n".join(s.title_simplified for s in base),
        other_simplified=section.title_simplified,
    )
