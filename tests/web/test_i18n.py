"""The interface speaks Chinese by default and English on request (Django's i18n)."""

from __future__ import annotations

import ast
import gettext
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from compare.alignment import align, roles
from compare.alignment.reasons import ROLE_NAMES, ZONE_NAMES, reason
from compare.models import SectionLink
from compare.templatetags.compare_tags import link_reason
from tests.compare.alignment.test_alignment import HN as HN_SEED
from tests.compare.alignment.test_alignment import WC as WC_SEED
from tests.compare.alignment.test_alignment import Y22 as Y22_SEED
from tests.compare.alignment.test_alignment import _catalogue, _plans
from tests.seeds import load_seeds

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

Y22, HN, WC = "yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"
HOME = "/"
PLAN = f"/plans/{Y22}/"
PICKER = "/compare/"
GOALS = f"/goals/?plans={Y22},{HN}"
COMPARE = f"/compare/?plans={Y22},{HN},{WC}"

# Page, words of its English interface, words of its Chinese interface.
PAGES = [
    (
        HOME,
        ["<h1>Plan catalogue</h1>", "Compare plans", "88 sections", "<h2>Provincial</h2>"],
        ["<h1>规划目录</h1>", "对照几份规划", "88 节", "<h2>省级</h2>"],
    ),
    (
        PLAN,
        [
            "Compare with other plans…",
            "<dt>Planning period</dt>",
            "<dt>Document number</dt>",
            ">6 May 2022</time>",
        ],
        ["与其他规划对照…", "<dt>规划期</dt>", "<dt>文号</dt>", ">2022年5月6日</time>"],
    ),
    (
        PICKER,
        ["<h1>Choose plans to compare</h1>", "Column 1", "Choose a plan", "(none)"],
        ["<h1>选择要对照的规划</h1>", "第 1 列", "请选择", "（不选）"],
    ),
    (
        GOALS,
        [
            "<h1>Goals compared</h1>",
            "Quantitative targets",
            '<th scope="col">Indicator</th>',
            "Scope: ",
            "not set",
        ],
        ["<h1>目标对照</h1>", "量化目标", '<th scope="col">指标</th>', "范围：", "未设定"],
    ),
]


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    # A request activates its language for the whole thread: give the next test the default.
    yield
    translation.deactivate()


def _choose(client, language: str, next_url: str = HOME):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(("url", "english", "chinese"), PAGES)
def test_after_choosing_english_a_page_speaks_english(client, seeded, url, english, chinese):
    response = _choose(client, "en", url)
    assert response.status_code == 302 and response["Location"] == url

    html = _html(client.get(url))

    assert '<html lang="en">' in html
    for words in english:
        assert words in html
    for words in chinese:
        assert words not in html


@pytest.mark.parametrize(("url", "english", "chinese"), PAGES)
@pytest.mark.parametrize("accept", [None, "zh-CN,zh;q=0.9", "fr-FR,fr;q=0.9", "xx"])
def test_chinese_is_spoken_by_default_and_when_nothing_else_matches(
    client, seeded, url, english, chinese, accept
):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}

    html = _html(client.get(url, **headers))

    assert '<html lang="zh-hans">' in html
    for words in chinese:
        assert words in html
    for words in english:
        assert words not in html


@pytest.mark.parametrize("accept", ["en", "en-US,en;q=0.9,zh-CN;q=0.8", "en-GB"])
def test_a_browser_asking_for_english_gets_english(client, seeded, accept):
    response = client.get(HOME, HTTP_ACCEPT_LANGUAGE=accept)

    assert '<html lang="en">' in _html(response)
    assert "Plan catalogue" in _html(response)
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_the_chosen_language_outweighs_the_browsers(client, seeded):
    _choose(client, "zh-hans")
    assert "规划目录" in _html(client.get(HOME, HTTP_ACCEPT_LANGUAGE="en"))

    _choose(client, "en")
    assert "Plan catalogue" in _html(client.get(HOME, HTTP_ACCEPT_LANGUAGE="zh-CN"))


def test_switching_back_to_chinese_restores_chinese(client, seeded):
    _choose(client, "en")
    _choose(client, "zh-hans", PLAN)

    html = _html(client.get(PLAN))

    assert '<html lang="zh-hans">' in html and "规划期" in html and "Planning period" not in html


def test_the_switch_posts_the_language_and_returns_to_the_same_address(client, seeded):
    html = _html(client.get(GOALS))
    form = re.search(r'<form class="language-switch".*?</form>', html, re.S).group(0)

    assert f'action="{reverse("set_language")}" method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert f'name="next" value="{GOALS}"' in form
    options = re.findall(r'<option value="([^"]+)" lang="[^"]+"( selected)?>([^<]+)</option>', form)
    assert options == [("zh-hans", " selected", "简体中文"), ("en", "", "English")]
    # Without JavaScript the button submits the choice; the htmx CSRF header stays on <body>.
    assert '<button type="submit">切换</button>' in form
    assert re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"\w+\"\}'>", html)


