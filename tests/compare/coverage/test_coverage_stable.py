"""A verdict on one plan against another rests on the two plans alone: importing a third plan
(which moves the catalogue's term weights, hence the stored links) changes none of them."""

from __future__ import annotations

import pytest

from compare.coverage.covering import coverage_report
from compare.runs.aligning import run_alignment
from plans.models import Plan
from tests.compare.coverage.references import check_module
from tests.moduledata import kept_for_the_module

NATIONAL = "national-2022-digital-gov-opinion"
LOWER = ("wangcang-2023-digital-gov-plan", "shanxi-2023-digital-gov-plan")
# A plan of neither pair, outside the seeds (a held-out reference's lower plan, tests/data/
# coverage-references/docs): importing it moved a 旺苍 verdict while links were the stored ones.
THIRD = "fujian-2022-digital-gov-programme"


def _verdicts(lower: str) -> dict[str, tuple[str, str, float | None]]:
    report = coverage_report(Plan.objects.get(slug=NATIONAL), Plan.objects.get(slug=lower))
    return {
        f"{row.item.section.label} {row.item.section.title}": (
            row.item.status,
            row.item.why,
            row.item.decisive.score if row.item.decisive else None,
        )
        for row in report.rows
    }


@pytest.fixture(scope="module")
def before_and_after(_session_seeds, django_db_blocker):
    from django.conf import settings

    check = check_module()
    # With the sentence encoder, as production runs it (the verdict that moved had it).
    was, settings.ALIGN_BY_MEANING = settings.ALIGN_BY_MEANING, True
    try:
        with kept_for_the_module(django_db_blocker):
            national = Plan.objects.get(slug=NATIONAL)
            for lower in LOWER:
                run_alignment([national, Plan.objects.get(slug=lower)])
            before = {lower: _verdicts(lower) for lower in LOWER}
            check.DOCUMENTS = {THIRD: check.DOCUMENTS[THIRD]}
            check.import_documents()
            run_alignment([national, Plan.objects.get(slug=THIRD)])
            # The pairs aligned again, their stored links weighed by the larger catalogue.
            for lower in LOWER:
                run_alignment([national, Plan.objects.get(slug=lower)])
            yield before, {lower: _verdicts(lower) for lower in LOWER}
    finally:
        settings.ALIGN_BY_MEANING = was


@pytest.mark.django_db
@pytest.mark.parametrize("lower", LOWER)
def test_importing_a_third_plan_changes_no_verdict_of_a_pair(before_and_after, lower):
    before, after = before_and_after
    assert len(before[lower]) >= 30
    moved = {k: (v, after[lower][k]) for k, v in before[lower].items() if after[lower][k] != v}
    assert not moved


def test_a_pair_is_aligned_once_for_its_page_exports_and_reports_until_something_changes(
    seeded, monkeypatch
):
    from compare.coverage.covering import reading

    upper = Plan.objects.get(slug="national-2022-digital-gov-opinion")
    lower = Plan.objects.get(slug="wangcang-2023-digital-gov-plan")
    calls = []
    real = reading._aligned_pair
    monkeypatch.setattr(reading, "_aligned_pair", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = coverage_report(upper, lower)
    again = coverage_report(upper, lower)
    assert len(calls) == 1
    assert [r.item.status for r in again.rows] == [r.item.status for r in first.rows]
