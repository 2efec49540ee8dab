"""A reader opens a plan set never aligned: the waiting page follows the job to the comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from compare.models import AlignmentRun, SavedComparison
from tests.seeds import load_seeds

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PAIR = "yunnan-2022-egov-plan,wangcang-2023-digital-gov-plan"


def test_the_waiting_page_turns_into_the_comparison_when_a_worker_is_done(
    page, live_server, settings, transactional_db, console_errors
):
    settings.ALIGN_IN_BACKGROUND = True
    load_seeds()
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/compare/?plans={PAIR}")
    assert "已排队" in page.locator("#waiting").inner_text()
    page.screenshot(path=ARTIFACTS / "jobs-waiting-queued.png")

    run = AlignmentRun.objects.get()
    AlignmentRun.objects.filter(pk=run.pk).update(
        status="running", progress_note="aligning", progress_done=0, progress_total=205
    )
    page.locator("#waiting progress").wait_for(timeout=10000)  # the page polls every 2 s
    page.screenshot(path=ARTIFACTS / "jobs-waiting-progress.png")

    AlignmentRun.objects.filter(pk=run.pk).update(status="queued", progress_total=0)
    call_command("worker", batch=True, verbosity=0)  # what a worker beside the server does
    page.locator("#rows").wait_for(timeout=15000)
    assert page.locator("#rows tr.row").count() > 50
    page.screenshot(path=ARTIFACTS / "jobs-comparison-after-waiting.png")
    assert not console_errors


def test_the_capped_page_and_the_admin_lists_of_jobs_and_saved_comparisons(
    page, live_server, settings, transactional_db, console_errors
):
    settings.ALIGN_IN_BACKGROUND = True
    settings.ANON_ALIGNMENTS_PER_HOUR = 0
    load_seeds()
    response = page.goto(f"{live_server.url}/compare/?plans={PAIR}")
    assert response.status == 429
    page.screenshot(path=ARTIFACTS / "jobs-capped.png")
    console_errors.clear()  # the browser reports the 429 itself, as it should

    AlignmentRun.objects.create(
        plan_key=PAIR,
        status="running",
        attempt=2,
        heartbeat_at=timezone.now(),
        progress_note="reading",
        progress_done=88,
        progress_total=205,
    )
    SavedComparison.objects.create(plans=PAIR, title="云南与旺苍", note="看差异")
    get_user_model().objects.create_superuser("admin", "a@example.org", "pw-for-the-test")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "pw-for-the-test")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/compare/alignmentrun/")
    assert "88/205" in page.locator("#result_list").inner_text()
    page.screenshot(path=ARTIFACTS / "admin-alignment-runs.png", full_page=True)
    page.goto(f"{live_server.url}/admin/compare/savedcomparison/")
    assert "云南与旺苍" in page.locator("#result_list").inner_text()
    page.screenshot(path=ARTIFACTS / "admin-saved-comparisons.png", full_page=True)
    assert page.goto(f"{live_server.url}/admin/django_tasks_database/dbtaskresult/").ok
    page.screenshot(path=ARTIFACTS / "admin-task-queue.png", full_page=True)
    assert not console_errors
