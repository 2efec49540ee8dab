from __future__ import annotations

from django import template
from django.utils import timezone
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


@register.simple_tag
def when(moment) -> str:
    """``{% when event.at %}``: a moment in the server's zone (settings.TIME_ZONE) with the zone
    named, 2026-12-06 17:29（UTC+8）, and the offset in ``datetime`` for machines: a reader
    elsewhere would take a bare 17:29 for their own time."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}">{}<span class="zone">{}</span></time>',
        local.isoformat(timespec="seconds"),
        local.strftime("%Y-%m-%d %H:%M"),
        wording.aside(utc_offset(local)),  # its own space before it in English
    )


def utc_offset(moment) -> str:
    """UTC+8, UTC-3:30, UTC: the offset of an aware ``moment`` as people write it."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    if not minutes:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02d}" if rest else "")
