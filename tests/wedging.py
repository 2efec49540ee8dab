"""A real import job whose reading is stuck for good, as on a lock nobody releases: for tests
that start real servers and workers (tests/compare/runs/test_wedged_workers.py). Only tests
queue it; a worker finds it by its dotted path, as it finds every job."""

from __future__ import annotations

import threading
from unittest import mock

from django_tasks import task

from plans import pending
from plans.models import PendingImport


@task()
def import_stuck_reading(pending_id: int) -> dict:
    """`plans.pending.import_pending`, its reading never returning."""
    stuck = mock.patch.object(pending, "read_document", lambda **kw: threading.Event().wait())
    with stuck:
        return pending.import_pending.call(pending_id)


def queue_stuck_import() -> int:
    """Record a previewed scan import and queue the stuck job for it; its row's id."""
    row = PendingImport.objects.create(name="stuck.pdf", data=b"%PDF-", preview=True)
    result = import_stuck_reading.enqueue(row.pk)
    PendingImport.objects.filter(pk=row.pk).update(task_id=str(result.id))
    return row.pk
