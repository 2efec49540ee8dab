"""The one door to a run: every page and API that needs plans aligned comes through here.

``open_alignment(plans, request)`` answers whether a plan set is aligned, and when it is not,
starts its run (or finds the one under way) within the anonymous cap, counting the run against
the request's client. ``open_catalogue_run(plan, request)`` does the same for one plan against
the catalogue (curators and staff only, one run of a plan at a time). Both answer an
``Opening``: what a view renders, with nothing left for it to decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compare import curating
from compare.models import AlignmentRun, CatalogueRun
from compare.runs.jobs import (
    CAP_WINDOW,
    alignment_status,
    pairs_of,
    pairs_started,
    start_alignment,
)
from plans.models import Plan
from web.clients import client_id
from web.jobqueue import BUSY, queue_full

CAPPED = _(
    "一小时内从你这里开始对齐的规划已达上限（几份规划一起对照时，其中每两份算一次），请稍后再试，"
    "或少选几份；已经对齐过的规划组合可以随时打开。"
)
CATALOGUE_FORBIDDEN = _("只有校对人员和管理员可以启动全目录比对。")
WORKING = (CatalogueRun.Status.QUEUED, CatalogueRun.Status.RUNNING)


@dataclass(frozen=True)
class Opening:
    """Where a plan set (or a catalogue run) stands for one request.

    ``state`` is ``ready`` (aligned: show it), ``running`` (``run`` is queued or under way),
    ``failed`` (``run`` failed lately), ``missing`` (never aligned, and nothing was started),
    ``capped`` (this client started its share of new runs this hour), ``forbidden`` (this
    person may not start such a run) or ``busy`` (JOB_MAX_WAITING jobs wait already); ``reason``
    says why a run was refused, and ``status`` is the HTTP status of the refusal."""

    state: str
    run: AlignmentRun | CatalogueRun | None = None
    reason: str = ""

    @property
    def refused(self) -> bool:
        return self.state in ("capped", "forbidden", "busy")

    @property
    def status(self) -> int:
        return {"capped": 429, "forbidden": 403, "busy": 503}.get(self.state, 202)


def open_alignment(plans: Sequence[Plan], request, *, start: bool = True) -> Opening:
    """Where ``plans`` stand, starting their alignment when they were never aligned (or when
    the last run failed and the address asks ``?retry``), unless ``start`` is off (the API
    never starts one). A new plan set counts against the request's client: past
    ANON_ALIGNMENTS_PER_HOUR pairs of plans (four plans are six pairs) an anonymous client is
    refused (``capped``), whichever page it
    came through; a plan set already queued by anyone is joined, never started twice."""
    state, run = alignment_status(plans)
    wanted = state == "missing" or (state == "failed" and "retry" in request.GET)
    if not wanted:
        return Opening(state, run)
    client = client_id(request)
    if not may_start_alignment(request.user, client, pairs=pairs_of(len(set(plans)))):
        return Opening("capped", None, CAPPED)
    if queue_full():
        return Opening("busy", None, BUSY)
    if not start:
        return Opening(state, run)
    user = request.user if request.user.is_authenticated else None
    cap = None if _uncapped(request.user) else settings.ANON_ALIGNMENTS_PER_HOUR
    # The check above spares a capped client a write; this one, made with the start in one
    # transaction, is the one concurrent requests cannot slip past.
    if start_alignment(plans, actor=user, client=client, cap=cap) is None:
        return Opening("capped", None, CAPPED)
    return Opening(*alignment_status(plans))  # aligned already when not in the background


def may_start_alignment(user, client: str, *, pairs: int = 1) -> bool:
    """Curators and staff start any number of alignments; anyone else new plan sets of a few
    pairs of plans an hour (ANON_ALIGNMENTS_PER_HOUR), counted by client in the runs
    themselves: whether a set of ``pairs`` pairs still fits."""
    if _uncapped(user):
        return True
    started = pairs_started(client, timezone.now() - CAP_WINDOW)
    return started + pairs <= settings.ANON_ALIGNMENTS_PER_HOUR


def _uncapped(user) -> bool:
    return bool(user.is_staff or curating.may_curate(user))


def open_catalogue_run(plan: Plan, request) -> Opening:
    """Start a run of ``plan`` against the catalogue, or find the one queued or under way; the
    run builds the catalogue index itself, so this answers at once."""
    from compare.catalogue.running import reap_dead_catalogue_runs, start_catalogue_run

    if not may_start_catalogue_run(request.user):
        return Opening("forbidden", None, CATALOGUE_FORBIDDEN)
    reap_dead_catalogue_runs()  # a run whose worker died no longer blocks a new one
    with transaction.atomic():
        # Two clicks at once: the second waits on the plan's row, then finds the first's run.
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        working = CatalogueRun.objects.filter(plan=plan, status__in=WORKING).first()
        if working is None and queue_full():
            return Opening("busy", None, BUSY)
        return Opening("running", working or start_catalogue_run(plan))


def may_start_catalogue_run(user) -> bool:
    """A run spans the whole catalogue: curators and staff only."""
    return bool(user.is_staff or curating.may_curate(user))
