"""Curation: people confirm, reject, reopen and add links; every change is a LinkEvent.

Each public function is one transaction: the link row is locked, changed, and its event
(who, when, state before and after, note) written together, or nothing happens.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from compare.alignment.reasons import reason as reason_in_words
from compare.models import LinkEvent, SectionLink
from plans.models import Section

CURATORS_GROUP = "curators"
# The one right that makes a curator, however it was given (group or user).
CURATE_PERMISSION = "compare.change_sectionlink"

Status = SectionLink.Status
Action = LinkEvent.Action

# The fields of a link a person can see change, in the order the history shows them.
STATE_FIELDS = ("status", "score", "reason", "note")
# Recorded beside them so the history can word the reason in the reader's language; an event
# recorded before the evidence was kept has only the engine's Chinese text.
EVIDENCE = "evidence"


class CurationError(ValueError):
    """A change to a link that cannot be made; the message says what to do instead."""


def may_curate(user) -> bool:
    """Whether ``user`` may change links: an active user holding CURATE_PERMISSION (the
    curators group, create_curators_group, grants it) or an active superuser."""
    return user.has_perm(CURATE_PERMISSION)


def confirm_link(link: SectionLink, *, actor, note: str = "") -> SectionLink:
    """Mark ``link`` as confirmed by ``actor``; a re-run of the engine keeps it."""
    refused = {
        Status.CONFIRMED: _("这条对应已经确认过了，无需再次确认。"),
        Status.MANUAL: _("这条对应是人工添加的，本身就是人工决定，无需确认。"),
    }
    return _set_status(link, Status.CONFIRMED, Action.CONFIRMED, actor, note, refused)


def reject_link(link: SectionLink, *, actor, note: str = "") -> SectionLink:
    """Mark ``link`` as wrong; it stays as a rejected row so the engine never proposes it again."""
    refused = {Status.REJECTED: _("这条对应已经否决过了。")}
    return _set_status(link, Status.REJECTED, Action.REJECTED, actor, note, refused)


def reopen_link(link: SectionLink, *, actor, note: str = "") -> SectionLink:
    """Undo a decision: ``link`` goes back to auto, and the engine may revise it again."""
    refused = {Status.AUTO: _("这条对应本来就是自动状态，没有可撤销的决定。")}
    return _set_status(link, Status.AUTO, Action.REOPENED, actor, note, refused)


def add_manual_link(
    left: Section, right: Section, *, actor, note: str = "", score: float = 1.0
) -> SectionLink:
    """Link two sections of different plans by hand.

    The pair is stored in id order whatever order it is given in. An automatic link for the
    pair becomes confirmed and a rejected one becomes manual (keeping the engine's score and
    reason); a pair already confirmed or added by hand is refused.
    """
    _check_actor(actor)
    left, right = _ordered_pair(left, right)
    with transaction.atomic():
        link = SectionLink.objects.select_for_update().filter(left=left, right=right).first()
        if link is None:
            return _create_manual(left, right, actor=actor, note=note, score=score)
        before = link_state(link)
        if link.status == Status.AUTO:
            _decide(link, Status.CONFIRMED, actor=actor, note=note)
            _record(link, Action.CONFIRMED, actor=actor, before=before, note=note)
        elif link.status == Status.REJECTED:
            _decide(link, Status.MANUAL, actor=actor, note=note)
            _record(link, Action.ADDED, actor=actor, before=before, note=note)
        else:
            raise CurationError(
                _("这两个章节已有对应（%(status)s），无需再添加。")
                % {"status": link.get_status_display()}
            )
    return link


def replace_counterpart(
    link: SectionLink, new_section: Section, *, actor, note: str = ""
) -> SectionLink:
    """Reject ``link`` and link its other side to ``new_section`` instead; returns the new link.

    ``new_section`` takes the place of the side from its own plan: replacing a Y22 section
    with another Y22 section keeps the Y23 side.
    """
    _check_actor(actor)
    with transaction.atomic():
        before = _lock(link)
        sides = {link.left.plan_id: link.left, link.right.plan_id: link.right}
        if new_section.plan_id not in sides:
            raise CurationError(
                _("新章节必须属于这条对应的两份规划之一：《%(a)s》或《%(b)s》。")
                % {"a": link.left.plan.title, "b": link.right.plan.title}
            )
        if sides[new_section.plan_id].pk == new_section.pk:
            raise CurationError(_("新章节就是原来的章节：请选择另一个章节。"))
        keep = link.right if link.left.plan_id == new_section.plan_id else link.left
        if link.status != Status.REJECTED:
            _decide(link, Status.REJECTED, actor=actor, note=note)
            _record(link, Action.REJECTED, actor=actor, before=before, note=note)
        a, b = _ordered_pair(keep, new_section)
        existing = SectionLink.objects.filter(left=a, right=b).first()
        if existing is not None and existing.status in (Status.CONFIRMED, Status.MANUAL):
            return existing
        return add_manual_link(keep, new_section, actor=actor, note=note)


def edit_link_note(link: SectionLink, *, actor, note: str) -> SectionLink:
    """Change the note on ``link`` without changing its status."""
    _check_actor(actor)
    with transaction.atomic():
        before = _lock(link)
        if note == link.note:
            raise CurationError(_("说明没有变化：请修改说明的内容后再保存。"))
        link.note = note
        link.save(update_fields=["note"])
        _record(link, Action.EDITED, actor=actor, before=before, note=note)
    return link


def describe_change(
    before: dict | None, after: dict | None, *, link: SectionLink | None = None
) -> list[tuple[str, str, str]]:
    """The fields that differ between two recorded states, as (field, before, after) for people.

    A state that did not exist (a new link, a removed one) shows as "—". ``link``, the pair's
    link as it is now, words the reason of a state recorded without its evidence.
    """
    before, after = before or {}, after or {}
    labels = {name: SectionLink._meta.get_field(name).verbose_name for name in STATE_FIELDS}
    changes = []
    for name in STATE_FIELDS:
        old, new = before.get(name), after.get(name)
        if old == new or (not old and not new and name in ("reason", "note")):
            continue
        changes.append(
            (str(labels[name]), _show(name, old, before, link), _show(name, new, after, link))
        )
    return changes


def _show(name: str, value, state: dict, link: SectionLink | None) -> str:
    if value is None or value == "":
        return "—"
    if name == "reason":
        evidence = state.get(EVIDENCE) or _evidence_behind(value, link)
        if evidence:
            return reason_in_words(evidence, gettext=_, pgettext=pgettext)
    if name == "status":
        return str(Status(value).label) if value in Status.values else str(value)
    if name == "score" and isinstance(value, int | float):
        return f"{value:.2f}"
    return str(value)


def _evidence_behind(text: str, link: SectionLink | None) -> dict | None:
    """The evidence an event recorded before events kept it was worded from: the link's own,
    when worded as the engine words it that gives the very text stored."""
    if link is None or not link.evidence:
        return None
    return link.evidence if reason_in_words(link.evidence) == text else None


def _check_actor(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise CurationError(_("只有登录的用户才能修改对应：请先登录。"))


def _lock(link: SectionLink) -> dict:
    """Reload ``link`` under a row lock and return its state before the change."""
    if link.pk is None:
        raise CurationError(_("这条对应还没有保存，无法修改。"))
    try:
        link.refresh_from_db(from_queryset=SectionLink.objects.select_for_update())
    except SectionLink.DoesNotExist:
        raise CurationError(_("这条对应已不存在：请刷新页面。")) from None
    return link_state(link)


def link_state(link: SectionLink | None) -> dict | None:
    """What a LinkEvent keeps of a link before and after a change (None: no link), curators' and
    alignment runs' alike; the evidence lets the history word the reason in the reader's
    language."""
    if link is None:
        return None
    return {**{name: getattr(link, name) for name in STATE_FIELDS}, EVIDENCE: link.evidence}


def _set_status(
    link: SectionLink, status: str, action: str, actor, note: str, refused: dict[str, str]
) -> SectionLink:
    """``link`` set to ``status`` under a row lock and the change recorded as ``action``; refused
    with ``refused``'s message when the link stands at one of its statuses."""
    _check_actor(actor)
    with transaction.atomic():
        before = _lock(link)
        if link.status in refused:
            raise CurationError(refused[link.status])
        _decide(link, status, actor=actor, note=note)
        _record(link, action, actor=actor, before=before, note=note)
    return link


