"""A job that fails before it takes its row, as django-tasks-db's worker runs one."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult


def fail_at_first_query(task_id: str, model, job, *args) -> None:
    """Run ``job(*args)`` as db_worker would, its first query (taking its row of ``model``)
    meeting a locked database: the worker records queue entry ``task_id`` failed, and the row
    is never touched."""
    entry = DBTaskResult.objects.get(id=task_id)
    entry.claim("worker")
    locked = mock.patch.object(model.objects, "filter", _locked)
    with locked, pytest.raises(OperationalError) as raised:
        job.call(*args)
    entry.set_failed(raised.value)


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")
