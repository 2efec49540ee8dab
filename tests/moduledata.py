"""Data a whole test module reads, written once for it (pytest-django's django_db_blocker)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def kept_for_the_module(django_db_blocker) -> Iterator[None]:
    """Rows written inside stay for the module's tests (each test's own writes still roll back
    to them) and are rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
