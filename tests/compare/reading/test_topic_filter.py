"""The comparison narrowed to a topic (?q=): rows, highlights, where it sits, and every way out."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from html import unescape

import pytest
from django.db.models import Q
from django.urls import reverse

from compare.models import SavedComparison
from plans.models import Plan, Section
from plans.parsing.text import to_simplified

Y22, HN, WC = (
    "yunnan-2022-egov-plan",
    "hunan-13th-egov-plan",
    "wangcang-2023-digital-gov-plan",
)
THREE = f"{Y22},{HN},{WC}"
HX = {"HTTP_HX_REQUEST": "true"}
CLOUD = "政务云"


def _get(client, headers=None, **params):
    return client.get(reverse("compare:compare"), {"plans": THREE, **params}, **(headers or {}))


def _html(response) -> str:
    return response.content.decode()


def _row_html(html: str) -> dict[str, str]:
    """Each row's HTML by its anchor."""
    return dict(re.findall(r'<tr id="(r\d+)"[^>]*>(.*?)</tr>', html, re.S))


def _text(html: str) -> str:
    """What a row's own sections say: not the chapter named above a cell, not a link's reason,
    not the pointers to sections placed in other rows."""
    html = re.sub(
        r'<p class="in-chapter">.*?</p>|<details class="why".*?</details>'
        r'|<div class="also">.*?</div>',
        "",
        html,
        flags=re.S,
    )
    return unescape(re.sub(r"<[^>]+>", "", html))


def _says(text: str, word: str) -> bool:
    """Whether ``text`` mentions ``word`` in either script, any case (read independently of the
    code under test: OpenCC on both sides)."""
    return to_simplified(word).lower() in to_simplified(text).lower()


@pytest.mark.django_db
def test_simplified_and_traditional_words_narrow_to_the_same_rows(client, aligned):
    everything = _row_html(_html(_get(client)))
    simplified = _row_html(_html(_get(client, q="政务云")))
    traditional = _row_html(_html(_get(client, q="政務雲")))
    assert list(simplified) == list(traditional)
    assert 0 < len(simplified) < len(everything)
    # Exactly the rows whose sections mention it, in one plan's script or the other's.
    expected = [a for a, row in everything.items() if _says(_text(row), CLOUD)]
    assert list(simplified) == expected
    for row in simplified.values():
        marked = re.findall(r'<mark class="m-q">([^<]*)</mark>', row)
        assert marked and all(_says(m, m) for m in marked)
        assert _says("".join(marked), "政务") or _says("".join(marked), "云")


@pytest.mark.django_db
def test_the_traditional_plan_is_highlighted_in_its_own_script(client, aligned):
    html = _html(_get(client, q="政务云"))
    hunan = re.findall(r'<td data-plan="hunan-13th-egov-plan".*?</td>', html, re.S)
    marked = "".join(re.findall(r'<mark class="m-q">([^<]*)</mark>', "".join(hunan)))
    assert "政務" in marked and "政务" not in marked  # 湖南 writes 政務云, shown as printed


@pytest.mark.django_db
def test_several_words_must_all_appear_in_the_row_across_its_cells(client, aligned):
    both = _row_html(_html(_get(client, q="政务云 安全")))
    cloud = _row_html(_html(_get(client, q="政务云")))
    safety = _row_html(_html(_get(client, q="安全")))
    assert both and set(both) == set(cloud) & set(safety)
    assert set(both) < set(cloud)


@pytest.mark.django_db
def test_latin_words_match_whatever_their_case(client, aligned):
    upper = _row_html(_html(_get(client, q="IPV6")))
    lower = _row_html(_html(_get(client, q="ipv6")))
    assert upper and list(upper) == list(lower)
    assert all('<mark class="m-q">IPv6</mark>' in row for row in upper.values())


@pytest.mark.django_db
def test_the_topic_works_with_the_other_filters_and_the_redline_mode(client, aligned):
    topic = set(_row_html(_html(_get(client, q=CLOUD))))
    differ = set(_row_html(_html(_get(client, differ="1"))))
    both = _html(_get(client, q=CLOUD, differ="1"))
    assert set(_row_html(both)) == topic & differ
    redline = _html(_get(client, q=CLOUD, mode="redline"))
    assert "<del>" in redline or "<ins>" in redline
    assert '<mark class="m-q">' in redline
    assert 'name="q" value="政务云"' in both


