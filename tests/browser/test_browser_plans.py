from __future__ import annotations

from pathlib import Path

import pytest

from plans.models import Plan, Section
from tests.seeds import load_seeds

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PLAN = "wangcang-2023-digital-gov-plan"


@pytest.fixture
def chapter(transactional_db) -> Section:
    """A chapter of a real seed plan that has sections under it."""
    load_seeds()
    plan = Plan.objects.get(slug=PLAN)
    return next(s for s in Section.objects.for_plan(plan).roots() if s.children.exists())


def test_a_reader_opens_a_chapter_and_its_sections_load_in_place(
    page, live_server, chapter, console_errors
):
    first_child = chapter.children.order_by("order").first()
    page.goto(live_server.url + chapter.plan.get_absolute_url())
    url = page.url

    node = page.locator(f"#{chapter.anchor}")
    assert not page.locator(f"#{first_child.anchor}").count()
    node.locator("summary").first.click()

    children = page.locator(f"#children-{chapter.pk}")
    children.wait_for()
    assert first_child.heading[:10] in children.inner_text()
    assert page.url == url  # loaded in place, no navigation
    assert not console_errors
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "plan-outline-expanded.png", full_page=True)


def test_without_javascript_the_expand_link_opens_the_chapter(browser, live_server, chapter):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    first_child = chapter.children.order_by("order").first()
    page.goto(live_server.url + chapter.plan.get_absolute_url())

    page.locator(f"#{chapter.anchor} summary").first.click()
    page.locator(f"#c{chapter.pk} a.expand").click()

    page.wait_for_url(f"**?open={chapter.pk}*")
    assert first_child.heading[:10] in page.locator(f"#children-{chapter.pk}").inner_text()
    context.close()


def test_search_results_update_in_place_as_a_reader_types_and_the_url_follows(
    page, live_server, chapter, console_errors
):
    page.goto(live_server.url + "/search/")

    page.fill("#q", "政务云 迁移")

    marks = page.locator("#results mark")
    marks.first.wait_for()
    assert {marks.nth(i).inner_text() for i in range(marks.count())} <= {"政务云", "迁移"}
    page.wait_for_url("**/search/?q=*")
    assert page.locator("#results article").count() >= 2
    assert not console_errors
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "search-typed.png", full_page=True)


def test_a_reader_expands_the_whole_plan_collapses_it_and_prints_it_whole(
    page, live_server, chapter, console_errors
):
    plan = chapter.plan
    deepest = Section.objects.for_plan(plan).order_by("-depth", "order").first()
    page.goto(live_server.url + plan.get_absolute_url())
    assert not page.locator(f"#{deepest.anchor}").count()

    page.get_by_role("link", name="展开全部").click()
    page.wait_for_url("**expand=all*")
    assert page.locator(f"#{deepest.anchor}").is_visible()
    assert page.locator("#outline details:not([open])").count() == 0

    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".outline-tools").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="收起全部").click()
    page.wait_for_url(lambda url: "expand" not in url)
    assert not page.locator(f"#{deepest.anchor}").count()
    # Printed folded, a section's own text still shows (only what was never loaded is missing).
    page.emulate_media(media="print")
    preface = page.locator("#outline > ol > li details > p").first
    assert preface.is_visible()
    page.emulate_media(media="screen")

    # 打印全文: the whole plan, and the print dialog asked for once it has loaded.
    page.add_init_script("window.print = () => { window.printAsked = true; };")
    page.get_by_role("link", name="打印全文").click()
    page.wait_for_url("**print=1*")
    # wait_for_function compiles its predicate with eval, which the page's CSP refuses.
    for _ in range(100):
        if page.evaluate("window.printAsked === true"):
            break
        page.wait_for_timeout(50)
    assert page.evaluate("window.printAsked === true")
    assert page.locator(f"#{deepest.anchor}").count() == 1
    assert not console_errors
