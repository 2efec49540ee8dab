"""A place's administrative-division code, stored on it from the parser's division table: set
when a place is imported, saved in the admin or made by the migration for existing rows."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from plans.importing import import_plan
from plans.models import Jurisdiction

pytestmark = pytest.mark.django_db

TEXT = "旺苍县数字乡村建设规划（2021—2025年）\n\n一、总体要求\n\n推进数字乡村建设。\n"


def test_an_imported_new_place_and_the_places_above_it_get_their_division_codes():
    plan = import_plan(data=TEXT.encode(), source="wangcang.txt").plan

    assert plan.jurisdiction.name == "旺苍县"
    codes = dict(Jurisdiction.objects.values_list("name", "division_code"))
    assert codes["旺苍县"] == "510821"
    assert codes["广元市"] == "510800"
    assert codes["四川省"] == "510000"
    assert codes["全国"] == ""  # the table holds divisions, not the nation


def test_a_place_the_table_does_not_know_keeps_a_blank_or_typed_code():
    made = Jurisdiction.objects.create(name="临港新片区", slug="lingang", level="prefecture")
    assert made.division_code == ""
    made.division_code = "310115"
    made.save()
    made.refresh_from_db()
    assert made.division_code == "310115"


def test_a_place_saved_in_the_admin_gets_its_division_code(admin_client):
    response = admin_client.post(
        reverse("admin:plans_jurisdiction_add"),
        {"name": "山西省", "slug": "shanxi", "level": "province", "division_code": ""},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Jurisdiction.objects.get(slug="shanxi").division_code == "140000"


def test_a_renamed_place_gets_the_code_of_its_new_name():
    place = Jurisdiction.objects.create(name="山西省", slug="shanxi", level="province")
    place.name = "江苏省"
    place.save(update_fields=["name"])
    place.refresh_from_db()
    assert place.division_code == "320000"


def test_the_migration_gives_existing_places_their_codes_from_the_table():
    for name, slug in (("云南省", "yunnan"), ("包头市", "baotou"), ("临港新片区", "lingang")):
        Jurisdiction.objects.create(name=name, slug=slug, level="province")
    Jurisdiction.objects.update(division_code="")  # as the rows were before the field
    migration = importlib.import_module("plans.migrations.0020_jurisdiction_division_code")

    migration.code_existing_places(apps, None)

    codes = dict(Jurisdiction.objects.values_list("name", "division_code"))
    assert codes == {"云南省": "530000", "包头市": "150200", "临港新片区": ""}
