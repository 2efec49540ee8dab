"""What a reader and a curator do on the compare page, in a real Chromium."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from compare.models import SectionLink
from plans.models import Plan
from tests.browser.test_browser_reading import _violations
from tests.seeds import load_seeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
Y22, HN, WC = "yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"
CLOUD = "建设集约高效的全省政务云"


def _row_ids(page) -> list[str]:
    return page.locator("#rows tr.row").evaluate_all("rows => rows.map(r => r.id)")


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=False)


def test_a_reader_compares_three_plans_filters_and_shares_the_view(
    page, browser, live_server, console_errors
):
    load_seeds()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + reverse("plans:home"))
    for column, slug in enumerate((Y22, HN, WC)):
        page.locator(".compare-picker select[name=plans]").nth(column).select_option(slug)
    page.locator(".compare-picker button[type=submit]").click()

    # A plan set never aligned before: the page says it is queued; a worker (as `make run` and
    # `make serve` start beside the server) aligns it, and the page turns into the rows.
    page.locator("#waiting").wait_for()
    call_command("worker", batch=True, verbosity=0)
    page.locator("table.compare-table").wait_for(timeout=60_000)
    assert f"plans={Y22}%2C{HN}%2C{WC}" in page.url
    cloud = page.locator("#rows tr.row", has=page.locator("h3", has_text=CLOUD)).first
    for slug in (Y22, HN, WC):
        cell = cloud.locator(f'td[data-plan="{slug}"]')
        assert cell.locator("article, .also a").count() >= 1, slug
    cloud.scroll_into_view_if_needed()
    _shot(page, "compare-three-plans-cloud-row.png")

    page.locator("select[name=part]").select_option("tasks")
    page.wait_for_url(re.compile(r"part=tasks"))
    page.wait_for_function("document.querySelector('#share-url').value.includes('part=tasks')")
    filtered = _row_ids(page)
    assert filtered and page.locator('#rows tr.row[data-part="goals"]').count() == 0

    page.locator("button[data-copy]").click()
    shared = page.evaluate("navigator.clipboard.readText()")
    assert shared == page.url
    _shot(page, "compare-filtered-tasks.png")

    fresh = browser.new_context(locale="zh-CN")
    other = fresh.new_page()
    other.goto(shared)
    assert _row_ids(other) == filtered
    other.screenshot(path=ARTIFACTS / "compare-shared-link-fresh-context.png")
    fresh.close()
    assert not console_errors


def test_without_javascript_the_same_rows_are_reached(browser, live_server, settings):
    settings.ALIGN_IN_BACKGROUND = False
    load_seeds()
    query = f"plans={Y22},{HN},{WC}&part=tasks&differ=1"
    expected = re.findall(r'<tr id="(r\d+)"', Client().get(f"/compare/?{query}").content.decode())

    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/compare/?plans={Y22},{HN},{WC}")
    page.locator("select[name=part]").select_option("tasks")
    page.locator("input[name=differ]").check()
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"differ=1"))
    assert _row_ids(page) == expected
    page.screenshot(path=ARTIFACTS / "compare-no-javascript.png")
    context.close()


def test_a_reader_on_a_phone_learns_why_a_rejected_pair_is_apart_and_finds_its_history(
    page, live_server, console_errors
):
    from compare.curating import reject_link

    load_seeds()
    call_command("align", Y22, WC, stdout=StringIO())
    curator = get_user_model().objects.create_user("curator", is_staff=True)
    link = SectionLink.objects.select_related("left", "right").order_by("-score").first()
    note = "一讲政务服务平台，一讲政务服务体系，层级不同"
    reject_link(link, actor=curator, note=note)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/compare/?plans={Y22},{WC}")
    heading = page.locator(f'h3 a[href="{link.left.get_absolute_url()}"]')
    section = page.locator("article.cmp-section", has=heading)
    said = section.locator("p.link-rejected")
    said.scroll_into_view_if_needed()
    expect(said).to_contain_text(
        f"已否决与旺苍县（{link.right.plan.issued.year}）「{link.right}」的对应：{note}"
    )
    box = said.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # read without scrolling sideways
    _shot(page, "compare-rejected-note-390.png")
    assert _violations(page) == []
    said.get_by_role("link", name="对应变更记录").click()
    page.wait_for_url(re.compile(r"/compare/history/"))
    expect(page.locator("main")).to_contain_text(note)


def test_a_curator_rejects_a_wrong_link_and_the_page_stops_showing_it(
    page, live_server, console_errors
):
    load_seeds()
    call_command("align", Y22, WC, stdout=StringIO())
    call_command("create_curators_group", stdout=StringIO())
    user = get_user_model().objects.create_user("curator", password="pw-curator-1", is_staff=True)
    user.groups.add(Group.objects.get(name="curators"))
    # A Wangcang section placed in a Yunnan row by exactly one link: rejecting it moves it out.
    y22 = Plan.objects.get(slug=Y22)
    link = next(
        link
        for link in SectionLink.objects.select_related("left", "right").order_by("score")
        if link.left.plan_id == y22.pk
        and SectionLink.objects.filter(right=link.right).count() == 1
        and link.right.title
    )
    wrong = link.right

    page.goto(f"{live_server.url}/admin/login/?next=/compare/%3Fplans%3D{Y22},{WC}")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "pw-curator-1")
    page.click("input[type=submit]")
    page.locator("table.compare-table").wait_for()
    row = page.locator(f"#r{link.left_id}")
    assert wrong.title in row.inner_text()
    section = row.locator("article", has=page.locator("h3", has_text=wrong.title))
    section.locator("details.why summary").click()
    # The buttons and the link to change the counterpart stand apart, not run together.
    reject = section.locator("button[value=reject]").bounding_box()
    change = section.locator("form.curate a").bounding_box()
    assert change["x"] >= reject["x"] + reject["width"] + 4 or change["y"] >= reject["y"] + 20
    section.locator("button[value=reject]").click()

    # The section no longer stands in the row as a counterpart (no heading of it there); the row's
    # own section now says the pair was rejected, naming it.
    page.wait_for_function(
        "([id, title]) => ![...document.getElementById(id).querySelectorAll('h3')]"
        ".some(h => h.innerText.includes(title))",
        arg=[f"r{link.left_id}", wrong.title],
    )
    expect(page.locator(f"#r{link.left_id} p.link-rejected")).to_contain_text(wrong.title)
    link.refresh_from_db()
    assert link.status == "rejected"
    # A swap of one row is said aloud: the live region names the pair and the section moved.
    said = page.locator("#page-messages[role=status]")
    expect(said).to_contain_text("已否决：")
    expect(said).to_contain_text(f"「{wrong}」单独成行")
    page.locator(f"#r{link.left_id}").scroll_into_view_if_needed()
    _shot(page, "compare-curator-rejected-link.png")
    assert _violations(page) == []
    # The section's new row is not on the page yet (only the decided row was swapped): its link
    # opens the page on it.
    said.get_by_role("link", name=str(wrong)).click()
    page.wait_for_url(re.compile(r"row=r\d+"))
    expect(page.locator("tr.row.focused")).to_contain_text(wrong.title)
    assert not console_errors


def _settled(page, shown: str) -> None:
    """Wait until the address shows `shown` and every htmx request issued (queued ones too) ended.

    htmx issues a request it queued behind another in the same task that ends the first, so once
    as many ended as were sent, no more are coming."""
    page.wait_for_function(
        "shown => location.search.includes(shown)"
        " && window.sentN > 0 && window.sentN === window.doneN",
        arg=shown,
    )


def test_one_enter_in_a_filter_box_sends_one_request(page, live_server, console_errors):
    load_seeds()
    call_command("align", Y22, WC, stdout=StringIO())
    page.goto(f"{live_server.url}/compare/?plans={Y22},{WC}")
    page.locator("table.compare-table").wait_for()
    page.evaluate(
        """() => {
        window.sentN = 0; window.doneN = 0;
        document.addEventListener("htmx:beforeSend", () => window.sentN++);
        document.addEventListener("htmx:afterRequest", () => window.doneN++);
    }"""
    )
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/compare/" in r.url else None)

    # Typing then Enter fires the box's change before the form's submit: each used to send a
    # request, the two raced and the slower one's rows (and address) won.
    for name, typed, shown in (("q", "政务云", "q="), ("lead", "大数据局", "lead=%E5")):
        sent.clear()
        box = page.locator(f"form.filters input[name={name}]")
        box.fill(typed)
        box.press("Enter")
        _settled(page, shown)
        assert len(sent) == 1, (name, sent)

    # A select still filters on its own change, once.
    sent.clear()
    page.locator("select[name=part]").select_option("tasks")
    _settled(page, "part=tasks")
    assert len(sent) == 1, sent
    assert not console_errors


@pytest.mark.parametrize(
    ("width", "language"), [(1280, "zh-hans"), (390, "en")], ids=["1280-zh-hans", "390-en"]
)
def test_a_second_skip_link_passes_the_filters_and_downloads_to_the_rows(
    page, live_server, console_errors, settings, width, language
):
    """The compare page's filter form and downloads stand between <main> and the first row:
    the second Tab stop is a skip link that lands on the rows' table, the next Tab in it."""
    settings.ALIGN_IN_BACKGROUND = False
    load_seeds()
    call_command("align", Y22, WC, stdout=StringIO())
    page.set_viewport_size({"width": width, "height": 900})
    if language == "en":
        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": live_server.url}]
        )
    page.goto(f"{live_server.url}{reverse('compare:compare')}?plans={Y22},{WC}")
    page.keyboard.press("Tab")
    expect(page.locator('a.skip-link[href="#main"]')).to_be_focused()
    page.keyboard.press("Tab")
    to_rows = page.locator('a.skip-link[href="#compare-rows"]')
    expect(to_rows).to_be_focused()
    expect(to_rows).to_have_text("Skip to the rows" if language == "en" else "跳到对照行")
    box = to_rows.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0  # on screen once focused
    _shot(page, f"skip-rows-compare-{width}-{language}.png")
    page.keyboard.press("Enter")
    expect(page.locator("#compare-rows")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('#compare-rows').contains(document.activeElement)")
    assert page.locator("#compare-rows").bounding_box()["y"] < 900  # scrolled to the rows
    _shot(page, f"skip-rows-landed-{width}-{language}.png")
    assert _violations(page) == []
    assert not console_errors
