"""Search: which sections of which plans mention some words."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from plans.fulltext import search_grams, searchable_by_grams
from plans.models import Section
from plans.searching import snippet, terms_of
from tests.moduledata import kept_for_the_module

SEARCH = "/search/"


@pytest.fixture(scope="module")
def large_catalogue(_session_seeds, django_db_blocker):
    """The seeds and more than two pages of synthetic plans (make_catalogue), made once for the
    module's tests that only read them."""
    from plans.searching import MAX_PLANS

    with kept_for_the_module(django_db_blocker):
        call_command("make_catalogue", MAX_PLANS * 2 + 5, seed=1)
        yield


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _hits(html: str) -> list[str]:
    return re.findall(
        r'<li>(?:<span class="hit-path">[^<]*</span>)?<a href="(/plans/[^"]+/s/\d+/)">', html
    )


@pytest.mark.django_db
def test_a_word_is_found_in_every_plan_that_uses_it_the_traditional_one_in_its_own_script(
    client, seeded
):
    html = _html(client.get(SEARCH, {"q": "政务云"}))

    assert 'href="/plans/yunnan-2022-egov-plan/"' in html
    assert 'href="/plans/wangcang-2023-digital-gov-plan/"' in html
    # Hunan writes 政務云 (its 云 was never traditional): found through the simplified text,
    # shown as printed.
    hunan = html[html.index('href="/plans/hunan-13th-egov-plan/"') :]
    assert "<mark>政務云</mark>" in hunan[: hunan.index("</article>")]


@pytest.mark.django_db
def test_a_hit_with_a_label_and_no_title_is_headed_by_its_label_alone(client, seeded):
    # An implied chapter (第一章 with no title) read 第一章 章 when its kind filled the title.
    section = Section.objects.filter(body_simplified__contains="政务云").exclude(label="").first()
    section.title = ""
    section.save(update_fields=["title"])
    html = _html(client.get(SEARCH, {"q": "政务云"}))
    hit = html[html.index(f'<a href="{section.get_absolute_url()}">') :]
    assert hit[: hit.index("</a>")].endswith(f'<span class="label">{section.label}</span>')


@pytest.mark.django_db
def test_a_hit_says_which_chapter_it_sits_in_and_is_numbered_by_its_own_label_alone(client, seeded):
    html = _html(client.get(SEARCH, {"q": "数据融合共享初见成效"}))
    # Jiangsu's 2．数据融合共享初见成效 under 一、发展现状和面临形势 › （一）…: a list number
    # before its own label read "1. 2．数据融合共享初见成效".
    assert '<ol class="search-hits">' not in html and '<ul class="search-hits">' in html
    path = re.search(
        r'<span class="hit-path">([^<]*)</span><a href="[^"]+"><span class="label">'
        r"2．</span> 数据融合共享初见成效",
        html,
    )
    assert path is not None
    assert path[1].startswith("一、发展现状和面临形势 › （一）") and path[1].endswith(" › ")


@pytest.mark.django_db
def test_every_word_must_appear_in_a_section(client, seeded):
    from plans.models import Section

    both = _hits(_html(client.get(SEARCH, {"q": "政务云 安全"})))
    cloud = _hits(_html(client.get(SEARCH, {"q": "政务云"})))

    assert both and len(both) < len(cloud)
    for url in both:
        section = Section.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))
        text = section.title_simplified + section.body_simplified
        assert "政务云" in text and "安全" in text


@pytest.mark.django_db
def test_a_query_in_traditional_characters_finds_simplified_plans_too(client, seeded):
    assert _hits(_html(client.get(SEARCH, {"q": "數據共享"}))) == _hits(
        _html(client.get(SEARCH, {"q": "数据共享"}))
    )


@pytest.mark.django_db
def test_without_words_the_page_offers_the_box_and_no_results(client, seeded):
    html = _html(client.get(SEARCH))
    assert 'role="search"' in html and 'name="q"' in html
    assert not _hits(html) and "没有章节" not in html


@pytest.mark.django_db
def test_nothing_found_says_so(client, seeded):
    html = _html(client.get(SEARCH, {"q": "量子计算 区块链 火星"}))
    assert "没有章节同时提到这些词" in html and not _hits(html)
    assert "0 个章节" not in html  # said once, not also counted as none in none


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "language", "hint"),
    [
        ("shuju gongxiang", "zh-hans", "不认拼音：请输入汉字"),
        ("shuju", "en", "not pinyin: type Chinese characters"),
        ("量子计算 火星", "zh-hans", None),
    ],
)
def test_letters_that_find_nothing_are_told_the_search_reads_characters_not_pinyin(
    client, seeded, query, language, hint
):
    html = _html(client.get(SEARCH, {"q": query}, HTTP_ACCEPT_LANGUAGE=language))
    translation.deactivate()

    assert not _hits(html)
    if hint:
        assert hint in html
    else:
        assert "拼音" not in html


