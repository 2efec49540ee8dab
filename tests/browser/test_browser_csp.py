"""Every kind of page works in a real browser under the Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.seeds import load_seeds

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PLANS = "yunnan-2022-egov-plan,wangcang-2023-digital-gov-plan"
PAGES = [
    "/",
    "/plans/wangcang-2023-digital-gov-plan/",
    "/search/?q=政务云",
    f"/goals/?plans={PLANS}",
    f"/compare/?plans={PLANS}",
    f"/compare/?plans={PLANS}&tab=goals",
    f"/compare/history/?plans={PLANS}",
    "/compare/",
    "/admin/login/",
]


def test_pages_raise_no_csp_violation_and_htmx_still_swaps(
    page, live_server, settings, transactional_db, console_errors
):
    settings.ALIGN_IN_BACKGROUND = False
    load_seeds()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    ARTIFACTS.mkdir(exist_ok=True)
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        page.wait_for_load_state("networkidle")
    page.screenshot(path=ARTIFACTS / "csp-admin-login.png")

    # htmx (loaded from our static files) swaps a fragment in place under the policy.
    page.goto(live_server.url + "/search/")
    page.locator("input[name=q]").fill("政务云")
    page.locator("#results mark, .results mark").first.wait_for(timeout=10000)
    page.screenshot(path=ARTIFACTS / "csp-search.png")

    get_user_model().objects.create_superuser("admin", "a@example.org", "pw-for-the-test")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "pw-for-the-test")
    page.click("input[type=submit]")
    for path in ["/admin/", "/admin/compare/sectionlink/", "/admin/compare/alignmentrun/"]:
        assert page.goto(live_server.url + path).status == 200, path
        page.wait_for_load_state("networkidle")
    page.screenshot(path=ARTIFACTS / "csp-admin-links.png")
    assert not violations
    assert not console_errors
