"""A page kept for everyone (web.pagecache) works in a real Chromium as one rendered for the
reader: its scripts run under the Content-Security-Policy, htmx swaps, the language is theirs."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.seeds import load_seeds
from web import pagecache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
Y22, HN, WC = "yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"


def test_a_kept_compare_page_runs_its_scripts_under_the_policy_and_swaps_rows(
    page, browser, live_server, settings, console_errors
):
    settings.ALIGN_IN_BACKGROUND = False
    load_seeds()
    call_command("align", Y22, HN, WC, verbosity=0, stdout=StringIO())
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    url = f"{live_server.url}/compare/?plans={Y22},{HN},{WC}"

    # Another reader (in another browser context, with its own cookies) sees the page first:
    # it is kept, and this reader is served the kept page.
    other = browser.new_page(locale="zh-CN")
    assert other.goto(url).status == 200
    other.close()
    assert len(pagecache._kept) == 1

    response = page.goto(url)
    assert response.status == 200 and response.headers.get("content-encoding") == "gzip"
    assert len(pagecache._kept) == 1
    page.locator("button.copy").wait_for(state="visible")  # the page's own script ran
    page.locator(".jumps").wait_for(state="visible")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "pagecache-compare-kept.png")

    page.locator("select[name=part]").select_option("tasks")  # htmx swaps the rows
    page.wait_for_url("**part=tasks**")
    page.wait_for_function("document.querySelector('#share-url').value.includes('part=tasks')")
    page.reload()  # the filtered page, now kept too, served again
    assert page.locator("select[name=part]").input_value() == "tasks"
    page.locator("button.copy").wait_for(state="visible")
    assert not violations
    assert not console_errors
