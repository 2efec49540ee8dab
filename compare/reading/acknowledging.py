"""What a curator's decision on the compare page did, said in the page's live region: the rows
re-form around it, and only the row decided on is swapped in place."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from compare.models import SectionLink
from compare.reading.values import Comparison, RowView, named
from plans.models import Section


def rejection_said(
    link: SectionLink, comparison: Comparison, row_address: Callable[[str], str]
) -> SafeString:
    """已否决：A与B的对应；现显示：B单独成行；A仍在与其他章节对应的行中。 Each section names
    where the rows now put it, linked to that row (``row_address(anchor)``): a row the swap left
    unchanged on the page (a section now alone) is reached by the link's own address."""
    placed = {v.section.pk: row for row in comparison.rows for c in row.cells for v in c.sections}
    where = format_html_join(
        _("；"),
        "{}",
        ((_where(s, placed.get(s.pk), row_address),) for s in (link.left, link.right)),
    )
    return format_html(
        _("已否决：{left}与{right}的对应；现显示：{where}。"),
        left=named(link.left),
        right=named(link.right),
        where=where,
    )


def _where(section: Section, row: RowView | None, row_address: Callable[[str], str]) -> SafeString:
    if row is None:  # the reader's filters hide the row it went to
        return format_html(_("{section}不在当前筛选显示的行中"), section=named(section))
    linked = format_html('<a href="{}">{}</a>', row_address(row.anchor), named(section))
    if row.unique:
        return format_html(_("{section}单独成行"), section=linked)
    return format_html(_("{section}仍在与其他章节对应的行中"), section=linked)
