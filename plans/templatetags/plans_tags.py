from __future__ import annotations

from django import template

from plans.lib.quoting import quote

register = template.Library()


@register.filter
def quoted(text: str) -> str:
    """Plan text in quotation marks, its own quotes set inside as ‘ ’ (plans.lib.quoting)."""
    return quote(text)
