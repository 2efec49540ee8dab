"""The one door to a run (compare.runs.opening): the anonymous cap holds whichever page or API a
client comes through, each run is counted against its client, and a plan set under way is joined."""

from __future__ import annotations

from itertools import combinations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from compare.models import AlignmentRun
from web.clients import client_id

PAGES = {
    "compare": "/compare/?plans={0},{1}",
    "coverage": "/coverage/?upper={0}&lower={1}",
    "evolution": "/evolution/?from={0}&to={1}",
}


@pytest.fixture
def pairs(seeded, settings):
    """Every pair of seed plans, never aligned; pages queue their runs, as in production."""
    settings.ALIGN_IN_BACKGROUND = True
    settings.ANON_ALIGNMENTS_PER_HOUR = 10
    return list(combinations([p.slug for p in seeded], 2))


def _client_of(client: Client) -> str:
    return client_id(client.get("/").wsgi_request)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_client_is_capped_at_the_eleventh_new_plan_set_on_every_page(
    pairs, client, page
):
    for pair in pairs[:10]:
        assert client.get(PAGES[page].format(*pair)).status_code == 202, pair
    capped = client.get(PAGES[page].format(*pairs[10]))
    assert capped.status_code == 429 and "已达上限" in capped.content.decode()
    assert client.get(PAGES[page].format(*pairs[11])).status_code == 429
    assert client.get(PAGES[page].format(*pairs[0])).status_code == 202  # queued already
    runs = AlignmentRun.objects.all()
    assert runs.count() == 10
    assert set(runs.values_list("client", flat=True)) == {_client_of(client)}


@pytest.mark.django_db
def test_the_pages_share_one_count_per_client(pairs, client):
    ways = list(PAGES.values())
    for i, pair in enumerate(pairs[:10]):
        assert client.get(ways[i % 3].format(*pair)).status_code == 202, pair
    for way in ways:
        assert client.get(way.format(*pairs[10])).status_code == 429, way
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.get(PAGES["coverage"].format(*pairs[10])).status_code == 202


@pytest.mark.django_db
def test_the_apis_answer_429_to_a_capped_client_and_start_nothing(pairs, client):
    for pair in pairs[:10]:
        client.get(PAGES["coverage"].format(*pair))
    new = pairs[10]
    apis = {
        "/api/compare/?plans={0},{1}": "/compare/?plans=",
        "/api/coverage/?upper={0}&lower={1}": "/coverage/?upper=",
        "/api/evolution/?from={0}&to={1}": "/evolution/?from=",
    }
    for api, page in apis.items():
        response = client.get(api.format(*new))
        data = response.json()
        assert response.status_code == 429 and data["state"] == "capped", api
        assert "in an hour (10)" in data["error"] and data["page"].startswith(page)
        assert f"python manage.py align {new[0]} {new[1]}" in data["error"]
    assert AlignmentRun.objects.count() == 10
    # A client under its cap still hears where to have the plans aligned (409, as before).
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.get(f"/api/compare/?plans={new[0]},{new[1]}").json()["state"] == "missing"


@pytest.mark.django_db
def test_a_plan_set_counts_its_pairs_of_plans_against_the_cap(pairs, client):
    # Four plans align six pairs: the cap of 10 an hour is pairs aligned, not runs.
    slugs = sorted({slug for pair in pairs for slug in pair})
    assert client.get("/compare/?plans=" + ",".join(slugs[0:4])).status_code == 202  # 6
    four_more = client.get("/compare/?plans=" + ",".join(slugs[4:8]))  # 12: past the cap
    assert four_more.status_code == 429 and "每两份算一次" in four_more.content.decode()
    assert client.get("/compare/?plans=" + ",".join(slugs[4:7])).status_code == 202  # 9
    api = client.get(f"/api/compare/?plans={slugs[7]},{slugs[8]},{slugs[0]}").json()
    assert api["state"] == "capped" and api["pairs_per_hour"] == 10  # 12 again
    assert "n plans counting n(n-1)/2 pairs" in api["error"]
    assert client.get(PAGES["coverage"].format(slugs[7], slugs[8])).status_code == 202  # 10
    assert client.get(PAGES["evolution"].format(slugs[0], slugs[8])).status_code == 429
    assert sorted(AlignmentRun.objects.values_list("plan_key", flat=True)) == sorted(
        [",".join(slugs[0:4]), ",".join(slugs[4:7]), f"{slugs[7]},{slugs[8]}"]
    )


@pytest.mark.django_db
def test_curators_and_staff_are_never_capped(pairs, client, settings):
    settings.ANON_ALIGNMENTS_PER_HOUR = 0
    staff = get_user_model().objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)
    for pair in pairs[:3]:
        assert client.get(PAGES["evolution"].format(*pair)).status_code == 202
    assert set(AlignmentRun.objects.values_list("started_by", flat=True)) == {staff.pk}
