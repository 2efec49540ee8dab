from __future__ import annotations

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext

from compare.alignment import band
from compare.lib.marking import DISTINCT, NUMBER, SHARED
from compare.lib.textdiff import DELETE, INSERT, WordDiff

register = template.Library()


@register.simple_tag
def render_diff(diff: WordDiff) -> SafeString:
    """Spans of a word diff as <ins>/<del> with a visible sign and words for screen readers."""
    inserted, deleted = _("新增："), _("删去：")

    def parts():
        for span in diff.spans:
            if span.op == INSERT:
                yield format_html(
                    '<ins><span class="sr-only">{}</span>{}</ins>', inserted, span.text
                )
            elif span.op == DELETE:
                yield format_html(
                    '<del><span class="sr-only">{}</span>{}</del>', deleted, span.text
                )
            else:
                yield format_html("{}", span.text)

    return format_html_join("", "{}", ((p,) for p in parts()))


@register.simple_tag(takes_context=True)
def state(context, **changes) -> str:
    """The query string of the current comparison with ``changes`` applied."""
    return context["form"].query(**changes)


_BANDS = {
    "likely": _lazy("很可能对应（%(value)s）"),
    "possible": _lazy("可能对应（%(value)s）"),
    "check": _lazy("待核对（%(value)s）"),
}
_ZONES = {
    "context": _lazy("现状与形势"),
    "principles": _lazy("指导思想与原则"),
    "goals": _lazy("目标"),
    "tasks": _lazy("主要任务"),
    "safeguards": _lazy("保障措施"),
}
_ROLES = {
    "organisation": _lazy("组织保障"),
    "funding": _lazy("资金保障"),
    "talent": _lazy("人才保障"),
    "evaluation": _lazy("考核评估"),
    "security": _lazy("安全保障"),
    "standards": _lazy("标准规范"),
    "institutions": _lazy("制度保障"),
    "publicity": _lazy("宣传引导"),
    "cooperation": _lazy("合作"),
}


@register.simple_tag
def link_reason(link) -> str:
    """Why two sections were linked, in the reader's language; the plans' words stay as printed.

    The engine's evidence is worded here; a link a person made shows its own reason, if any.
    """
    said = link.evidence
    if not said:
        return link.reason or _("人工添加")
    parts = []
    if said.get("probability"):
        p = float(said["probability"])
        parts.append(str(_BANDS[band(p)]) % {"value": said["probability"]})
    if said["shared"]:
        parts.append(_("共同主题词：%(terms)s") % {"terms": _("、").join(said["shared"])})
    if said.get("synonyms"):
        parts.append(_("同义：%(pairs)s") % {"pairs": _("、").join(said["synonyms"])})
    if said.get("zone"):
        role = str(_ZONES[said["zone"]])
        if said.get("role"):
            role += " › " + str(_ROLES[said["role"]])
        parts.append(_("同属%(role)s") % {"role": role})
    elif said.get("role"):  # a task and a safeguard securing one thing
        role = str(_ROLES[said["role"]])
        parts.append(pgettext("a task and a safeguard", "同属%(role)s") % {"role": role})
    if not said.get("probability"):  # a link of the earlier engine: its similarities
        parts.append(_("标题相似度 %(value)s") % {"value": said["title"]})
        parts.append(_("内容相似度 %(value)s") % {"value": said["content"]})
    if said["support"]:
        parts.append(_("上级章节也相互对应（%(value)s）") % {"value": said["support"]})
    return _("；").join(parts)


@register.simple_tag
def render_marks(pieces) -> SafeString:
    """A cell's own text with its marks: shared passages underlined, its own terms in bold,
    figures boxed. Screen readers hear each mark named by the CSS (``--said-shared``), which
    spares the page a hidden word per mark."""
    out = []
    for piece in pieces:
        html = escape(piece.text)
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
def css_string(value: str) -> str:
    """``value`` as a quoted CSS string, for custom properties read by ``content``."""
    escaped = "".join(c if c.isalnum() or c in " ·-" else f"\\{ord(c):x} " for c in str(value))
    return f'"{escaped}"'
