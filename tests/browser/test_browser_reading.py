"""Reading a comparison in Chromium: marks and legend, modes, state that travels."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from plans.models import Plan, Section
from tests.seeds import load_seeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
Y22, HN, WC = "yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"
THREE = f"{Y22},{HN},{WC}"
WAIT = 30_000  # ms: what Playwright's own waits allow, not expect's 5 s, for a loaded machine


@pytest.fixture
def three(live_server, settings):
    settings.ALIGN_IN_BACKGROUND = False
    load_seeds()
    call_command("align", Y22, HN, WC, verbosity=0, stdout=io.StringIO())
    return f"{live_server.url}/compare/?plans={THREE}"


def _shot(page, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=full)


def _office_body_rows(path: Path, kind: str) -> int:
    """Rows of a downloaded 对照表 below its header, chapter rows (merged) left out."""
    if kind == "docx":
        from docx import Document

        rows = [[c.text for c in r.cells] for r in Document(str(path)).tables[0].rows[1:]]
        return sum(1 for r in rows if len(set(r)) > 1)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    merged = {m.min_row for m in sheet.merged_cells.ranges}
    header = next(r[0].row for r in sheet.iter_rows() if r[0].value == "云南省 十四五 规划 2022")
    return sheet.max_row - header - sum(1 for n in merged if n > header)


def _row_ids(page) -> list[str]:
    return page.locator("#rows tr.row").evaluate_all("rows => rows.map(r => r.id)")


def test_cells_show_shared_and_distinct_marks_with_a_readable_legend(page, three, console_errors):
    page.goto(three)
    legend = page.locator("ul.legend")
    assert legend.is_visible() and "共有" in legend.inner_text()
    shared = page.locator("#rows td mark.m-s").first
    shared.scroll_into_view_if_needed()
    # Not colour alone: shared passages are underlined, own terms are bold.
    assert "underline" in shared.evaluate("e => getComputedStyle(e).textDecorationLine")
    distinct = page.locator("#rows td strong.m-d").first
    assert int(distinct.evaluate("e => getComputedStyle(e).fontWeight")) >= 700
    assert page.locator("#rows td del").count() == 0
    row = page.locator("#rows tr.row", has=page.locator("mark.m-s")).nth(3)
    row.scroll_into_view_if_needed()
    _shot(page, "reading-marks.png")
    page.goto(three)
    legend.scroll_into_view_if_needed()
    _shot(page, "reading-legend.png")
    assert not console_errors


def test_redline_is_a_mode_for_the_page_and_for_a_row(page, three, console_errors):
    page.goto(three)
    page.locator("nav.modes a", has_text="逐字比对").click()
    page.wait_for_url(re.compile(r"mode=redline"))
    page.locator("#rows td del").first.wait_for()
    # A section is redlined or marked, never both; only sections with nothing to redline keep
    # marks (one cell may hold a section of each kind).
    assert (
        page.locator("#rows td article.cmp-section", has=page.locator("del"))
        .filter(has=page.locator("mark.m-s"))
        .count()
        == 0
    )
    assert (
        page.locator("#rows td", has=page.locator("del")).count()
        > page.locator("#rows td", has=page.locator("mark.m-s")).count()
    )
    page.locator("#rows td del").first.scroll_into_view_if_needed()
    _shot(page, "reading-redline-page.png")

    page.goto(three)
    row = (
        page.locator("#rows tr.row", has=page.locator("a.row-mode", has_text="逐字"))
        .filter(has=page.locator(f'td[data-plan="{Y22}"] .text'))
        .filter(has=page.locator(f'td[data-plan="{HN}"] .text'))
        .first
    )
    anchor = row.get_attribute("id")
    row.locator("a.row-mode").click()
    page.wait_for_url(re.compile(rf"row={anchor}.*rowmode=redline"))
    page.locator(f"#{anchor} del, #{anchor} ins").first.wait_for()
    page.locator(f"#{anchor}").scroll_into_view_if_needed()
    _shot(page, "reading-redline-row.png")
    assert not console_errors


def test_filters_survive_save_and_csv(page, three, console_errors):
    page.goto(three)
    page.locator("input[name=differ]").check()
    page.wait_for_url(re.compile(r"differ=1"))
    page.wait_for_function("document.querySelector('#share-url').value.includes('differ=1')")
    filtered = _row_ids(page)
    with page.expect_download() as download:
        page.locator(".exports a", has_text="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = {line[0] for line in list(csv.reader(io.StringIO(text)))[1:]}
    assert len(rows) == len(filtered)
    for kind, name in (("docx", "Word"), ("xlsx", "Excel")):
        with page.expect_download() as download:
            page.locator(".exports a", has_text=name).click()
        assert _office_body_rows(Path(download.value.path()), kind) == len(filtered)

    page.locator("details.save summary").click()
    page.locator("input[name=title]").fill("只看差异")
    page.locator("details.save button[type=submit]").click()
    page.wait_for_url(re.compile(r"/c/\w+/"))
    assert _row_ids(page) == filtered
    _shot(page, "reading-saved-filters.png")
    assert not console_errors


def _settled(page) -> None:
    """Wait until htmx has no request in flight. Enter in the topic box sends the filters twice
    (the box's change, then the form's submit): the second answer is swapped in after the first
    has shown, so a wait on the first alone lets the test act while the page is still busy."""
    expect(page.locator(".htmx-request")).to_have_count(0, timeout=WAIT)


def test_a_planner_narrows_the_rows_to_a_topic_typed_in_the_box(page, three, console_errors):
    page.goto(three)
    everything = _row_ids(page)
    box = page.get_by_label("只看提到这些词的行")
    box.fill("政務雲")  # the traditional form finds the simplified plans too
    box.press("Enter")
    expect(page.locator("#rows .topic-table")).to_be_visible(timeout=WAIT)
    _settled(page)
    expect(page).to_have_url(re.compile(r"q=%E6%94%BF%E5%8B%99%E9%9B%B2"), timeout=WAIT)
    narrowed = _row_ids(page)
    assert 0 < len(narrowed) < len(everything)
    for anchor in narrowed:  # every row shows where it mentions the words
        assert page.locator(f"#{anchor} mark.m-q").count() > 0
    mark = page.locator("#rows mark.m-q").first
    expect(mark).to_be_visible(timeout=WAIT)
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    expect(page.locator("#share-url")).to_have_value(re.compile(r"q="), timeout=WAIT)
    expect(box).to_have_value("政務雲", timeout=WAIT)
    page.locator("#rows .topic-places").scroll_into_view_if_needed()
    _shot(page, "reading-topic.png")

    box.fill("政务云 量子")
    box.press("Enter")
    expect(page.locator("#rows")).to_contain_text("没有行提到", timeout=WAIT)
    _settled(page)
    assert _row_ids(page) == []
    page.locator("#rows a", has_text="清除搜索词").first.click()
    page.wait_for_url(re.compile(r"^(?!.*q=)"))  # a link out of the rows: a whole page loads
    assert _row_ids(page) == everything

    box.fill("一 二 三 四 五 六")  # too many words: said beside the unfiltered rows
    box.press("Enter")
    alert = page.locator("#rows [role=alert]")
    expect(alert).to_contain_text("最多 5 个", timeout=WAIT)
    _settled(page)
    assert _row_ids(page) == everything
    # The box, outside the swapped rows, is marked as the full page marks it.
    expect(box).to_have_attribute("aria-invalid", "true", timeout=WAIT)
    assert "q-error" in box.get_attribute("aria-describedby").split()
    assert _violations(page) == []
    box.fill("政务云")  # mended: no longer marked
    box.press("Enter")
    expect(page.locator("#rows .topic-table")).to_be_visible(timeout=WAIT)
    _settled(page)
    assert box.get_attribute("aria-invalid") is None
    expect(box).to_have_attribute("aria-describedby", "q-help", timeout=WAIT)
    assert not console_errors


def _below_header(page, anchor: str) -> bool:
    return page.evaluate(
        """id => {
            const head = document.querySelector('.compare-table thead').getBoundingClientRect();
            const row = document.getElementById(id).getBoundingClientRect();
            return row.top >= head.bottom - 1 && row.top < window.innerHeight;
        }""",
        anchor,
    )


def test_a_planner_jumps_chapter_to_chapter_and_difference_to_difference(
    page, three, console_errors
):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(three)
    outline = page.locator("details.cmp-outline")
    assert outline.is_visible()
    link = outline.locator("a", has_text="第三章")
    anchor = link.get_attribute("href").lstrip("#")
    link.click()
    page.wait_for_timeout(300)
    assert _below_header(page, anchor)  # not hidden under the sticky column headers
    assert outline.is_visible()  # the outline stays beside the rows
    _shot(page, "reading-outline-jump.png")

    page.keyboard.press("j")
    page.wait_for_timeout(300)
    first = page.evaluate("document.activeElement.id")
    assert page.locator(f"#{first}").get_attribute("data-differs") is not None
    assert _below_header(page, first)
    page.locator(".jumps button", has_text="下一处差异").click()
    page.wait_for_timeout(300)
    second = page.evaluate("document.activeElement.id")
    assert second != first and page.locator(f"#{second}[data-differs]").count() == 1
    page.keyboard.press("k")
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.id") == first
    page.keyboard.press("u")
    page.wait_for_timeout(300)
    unique = page.evaluate("document.activeElement.id")
    assert "unique" in page.locator(f"#{unique}").get_attribute("class")
    _shot(page, "reading-next-unique.png")
    assert not console_errors


def test_the_picker_suggests_counterparts_after_the_first_choice(page, live_server, console_errors):
    load_seeds()
    page.goto(live_server.url + "/")
    first = page.locator(".compare-picker select[name=plans]").first
    groups = first.locator("optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert groups == ["国家", "省级", "地市级", "县级"]
    first.select_option(Y22)
    suggestion = page.locator("#suggestions a", has_text="全国")
    suggestion.wait_for()
    page.locator("#suggestions").scroll_into_view_if_needed()
    _shot(page, "picker-suggestions.png")
    assert not console_errors


def _overflows(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_a_refusal_repeating_a_long_unknown_name_wraps_at_phone_width(page, three):
    page.set_viewport_size({"width": 390, "height": 844})
    base = three.split("/compare/")[0]

    page.goto(base + "/compare/?plans=" + "a" * 120 + f",{Y22}")  # answered 400, with the form

    assert page.locator(".form-error").count() and not _overflows(page)
    _shot(page, "phone-unknown-plan.png")


def test_at_phone_width_rows_are_cards_named_by_plan_and_nothing_overflows(
    page, three, console_errors
):
    page.set_viewport_size({"width": 390, "height": 844})
    base = three.split("/compare/")[0]
    for name, url in [
        ("home", base + "/"),
        ("goals", three.replace("/compare/", "/goals/")),
        ("goals-tab", three + "&tab=goals"),
    ]:
        page.goto(url)
        assert not _overflows(page), name
        _shot(page, f"phone-{name}.png")
    # The goals table reads as cards: each plan's cell names its plan.
    cell = page.locator(".goals-table td").first
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
    assert cell.evaluate("e => getComputedStyle(e, '::before').content") != "none"
    page.goto(three)
    assert not _overflows(page)
    # The chapters' coverage: each chapter's name on at most two lines.
    lines = page.locator(".coverage tbody th[scope=row] a").evaluate_all(
        "links => links.map(a => Math.round(a.getClientRects().length))"
    )
    assert lines and max(lines) <= 2, lines
    # The overview's column headers each on one line (章节, 独有 split one character a line).
    header_lines = page.locator(".summary thead th").evaluate_all(
        "cells => cells.map(c => { const r = document.createRange(); r.selectNodeContents(c);"
        " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; })"
    )
    assert header_lines == [1] * len(header_lines), header_lines
    cell = page.locator(f'#rows tr.row:not(.unique) td[data-plan="{HN}"]').nth(3)
    name = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert "湖南省 十三五 规划 2017" in name
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
    cell.scroll_into_view_if_needed()
    _shot(page, "phone-compare-cards.png")

    page.select_option("#pair", "1,3")
    row = page.locator("#rows tr.row:not(.unique)").nth(3)
    shown = row.locator("td:not(.row-tools)").evaluate_all(
        "cells => cells.filter(c => getComputedStyle(c).display !== 'none')"
        ".map(c => c.dataset.plan)"
    )
    assert shown == [Y22, WC]
    assert not _overflows(page)
    row.scroll_into_view_if_needed()
    _shot(page, "phone-compare-pair.png")
    # The link history reads as cards too: no cell runs past the screen's edge.
    page.goto(base + f"/compare/history/?plans={THREE}")
    edges = page.locator("#history tbody td").evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().right)"
    )
    assert edges and max(edges) <= 390
    _shot(page, "phone-history.png")
    assert not console_errors


def _at_bottom_edge(page) -> str:
    """What a reader sees just above the bottom of the screen: the jump bar or the rows."""
    return page.evaluate(
        """() => {
          const e = document.elementFromPoint(window.innerWidth - 40, window.innerHeight - 20);
          return e.closest('.jumps') ? 'bar' : e.closest('#rows') ? 'rows' : e.tagName;
        }"""
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_at_phone_width_the_jump_bar_gives_way_to_the_rows_while_reading_down(
    page, three, console_errors, language
):
    """Fixed at the bottom, the bar hid about 80 px of rows (two lines of English buttons) all
    the way down a comparison on a phone."""
    page.set_viewport_size({"width": 390, "height": 844})
    base = three.split("/compare/")[0]
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.goto(three)
    bar = page.locator(".jumps")
    bar.wait_for(state="visible")
    # One short line, each button still named in full for a screen reader.
    assert bar.bounding_box()["height"] < 48
    full = "Next difference" if language == "en" else "下一处差异"
    expect(bar.get_by_role("button", name=full)).to_have_count(1)
    for _ in range(8):
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(50)
    page.wait_for_timeout(400)  # the bar's slide
    assert page.evaluate("window.scrollY") > 2000  # mid-page, far from the end
    assert _at_bottom_edge(page) == "rows"
    _shot(page, f"phone-jumps-reading-{language}.png")
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(400)
    assert _at_bottom_edge(page) == "bar"
    # The keys and the buttons still jump, and the bar stays for the next press.
    page.keyboard.press("j")
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.matches('tr.row[data-differs]')")
    bar.get_by_role("button", name=full).click()
    page.wait_for_timeout(400)
    assert _at_bottom_edge(page) == "bar"
    _shot(page, f"phone-jumps-up-{language}.png")
    assert not console_errors


def test_at_phone_width_a_place_and_its_era_wrap_between_words_not_inside_one(
    page, three, console_errors
):
    """云南省 十四五 in the overview and 云南省 · 十四五 · 2022 under the plans' titles once broke
    as 十 / 四五 at 390 px."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(three)
    split = page.evaluate(
        """() => [...document.querySelectorAll('.summary tbody th, .compare-plans .muted')]
          .flatMap(e => {
            const text = e.firstChild, at = text.data.indexOf('十');
            const tops = [0, 1, 2].map(i => {
              const r = document.createRange();
              r.setStart(text, at + i);
              r.setEnd(text, at + i + 1);
              return Math.round(r.getBoundingClientRect().top);
            });
            return new Set(tops).size > 1 ? [text.data] : [];
          })"""
    )
    assert split == []
    assert not console_errors