@pytest.mark.django_db
def test_the_topic_counts_each_plans_sections_by_chapter(client, aligned):
    html = _html(_get(client, q="政務雲"))
    table = html[html.index('class="topic-table"') :]
    table = table[: table.index("</table>")]
    lines = re.findall(r'<tr><th scope="row">(.*?)</th>\s*<td>(.*?)</td></tr>', table, re.S)
    assert len(lines) == 3
    for slug, (_name, cell) in zip(THREE.split(","), lines, strict=True):
        plan = Plan.objects.get(slug=slug)
        mentioning = Section.objects.filter(plan=plan).filter(
            Q(title_simplified__contains=CLOUD) | Q(body_simplified__contains=CLOUD)
        )
        per_chapter: dict[str, int] = defaultdict(int)
        for section in mentioning:
            root = section
            while root.parent_id:
                root = root.parent
            per_chapter[root.title] += 1
        shown = [int(n) for n in re.findall(r'<span class="count">(\d+)</span>', cell)]
        assert sum(shown) == mentioning.count() > 0
        assert len(shown) == len(per_chapter)


@pytest.mark.django_db
def test_htmx_gets_the_narrowed_rows_and_the_address_keeps_the_words(client, aligned):
    response = _get(client, headers=HX, q="政務雲")
    html = _html(response)
    assert 'id="rows"' in html and "<html" not in html and 'class="topic-table"' in html
    assert "q=%E6%94%BF%E5%8B%99%E9%9B%B2" in response["HX-Push-Url"]
    share = html[html.index('<div id="share"') :]
    assert re.search(r'href="\?[^"]*q=%E6%94%BF[^"]*&amp;format=csv"', share)
    assert re.search(r'name="query" value="q=%E6%94%BF[^"]*"', share)


@pytest.mark.django_db
def test_no_matching_row_says_so_and_offers_to_clear_the_words(client, aligned):
    response = _get(client, q="量子纠缠")
    html = _html(response)
    assert response.status_code == 200
    assert not _row_html(html)
    assert "没有行提到“量子纠缠”" in html
    clear = re.search(r'<a href="([^"]*)">清除搜索词</a>', html).group(1)
    assert "q=" not in clear and f"plans={THREE.replace(',', '%2C')}" in clear


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("政" * 101, "搜索词太长：最多 100 个字符（现在是 101 个）"),
        ("一 二 三 四 五 六", "搜索词太多：最多 5 个（现在是 6 个）"),
    ],
)
def test_unusable_words_say_what_to_fix_instead_of_failing(client, aligned, q, message):
    page = _get(client, q=q)
    assert page.status_code == 400
    html = _html(page)
    assert message in html and 'role="alert"' in html and 'aria-invalid="true"' in html
    assert len(_row_html(html)) == len(_row_html(_html(_get(client))))  # shown, not filtered
    fragment = _get(client, headers=HX, q=q)  # htmx swaps 2xx answers only
    assert fragment.status_code == 200 and message in _html(fragment)
    download = _get(client, q=q, format="csv")
    assert download.status_code == 400 and message in download.content.decode()


@pytest.mark.django_db
def test_a_saved_comparison_keeps_the_words(client, aligned):
    client.post(reverse("compare:save"), {"plans": THREE, "query": "q=政務雲", "title": "政务云"})
    share = SavedComparison.objects.get()
    saved = _html(client.get(share.get_absolute_url()))
    assert list(_row_html(saved)) == list(_row_html(_html(_get(client, q=CLOUD))))
    assert 'class="topic-table"' in saved
    data = json.loads(client.get(share.get_absolute_url(), {"format": "json"}).content)
    assert data["filter"] == {"q": CLOUD}


