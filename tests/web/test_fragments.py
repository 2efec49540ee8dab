from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from web.fragments import wants_fragment


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"HX-Request": "true"}, True),
        # htmx restoring a page it holds no snapshot of asks for the whole page.
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, False),
    ],
)
def test_only_an_htmx_request_that_is_no_history_restore_gets_the_fragment(headers, expected):
    request = RequestFactory().get("/", headers=headers)
    request.htmx = HtmxDetails(request)
    assert wants_fragment(request) is expected


@pytest.mark.django_db
def test_the_search_page_answers_a_history_restore_with_the_whole_page(client):
    url = reverse("plans:search")
    fragment = client.get(url, {"q": "数据"}, headers={"HX-Request": "true"})
    restored = client.get(
        url,
        {"q": "数据"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert b"<html" not in fragment.content
    assert b"<html" in restored.content
