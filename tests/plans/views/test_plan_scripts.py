"""A traditional-script plan reads in its original script unless simplified is asked for."""

from __future__ import annotations

import pytest
from django.db import models
from django.utils.html import escape

from plans.models import Plan, Section
from tests.plans.views.pages import HX, page_html

pytestmark = pytest.mark.django_db


def test_traditional_plan_shows_the_original_by_default(client, library):
    html = page_html(client.get(library["hn"].get_absolute_url()))
    assert "一、發展現狀" in html and "電子政務發展。" in html
    assert 'lang="zh-Hant"' in html
    assert "发展现状" not in html
    assert 'href="/plans/hunan-13th-egov-plan/?script=simplified"' in html


def test_traditional_plan_shows_simplified_text_when_asked(client, library):
    html = page_html(client.get(library["hn"].get_absolute_url(), {"script": "simplified"}))
    assert "一、发展现状" in html and "电子政务发展。" in html
    assert 'lang="zh-Hant"' not in html
    assert "發展現狀" not in html
    chapter = library["hn_chapter"]
    # children load, and their fallback link opens, in the same script
    assert f'hx-get="{chapter.get_absolute_url()}?script=simplified"' in html
    assert f"?open={chapter.pk}&amp;script=simplified#{chapter.anchor}" in html


def test_simplified_plan_has_no_script_toggle(client, library):
    html = page_html(client.get(library["wc"].get_absolute_url(), {"script": "simplified"}))
    assert "script-toggle" not in html


def test_section_children_load_in_the_script_asked_for(client, library):
    url = library["hn_chapter"].get_absolute_url()
    assert "主要成績" in page_html(client.get(url, **HX))
    html = page_html(client.get(url, {"script": "simplified"}, **HX))
    assert "主要成绩" in html and "成绩显著。" in html


def test_the_traditional_seed_reads_in_the_original_unless_simplified_is_asked_for(client, seeded):
    plan = Plan.objects.get(script=Plan.Script.TRADITIONAL)
    root = (
        Section.objects.for_plan(plan)
        .roots()
        .exclude(title="")
        .exclude(title=models.F("title_simplified"))
        .first()
    )
    assert root is not None
    assert escape(root.title) in page_html(client.get(plan.get_absolute_url()))
    html = page_html(client.get(plan.get_absolute_url(), {"script": "simplified"}))
    assert escape(root.title_simplified) in html
    assert escape(root.title) not in html
