"""Imports whose PDF needs OCR, done by a background job while the admin shows their progress.

A request never runs tesseract (some 5-20 s a page): ``queue_import`` stores the upload as a
``PendingImport`` and queues ``import_pending`` on the project's job queue (web.jobqueue, the
one alignment runs use); a worker (`manage.py worker`) reads the pages, reporting each, and
imports the plan, or only reads it when the person asked for a preview first. The OCR limits
(DUIZHAO_OCR_MAX_PAGES, DUIZHAO_OCR_MAX_SECONDS) hold inside the job. A job whose worker died
stops beating: ``reap_dead_imports`` queues it again, or fails it after JOB_MAX_ATTEMPTS.
A text-layer PDF, or one refused before any OCR, needs none of this (``ocr_pages_to_queue``).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from plans.forms import preview_record
from plans.importing import (
    PlanImportError,
    PlanOverrides,
    import_plan,
    imported_before,
    pdf_limits,
    read_document,
)
from plans.models import PendingImport
from plans.parsing import PlanParseError, ocr_available, pages_needing_ocr
from plans.parsing.model import as_stored
from web.jobqueue import (
    LOST,
    NOT_RETRIED,
    Heartbeat,
    enqueue_after_commit,
    fail_queue_entry,
    job_lost,
    not_queued_again,
    overdue,
    silent_error,
    silent_since,
    too_long_error,
)

logger = logging.getLogger(__name__)
Status = PendingImport.Status


class Superseded(Exception):
    """A sweep took this job for dead (its heartbeat starved) and queued its import again: the
    new attempt imports the plan, this one stores nothing."""


def ocr_pages_to_queue(data: bytes) -> int:
    """How many pages of ``data`` OCR would read, when that is work for a background job; 0 for
    anything the import does (or refuses) at once: not a PDF, a text layer on every page, OCR
    off or not installed, more scanned pages than it may read."""
    limits = pdf_limits()
    if not data.startswith(b"%PDF") or not limits.ocr:
        return 0
    pages = pages_needing_ocr(data, limits=limits)
    if not pages or len(pages) > limits.ocr_max_pages or not ocr_available():
        return 0
    return len(pages)


def queue_import(
    *,
    name: str,
    data: bytes,
    pages: int,
    overrides: PlanOverrides | None = None,
    replace: bool = False,
    preview: bool = False,
    typed: dict[str, str] | None = None,
    recognised: dict | None = None,
    user=None,
) -> PendingImport:
    """Record the upload and queue the job that reads its ``pages`` scanned pages; answers at
    once. With ``preview`` the job only reads the document, for the person to check what was
    read (``typed``: what they had typed on the form) before it is imported; ``recognised``
    (what a preview's OCR read, kept as ``outcome["recognised"]``) spares reading them again."""
    given = asdict(overrides or PlanOverrides())
    if isinstance(given.get("issued"), date):
        given["issued"] = given["issued"].isoformat()
    with transaction.atomic():
        pending = PendingImport.objects.create(
            name=name,
            data=data,
            overrides=given,
            replace=replace,
            preview=preview,
            pages_total=pages,
            outcome={"typed": typed or {}, **({"recognised": recognised} if recognised else {})},
            started_by=user if getattr(user, "pk", None) else None,
        )
        _queue(pending)
    return pending


def import_read(read, **fields) -> PendingImport | None:
    """Queue the import of a scan whose preview was read (``read``: its row, as a queryset),
    with the person's ``fields`` (queue_import's keywords), taking the upload off the read row
    in the same transaction; None when there is no upload to take: the preview expired, or a
    second confirmation (a double click) came while the first was queueing. The upload is
    taken by one UPDATE that only one request can win, so it is never imported twice."""
    first = read.only("name", "data", "pages_total", "outcome").first()
    if first is None or not first.data:
        return None
    with transaction.atomic():
        if not read.filter(pk=first.pk).exclude(data=b"").update(data=b""):
            return None  # another confirmation took it between the read and here
        return queue_import(
            name=first.name,
            data=bytes(first.data),
            pages=first.pages_total,
            recognised=first.outcome.get("recognised"),
            **fields,
        )


def _queue(pending: PendingImport) -> None:
    def failed(exc: Exception) -> None:
        _fail(pending.pk, f"the job queue is unavailable ({type(exc).__name__}: {exc})")

    def queued(result) -> None:
        PendingImport.objects.filter(pk=pending.pk).update(task_id=str(result.id))

    enqueue_after_commit(import_pending, pending.pk, on_queued=queued, on_failure=failed)


@task()
def import_pending(pending_id: int) -> dict:
    """The job: read the pending import's PDF (OCR included) and import it, or keep what the
    preview shows."""
    claimed = PendingImport.objects.filter(pk=pending_id, status=Status.QUEUED).update(
        status=Status.RUNNING, heartbeat_at=timezone.now(), pages_done=0
    )
    if not claimed:  # done, failed or taken by another worker meanwhile
        return {"pending": pending_id, "skipped": True}
    pending = PendingImport.objects.get(pk=pending_id)
    data = bytes(pending.data)
    # A sweep that took this job for dead queues the row again, one attempt more: from then on
    # this job writes nothing on it (the new attempt's page shows the new attempt).
    mine = _attempt(pending)

    def progress(done: int, total: int) -> None:
        mine.update(pages_done=done, pages_total=total)

    try:
        with Heartbeat(PendingImport, pending_id, limit=settings.JOB_LIMIT_IMPORT_SECONDS):
            if pending.preview:
                return _read_for_preview(pending, data, progress)
            return _import(pending, data, progress)
    except Superseded as exc:
        logger.warning("pending import %s: %s", pending_id, exc)
        return {"pending": pending_id, "skipped": True}
    except (PlanParseError, PlanImportError) as exc:
        # Kept as its template and values too, for the progress page to show in the reader's
        # language; ``error`` keeps the text.
        outcome = {**pending.outcome, "error": as_stored(exc.args[0])}
        _fail(pending_id, str(exc), outcome=outcome, only=mine)
        return {"pending": pending_id, "status": "failed"}
    except Exception as exc:
        logger.exception("pending import %s failed", pending_id)
        _fail(pending_id, f"{type(exc).__name__}: {exc}", only=mine)
        raise


def _read_for_preview(pending: PendingImport, data: bytes, progress) -> dict:
    parsed = read_document(data=data, source=pending.name, progress=progress)
    # What OCR read is kept with the preview, so that the import it confirms does not read again.
    recognised = {str(page): lines for page, lines in parsed.recognised.items()}
    outcome = {**pending.outcome, **preview_record(parsed), "recognised": recognised}
    # Said before the person corrects the fields, as the in-request preview says it.
    typed = pending.outcome.get("typed", {})
    if before := imported_before(parsed.text, source=pending.name, slug=typed.get("slug", "")):
        outcome["warnings"].insert(0, as_stored(before))
    _attempt(pending).update(status=Status.DONE, outcome=outcome, finished_at=timezone.now())
    return {"pending": pending.pk, "status": "read"}


def _import(pending: PendingImport, data: bytes, progress) -> dict:
    given = dict(pending.overrides)
    if given.get("issued"):
        given["issued"] = date.fromisoformat(given["issued"])
    result = import_plan(
        data=data,
        source=pending.name,
        overrides=PlanOverrides(**given),
        replace=pending.replace,
        progress=progress,
        recognised=pending.outcome.get("recognised"),
        before_storing=lambda: _still_mine(pending),
    )
    _attempt(pending).update(
        status=Status.DONE,
        plan=result.plan,
        outcome_status=result.status,
        # The plan holds the text now: what OCR read need not be kept twice either.
        outcome={**_without_text(pending.outcome), "warnings": result.warnings},
        data=b"",  # the plan holds the text; the upload is no longer needed
        finished_at=timezone.now(),
    )
    return {"pending": pending.pk, "status": result.status, "plan": result.plan.pk}


def _without_text(outcome: dict) -> dict:
    return {key: value for key, value in outcome.items() if key != "recognised"}


def preview_stash(pending: PendingImport) -> dict:
    """What the session keeps of a read pending import while its preview is shown (not the
    recognised text, which stays on the row)."""
    return {"name": pending.name, "pending": pending.pk, **_without_text(pending.outcome)}


def _attempt(pending: PendingImport):
    """The row of ``pending`` while this attempt of it runs."""
    return PendingImport.objects.filter(
        pk=pending.pk, status=Status.RUNNING, attempt=pending.attempt
    )


def _still_mine(pending: PendingImport) -> None:
    """Raise ``Superseded`` unless this attempt still runs; else lock its row until the plan is
    stored, so that no sweep settles it meanwhile (on SQLite the transaction's write lock does)."""
    if not _attempt(pending).select_for_update().exists():
        raise Superseded(
            f"attempt {pending.attempt} was settled meanwhile (no heartbeat for"
            f" {settings.JOB_DEAD_AFTER_SECONDS} s: queued again, or failed after its attempts);"
            " it imported nothing"
        )


def _fail(pending_id: int, error: str, *, outcome: dict | None = None, only=None) -> None:
    more = {} if outcome is None else {"outcome": outcome}
    rows = PendingImport.objects.filter(pk=pending_id) if only is None else only
    rows.update(status=Status.FAILED, error=error, finished_at=timezone.now(), **more)


def reap_dead_imports() -> int:
    """Queue again the imports whose worker stopped beating (a new attempt on the same row, so
    the person's progress page follows it), or fail them once JOB_MAX_ATTEMPTS are used up;
    likewise imports queued that long whose job will never take them (web.jobqueue.job_lost:
    it failed at its first query, its worker died right after taking it, a broker lost it).
    Returns how many were settled; each by exactly one process."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS)
    silent = silent_since(cutoff, taken="created_at")
    dead = PendingImport.objects.filter(silent, status=Status.RUNNING).defer("data")
    too_long = f"{too_long_error('IMPORT')}; {NOT_RETRIED}"
    settled = sum(
        _settle(pending, too_long, retry=False)
        if overdue(pending)
        else _settle(pending, silent_error())
        for pending in dead
    )
    # A row queued again is touched then, so its new job is given as long as a first one.
    waiting = PendingImport.objects.filter(silent, status=Status.QUEUED)
    for pending in waiting.defer("data"):
        if job_lost(pending.task_id, cutoff):
            settled += _settle(pending, LOST)
    return settled


def _settle(pending: PendingImport, error: str, *, retry: bool = True) -> int:
    """Queue ``pending`` again, one attempt more, or fail it when its attempts are used up (or
    without ``retry``), if it is still as read (0 when another process got there first)."""
    with transaction.atomic():
        mine = PendingImport.objects.filter(
            pk=pending.pk, status=pending.status, heartbeat_at=pending.heartbeat_at
        )
        if retry and pending.attempt < settings.JOB_MAX_ATTEMPTS:
            won = mine.update(
                status=Status.QUEUED,
                attempt=pending.attempt + 1,
                pages_done=0,
                error=error,
                heartbeat_at=timezone.now(),
            )
            if won:
                _queue(pending)
        else:
            won = mine.update(status=Status.FAILED, error=error, finished_at=timezone.now())
        if won:  # the database queue's record of the dead job says "running" forever too
            fail_queue_entry(pending.task_id)
    if won:
        if not retry:  # its error says why
            then = ""
        elif pending.attempt < settings.JOB_MAX_ATTEMPTS:
            then = f"; queued again, attempt {pending.attempt + 1}"
        else:
            then = f"; {not_queued_again()}"
        logger.warning(
            "import %s (%s, attempt %s) failed: %s%s",
            pending.pk,
            pending.name,
            pending.attempt,
            error,
            then,
        )
    return won
