from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
    Chinese and Latin in English (plans.wording), each part escaped and kept on one line: a
    narrow screen breaks between 湖南省， and 十三五（2016—2020）, never at the era's dash."""
    kept = [format_html('<span class="aside-part">{}</span>', p) for p in parts if p]
    return mark_safe(wording.aside(*kept))  # the brackets and commas: translated punctuation