def test_in_english_at_phone_width_no_page_overflows(page, three, console_errors):
    """English words are longer than Chinese ones: the site's navigation with its language menu
    once pushed every page 20 px past a phone's width."""
    page.set_viewport_size({"width": 390, "height": 844})
    base = three.split("/compare/")[0]
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    from compare.models import SectionLink

    linked = SectionLink.objects.filter(left__plan__slug=WC).first().left
    shanxi = "shanxi-2023-digital-gov-plan"
    box = Section.objects.get(plan__slug=shanxi, kind="box", label="专栏1")
    overflowing = []
    for name, url in [
        ("home", "/"),
        ("plan", f"/plans/{WC}/"),
        ("compare", three.split(base)[1]),
        ("search", "/search/?q=政务云"),
        # The pages and states the workbench added.
        ("plan-whole", f"/plans/{WC}/?expand=all"),
        ("plan-cited", "/plans/yunnan-2023-digital-gov-programme/"),
        ("plan-duties", "/plans/baotou-2022-evaluation-measures/?lead=市工信局"),
        ("section-counterparts", linked.get_absolute_url()),
        ("section-projects", box.get_absolute_url()),
        ("compare-topic", f"/compare/?plans={THREE}&q=政務雲"),
        ("compare-lead", f"/compare/?plans={THREE}&lead=大数据局"),
        ("compare-goals-tab", f"/compare/?plans={THREE}&tab=goals"),
        ("goals", f"/goals/?plans={THREE}"),
        # The report pickers list every plan by its full title: their menus once ran 150 px
        # past a phone's width.
        ("coverage-picker", f"/coverage/?lower={WC}"),
        ("evolution-picker", "/evolution/"),
    ]:
        assert page.goto(base + url).status == 200, name
        assert page.locator("html").get_attribute("lang") == "en"
        if _overflows(page):
            overflowing.append(name)
    assert overflowing == []
    _shot(page, "phone-english-search.png")
    assert not console_errors


