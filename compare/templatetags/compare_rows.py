"""The comparison's rows: ``{% render_row row %}`` renders compare/_row.html for one of them.

A library of its own, apart from compare_tags, so that the page loads the row's template only
where it shows rows. An inclusion tag rather than an include: the row's template renders in a
small context of its own, which keeps each of its many variable lookups short.
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("compare/_row.html", takes_context=True)
def render_row(context, row, focus: bool = False) -> dict:
    """One comparison row: focused when asked or named by ?row=."""
    form = context["form"]
    return {
        "row": row,
        "form": form,
        "focus": focus or row.anchor == form.cleaned_data.get("row"),
        "curator": bool(context.get("curator")),
        "request": context["request"],
    }
