"""Each job a sweep settles is logged (a warning, which the default LOG_LEVEL shows): which row,
why, and whether it was queued again. The row and its page said so before; the log did not, so
whoever read the server's log after a worker died learned nothing of the jobs it took with it."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from compare.management.commands.worker import sweep
from compare.models import AlignmentRun, CatalogueRun
from plans.models import PendingImport


def test_a_sweep_logs_each_job_it_settles_and_what_comes_next(seeded, settings, caplog):
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 1)
    run = AlignmentRun.objects.create(
        plan_key="a,b", status="running", heartbeat_at=long_ago, started_at=long_ago
    )
    last = AlignmentRun.objects.create(
        plan_key="c,d", status="running", heartbeat_at=long_ago, attempt=settings.JOB_MAX_ATTEMPTS
    )
    scan = PendingImport.objects.create(
        name="scan.pdf", data=b"%PDF-", status="running", heartbeat_at=long_ago
    )
    catalogue = CatalogueRun.objects.create(plan=seeded[0], status="running", heartbeat_at=long_ago)

    with caplog.at_level(logging.WARNING):
        assert sweep() == 4

    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    again = AlignmentRun.objects.get(plan_key="a,b", attempt=2)
    assert f"alignment run {run.pk} (a,b, attempt 1) failed: the worker stopped" in logged
    assert f"queued again as run {again.pk}" in logged
    assert f"alignment run {last.pk} (c,d, attempt 3) failed" in logged
    assert f"not queued again: its {settings.JOB_MAX_ATTEMPTS} attempts are used" in logged
    assert f"import {scan.pk} (scan.pdf, attempt 1) failed: the worker stopped" in logged
    assert "queued again, attempt 2" in logged
    assert f"catalogue run {catalogue.pk} (plan {seeded[0].slug}) failed" in logged
