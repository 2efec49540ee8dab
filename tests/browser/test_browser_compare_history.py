"""Going back after a filter change on the compare page, in a real Chromium."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.seeds import load_seeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLANS = "yunnan-2022-egov-plan,hunan-13th-egov-plan,wangcang-2023-digital-gov-plan"


def _form_state(page) -> dict[str, str]:
    return page.evaluate(
        """() => {
          const form = document.querySelector("form.filters");
          return {
            chapter: form.elements.chapter.value,
            part: form.elements.part.value,
            min: form.elements.min.value,
          };
        }"""
    )


def test_back_after_two_filter_changes_shows_the_form_of_the_address_without_csp_errors(
    page, live_server, settings, console_errors
):
    settings.ALIGN_IN_BACKGROUND = False
    load_seeds()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    page.goto(f"{live_server.url}/compare/?plans={PLANS}")
    page.locator("table.compare-table").wait_for()

    page.locator("select[name=part]").select_option("tasks")
    page.wait_for_url(re.compile(r"part=tasks"))
    page.wait_for_function("document.querySelector('#share-url').value.includes('part=tasks')")
    page.locator("select[name=min]").select_option("0.5")
    page.wait_for_url(re.compile(r"min=0\.5"))
    page.wait_for_function("document.querySelector('#share-url').value.includes('min=0.5')")

    page.go_back()
    page.wait_for_url(re.compile(r"part=tasks(?!.*min=0\.5)"))
    page.wait_for_load_state("networkidle")
    page.locator("table.compare-table").wait_for()
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("part") == ["tasks"] and "min" not in query
    assert _form_state(page) == {"chapter": "", "part": "tasks", "min": ""}
    assert page.locator('#rows tr.row[data-part="goals"]').count() == 0

    # The page's scripts still work after the way back: the jump bar is shown and answers.
    assert page.locator(".jumps").is_visible()
    assert not violations
    assert not console_errors