@pytest.mark.django_db
def test_csv_and_json_hold_only_the_rows_on_the_topic_and_say_so(client, aligned):
    shown = _row_html(_html(_get(client, q="政務雲")))
    data = json.loads(_get(client, q="政務雲", format="json").content)
    assert data["filter"] == {"q": CLOUD}
    assert [r["anchor"] for r in data["rows"]] == list(shown)
    for row in data["rows"]:
        sections = [s for cell in row["cells"].values() for s in cell["sections"]]
        assert _says(" ".join(s["title"] + s["text"] for s in sections), CLOUD)
    unfiltered = json.loads(_get(client, format="json").content)
    assert "filter" not in unfiltered  # the shape without a topic is as it was
    lines = list(
        csv.reader(io.StringIO(_get(client, q="政務雲", format="csv").content.decode("utf-8-sig")))
    )
    header, *body = lines
    by_row: dict[str, str] = defaultdict(str)
    for line in body:
        if line[header.index("位置")] == "本行":
            by_row[line[0]] += line[header.index("标题")] + line[header.index("正文")]
    assert len(by_row) == len(shown)
    assert all(_says(text, CLOUD) for text in by_row.values())


def _office(client, kind: str) -> tuple[str, list[list[str]]]:
    """The heading text and the table's body rows (chapter rows, merged, left out)."""
    from docx import Document
    from openpyxl import load_workbook

    content = io.BytesIO(_get(client, q="政務雲", format=kind).content)
    if kind == "docx":
        document = Document(content)
        heading = "\n".join(p.text for p in document.paragraphs)
        rows = [[c.text for c in row.cells] for row in document.tables[0].rows[1:]]
        return heading, [r for r in rows if len(set(r)) > 1]
    sheet = load_workbook(content, rich_text=True).active
    rows = [[str(c.value or "") for c in row] for row in sheet.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[0] == "云南省 十四五 规划 2022") + 1
    merged = {m.min_row - 1 for m in sheet.merged_cells.ranges}
    body = [r for i, r in enumerate(rows[start:], start) if i not in merged]
    return "\n".join(r[0] for r in rows[:start]), body


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_word_and_excel_hold_only_the_rows_on_the_topic_and_say_so(client, aligned, kind):
    heading, rows = _office(client, kind)
    assert "筛选：只含提到“政务云”的行" in heading
    assert len(rows) == len(_row_html(_html(_get(client, q=CLOUD))))
    assert all(_says("".join(row), CLOUD) for row in rows)


@pytest.mark.django_db
def test_the_api_narrows_to_the_topic_as_the_page_does(client, aligned):
    data = client.get(reverse("compare:api_compare"), {"plans": THREE, "q": "政務雲"}).json()
    page = json.loads(_get(client, q=CLOUD, format="json").content)
    assert data["filter"] == {"q": CLOUD}
    assert [r["anchor"] for r in data["rows"]] == [r["anchor"] for r in page["rows"]]
    bad = client.get(reverse("compare:api_compare"), {"plans": THREE, "q": "一 二 三 四 五 六"})
    assert bad.status_code == 400 and "搜索词太多" in bad.json()["errors"]["q"][0]


@pytest.mark.django_db
def test_a_long_text_that_mentions_the_topic_is_unfolded_and_the_others_stay_folded(
    client, aligned
):
    # a topic whose rows hold long texts that do not mention it (rows gather counterparts, so
    # which rows a word reaches follows the links: 政务云's rows are long only where they name it)
    html = _html(_get(client, q="政务服务"))
    folds = re.findall(r"<details class=\"fold\"( open)?>(.*?)</details>", html, re.S)
    opened = [text for is_open, text in folds if is_open]
    closed = [text for is_open, text in folds if not is_open]
    assert opened and closed
    assert all('<mark class="m-q">' in text for text in opened)
    assert not any('<mark class="m-q">' in text for text in closed)


@pytest.mark.django_db
@pytest.mark.parametrize("narrowed", [{"q": "数据"}, {"min": "0.8"}, {"differ": "1"}])
def test_a_pointer_to_a_row_the_filters_hide_leads_to_it_in_the_whole_comparison(
    client, aligned, narrowed
):
    # 也见于其他行 names rows anywhere in the comparison: one the filters hide is not on the page,
    # and an in-page link to it would go nowhere.
    html = _html(_get(client, **narrowed))
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert not {a for a in re.findall(r'href="#([^"]+)"', html) if a not in ids}
    whole = re.findall(r'<div class="also">.*?</div>', html, re.S)
    away = [unescape(h) for b in whole for h in re.findall(r'href="([^"#]+#r\d+)"', b)]
    assert away, "no pointer to a hidden row: the filter tests nothing"
    for address in away:
        target = address.rsplit("#", 1)[1]
        page = _html(client.get(address.split("#")[0]))
        assert f'id="{target}"' in page and target not in ids
