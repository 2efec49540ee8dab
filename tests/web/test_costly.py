"""Requests that cost a thread seconds (coverage and evolution reports, exports) are bounded per
client and per server process: one client's flood cannot hold every thread, and a refusal says
to try again shortly rather than queueing."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from tests.moduledata import aligned_for_the_module
from web import costly
from web.clients import client_id

UPPER, LOWER = "national-2022-digital-gov-opinion", "yunnan-2022-egov-plan"
COSTLY = [
    f"/coverage/?upper={UPPER}&lower={LOWER}",
    f"/coverage/?upper={UPPER}&lower={LOWER}&format=xlsx",
    f"/evolution/?from={UPPER}&to={LOWER}&format=docx",
    f"/api/coverage/?upper={UPPER}&lower={LOWER}",
    f"/api/evolution/?from={UPPER}&to={LOWER}",
    f"/compare/?plans={LOWER},{UPPER}&format=csv",
    f"/api/compare/?plans={LOWER},{UPPER}",  # the same rows as ?format=json, another door
]

_aligned_once = aligned_for_the_module((LOWER, UPPER))


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    settings.COSTLY_PER_CLIENT = 2


def _places_of(address: str) -> list[str]:
    client = client_id(RequestFactory().get("/", REMOTE_ADDR=address))
    return [f"costly:{client}:{n}" for n in range(2)]


@pytest.mark.parametrize("address", COSTLY)
def test_a_client_with_its_places_taken_is_told_to_wait_while_others_are_served(
    client, aligned, address
):
    limits = caches["limits"]
    for key in _places_of("127.0.0.1"):  # two of its requests still being built
        limits.add(key, 1, timeout=60)

    refused = client.get(address)
    other = client.get(address, REMOTE_ADDR="10.0.0.2")

    assert refused.status_code == 429 and refused["Retry-After"] == "5"
    said = refused.json()["error"] if address.startswith("/api/") else refused.content.decode()
    assert "同时打开的报告或导出太多（最多 2 个）" in said
    assert other.status_code == 200
    assert limits.get_many(_places_of("10.0.0.2")) == {}  # given back when done


def test_the_page_of_a_comparison_is_not_bounded(client, aligned):
    for key in _places_of("127.0.0.1"):
        caches["limits"].add(key, 1, timeout=60)
    assert client.get(f"/compare/?plans={LOWER},{UPPER}").status_code == 200


@pytest.mark.parametrize("address", COSTLY[1:4])
def test_a_process_busy_with_costly_work_refuses_more_and_keeps_threads_for_quick_pages(
    client, aligned, address
):
    slots = costly._process_slots()
    taken = 0
    while slots.acquire(blocking=False):
        taken += 1
    try:
        refused = client.get(address)
        quick = client.get(f"/plans/{LOWER}/")
    finally:
        for _ in range(taken):
            slots.release()

    assert taken >= 1
    assert refused.status_code == 503 and refused["Retry-After"] == "5"
    said = refused.json()["error"] if address.startswith("/api/") else refused.content.decode()
    assert "服务器正忙于生成其他报告或导出" in said
    assert quick.status_code == 200
    assert caches["limits"].get_many(_places_of("127.0.0.1")) == {}  # its place given back too
