"""What a planner does with the coverage and evolution reports, in a real Chromium."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from plans.models import Plan
from tests.seeds import load_seeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NATIONAL, Y23 = "national-2022-digital-gov-opinion", "yunnan-2023-digital-gov-programme"
Y22, HN = "yunnan-2022-egov-plan", "hunan-13th-egov-plan"


def _shot(page, name: str, *, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=full)


def test_a_planner_checks_what_yunnan_takes_up_of_the_national_opinion(
    page, live_server, console_errors
):
    load_seeds()
    page.goto(live_server.url + Plan.objects.get(slug=Y23).get_absolute_url())
    higher = page.locator("#higher-plans")
    assert "全国" in higher.inner_text()
    higher.scroll_into_view_if_needed()
    _shot(page, "plan-higher-plans.png")
    higher.get_by_role("link", name=re.compile("国务院关于加强数字政府建设的指导意见")).click()

    # Never aligned before: the page says the job is queued; a worker (as `make run` and
    # `make serve` start beside the server) aligns the pair, and the page turns into the report.
    page.locator("#waiting").wait_for()
    call_command("worker", batch=True, verbosity=0)
    page.locator("#report").wait_for(timeout=60_000)
    assert f"upper={NATIONAL}" in page.url and f"lower={Y23}" in page.url
    items = page.locator(".coverage-items > li[id^=item-]")
    total = items.count()
    assert total == 32  # tasks, targets and safeguards; background and principles shown apart
    assert page.locator(".coverage-items .status-partly").count() >= 1
    assert page.locator("#background + ul li").count() >= 4
    assert page.locator("#additions + ul li").count() >= 1
    _shot(page, "coverage-national-yunnan-2023.png")
    page.locator(".coverage-chart").scroll_into_view_if_needed()
    _shot(page, "coverage-chapter-bars.png")

    page.get_by_role("link", name="只看未落实").click()
    page.wait_for_url(re.compile(r"gaps=on"))
    page.wait_for_function(
        "!document.querySelector('#items').nextElementSibling.querySelector('.status-covered')"
    )
    gaps = page.locator(".coverage-items > li[id^=item-]").count()
    assert 0 < gaps < total
    _shot(page, "coverage-gaps-only.png", full=True)
    assert not console_errors


def test_a_curator_marks_an_item_covered_with_a_note(page, live_server, console_errors):
    load_seeds()
    call_command("align", NATIONAL, Y23, stdout=StringIO())
    user = get_user_model().objects.create_user("curator", password="pw-curator-1", is_staff=True)
    call_command("create_curators_group", stdout=StringIO())  # the group with its rights
    user.groups.add(Group.objects.get(name="curators"))
    url = f"/coverage/?upper={NATIONAL}&lower={Y23}"
    page.goto(f"{live_server.url}/admin/login/?next={url.replace('&', '%26')}")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "pw-curator-1")
    page.click("input[type=submit]")
    item = page.locator(".coverage-items > li", has_text="提高自主可控水平")
    assert "部分落实" in item.locator(".status").inner_text()  # one of 自主 and 可控 found
    assert "缺少：" in item.locator(".reason").inner_text()
    item.locator("input[name=note]").fill("见安全保障能力：安全可靠技术和产品")
    item.get_by_role("button", name="标为已落实").click()
    item = page.locator(".coverage-items > li", has_text="提高自主可控水平")
    assert "已落实" in item.locator(".status").inner_text()
    assert "见安全保障能力" in item.inner_text()
    assert "见安全保障能力" in page.locator("#history + ul").inner_text()
    item.scroll_into_view_if_needed()
    _shot(page, "coverage-curated-item.png")
    assert not console_errors


def test_a_reader_follows_a_province_across_eras(page, live_server, console_errors):
    load_seeds()
    page.goto(live_server.url + Plan.objects.get(slug=Y23).jurisdiction.get_absolute_url())
    timeline = page.locator("#timeline")
    assert timeline.locator("li").count() >= 2
    _shot(page, "jurisdiction-timeline.png")

    page.goto(f"{live_server.url}/evolution/?from={HN}&to={Y22}")
    page.locator("#waiting").wait_for()
    call_command("worker", batch=True, verbosity=0)
    page.locator("#report").wait_for(timeout=60_000)
    for anchor in ("#continued", "#new", "#dropped", "#targets"):
        assert page.locator(anchor).is_visible()
    assert "推進智慧城市建設和發展" in page.locator("#dropped + ul").inner_text()
    assert page.locator("#report .targets-table tbody tr").count() > 10
    assert page.locator("#report .targets-table tr.unreliable").count() >= 1
    _shot(page, "evolution-hunan-13th-yunnan-14th.png", full=True)
    page.locator("#targets").scroll_into_view_if_needed()
    _shot(page, "evolution-targets.png")

    # At phone width an era's years stay on one line: never "（2016— / 2020）".
    page.set_viewport_size({"width": 390, "height": 844})
    split = page.evaluate(
        """() => [...document.querySelectorAll('#report dd .keep, dl dd .keep')].flatMap(e => {
          const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
          const found = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const m = /\\d{4}\\D\\d{4}/.exec(node.data);
            if (!m) continue;
            const r = document.createRange();
            r.setStart(node, m.index);
            r.setEnd(node, m.index + m[0].length);
            const tops = new Set([...r.getClientRects()].map(c => Math.round(c.top)));
            if (tops.size > 1) found.push(node.data);
          }
          return found;
        })"""
    )
    assert split == []
    # A target row is a card there: the later plan's side, with its baseline → target line,
    # takes the width of the screen, not a fourth of it.
    later = page.locator("#report .targets-table td:has(.baseline)").first
    later.scroll_into_view_if_needed()
    assert later.bounding_box()["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth <= 390")
    _shot(page, "evolution-targets-390.png")
    _shot(page, "evolution-390.png")
    assert not console_errors


def test_on_a_phone_the_chapter_chart_shows_its_counts_without_sideways_scrolling(
    page, live_server, console_errors
):
    load_seeds()
    call_command("align", NATIONAL, Y23, stdout=StringIO())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/coverage/?upper={NATIONAL}&lower={Y23}")
    chart = page.locator(".coverage-chart")
    chart.scroll_into_view_if_needed()
    _shot(page, "coverage-chart-phone.png")
    # The caption points at the counts "on the right": each is on the screen, nothing scrolls.
    counts = chart.locator("svg:visible text", has_text=re.compile(r"^\d+/\d+/\d+$"))
    assert counts.count() >= 3
    for i in range(counts.count()):
        box = counts.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390
    assert chart.evaluate("f => f.scrollWidth <= f.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= 390")
    assert not console_errors
