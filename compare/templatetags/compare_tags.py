from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from compare.alignment.reasons import reason
from compare.lib.marking import DISTINCT, NUMBER, SHARED
from compare.lib.textdiff import DELETE, INSERT, WordDiff
from compare.lib.topic import cut_at_terms

register = template.Library()


@register.simple_tag
def render_diff(diff: WordDiff, terms: Sequence[str] = ()) -> SafeString:
    """Spans of a word diff as <ins>/<del> with a visible sign and words for screen readers;
    the words of a topic (``terms``) highlighted."""
    inserted, deleted = escape(_("新增：")), escape(_("删去："))
    cuts = _cut([span.text for span in diff.spans], terms)
    out = []
    for span, cut in zip(diff.spans, cuts, strict=True):
        if span.op == INSERT:
            out.append(f'<ins><span class="sr-only">{inserted}</span>{_topic(cut)}</ins>')
        elif span.op == DELETE:
            out.append(f'<del><span class="sr-only">{deleted}</span>{_topic(cut)}</del>')
        else:
            out.append(_topic(cut))
    return mark_safe("".join(out))


@register.simple_tag
def render_topic(text: str, terms: Sequence[str] = ()) -> SafeString:
    """``text`` escaped, the words of a topic in <mark class="m-q">."""
    return mark_safe(_topic(_cut([text], terms)[0]))


def _cut(chunks: list[str], terms: Sequence[str]) -> list[list[tuple[str, bool]]]:
    if not terms:
        return [[(chunk, False)] for chunk in chunks]
    return cut_at_terms(chunks, terms)


def _topic(cut: list[tuple[str, bool]]) -> str:
    return "".join(f'<mark class="m-q">{escape(t)}</mark>' if on else escape(t) for t, on in cut)


@register.simple_tag(takes_context=True)
def state(context, **changes) -> str:
    """The query string of the current comparison with ``changes`` applied."""
    return context["form"].query(**changes)


@register.simple_tag
def link_reason(link) -> str:
    """Why two sections were linked, in the reader's language; the plans' words stay as printed.

    The engine's evidence is worded by the engine's own wording, translated; a link a person
    made shows its own reason, if any.
    """
    if not link.evidence:
        return link.reason or _("人工添加")
    return reason(link.evidence, gettext=_, pgettext=pgettext)


@register.simple_tag
def render_marks(pieces, terms: Sequence[str] = ()) -> SafeString:
    """A cell's own text with its marks: shared passages underlined, its own terms in bold,
    figures boxed, a topic's words highlighted. Screen readers hear each mark named by the CSS
    (``--said-shared``), which spares the page a hidden word per mark."""
    out = []
    for piece, cut in zip(pieces, _cut([p.text for p in pieces], terms), strict=True):
        html = _topic(cut)
        if NUMBER in piece.marks:
            html = f'<b class="m-n">{html}</b>'
        if DISTINCT in piece.marks:
            html = f'<strong class="m-d">{html}</strong>'
        if SHARED in piece.marks:
            html = f'<mark class="m-s">{html}</mark>'
        out.append(html)
    return mark_safe("".join(out))


@register.simple_tag
def picker_groups(plans):
    """The picker's options by level, interpretations beside their plan
    (compare.reading.picking)."""
    from compare.reading.picking import picker_groups as groups

    return groups(plans)


@register.filter
def short_name(plan, comparison) -> str:
    """``plan`` as ``comparison``'s smaller tables name it, never as another plan there."""
    return comparison.short_names.get(plan.pk, plan.jurisdiction.name)


@register.filter
def css_string(value: str) -> str:
    """``value`` as a quoted CSS string, for custom properties read by ``content``."""
    escaped = "".join(c if c.isalnum() or c in " ·-" else f"\\{ord(c):x} " for c in str(value))
    return f'"{escaped}"'


@register.inclusion_tag("compare/_counterparts.html")
def section_counterparts(section):
    """The section page's panel of counterparts in other plans (compare.reading.counterparts):
    the plans app shows it by loading this library, so it never imports compare."""
    from compare.reading.counterparts import counterparts_of

    return {"found": counterparts_of(section)}