@pytest.mark.django_db
def test_htmx_gets_only_the_results_and_the_response_varies_on_it(client, seeded):
    response = client.get(SEARCH, {"q": "政务云"}, HTTP_HX_REQUEST="true")
    html = _html(response)
    assert html.lstrip().startswith('<section id="results"') and "<html" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_the_plans_that_say_most_are_one_click_from_a_comparison(client, seeded):
    html = _html(client.get(SEARCH, {"q": "政务云"}))
    link = re.search(r'href="/compare/\?plans=([^"]+)"', html)
    assert link and 2 <= len(link.group(1).split(",")) <= 4


@pytest.mark.django_db
def test_search_costs_the_same_few_queries_however_many_hits(
    client, seeded, django_assert_max_num_queries
):
    # The catalogue's version, the counts, and one query for the hits with their plans, the
    # sections above them (their paths) and the plans whose titles hold the words.
    with django_assert_max_num_queries(3):
        html = _html(client.get(SEARCH, {"q": "建设规划"}))
    assert 'class="hit-path"' in html and 'class="search-titled"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [{"q": "政务\x00云"}, {"q": "\x00"}, {"q": "政务云", "plan": "yunnan-2022-egov-plan\x00"}],
)
def test_a_null_character_is_refused_in_plain_words_saying_what_to_fix(client, seeded, query):
    response = client.get(SEARCH, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "搜索词或规划短名中有空字符（NUL）：请删去后再搜索。"
    english = client.get(SEARCH, query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "null character (NUL): remove it" in english
    translation.deactivate()


@pytest.mark.django_db
def test_the_search_page_speaks_english_on_request(client, seeded):
    html = _html(client.get(SEARCH, {"q": "政务云"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "<h1>Search the plans</h1>" in html
    assert re.search(r"\d+ sections mention these words, in \d+ plans", html)
    translation.deactivate()


def test_a_snippet_is_cut_around_the_first_match_with_every_match_marked():
    body = "甲" * 100 + "建设政务云平台，推进政务云迁移。" + "乙" * 100

    parts = snippet(body, body, ["政务云"])

    text = "".join(t for t, _ in parts)
    assert text.startswith("…") and text.endswith("…") and len(text) < len(body)
    assert [t for t, marked in parts if marked] == ["政务云", "政务云"]


def test_a_snippet_shows_the_original_script_where_the_match_is_in_the_simplified_one():
    parts = snippet("建設統一政務雲平臺", "建设统一政务云平台", ["政务云"])
    assert parts == [("建設統一", False), ("政務雲", True), ("平臺", False)]


def test_a_snippet_from_a_markdown_table_shows_its_cells_text_not_its_pipes():
    table = "指标如下：\n| 指标 | 2020年 | 2025年 |\n| --- | :---: | ---: |\n| %s | 95 | |\n"
    body, simplified = table % "網辦事項單點登錄率", table % "网办事项单点登录率"

    parts = snippet(body, simplified, ["单点登录"])

    text = "".join(t for t, _ in parts)
    assert "|" not in text and "---" not in text
    assert "指标\u30002020年\u30002025年；" in text and "95" in text
    assert [t for t, marked in parts if marked] == ["單點登錄"]  # the original script kept


def test_a_snippet_from_a_markdown_table_keeps_an_empty_cell_so_a_row_lines_up_with_its_header():
    table = "| 指标 | 2020年 | 2025年 | 类 |\n| --- | --- | --- | --- |\n| 网办率 | | 90% | 预期 |"

    text = "".join(t for t, _ in snippet(table, table, ["网办率"]))

    header, row = text.split("\n")
    assert row == "网办率\u3000—\u300090%\u3000预期；"
    assert len(row.split("\u3000")) == len(header.split("\u3000"))


def test_query_words_are_simplified_deduplicated_and_few():
    assert terms_of("  政務雲  政务云 ＩＰｖ６ ") == ["政务云", "ipv6"]
    assert len(terms_of("一 二 三 四 五 六 七")) == 5


def _scan(terms: list[str]) -> dict[str, list[int]]:
    """What search must find, read the slow way: every section, in Python."""
    from plans.models import Section

    found: dict[str, list[int]] = {}
    for s in Section.objects.select_related("plan").order_by("plan_id", "order"):
        text = f"{s.title_simplified} {s.body_simplified}".lower()
        if all(t in text for t in terms):
            found.setdefault(s.plan.slug, []).append(s.pk)
    return found


@pytest.mark.parametrize(
    "query",
    [
        "政务云",
        "数据 共享",
        "一网通办",
        "云",
        "安",
        "安全",
        "数据 安全",
        "云 政务云",
        "ipv6",
        "5G",
        "20",
        "12345",
        "政務雲 安全",
        "數據",
        "数据",
        "G",
        "云南 数据共享",
        "量子计算 区块链",
        '"政务云"',
    ],
)
@pytest.mark.django_db
def test_search_finds_exactly_what_a_scan_of_every_section_finds(seeded, query):
    from plans.searching import PER_PLAN, search

    terms = terms_of(query)
    expected = _scan(terms)
    found = search(terms)

    assert found.total == sum(len(v) for v in expected.values())
    assert found.plans == len(expected)
    for group in found.groups:
        assert group.count == len(expected[group.plan.slug])
        assert [h.section.pk for h in group.hits] == expected[group.plan.slug][:PER_PLAN]
    counts = [g.count for g in found.groups]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.django_db
def test_a_large_catalogue_shows_the_plans_that_say_most_in_the_same_queries(
    client, seeded, large_catalogue, django_assert_max_num_queries
):
    from plans.searching import MAX_PLANS

    with django_assert_max_num_queries(3):
        html = _html(client.get(SEARCH, {"q": "数据"}))
    assert html.count('<article class="search-plan">') == MAX_PLANS
    assert f"只列出提到最多的 {MAX_PLANS} 份规划" in html


@pytest.mark.django_db
def test_on_postgresql_search_reads_the_trigram_index(seeded):
    from django.db import connection

    from plans.models import Section
    from plans.searching import SearchText

    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only")
    from django.db.models.lookups import Contains

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a few hundred rows: force the choice
        plan = Section.objects.filter(Contains(SearchText(), "一网通办")).order_by().explain()
        cursor.execute("RESET enable_seqscan")
    assert "plans_section_search_trgm" in plan


def _all_pages(client, query: str) -> list[str]:
    """The plans listed on every page of a search, in order, following the next links."""
    plans, url, params = [], SEARCH, {"q": query}
    while url:
        html = _html(client.get(url, params))
        plans += re.findall(r'<article class="search-plan">\s*<h2><a href="([^"]+)"', html)
        link = re.search(r'rel="next" href="\?([^"]+)"', html)
        url, params = (SEARCH + "?" + link.group(1).replace("&amp;", "&"), {}) if link else ("", {})
    return plans


@pytest.mark.django_db
def test_the_plans_beyond_the_first_page_are_on_the_next_pages_each_once(
    client, seeded, large_catalogue
):
    from plans.searching import search

    found = search(terms_of("安全"))
    plans = _all_pages(client, "安全")

    assert found.pages == 3 and len(plans) == found.plans == len(set(plans))


@pytest.mark.django_db
def test_a_page_past_the_last_shows_the_last(client, seeded):
    from plans.searching import search

    last = search(terms_of("安全"), page=99)
    assert last.page == last.pages and last.groups


@pytest.mark.django_db
def test_a_search_narrowed_to_one_plan_lists_all_its_sections_that_match(client, seeded):
    expected = _scan(["建设"])["yunnan-2022-egov-plan"]
    html = _html(client.get(SEARCH, {"q": "建设", "plan": "yunnan-2022-egov-plan"}))

    assert [int(u.rstrip("/").rsplit("/", 1)[1]) for u in _hits(html)] == expected
    assert html.count('<article class="search-plan">') == 1
    assert "在所有规划中搜索" in html


@pytest.mark.django_db
def test_a_plan_with_more_matches_than_shown_links_to_a_search_in_it_alone(client, seeded):
    html = _html(client.get(SEARCH, {"q": "建设"}))
    assert "plan=yunnan-2022-egov-plan" in html and "只在这份规划中搜索" in html


@pytest.mark.parametrize("query", ["安全", "云", "数据 安全"])
@pytest.mark.django_db
def test_on_postgresql_words_under_three_characters_read_the_index_of_pairs(seeded, query):
    from django.db import connection

    from plans.models import Section
    from plans.searching import _mentions

    if connection.vendor != "postgresql":
        pytest.skip("the index of characters and pairs exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = (
            Section.objects.filter(*_mentions(terms_of(query), indexed=True)).order_by().explain()
        )
        cursor.execute("RESET enable_seqscan")
    assert "plans_section_search_grams" in plan


def _probe(word: str) -> bytes:
    text = f"云南省探针规划\n\n一、总体要求\n\n推进{word}试点。\n\n二、保障措施\n\n加强安全。\n"
    return text.encode()


def _found(word: str) -> tuple[int, dict[str, list[int]]]:
    from plans.searching import search

    terms = terms_of(word)
    return search(terms).total, _scan(terms)


@pytest.mark.django_db
def test_search_follows_an_import_a_replace_and_a_delete(seeded):
    from plans.importing import import_plan
    from plans.models import Plan, Section

    plan = import_plan(data=_probe("量子纠缠"), source="probe.txt").plan
    assert _found("量子纠缠") == (1, {plan.slug: [plan.sections.get(body__contains="量子").pk]})
    assert _found("纠缠")[0] == 1

    import_plan(data=_probe("星际航行"), source="probe.txt", replace=True)
    assert _found("量子纠缠") == (0, {}) and _found("纠缠") == (0, {})
    assert _found("星际航行")[0] == 1 and _found("航行")[0] == 1

    Plan.objects.get(pk=plan.pk).delete()
    assert _found("星际航行") == (0, {}) and _found("航行") == (0, {})
    for query in ["安全", "数据共享", "云"]:
        total, expected = _found(query)
        assert total == sum(map(len, expected.values()))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, plan_id FROM plans_search_plan ORDER BY id")
            assert cursor.fetchall() == list(
                Section.objects.order_by("id").values_list("id", "plan")
            )
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, plan_id FROM plans_search_doc ORDER BY id")
            assert cursor.fetchall() == list(
                Section.objects.order_by("id").values_list("id", "plan")
            )


@pytest.mark.parametrize("query", ["数据", "数据共享", "数据 安全", "12345"])
@pytest.mark.django_db
def test_on_postgresql_search_counts_in_the_narrow_table_of_searched_text(seeded, query):
    from django.test.utils import CaptureQueriesContext

    from plans.searching import search

    if connection.vendor != "postgresql":
        pytest.skip("plans_search_doc exists on PostgreSQL only")
    with CaptureQueriesContext(connection) as queries:
        search(terms_of(query))
    counting = queries.captured_queries[0]["sql"]
    assert "FROM plans_search_doc" in counting and "plans_section" not in counting


@pytest.mark.django_db
def test_on_postgresql_a_long_word_beside_a_short_one_counts_in_the_sections_indexes(seeded):
    # 政务云 迁移: the expression indexes of plans_section answer it faster (bench/search.py).
    from django.test.utils import CaptureQueriesContext

    from plans.searching import search

    if connection.vendor != "postgresql":
        pytest.skip("plans_search_doc exists on PostgreSQL only")
    with CaptureQueriesContext(connection) as queries:
        search(terms_of("云 政务云"))
    counting = queries.captured_queries[0]["sql"]
    assert "plans_search_doc" not in counting and "plans_section" in counting


@pytest.mark.django_db
def test_on_postgresql_emptying_the_sections_table_empties_the_searched_text_too(seeded):
    if connection.vendor != "postgresql":
        pytest.skip("plans_search_doc exists on PostgreSQL only")
    assert _found("数据")[0] > 0
    with connection.cursor() as cursor:
        # As Django's flush does between transactional tests (which it does outside a
        # transaction; inside, deferred foreign key checks must run first).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE plans_section CASCADE")
        cursor.execute("SELECT COUNT(*) FROM plans_search_doc")
        assert cursor.fetchone() == (0,)


@pytest.mark.parametrize(
    ("query", "table"),
    [
        ("数据", "plans_search_grams"),
        ("数据共享", "plans_search_text"),
        ("云 政务云", "plans_search_text"),
    ],
)
@pytest.mark.django_db
def test_on_sqlite_search_counts_and_finds_the_shown_sections_through_the_full_text_tables(
    seeded, query, table
):
    from django.test.utils import CaptureQueriesContext

    from plans.searching import search

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 tables exist on SQLite only")
    with CaptureQueriesContext(connection) as queries:
        search(terms_of(query))
    counting, shown = (q["sql"] for q in queries.captured_queries)  # shown: with their paths
    assert f"{table} MATCH" in counting and "plans_search_plan" in counting
    assert "plans_section" not in counting
    # The shown sections too: no substring test on the rows of the page's plans, only on the
    # few rows read (in the columns: whether a section above a hit is one too).
    assert f"{table} MATCH" in shown and "INSTR" not in shown.upper().split(" FROM ", 1)[1]


@pytest.mark.django_db
def test_on_sqlite_the_full_text_triggers_outlive_every_migration_that_rebuilds_sections(seeded):
    """SQLite adds a column with a default by rebuilding the table, which drops its triggers:
    a migration that does so must create them again (0015 after 0012), or imports go unindexed."""
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 tables exist on SQLite only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'plans_section'"
        )
        triggers = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT COUNT(*) FROM plans_search_plan")
        (indexed,) = cursor.fetchone()
    assert triggers >= {
        "plans_section_search_insert",
        "plans_section_search_delete",
        "plans_section_search_update",
    }
    assert indexed == Section.objects.count() > 0


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("数据 数据库", "数 据 库 数据 据库"),
        ("5g，ipv6", "5 g ， i p v 6 5g g， ，i ip pv v6"),
        ("a\tb", "a b"),
        ("", ""),
    ],
)
def test_the_grams_of_a_text_are_each_character_and_pair_once_without_spaces(text, grams):
    assert search_grams(text) == grams


@pytest.mark.parametrize(
    ("term", "indexed"),
    [("云", True), ("5g", True), ('a"', True), ("a\x01", False), ("政务云", False)],
)
def test_the_grams_table_answers_words_of_one_or_two_printable_characters(term, indexed):
    assert searchable_by_grams(term) is indexed


@pytest.mark.django_db
def test_the_count_of_plans_is_singular_for_one_plan_whatever_the_count_of_sections(client, seeded):
    query = {"q": "政务云", "plan": "yunnan-2022-egov-plan"}
    html = _html(client.get(SEARCH, query, HTTP_ACCEPT_LANGUAGE="en"))
    assert re.search(r"\d+ sections mention these words, in 1 plan\.", html), html
    translation.deactivate()
    chinese = _html(client.get(SEARCH, query))
    assert re.search(r"\d+ 个章节提到这些词，分布在 1 份规划中。", chinese)


@pytest.mark.django_db
def test_the_plans_whose_titles_hold_the_words_are_listed_latest_first_an_undated_one_last(
    client, seeded
):
    html = _html(client.get(SEARCH, {"q": "数字政府"}))
    titled = html[html.index('class="search-titled"') : html.index("</ul>")]
    assert re.findall(r'href="/plans/([^/"]+)/"', titled) == [
        "shanxi-2023-digital-gov-plan",  # 2023-12-28
        "wangcang-2023-digital-gov-plan",  # 2023-06-15
        "yunnan-2023-digital-gov-programme",
        "national-2022-digital-gov-opinion",
        "baotou-2022-evaluation-measures",
        "jiangsu-2021-digital-gov-plan",
        "yunnan-2023-programme-interpretation",  # undated
    ]
    # Listed on the first page of the sections only.
    assert 'class="search-titled"' not in _html(client.get(SEARCH, {"q": "数字政府", "page": 2}))


@pytest.mark.django_db
def test_a_plans_title_typed_into_the_search_finds_the_plan_in_either_script(client, seeded):
    # No section says 山西省数字政府建设规划: the plan is found by its title all the same.
    html = _html(client.get(SEARCH, {"q": "山西省数字政府建设规划"}))
    titled = html[html.index('class="search-titled"') : html.index("</ul>")]
    assert 'href="/plans/shanxi-2023-digital-gov-plan/"' in titled
    assert "山西省 · 十四五 · 规划 · " in titled and "2023-12-28" in titled
    # Hunan's title is traditional (電子政務"十三五"規劃): the simplified words find it.
    html = _html(client.get(SEARCH, {"q": "电子政务 十三五"}))
    titled = html[html.index('class="search-titled"') : html.index("</ul>")]
    assert titled.count("<li>") == 1 and 'href="/plans/hunan-13th-egov-plan/"' in titled
    assert 'class="search-titled"' not in _html(client.get(SEARCH, {"q": "政务云"}))
    with translation.override("en"):
        english = _html(client.get(SEARCH, {"q": "规划 山西"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "1 plan has these words in its title:" in english


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["，", "（）", "《》", "()", "“"])
def test_punctuation_alone_lists_no_plan_as_having_it_in_its_title(client, seeded, query):
    # Titles are matched without their punctuation: punctuation alone matches no title, not
    # every title in the catalogue.
    html = _html(client.get(SEARCH, {"q": query}))
    assert 'class="search-titled"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u00ad", "\u200d", "\u202e"])
def test_an_invisible_character_pasted_with_the_words_finds_what_the_words_find(
    client, seeded, invisible
):
    # Text copied from a web page brings zero-width spaces, byte-order marks and soft hyphens,
    # which no reader sees in the box.
    plain = _hits(_html(client.get(SEARCH, {"q": "数据 共享"})))
    assert plain
    pasted = _hits(_html(client.get(SEARCH, {"q": f"{invisible}数{invisible}据 共享{invisible}"})))
    assert pasted == plain
