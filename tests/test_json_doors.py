"""Every door that hands out JSON (commands, API, exports) gives the same bytes on the seeds.

The shapes are a contract, built in one serializer module per app; these digests pin each
door's exact output, recorded from a fresh database where ids start at 1, once per backend
(PostgreSQL's jsonb orders an object's keys its own way, and its collation orders names
differently). After a deliberate change of shape, rerun with ``DUIZHAO_RECORD_JSON_PINS=1`` on
each backend and review the diff of the pin file.
"""

from __future__ import annotations

import hashlib
import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client

from compare.runs.aligning import run_alignment
from plans.models import Plan, Section, Target
from tests.seeds import load_seeds

PINS = Path(__file__).parent / "data" / "json_doors.json"
NATIONAL, Y23 = "national-2022-digital-gov-opinion", "yunnan-2023-digital-gov-programme"
Y22, HN = "yunnan-2022-egov-plan", "hunan-13th-egov-plan"
# The mark makes pytest-django create the test database when only this module runs.
pytestmark = pytest.mark.django_db
RECORDING = os.environ.get("DUIZHAO_RECORD_JSON_PINS") == "1"


def _restart_ids() -> None:
    """Ids from 1 on every backend: PostgreSQL's sequences survive the rollbacks of other tests."""
    models = [m for app in ("plans", "compare") for m in apps.get_app_config(app).get_models()]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
        if connection.vendor == "sqlite":
            tables = [m._meta.db_table for m in models]
            marks = ",".join("%s" for _ in tables)
            cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", tables)


def _forget_caches() -> None:
    from compare.reading.caching import forget
    from web import pagecache

    forget()
    pagecache.forget()
    caches["default"].clear()


def _command(*args: str) -> bytes:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().encode()


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.content


def _doors(client: Client) -> dict[str, bytes]:
    slugs = list(Plan.objects.order_by("slug").values_list("slug", flat=True))
    out = {"list_plans --json": _command("list_plans", "--json"), "/api/plans/": b""}
    out["/api/plans/"] = _get(client, "/api/plans/")
    for slug in slugs:
        out[f"export_plan {slug}"] = _command("export_plan", slug)
        out[f"export_targets {slug}"] = _command("export_targets", slug)
        out[f"/api/plans/{slug}/"] = _get(client, f"/api/plans/{slug}/")
        # A section with targets and children, and the plan's first section.
        sections = Section.objects.filter(plan__slug=slug).order_by("order")
        with_target = Target.objects.filter(section__plan__slug=slug).order_by("pk").first()
        picked = {sections.first().pk} | ({with_target.section_id} if with_target else set())
        for pk in sorted(picked):
            url = f"/api/plans/{slug}/sections/{pk}/"
            out[url] = _get(client, url)
    pair = f"{NATIONAL},{Y23}"
    out["export_alignment"] = _command("export_alignment", NATIONAL, Y23, "--all")
    out["/api/compare/"] = _get(client, f"/api/compare/?plans={pair}")
    out["/compare/?format=json"] = _get(client, f"/compare/?plans={pair}&format=json")
    coverage = f"?upper={NATIONAL}&lower={Y23}"
    out["/api/coverage/"] = _get(client, f"/api/coverage/{coverage}")
    out["/coverage/?format=json"] = _get(client, f"/coverage/{coverage}&format=json")
    evolution = f"?from={HN}&to={Y22}"
    out["/api/evolution/"] = _get(client, f"/api/evolution/{evolution}")
    out["/evolution/?format=json"] = _get(client, f"/evolution/{evolution}&format=json")
    return out


@pytest.fixture(scope="module")
def doors(django_db_setup, django_db_blocker) -> dict[str, bytes]:
    """Each door's bytes on the seeds, read in a transaction rolled back after."""
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(ALIGN_IN_BACKGROUND=False),
    ):
        assert not Plan.objects.exists(), "the pins need an empty database (ids from 1)"
        _restart_ids()
        _forget_caches()
        load_seeds()
        for pair in ((NATIONAL, Y23), (HN, Y22)):
            run_alignment([Plan.objects.get(slug=s) for s in pair])
        out = _doors(Client())
        transaction.set_rollback(True)
    _forget_caches()
    if RECORDING:
        digests = {door: hashlib.sha256(body).hexdigest() for door, body in out.items()}
        pins = json.loads(PINS.read_text()) | {connection.vendor: digests}
        PINS.write_text(json.dumps(pins, indent=1, sort_keys=True) + "\n")
    return out


def _pins(vendor: str = "sqlite") -> dict[str, str]:
    return json.loads(PINS.read_text()).get(vendor, {})


@pytest.fixture
def pins() -> dict[str, str]:
    found = _pins(connection.vendor)
    if not found:
        pytest.skip(f"no pins recorded on {connection.vendor}: record them with the old code")
    return found


@pytest.mark.parametrize("door", sorted(_pins()))
def test_each_json_door_gives_the_bytes_it_gave_before(doors, pins, door):
    assert door in doors, f"{door} is pinned but no longer read: update {PINS.name}"
    assert hashlib.sha256(doors[door]).hexdigest() == pins[door], door


def test_every_door_read_is_pinned(doors, pins):
    assert set(doors) == set(pins)
