"""A 5 MB plan (under the import limit) is harmless: lists and aggregates never read its text.

The text of a plan (`raw_text`) was read by every list of plans, and a Count() of sections
grouped by it: with a 4.9 MB plan the home page took 18.6 s and /goals/ ended in a 500.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Plan
from tests.bigplan import big_plan_text

SEEDS = "yunnan-2022-egov-plan,wangcang-2023-digital-gov-plan"
# The pages people open most, on the seeds alone, then again with the big plan in the catalogue.
PAGES = [
    "/",
    "/j/yunnan/",
    "/api/plans/",
    f"/api/plans/{SEEDS.split(',')[0]}/",
    "/search/?q=政务云 共享",
    f"/goals/?plans={SEEDS}",
]


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


def _reads_text(sql: list[str]) -> list[str]:
    return [q for q in sql if q.lstrip().upper().startswith("SELECT") and "raw_text" in q]


@pytest.mark.django_db
def test_a_5_mb_plan_changes_no_page_query_and_none_reads_its_text(client, seeded, tmp_path):
    before = {url: len(_queries(client, url)) for url in PAGES}
    path = tmp_path / "big-plan.txt"
    path.write_text(big_plan_text(4_900_000), encoding="utf-8")
    call_command(
        "import_plan", str(path), "--jurisdiction", "云南省", "--level", "province",
        "--slug", "big-plan", stdout=io.StringIO(),
    )  # fmt: skip
    big = Plan.objects.get(slug="big-plan")
    assert len(Plan.objects.only("raw_text").get(pk=big.pk).raw_text.encode()) > 4_800_000
    assert big.sections.count() > 2000

    for url in PAGES:
        sql = _queries(client, url)
        assert len(sql) == before[url], url
        assert not _reads_text(sql), url
    for url in [
        "/plans/big-plan/",
        f"/plans/big-plan/s/{big.sections.order_by('order').first().pk}/",
        "/api/plans/big-plan/",
        "/goals/?plans=big-plan,yunnan-2022-egov-plan",
        "/search/?q=一网通办",
    ]:
        assert not _reads_text(_queries(client, url)), url

    client.force_login(get_user_model().objects.create_superuser("a", "a@example.org", "pw"))
    for url in [
        "/admin/plans/plan/",
        "/admin/plans/section/",
        "/admin/plans/target/",
        "/admin/compare/sectionlink/",
        "/admin/compare/linkevent/",
    ]:
        assert not _reads_text(_queries(client, url)), url