CJK_FONTS = ("PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC")


def _first_font(page, selector: str) -> str:
    stack = page.locator(selector).first.evaluate("e => getComputedStyle(e).fontFamily")
    return stack.split(",")[0].strip().strip('"')


def test_english_pages_take_latin_letters_from_a_latin_font_and_chinese_from_a_cjk_one(
    page, live_server, console_errors
):
    """A CJK font's Latin glyphs are wide, its apostrophes full width: an English page reads
    with a Latin font first; the Chinese on it (a plan's own text) keeps the CJK fonts first."""
    page.goto(live_server.url + "/")
    assert _first_font(page, "body") in CJK_FONTS  # Chinese pages as they were
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    english = _first_font(page, "body")
    page.locator("main").evaluate(
        "m => m.insertAdjacentHTML('beforeend', '<p id=\"zh\" lang=\"zh-Hans\">云南省</p>')"
    )
    assert english not in CJK_FONTS and english != "system-ui", english
    assert _first_font(page, "#zh") in CJK_FONTS
    # The page's own words inside Chinese text (a section page's type line) are English again.
    load_seeds()
    page.goto(live_server.url + Section.objects.filter(plan__slug=WC).first().get_absolute_url())
    assert _first_font(page, ".section-meta") == english
    assert not console_errors


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            "resultTypes": ["violations"],
        },
    )
    return [
        f"{v['id']}: {node['target']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


def test_axe_finds_no_wcag_violation_on_any_page(page, three, console_errors, settings):
    from compare.models import AlignmentRun, SavedComparison, SectionLink, plan_set_key

    base = three.split("/compare/")[0]
    share = SavedComparison.objects.create(plans=THREE, query="differ=1", title="差异")
    noted = SavedComparison.objects.create(plans=THREE, title="附笔记")
    first = Plan.objects.get(slug=Y22).sections.filter(parent=None).first()
    noted.notes.create(section=first, mark="borrow", text="可借鉴其总体思路")
    national, y23 = "national-2022-digital-gov-opinion", "yunnan-2023-digital-gov-programme"
    call_command("align", national, y23, verbosity=0, stdout=io.StringIO())
    call_command("align", HN, Y22, verbosity=0, stdout=io.StringIO())
    call_command("align", national, HN, verbosity=0, stdout=io.StringIO())
    shanxi, jiangsu = "shanxi-2023-digital-gov-plan", "jiangsu-2021-digital-gov-plan"
    call_command("align", shanxi, jiangsu, verbosity=0, stdout=io.StringIO())
    box = Section.objects.get(plan__slug=shanxi, kind="box", label="专栏1")
    place = Plan.objects.get(slug=Y22).jurisdiction
    # A run under way, at a stage of the engine, for the waiting page (alive the whole test).
    settings.JOB_DEAD_AFTER_SECONDS = 3600
    waiting = [Plan.objects.get(slug=slug) for slug in (WC, y23)]
    run = AlignmentRun.objects.create(
        plan_key=plan_set_key(waiting),
        status="running",
        progress_note="selecting",
        progress_done=1,
        progress_total=1,
    )
    run.plans.set(waiting)
    linked = SectionLink.objects.filter(left__plan__slug=WC).first()
    alone = Section.objects.filter(plan__slug=WC, links_as_left=None, links_as_right=None).first()
    from compare.reading.comparing import build_comparison

    rows = build_comparison([Plan.objects.get(slug=slug) for slug in THREE.split(",")]).rows
    gathered = next(r.anchor for r in rows if len(r.base) > 1)  # a cell of several sections
    pages = {
        "home": "/",
        "plan": f"/plans/{Y22}/",
        "plan-traditional": f"/plans/{HN}/",
        "picker": f"/compare/?first={Y22}",
        "compare": f"/compare/?plans={THREE}",
        "compare-redline": f"/compare/?plans={THREE}&mode=redline",
        "compare-marks": f"/compare/?plans={THREE}&mode=marks",
        "compare-gathered-row": f"/compare/?plans={THREE}&row={gathered}&mode=redline",
        "compare-goals-tab": f"/compare/?plans={THREE}&tab=goals",
        "compare-topic": f"/compare/?plans={THREE}&q=政務雲",
        "compare-topic-none": f"/compare/?plans={THREE}&q=量子纠缠",
        "goals": f"/goals/?plans={THREE}",
        "search": "/search/?q=政务云",
        "saved": share.get_absolute_url(),
        "waiting": f"/compare/?plans={WC},{y23}",
        "evolution-waiting": f"/evolution/?from={y23}&to={WC}",  # the same run, under way
        "saved-with-notes": noted.get_absolute_url(),
        "history": f"/compare/history/?plans={THREE}",
        "coverage": f"/coverage/?upper={national}&lower={y23}",
        "coverage-issued-first": f"/coverage/?upper={national}&lower={HN}",  # 先于上级文件
        "evolution": f"/evolution/?from={HN}&to={Y22}",
        "jurisdiction": place.get_absolute_url(),
        "plan-whole": f"/plans/{WC}/?expand=all",
        "plan-cited": f"/plans/{y23}/",
        "section-counterparts": linked.left.get_absolute_url(),
        "section-no-counterparts": alone.get_absolute_url(),
        "plan-duties": "/plans/baotou-2022-evaluation-measures/?lead=市工信局",
        "section-projects": box.get_absolute_url(),
        "compare-lead": f"/compare/?plans={shanxi},{jiangsu}&lead=发展改革委",
        "coverage-picker": "/coverage/",  # plans grouped by level
    }
    found = {}
    for name, url in pages.items():
        page.goto(base + url)
        if name in ("coverage", "coverage-issued-first", "evolution"):  # not a waiting page
            assert page.locator("#report").count() == 1
        violations = _violations(page)
        if violations:
            found[name] = violations[:5]
    # States: a plan too long to read whole; the goals as cards on a phone.
    settings.PLAN_WHOLE_MAX_CHARS = 1000
    page.goto(base + f"/plans/{WC}/?expand=all")
    found["plan-too-long"] = _violations(page)
    # The site's own 404 page; the browser logs the status it was served with, nothing else.
    logged = len(console_errors)
    assert page.goto(base + "/plans/no-such-plan/").status == 404
    found["not-found"] = _violations(page)
    assert all("404" in e for e in console_errors[logged:])
    del console_errors[logged:]
    # A mistyped address: what to fix, the plans it names kept in their columns.
    assert page.goto(base + f"/compare/?plans={Y22},nowhere,{WC}").status == 400
    found["compare-bad-address"] = _violations(page)
    assert all("400" in e for e in console_errors[logged:])
    del console_errors[logged:]
    # Half an address naming a plan that is not there: the picker says which.
    assert page.goto(base + "/coverage/?upper=nowhere").status == 400
    found["coverage-unknown-plan"] = _violations(page)
    assert all("400" in e for e in console_errors[logged:])
    del console_errors[logged:]
    # English: Latin fonts first, the badge of a heading added on import in words.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(base + f"/compare/?plans={THREE}")
    found["compare-english"] = _violations(page)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + f"/goals/?plans={THREE}")
    found["goals-phone"] = _violations(page)
    page.goto(base + f"/coverage/?upper={national}&lower={y23}")  # the chart drawn for a phone
    found["coverage-phone"] = _violations(page)
    page.goto(base + f"/compare/history/?plans={THREE}")  # changes as cards
    found["history-phone"] = _violations(page)
    found = {name: v[:5] for name, v in found.items() if v}
    assert found == {}
    assert not console_errors


def test_one_tab_and_enter_skip_past_the_site_links_into_the_comparison(page, three):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(three)
    page.keyboard.press("Tab")
    skip = page.locator('a.skip-link[href="#main"]')
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0  # on screen once focused
    _shot(page, "skip-link-compare-1280-zh-hans.png")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
