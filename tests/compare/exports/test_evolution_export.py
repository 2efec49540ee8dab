"""The evolution report's Word, Excel and CSV table says what the page says: each continued topic
with the later plan's sections the page points to, and the page's word for how far it continued."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse

from tests.moduledata import aligned_for_the_module

Y22, Y23 = "yunnan-2022-egov-plan", "yunnan-2023-digital-gov-programme"
HN = "hunan-13th-egov-plan"  # traditional script, another province, a plan issued years before

_aligned_once = aligned_for_the_module((Y22, Y23, HN))


@pytest.fixture(params=[(Y22, Y23), (HN, Y22)], ids=["yunnan-2022-2023", "hunan-yunnan-2022"])
def url(request, _aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    earlier, later = request.param
    return reverse("compare:evolution") + f"?from={earlier}&to={later}"


def _page_topics(client, url) -> list[tuple[str, str, str]]:
    """(word, earlier heading, later headings joined by ；) of each continued topic on the page."""
    html = client.get(url).content.decode()
    continued = html.split('id="continued"', 1)[1].split('id="new"', 1)[0]
    topics = []
    for item in re.findall(r"<li>(.*?)</li>", continued, flags=re.S):
        word, earlier = re.search(
            r'evolution-word">([^<]*)</span> <a [^>]*>([^<]*)</a>', item
        ).groups()
        evidence = item.split('class="evidence"', 1)[1]
        later = re.findall(r"→ <a [^>]*>([^<]*)</a>", evidence)
        topics.append((unescape(word), unescape(earlier), "；".join(map(unescape, later))))
    return topics


@pytest.mark.django_db
def test_the_csv_names_the_later_sections_the_page_points_to(client, url):
    topics = _page_topics(client, url)
    text = client.get(url + "&format=csv").content.decode("utf-8-sig")
    exported = [tuple(line) for line in csv.reader(io.StringIO(text))][1 : 1 + len(topics)]
    assert topics and all(later for _word, _earlier, later in topics)
    assert exported == topics


@pytest.mark.django_db
def test_the_word_table_names_the_later_sections_the_page_points_to(client, url):
    from docx import Document

    topics = _page_topics(client, url)
    table = Document(io.BytesIO(client.get(url + "&format=docx").content)).tables[0]
    rows = [tuple(cell.text for cell in row.cells) for row in list(table.rows)[1 : 1 + len(topics)]]
    assert rows == topics


@pytest.mark.django_db
def test_in_english_the_later_sections_are_joined_as_english_is_written(client, url):
    # As the coverage table joins its sections (Latin "; "), whatever script the plans are in.
    text = client.get(url + "&format=csv", HTTP_ACCEPT_LANGUAGE="en").content.decode("utf-8-sig")
    later = [line[2] for line in csv.reader(io.StringIO(text))][1:]
    assert any("; " in cell for cell in later)
    assert not any("；" in cell for cell in later)


@pytest.mark.django_db
def test_the_word_and_excel_reports_open_with_the_pages_totals_and_notice(client, url):
    from docx import Document
    from openpyxl import load_workbook

    html = client.get(url).content.decode()
    totals = re.findall(r'evolution-word">([^<]*)</span><strong>(\d+)</strong>', html)
    assert [word for word, _n in totals] == ["延续", "新增", "不再提及"]
    # Every notice the page gives under the plans (different places, one era), in its order.
    notices = re.findall(r'<p class="notice relation"[^>]*>([^<]*)</p>', html)

    opening = [
        p.text for p in Document(io.BytesIO(client.get(url + "&format=docx").content)).paragraphs
    ]
    assert opening[1] == "、".join(f"{word} {n}" for word, n in totals)
    assert opening[2:] == [unescape(notice) for notice in notices]
    book = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content))
    assert [row[0] for row in book["说明"].iter_rows(values_only=True)] == opening
