"""One adapter to the engine: a parsed seed reaches it as the same seed imported and stored."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from compare.lib.engine_input import parsed_sections
from compare.runs.aligning import sections_of
from plans.importing import import_plan
from plans.parsing import parse_plan

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def _by_order(sections) -> list[dict]:
    """Each section without its ids, its parent named by document order instead."""
    order_of = {s.id: s.order for s in sections}
    return [
        {**asdict(s), "id": None, "plan": None, "parent": order_of.get(s.parent)}
        for s in sorted(sections, key=lambda s: s.order)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["002_a0e705bd97436a9a.txt", "2021-08-31-jiangsu.markdown"])
def test_a_parsed_plan_reaches_the_engine_as_its_stored_import_does(name):
    data = (SEEDS / name).read_bytes()
    plan = import_plan(data=data, source=name).plan
    parsed = parsed_sections(parse_plan(data, filename=name), plan=plan.slug, first_id=1)
    stored = sections_of(plan)
    assert len(parsed) == len(stored) > 20
    assert _by_order(parsed) == _by_order(stored)
    assert {s.plan for s in parsed} == {s.plan for s in stored} == {plan.slug}
