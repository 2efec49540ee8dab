"""A section's page and its children served to htmx; every seed plan's deepest section renders."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from plans.models import Section
from tests.plans.views.pages import HX, page_html

pytestmark = pytest.mark.django_db


def test_section_page_shows_its_place_body_and_children(client, library, django_assert_num_queries):
    item = library["item"]
    # section with plan, children, ancestors; its links and coverage decisions (counterparts)
    with django_assert_num_queries(5):
        html = page_html(client.get(item.get_absolute_url()))
    assert "<h1>一、建设成效" in html
    assert f'href="{library["chapter"].get_absolute_url()}">第一章 发展基础</a>' in html
    assert "<p>成效显著。</p>" in html
    assert f'id="children-{item.pk}"' in html and "1.基础设施" in html
    assert f"?open={item.pk}#{item.anchor}" in html  # back to the outline, opened here


def test_section_url_serves_its_children_to_htmx(client, library, django_assert_num_queries):
    chapter = library["chapter"]
    with django_assert_num_queries(2):
        response = client.get(chapter.get_absolute_url(), **HX)
    html = page_html(response)
    assert f'id="children-{chapter.pk}"' in html
    assert "一、建设成效" in html and "二、存在问题" in html
    assert "<nav" not in html and "<html" not in html and "<h1" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, library):
    headers = {**HX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
    assert "<nav" in page_html(client.get(library["hn"].get_absolute_url(), **headers))
    assert "<nav" in page_html(client.get(library["item"].get_absolute_url(), **headers))


def test_section_page_varies_on_htmx_header(client, library):
    assert "HX-Request" in client.get(library["chapter"].get_absolute_url())["Vary"]


def test_section_of_another_plan_is_404(client, library):
    url = reverse("plans:section", args=[library["wc"].slug, library["hn_item"].pk])
    assert client.get(url).status_code == 404


def test_unknown_section_is_404(client, library):
    assert (
        client.get(reverse("plans:section", args=[library["wc"].slug, 999999])).status_code == 404
    )
    url = reverse("plans:section", args=["no-such-plan", library["item"].pk])
    assert client.get(url).status_code == 404


def test_every_section_anchor_is_on_the_fully_opened_outline(client, library):
    html = page_html(client.get(library["wc"].get_absolute_url(), {"open": library["sub"].pk}))
    for section in library["wc"].sections.all():
        assert f'id="{section.anchor}"' in html


def test_every_seed_plan_and_its_deepest_section_render_in_fixed_queries(
    client, seeded, django_assert_num_queries
):
    for plan in seeded:
        higher = 1 if plan.jurisdiction.parent_id else 0  # plans of the parent jurisdictions
        # the sections citing documents in 《》, and the catalogue's titles if there are some
        higher += 2 if plan.slug != "national-2022-digital-gov-opinion" else 1
        # plan, root sections, interpretations, the sections that name who leads
        with django_assert_num_queries(4 + higher):
            html = page_html(client.get(plan.get_absolute_url()))
        assert escape(plan.title) in html
        deepest = Section.objects.for_plan(plan).order_by("-depth", "order").first()
        if deepest is None:
            continue
        with django_assert_num_queries((7 if deepest.parent_id else 6) + higher):
            html = page_html(client.get(plan.get_absolute_url(), {"open": deepest.pk}))
        assert f'id="{deepest.anchor}"' in html
        url = deepest.get_absolute_url()
        with django_assert_num_queries(5 if deepest.parent_id else 4):  # + counterparts
            page_html(client.get(url))


def test_in_english_the_pages_own_words_inside_the_chinese_text_are_marked_english(client, library):
    """The section's text is marked Chinese; the page's own words inside it (its type, the
    heading over its sub-items, the links to each one) say they are English, so a screen reader
    does not read them with a Chinese voice."""
    item = library["item"]
    html = page_html(client.get(item.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    article = html[html.index("<article") : html.index("</article>")]
    assert 'lang="zh-Hans"' in article[: article.index(">")]
    assert '<p class="section-meta muted" lang="en">Type:' in article
    assert '<h2 lang="en">' in article
    assert 'lang="en">¶</a>' in article
