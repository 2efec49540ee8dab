"""Data a whole test module reads, written once for it (pytest-django's django_db_blocker)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pytest
from django.db import transaction


@contextmanager
def kept_for_the_module(django_db_blocker) -> Iterator[None]:
    """Rows written inside stay for the module's tests (each test's own writes still roll back
    to them) and are rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def aligned_for_the_module(*plan_sets: Sequence[str]):
    """A module-scoped fixture named ``_aligned_once``: the seeds with each set of plans (slugs)
    aligned by one run, in the order given, kept for the module's tests. A module assigns it to
    that name and asks for it from its own ``aligned`` fixture::

        _aligned_once = aligned_for_the_module((Y22, HN, WC))
    """

    @pytest.fixture(scope="module", name="_aligned_once")
    def aligned_once(_session_seeds, django_db_blocker):
        from compare.runs.aligning import run_alignment
        from plans.models import Plan

        with kept_for_the_module(django_db_blocker):
            for slugs in plan_sets:
                found = Plan.objects.in_bulk(slugs, field_name="slug")
                run_alignment([found[slug] for slug in slugs])
            yield

    return aligned_once