def test_the_switch_works_with_csrf_checks_on(seeded):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    html = _html(client.get(PLAN))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = client.post(
        reverse("set_language"), {"language": "en", "next": PLAN, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302 and response["Location"] == PLAN
    assert "Planning period" in _html(client.get(PLAN))


def test_the_three_plan_comparison_speaks_english(client, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    call_command("align", Y22, HN, WC, verbosity=0, stdout=io.StringIO())
    _choose(client, "en")

    html = _html(client.get(COMPARE))

    for words in [
        "<h1>Plan comparison</h1>",
        "Section by section",
        "Only rows that differ",
        "Only sections unique to one plan",
        "Save and share a short link",
        "traditional script, compared in simplified form",
    ]:
        assert words in html
    assert re.search(r"Showing (\d+) of \1 rows", html)
    assert re.search(r"<td><span class=\"bar\"[^>]*></span>\d+ \(\d+%\)</td>", html)
    assert "规划对照" not in html and "逐节对照" not in html
    # Why two sections were linked, in English too: only the plans' own words stay Chinese.
    assert re.search(
        r"(Very likely|Possibly) counterparts \(0\.\d\d\); Shared topic words: [^<]*?; "
        r"(Same meaning: [^<;]*; )?Both are ",
        html,
    )
    assert "共同主题词" not in html and "同属" not in html


def _evidence(**said) -> dict:
    return {"shared": ["政务云"], "title": "0.40", "content": "0.30", "support": None, **said}


# Every kind of evidence the engine writes, and a link of the earlier engine (no probability).
EVIDENCE = [
    *(_evidence(probability=p) for p in ("0.91", "0.62", "0.31")),
    *(_evidence(probability="0.81", zone=zone) for zone in ZONE_NAMES),
    *(_evidence(probability="0.81", zone="safeguards", role=role) for role in ROLE_NAMES),
    *(_evidence(probability="0.81", zone="", role=role) for role in ROLE_NAMES),
    _evidence(probability="0.81", synonyms=["运维=运行维护"], support="0.55"),
    _evidence(shared=[], support="0.25"),
]
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("evidence", EVIDENCE)
def test_a_reason_reads_on_the_page_as_the_engine_stored_it_and_in_english_without_chinese(
    evidence,
):
    link = SectionLink(reason=reason(evidence), evidence=evidence)
    with translation.override("zh-hans"):
        assert link_reason(link) == link.reason
    with translation.override("en"):
        english = link_reason(link)
    for words in [*evidence["shared"], *evidence.get("synonyms", [])]:
        english = english.replace(words, "")
    assert english and not CHINESE.search(english), english


def test_every_reason_the_engine_gives_on_the_seeds_reads_the_same_and_in_english():
    plans = _plans(Y22_SEED, HN_SEED, WC_SEED)
    links = align(plans, stats=_catalogue()).links
    assert links
    for found in links:
        link = SectionLink(reason=found.reason, evidence=found.evidence)
        with translation.override("zh-hans"):
            assert link_reason(link) == found.reason
        with translation.override("en"):
            english = link_reason(link)
        plans_words = [*found.evidence["shared"], *found.evidence["synonyms"]]
        for words in sorted(plans_words, key=len, reverse=True):  # 政务 sits inside 政务外网
            english = english.replace(words, "")
        assert not CHINESE.search(english), english


def test_every_part_of_a_plan_and_every_role_of_a_safeguard_has_a_name():
    assert set(ZONE_NAMES) == {zone for zone, _ in roles._ZONES} | {"tasks"}
    assert set(ROLE_NAMES) == {role for role, _ in roles._SAFEGUARD_ROLES}


@pytest.mark.parametrize(
    ("reason", "evidence", "english"),
    [
        ("与国家指导意见的同一任务对应", {}, "与国家指导意见的同一任务对应"),
        ("", {}, "Added by hand"),
        (
            "标题相似度 0.50；内容相似度 0.31",
            {"shared": [], "title": "0.50", "content": "0.31", "support": None},
            "title similarity 0.50; content similarity 0.31",
        ),
        (
            "很可能对应（0.81）；共同主题词：统筹协调；同属组织保障",
            {
                "shared": ["统筹协调"],
                "zone": "",
                "role": "organisation",
                "probability": "0.81",
                "title": "0.40",
                "content": "0.30",
                "support": None,
            },
            "Very likely counterparts (0.81); Shared topic words: 统筹协调; "
            "Both concern organisation",
        ),
    ],
)
def test_a_link_is_explained_from_its_evidence_and_a_persons_words_are_kept(
    reason, evidence, english
):
    link = SectionLink(reason=reason, evidence=evidence)
    with translation.override("en"):
        assert link_reason(link) == english


@pytest.mark.parametrize(
    ("singular", "plural", "n", "english"),
    [
        ("%(n)s 节", "%(n)s 节", 1, "1 section"),
        ("%(n)s 节", "%(n)s 节", 2, "2 sections"),
        ("%(n)s 项", "%(n)s 项", 1, "1 item"),
        ("%(n)s 项", "%(n)s 项", 5, "5 items"),
        ("共 %(n)s 条记录", "共 %(n)s 条记录", 1, "1 change"),
        ("共 %(n)s 条记录", "共 %(n)s 条记录", 0, "0 changes"),
    ],
)
def test_english_counts_take_the_plural_when_they_should(singular, plural, n, english):
    with translation.override("en"):
        assert translation.ngettext(singular, plural, n) % {"n": n} == english
    with translation.override("zh-hans"):
        assert translation.ngettext(singular, plural, n) % {"n": n} == singular % {"n": n}


# The catalogue itself --------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    context: str | None = None
    plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def _read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (obsolete `#~` ones are not entries)."""
    entries, entry, key = [], Entry(), None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if key is not None:
                entries.append(entry)
            entry, key = Entry(), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, key, ast.literal_eval(line))
        else:
            key, _, value = line.partition(" ")
            _append(entry, key, ast.literal_eval(value), start=True)
    return entries


def _append(entry: Entry, key: str, text: str, *, start: bool = False) -> None:
    if key.startswith("msgstr"):
        index = int(key[7:-1]) if "[" in key else 0
        entry.msgstr[index] = ("" if start else entry.msgstr[index]) + text
    else:
        name = {"msgid": "msgid", "msgctxt": "context", "msgid_plural": "plural"}[key]
        setattr(entry, name, ("" if start else getattr(entry, name) or "") + text)


def _messages() -> list[Entry]:
    return [e for e in _read_po(PO) if e.msgid]


def test_the_catalogue_covers_the_interface():
    msgids = {e.msgid for e in _messages()}

    assert len(msgids) > 250
    assert {"规划目录", "对照", "规划期", "只看有差异的行", "%(n)s 节"} <= msgids


def test_every_message_has_an_english_translation_and_none_is_fuzzy():
    header, *messages = _read_po(PO)

    assert header.msgid == "" and "fuzzy" not in header.flags
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    untranslated = [e.msgid for e in messages if not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in messages if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    assert all(len(e.msgstr) == 2 for e in messages if e.plural is not None)


def test_the_compiled_catalogue_holds_every_translation_of_the_po_file():
    with MO.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)

    assert compiled.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"
    for e in _messages():
        if e.plural is not None:
            assert compiled.ngettext(e.msgid, e.plural, 1) == e.msgstr[0], e.msgid
            assert compiled.ngettext(e.msgid, e.plural, 2) == e.msgstr[1], e.msgid
        elif e.context is not None:
            assert compiled.pgettext(e.context, e.msgid) == e.msgstr[0], e.msgid
        else:
            assert compiled.gettext(e.msgid) == e.msgstr[0], e.msgid


def test_english_apostrophes_are_straight_so_chinese_fonts_draw_them_narrow():
    """The page's fonts are Chinese first: they draw ’ full width, "plan’ s" with a gap."""
    curly = [e.msgid for e in _messages() for t in e.msgstr.values() if re.search(r"\w’\w", t)]
    assert curly == []


def test_placeholders_survive_translation():
    for e in _messages():
        names = set(re.findall(r"%\((\w+)\)", e.msgid))
        for text in e.msgstr.values():
            assert set(re.findall(r"%\((\w+)\)", text)) == names, e.msgid


# In the browser --------------------------------------------------------------------------------


@pytest.fixture
def catalogue(transactional_db):
    load_seeds()


@pytest.mark.browser
def test_a_reader_switches_to_english_and_back_from_the_menu(
    page, live_server, catalogue, console_errors
):
    page.goto(live_server.url + GOALS)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator(".language-switch button").is_hidden()

    with page.expect_navigation():
        page.select_option("#language-select", "en")

    assert page.url == live_server.url + GOALS
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Goals compared"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "goals-in-english.png", full_page=True)

    page.goto(live_server.url + HOME)
    assert page.locator("h1").inner_text() == "Plan catalogue"  # the choice is remembered
    with page.expect_navigation():
        page.select_option("#language-select", "zh-hans")
    assert page.locator("h1").inner_text() == "规划目录"
    assert not console_errors


@pytest.mark.browser
def test_without_javascript_the_switch_button_changes_the_language(browser, live_server, catalogue):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + PLAN)

    page.select_option("#language-select", "en")
    page.locator(".language-switch button").click()

    page.wait_for_url(live_server.url + PLAN)
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Planning period" in page.locator(".plan-meta").inner_text()
    context.close()


@pytest.mark.parametrize(
    ("app", "chinese", "english"), [("plans", "规划", "Plans"), ("compare", "对照", "Comparison")]
)
def test_the_admin_names_each_app_in_the_readers_language(app, chinese, english):
    name = apps.get_app_config(app).verbose_name
    with translation.override("en"):
        assert str(name) == english
    with translation.override("zh-hans"):
        assert str(name) == chinese
