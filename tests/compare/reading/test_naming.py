"""How messages about links name a section: by place and, where known, the year of its plan."""

from __future__ import annotations

import datetime

from django.utils import translation

from compare.reading.values import Rejection, named
from plans.models import Jurisdiction, Plan, Section

YUNNAN = Jurisdiction(name="云南省", slug="yunnan", level="province")


def _section(issued: datetime.date | None) -> Section:
    plan = Plan(jurisdiction=YUNNAN, slug="p", title="规划", issued=issued)
    return Section(plan=plan, label="一、", title="总体要求", kind="chapter")


def test_two_plans_of_one_place_are_told_apart_by_the_year_they_were_issued():
    with translation.override("zh-hans"):
        earlier = named(_section(datetime.date(2022, 5, 6)))
        later = named(_section(datetime.date(2023, 3, 2)))
    assert earlier == "云南省（2022）「一、总体要求」"
    assert later == "云南省（2023）「一、总体要求」"


def test_a_plan_without_a_date_is_named_by_its_place_alone():
    with translation.override("zh-hans"):
        assert named(_section(None)) == "云南省「一、总体要求」"


def test_a_rejection_names_the_other_section_with_its_year_in_english_too():
    rejection = Rejection(1, _section(datetime.date(2022, 5, 6)), "主题不同")
    with translation.override("en"):
        assert rejection.line.startswith("Rejected")
        assert "(2022) “一、总体要求”" in rejection.line
