"""Many addresses, each within its own hourly cap, could fill the job queue together: past
JOB_MAX_WAITING jobs waiting, a new alignment, catalogue run or import is refused with 503 and
Retry-After, on the page and in the API alike, and what is queued already is still joined."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult

from compare.models import AlignmentRun, CatalogueRun
from plans.models import PendingImport
from plans.parsing import ocr_available
from tests.plans.test_pending_imports import _first_page_of_the_scan

YUNNAN, WANGCANG = (
    "yunnan-2022-egov-plan",
    "wangcang-2023-digital-gov-plan",
)
BUSY_ZH = "等待处理的后台任务太多"
BUSY_EN = "Too many background jobs are waiting"


@pytest.fixture
def full(seeded, settings):
    """One alignment queued, and a queue that holds one job at most."""
    settings.ALIGN_IN_BACKGROUND = True
    settings.JOB_MAX_WAITING = 1
    slugs = [p.slug for p in seeded]
    assert {YUNNAN, WANGCANG} <= set(slugs)
    first = Client().get(f"/compare/?plans={YUNNAN},{WANGCANG}")
    assert first.status_code == 202
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    return [s for s in slugs if s not in (YUNNAN, WANGCANG)]


def test_a_new_alignment_past_the_bound_is_refused_on_its_page(full):
    response = Client(REMOTE_ADDR="198.51.100.9").get(f"/compare/?plans={YUNNAN},{full[0]}")

    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert BUSY_ZH in response.content.decode()
    assert AlignmentRun.objects.count() == 1


def test_a_plan_set_queued_already_is_still_joined_past_the_bound(full):
    response = Client(REMOTE_ADDR="198.51.100.9").get(f"/compare/?plans={YUNNAN},{WANGCANG}")

    assert response.status_code == 202


def test_the_api_refuses_with_json_503_and_the_same_message(full):
    response = Client().get(f"/api/compare/?plans={YUNNAN},{full[0]}")

    assert response.status_code == 503 and response["Retry-After"] == "60"
    body = response.json()
    assert body["state"] == "busy" and body["error"].startswith(BUSY_EN)


def test_an_export_past_the_bound_is_refused_with_503(full):
    response = Client().get(f"/coverage/?upper={YUNNAN}&lower={full[0]}&format=json")

    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert response.json()["status"] == "busy"


def test_a_catalogue_run_past_the_bound_is_refused(full, admin_client):
    response = admin_client.post(f"/catalogue/{YUNNAN}/start/")

    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert BUSY_ZH in response.content.decode()
    assert not CatalogueRun.objects.exists()


def test_a_new_alignment_within_the_bound_is_queued(full, settings):
    settings.JOB_MAX_WAITING = 2
    response = Client(REMOTE_ADDR="198.51.100.9").get(f"/compare/?plans={YUNNAN},{full[0]}")

    assert response.status_code == 202
    assert AlignmentRun.objects.count() == 2


@pytest.mark.skipif(not ocr_available(), reason="tesseract-ocr-chi-sim not installed")
def test_a_scan_past_the_bound_is_refused_and_nothing_is_queued(full, admin_client):
    scan = SimpleUploadedFile("pingshan.pdf", _first_page_of_the_scan())

    response = admin_client.post("/admin/plans/plan/import/", {"document": scan})

    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert BUSY_ZH in response.content.decode()
    assert not PendingImport.objects.exists()