def _decide(link: SectionLink, status: str, *, actor, note: str) -> None:
    """``status`` decided by ``actor``; back to auto, no one's decision stands."""
    decided = status != Status.AUTO
    link.status = status
    link.decided_by = actor if decided else None
    link.decided_at = timezone.now() if decided else None
    if note:
        link.note = note
    link.save(update_fields=["status", "decided_by", "decided_at", "note"])


def _record(link: SectionLink, action: str, *, actor, before: dict | None, note: str) -> LinkEvent:
    return LinkEvent.objects.create(
        link=link,
        left_id=link.left_id,
        right_id=link.right_id,
        action=action,
        actor=actor,
        before=before,
        after=link_state(link),
        note=note,
    )


def _ordered_pair(a: Section, b: Section) -> tuple[Section, Section]:
    if a.pk == b.pk:
        raise CurationError(_("不能把一个章节与它自己对应：请选择另一份规划中的章节。"))
    if a.plan_id == b.plan_id:
        raise CurationError(
            _("两个章节都属于《%(plan)s》：对应只能连接不同规划的章节。") % {"plan": a.plan.title}
        )
    return (a, b) if a.pk < b.pk else (b, a)


def _create_manual(left: Section, right: Section, *, actor, note: str, score: float):
    try:
        # A savepoint, so a concurrent insert of the same pair leaves the transaction usable.
        with transaction.atomic():
            link = SectionLink.objects.create(
                left=left,
                right=right,
                status=Status.MANUAL,
                score=score,
                note=note,
                decided_by=actor,
                decided_at=timezone.now(),
            )
    except IntegrityError:
        raise CurationError(_("刚刚有人添加了同一对应：请刷新页面后再试。")) from None
    _record(link, Action.ADDED, actor=actor, before=None, note=note)
    return link
