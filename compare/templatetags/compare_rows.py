"""The comparison's rows: ``{% render_row row %}`` writes one through compare.reading.rendering.

A library of its own, apart from compare_tags: the rows' HTML uses compare_tags' helpers, so
keeping this tag there would make the two modules import each other.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from compare.reading.rendering import row_html

register = template.Library()


@register.simple_tag(takes_context=True)
def render_row(context, row, focus: bool = False) -> SafeString:
    """One comparison row (compare.reading.rendering): focused when asked or named by ?row=."""
    form = context["form"]
    notes = context.get("row_notes")
    # The anchors of the rows on the page, once per page: a pointer to another row leads there
    # in place, or to the whole comparison when the filters hide it.
    if "shown_rows" not in context.render_context:
        comparison = context.get("comparison")
        rows = None if comparison is None else {r.anchor for r in comparison.rows}
        context.render_context["shown_rows"] = rows
    return mark_safe(
        row_html(
            row,
            form=form,
            focus=focus or row.anchor == form.cleaned_data.get("row"),
            curator=bool(context.get("curator")),
            request=context["request"],
            notes=notes.get(row.anchor) if notes else None,
            note_plans=context.get("note_plans", ""),
            shown=context.render_context["shown_rows"],
        )
    )
