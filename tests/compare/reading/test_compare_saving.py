"""Saving a comparison: a short read-only address that shows current links, its filters, mode and
focus."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from compare import curating
from compare.models import SavedComparison, SectionLink
from tests.compare.reading.compare_page import (
    HX,
    THREE,
    a_curator,
    get_compare,
    html_of,
    row_ids,
    table_of,
)


@pytest.mark.django_db
def test_saving_gives_a_short_read_only_address_that_shows_current_links(client, aligned):
    response = client.post(
        reverse("compare:save"),
        {"plans": THREE, "query": "differ=1", "title": "云南与湖南、旺苍", "note": "看差异"},
    )
    share = SavedComparison.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/c/{share.code}/"
    html = html_of(client.get(share.get_absolute_url()))
    assert "云南与湖南、旺苍" in html and "看差异" in html and "只读" in html
    assert "只看有差异的行" in html[html.index('class="saved-filters"') :]
    link = SectionLink.objects.order_by("-score").first()
    assert f"compare/links/{link.pk}/" not in html  # no curation on a saved view

    def shown_links():
        data = json.loads(client.get(share.get_absolute_url(), {"format": "json"}).content)
        cells = [c for row in data["rows"] for c in row["cells"].values()]
        return {s.get("link") for c in cells for s in c["sections"] + c["also"]}

    shown = shown_links() - {None}
    assert shown
    rejected = min(shown)
    curating.reject_link(SectionLink.objects.get(pk=rejected), actor=a_curator())
    assert rejected not in shown_links()


@pytest.mark.django_db
def test_a_saved_comparison_shows_its_filters_as_text_and_links_to_the_live_comparison(
    client, aligned
):
    query = "differ=1&part=tasks&min=0.5"
    client.post(reverse("compare:save"), {"plans": THREE, "query": query})
    html = html_of(client.get(SavedComparison.objects.get().get_absolute_url()))
    assert 'class="filters"' not in html and 'name="differ"' not in html
    said = html[html.index('class="saved-filters"') :]
    said = said[: said.index("</p>")]
    assert "只看有差异的行" in said and "只看任务" in said and "≥0.5" in said
    live = re.search(r'href="(/compare/\?[^"]*)">打开可筛选的对照</a>', html).group(1)
    assert parse_qs(urlsplit(live.replace("&amp;", "&")).query) == {
        "plans": [THREE],
        "differ": ["1"],
        "part": ["tasks"],
        "min": ["0.5"],
    }
    # A link that sets a filter leads to the live comparison, never back to the saved one
    # (whose address ignores it).
    assert re.findall(r'href="[^"]*[?&](?:amp;)?chapter=\d+', html)
    assert not re.search(r'href="\?[^"]*chapter=\d+', html)


@pytest.mark.django_db
def test_a_saved_link_reproduces_mode_and_focus_as_saved(client, aligned):
    client.post(reverse("compare:save"), {"plans": THREE, "query": "mode=redline&part=goals"})
    share = SavedComparison.objects.get()
    html = html_of(client.get(share.get_absolute_url()))
    assert row_ids(html) == row_ids(html_of(get_compare(client, mode="redline", part="goals")))
    assert "<del>" in table_of(html)


@pytest.mark.django_db
def test_a_row_focused_in_place_on_a_saved_comparison_keeps_its_short_address(client, aligned):
    client.post(reverse("compare:save"), {"plans": THREE, "query": "part=tasks"})
    share = SavedComparison.objects.get()
    anchor = row_ids(html_of(client.get(share.get_absolute_url())))[2]
    response = client.get(share.get_absolute_url(), {"row": anchor}, **HX)
    assert response["HX-Push-Url"] == f"{share.get_absolute_url()}?row={anchor}"
    assert html_of(response).lstrip().startswith(f'<tr id="{anchor}"')
