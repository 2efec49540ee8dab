"""A planner's notes on rows, in a real Chromium: mark, edit, reload, delete."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from compare.models import RowNote, RowNoteVersion, SectionLink
from plans.models import Plan
from tests.browser.test_browser_reading import _violations
from tests.seeds import load_seeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
Y22, WC = "yunnan-2022-egov-plan", "wangcang-2023-digital-gov-plan"


def _sign_in(page, live_server, next_url: str) -> None:
    get_user_model().objects.create_user("planner", password="pw-planner-1", is_staff=True)
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", "planner")
    page.fill("#id_password", "pw-planner-1")
    page.click("input[type=submit]")
    page.locator("table.compare-table").wait_for()


def test_a_planner_marks_a_row_edits_the_note_sees_it_after_reload_and_deletes_it(
    page, live_server, console_errors
):
    load_seeds()
    call_command("align", Y22, WC, stdout=StringIO())
    y22 = Plan.objects.get(slug=Y22)
    link = next(
        link
        for link in SectionLink.objects.select_related("left").order_by("-score", "id")
        if link.left.plan_id == y22.pk and link.left.title
    )
    _sign_in(page, live_server, f"/compare/%3Fplans%3D{Y22},{WC}")
    row = page.locator(f"#r{link.left_id}")
    row.scroll_into_view_if_needed()

    row.locator("a.note-open").click()
    row.locator("select[name=mark]").select_option("borrow")
    row.locator("textarea[name=text]").fill("牵头机制可借鉴")
    row.locator("button[value=save]").click()
    note = row.locator(".row-notes .note")
    note.wait_for()
    assert "可借鉴" in note.inner_text() and "牵头机制可借鉴" in note.inner_text()
    assert not _violations(page)  # the row with its note and its (closed) form
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "compare-row-note.png")

    row.locator("a.note-open").click()
    row.locator("textarea[name=text]").fill("牵头机制可借鉴，需核对我县编制")
    row.locator("button[value=save]").click()
    page.wait_for_function(
        "([id, text]) => document.getElementById(id).innerText.includes(text)",
        arg=[f"r{link.left_id}", "需核对我县编制"],
    )

    page.reload()
    row = page.locator(f"#r{link.left_id}")
    assert "牵头机制可借鉴，需核对我县编制" in row.locator(".row-notes .note").inner_text()

    row.locator("a.note-open").click()
    row.locator("button[value=delete]").click()
    row.locator(".row-notes .note").wait_for(state="detached")
    assert not RowNote.objects.exists()
    assert list(RowNoteVersion.objects.order_by("id").values_list("action", flat=True)) == [
        "created",
        "edited",
        "deleted",
    ]
    assert not console_errors
