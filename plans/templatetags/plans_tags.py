from __future__ import annotations

from django import template

from plans import wording
from plans.lib.quoting import quote

register = template.Library()


@register.filter
def quoted(text: str) -> str:
    """Plan text in quotation marks, its own quotes set inside as ‘ ’ (plans.lib.quoting)."""
    return quote(text)


@register.simple_tag
def aside(*parts) -> str:
    """``{% aside name era %}``: the non-empty parts in brackets after a name, full-width in
    Chinese and Latin in English (plans.wording); escaped as any tag's output is."""
    return wording.aside(*parts)
