"""How the admin pages show a section, its full text and a link's history (shared by the
links and events admins)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from compare.curating import describe_change
from compare.models import LinkEvent, SectionLink
from plans.models import Section


def side(section: Section) -> str:
    return format_html(
        '<span class="link-plan">{}</span><br>{}',
        section.plan.title,
        section.heading or section.get_kind_display(),
    )


def _subtree(section: Section) -> list[Section]:
    """``section`` and every section under it, in document order."""
    # Descendants follow a section until the next one at its depth or above.
    after = Section.objects.filter(plan_id=section.plan_id, order__gt=section.order)
    end = (
        after.filter(depth__lte=section.depth)
        .order_by("order")
        .values_list("order", flat=True)
        .first()
    )
    below = after.filter(order__lt=end) if end is not None else after
    return [section, *below.order_by("order")]


def full_text(section: Section) -> str:
    parts = format_html_join(
        "",
        '<div class="link-text depth-{}"><strong>{}</strong>{}</div>',
        (
            (s.depth - section.depth, s.heading, format_html("<p>{}</p>", s.body) if s.body else "")
            for s in _subtree(section)
        ),
    )
    return format_html(
        '<section class="link-side"><h3><a href="{}">{}</a></h3>{}</section>',
        section.get_absolute_url(),
        section.plan.title,
        parts,
    )


def changes_html(event: LinkEvent, link: SectionLink | None = None) -> str:
    """``link``: the pair's link as it is now, when the caller has it (else the event's)."""
    changes = describe_change(event.before, event.after, link=link or event.link)
    said = (
        (_("%(field)s：%(before)s → %(after)s") % {"field": f, "before": b, "after": a},)
        for f, b, a in changes
    )
    return format_html_join("", "<div>{}</div>", said)


def events_table(events, link: SectionLink) -> str:
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                f"{localtime(e.at):%Y-%m-%d %H:%M}",
                e.actor or (_("对齐引擎") if e.run_id else "—"),
                e.get_action_display(),
                changes_html(e, link),
                e.note,
            )
            for e in events
        ),
    )
    if not rows:
        return _("还没有变更记录。")
    head = format_html_join(
        "", "<th>{}</th>", ((h,) for h in (_("时间"), _("操作人"), _("动作"), _("变化"), _("说明")))
    )
    return format_html(
        '<table class="link-history"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        head,
        rows,
    )
