"""Targets stored at import, recomputed when a plan is replaced, and exported by export_targets."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plans.models import Plan, Section, Target
from tests.plans.seed_targets import (
    GOAL_CHAPTERS,
    HN,
    SEEDS,
    SLUGS,
    Y22,
    import_seed,
)


def _export(slug: str) -> list[dict]:
    out = StringIO()
    call_command("export_targets", slug, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_export_targets_lists_the_goal_chapter_in_document_order(seeded):
    plan = Plan.objects.get(slug=SLUGS[HN])
    rows = _export(plan.slug)
    goal_ids = set(
        Section.objects.filter(plan=plan, parent__title="發展目標").values_list("pk", flat=True)
    )
    goals = [r for r in rows if r["section_id"] in goal_ids]
    expected = GOAL_CHAPTERS[HN][1]
    assert [
        (r["indicator"], r["value"], r["unit"], r["comparator"], r["deadline"], r["scope"])
        for r in goals
    ] == expected
    assert list(rows[0])[:8] == [
        "section_id",
        "indicator",
        "value",
        "unit",
        "comparator",
        "deadline",
        "scope",
        "text",
    ]
    assert rows[1]["text"] == "專網整合遷移達到95%"
    orders = [Section.objects.get(pk=r["section_id"]).order for r in rows]
    assert orders == sorted(orders)


@pytest.mark.django_db
def test_export_targets_names_an_unknown_plan():
    with pytest.raises(CommandError, match="no plan with slug 'nope'"):
        call_command("export_targets", "nope")


@pytest.mark.django_db
def test_targets_are_recomputed_when_a_plan_is_replaced(seeded):
    data = (
        (SEEDS / Y22)
        .read_bytes()
        .decode("utf-8")
        .replace("证照免提交率达到70%", "证照免提交率达到75%")
    )
    plan = import_seed(Y22, data.encode("utf-8"), replace=True)
    values = {t.indicator: t.value for t in Target.objects.for_plan(plan)}
    assert values["证照免提交率"] == 75.0
    assert Target.objects.filter(section__plan=plan, indicator="证照免提交率").count() == 1
