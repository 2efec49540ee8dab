"""A large catalogue in the browser: the grouped home page, the picker one finds plans in, a
broad search, and one plan against the whole catalogue, from the start button to the results."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from compare.models import CatalogueRun
from tests.seeds import load_seeds

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
Y22 = "yunnan-2022-egov-plan"


@pytest.fixture
def catalogue(transactional_db, settings):
    from plans.choosing import OFFERED
    from plans.views import HOME_ALL_PLANS

    load_seeds()
    call_command("make_catalogue", max(OFFERED, HOME_ALL_PLANS) + 20, seed=2)
    ARTIFACTS.mkdir(exist_ok=True)


def test_a_reader_opens_a_province_finds_plans_in_the_picker_and_searches_a_short_word(
    page, live_server, catalogue, console_errors
):
    page.goto(live_server.url + "/")
    assert page.locator("details.region").count() > 5
    page.screenshot(path=ARTIFACTS / "catalogue-home-grouped.png", full_page=True)

    yunnan = page.locator("details.region", has_text="云南省").first
    yunnan.locator("summary").click()
    yunnan.locator(".plan-list").first.wait_for(timeout=10000)  # fetched in place by htmx
    assert "云南省“十四五”电子政务发展规划" in yunnan.inner_text()
    page.screenshot(path=ARTIFACTS / "catalogue-home-opened.png", full_page=True)

    page.goto(live_server.url + "/compare/")
    page.fill("#picker-find", "旺苍")
    page.locator(
        "#picker select[name=plans] option[value='wangcang-2023-digital-gov-plan']"
    ).first.wait_for(state="attached", timeout=10000)
    options = page.locator("#picker select[name=plans]").first.locator("option").all_inner_texts()
    assert len(options) <= 4 and any("旺苍县" in o for o in options[1:])
    page.select_option("#picker select[name=plans] >> nth=0", "wangcang-2023-digital-gov-plan")
    page.locator("#suggestions li").first.wait_for(timeout=10000)
    page.screenshot(path=ARTIFACTS / "catalogue-picker-found.png", full_page=True)

    page.goto(live_server.url + "/search/?q=安全")
    assert page.locator("article.search-plan").count() == 20
    assert page.locator("a[rel=next]").count() == 1
    page.screenshot(path=ARTIFACTS / "catalogue-search-short-word.png")
    assert not console_errors


def test_staff_run_a_plan_against_the_catalogue_and_read_which_plans_carry_each_section(
    page, live_server, catalogue, console_errors
):
    get_user_model().objects.create_user("editor", password="pw-for-the-test", is_staff=True)
    page.goto(f"{live_server.url}/admin/login/?next=/plans/{Y22}/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-the-test")
    page.click("input[type=submit]")
    page.get_by_role("link", name="目录中哪些规划承接了各节").click()
    page.get_by_role("button", name="与整个目录比对").click()
    assert "已排队" in page.locator("#catalogue-status").inner_text()
    page.screenshot(path=ARTIFACTS / "catalogue-run-queued.png", full_page=True)

    run = CatalogueRun.objects.get()
    CatalogueRun.objects.filter(pk=run.pk).update(status="running", chunks_done=1, chunks=3)
    # polled every 2 s
    page.locator("#catalogue-status", has_text="1 / 3").wait_for(timeout=10000)
    assert page.locator("#catalogue-status progress").count() == 1
    page.screenshot(path=ARTIFACTS / "catalogue-run-progress.png")
    CatalogueRun.objects.filter(pk=run.pk).update(status="queued", chunks_done=0, chunks=run.chunks)

    call_command("worker", batch=True, verbosity=0)  # what a worker beside the server does
    page.locator("#catalogue-results").wait_for(timeout=15000)
    assert page.locator(".counterparts li.band-likely").count() > 0
    page.screenshot(path=ARTIFACTS / "catalogue-run-results.png")

    page.select_option("#id_level", "county")
    page.wait_for_url("**level=county*", timeout=10000)
    page.locator("#catalogue-results").wait_for()
    page.screenshot(path=ARTIFACTS / "catalogue-run-results-county.png")
    assert not console_errors


def test_one_enter_in_the_picker_find_box_sends_one_request(
    page, live_server, catalogue, console_errors
):
    page.goto(live_server.url + "/compare/")
    page.wait_for_load_state("networkidle")
    # Enter fired the box's search event (an htmx request) and submitted the form (a page load).
    sent = []
    page.on(
        "request", lambda r: sent.append((r.resource_type, r.url)) if "/compare/" in r.url else None
    )
    page.locator("#picker-find").fill("旺苍")
    page.locator("#picker-find").press("Enter")
    page.locator(
        "#picker select[name=plans] option[value='wangcang-2023-digital-gov-plan']"
    ).first.wait_for(state="attached", timeout=10000)
    page.wait_for_load_state("networkidle")
    assert len(sent) == 1, sent
    assert not console_errors
