"""The synthetic catalogue: plans recombined from the real ones, for benchmarks and demos."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from plans.models import Jurisdiction, Plan, Section


def _snapshot() -> list[tuple]:
    plans = Plan.objects.filter(slug__startswith="syn-").order_by("slug")
    return [
        (
            p.slug,
            p.title,
            p.jurisdiction.name,
            p.era.name,
            tuple(Section.objects.for_plan(p).values_list("depth", "label", "title")),
        )
        for p in plans.select_related("jurisdiction", "era")
    ]


@pytest.mark.django_db
def test_the_same_seed_makes_the_same_catalogue_and_a_new_run_replaces_it(seeded):
    call_command("make_catalogue", 12, seed=5)
    first = _snapshot()
    call_command("make_catalogue", 12, seed=5)
    assert _snapshot() == first and len(first) == 12
    call_command("make_catalogue", 12, seed=6)
    assert _snapshot() != first and len(_snapshot()) == 12


@pytest.mark.django_db
def test_synthetic_plans_are_real_sections_in_well_formed_trees(seeded):
    call_command("make_catalogue", 30, seed=1)
    real = set(
        Section.objects.exclude(plan__slug__startswith="syn-").values_list(
            "title", "body_simplified", "body_tokens"
        )
    )
    sections = list(Section.objects.filter(plan__slug__startswith="syn-").order_by("plan", "order"))
    by_pk = {s.pk: s for s in sections}
    assert len(sections) > 30 * 20
    for s in sections:
        assert (s.title, s.body_simplified, s.body_tokens) in real  # copied, never invented
        if s.parent_id is None:
            assert s.depth == 0
        else:
            parent = by_pk[s.parent_id]
            assert parent.plan_id == s.plan_id and parent.depth == s.depth - 1
            assert parent.order < s.order and parent.start <= s.start <= s.end <= parent.end
    for plan in Plan.objects.filter(slug__startswith="syn-"):
        orders = list(Section.objects.for_plan(plan).values_list("order", flat=True))
        assert orders == list(range(len(orders)))


@pytest.mark.django_db
def test_synthetic_plans_spread_over_the_levels_and_eras(seeded):
    call_command("make_catalogue", 60, seed=2)
    plans = Plan.objects.filter(slug__startswith="syn-").select_related("jurisdiction", "era")
    levels = {p.jurisdiction.level for p in plans}
    assert {"province", "prefecture", "county"} <= levels
    assert len({p.era.name for p in plans}) >= 2
    for county in Jurisdiction.objects.filter(plans__in=plans, level="county"):
        assert county.parent.level == "prefecture" and county.parent.parent.level == "province"


@pytest.mark.django_db
def test_the_default_data_has_no_synthetic_plan(seeded):
    assert not Plan.objects.filter(source__startswith="synthetic:").exists()


@pytest.mark.django_db
def test_without_real_plans_it_says_what_to_do():
    with pytest.raises(CommandError, match="load_seeds"):
        call_command("make_catalogue", 5)
