"""A plan's slug never rests on a guessed era (issue 26)."""

from __future__ import annotations

import pytest

from plans.importing import PlanOverrides, import_plan
from plans.parsing import parse_plan

pytestmark = pytest.mark.django_db

_BODY = "一、总体要求\n坚持以人民为中心。\n二、主要任务\n加快建设。\n"


def test_an_undated_plan_whose_era_is_guessed_gets_no_year_from_it():
    text = "江苏省数字政府建设规划\n“十四五”时期是数字政府建设的关键期。\n" + _BODY
    assert parse_plan(text).metadata.provenance["era"] == "guessed"
    plan = import_plan(data=text.encode(), source="js.txt", overrides=PlanOverrides()).plan
    assert "-2021-" not in plan.slug
    assert plan.slug.endswith("-undated-plan")


def test_a_plan_whose_title_names_its_era_takes_the_era_start_year():
    text = "江苏省“十四五”数字政府建设规划\n" + _BODY
    plan = import_plan(data=text.encode(), source="js.txt", overrides=PlanOverrides()).plan
    assert plan.slug.endswith("-2021-plan")
