"""Whole pages kept for anonymous readers (web.pagecache): served from memory, already
compressed, yet each with its visitor's own CSP nonce and CSRF token, never another person's
controls or language, and rebuilt as soon as what they show changes."""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from compare import curating
from compare.models import SectionLink
from tests.moduledata import aligned_for_the_module

Y22, HN, WC = "yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"
COMPARE = f"/compare/?plans={Y22},{HN},{WC}"
API = f"/api/compare/?plans={Y22},{HN}"
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}
_NONCE = re.compile(r"nonce-([A-Za-z0-9+/=]+)")
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


_aligned_once = aligned_for_the_module((Y22, HN, WC))


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    return seeded


def _curator():
    user = get_user_model().objects.create_user("curator", password="pw")
    call_command("create_curators_group", stdout=io.StringIO())
    user.groups.add(Group.objects.get(name="curators"))
    return user


def _body(response) -> str:
    content = response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content.decode()


def _nonce(response) -> str:
    found = _NONCE.search(response["Content-Security-Policy"])
    return found.group(1) if found else "(none)"


def _same_for_everyone(response) -> str:
    """The page with this request's nonce and CSRF tokens blanked out."""
    html = _body(response).replace(_nonce(response), "NONCE")
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", html)


def _queries(client, url, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
@pytest.mark.parametrize("url", [COMPARE, "/", "/search/?q=政务云 共享", API])
def test_a_repeat_view_is_the_same_page_for_one_query(client, aligned, url):
    first_count, first = _queries(client, url)
    again_count, again = _queries(Client(), url)
    assert first_count > 1 and again_count == 1  # the version it is kept under
    assert _same_for_everyone(again) == _same_for_everyone(first)
    assert again["Content-Type"] == first["Content-Type"]


@pytest.mark.django_db
def test_a_kept_page_is_sent_as_one_valid_gzip_stream_of_the_page(client, aligned):
    client.get(COMPARE)
    plain = client.get(COMPARE)
    packed = client.get(COMPARE, **GZIP)
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 3
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    # One gzip member (header, deflate blocks, checked CRC and size), nothing left over.
    reader = zlib.decompressobj(wbits=31)
    unpacked = reader.decompress(packed.content) + reader.flush()
    assert reader.eof and reader.unused_data == b""
    assert _same_for_everyone(packed) == _same_for_everyone(plain)
    # The request's own, put back: htmx's config (style nonce) and the head's one inline script.
    assert unpacked.decode().count(_nonce(packed)) >= 2


@pytest.mark.django_db
def test_each_view_of_a_kept_page_has_its_own_nonce_named_by_its_header(client, aligned):
    seen = set()
    for _ in range(3):
        response = client.get(COMPARE, **GZIP)
        html = _body(response)
        nonce = _nonce(response)
        scripts = re.findall(r'<script nonce="([^"]*)"', html)
        assert scripts and set(scripts) == {nonce}
        assert f'"inlineStyleNonce": "{nonce}"' in html
        seen.add(nonce)
    assert len(seen) == 3


@pytest.mark.django_db
def test_a_visitor_posts_with_the_token_of_a_page_another_visitor_warmed(aligned):
    Client().get(COMPARE)
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(COMPARE, **GZIP)
    assert "csrftoken" in response.cookies  # as on a page rendered for them
    token = _TOKEN.search(_body(response)).group(1)
    form = {"plans": f"{Y22},{HN},{WC}", "query": "", "title": "mine", "note": ""}
    refused = Client(enforce_csrf_checks=True).post("/compare/save/", form)
    saved = visitor.post("/compare/save/", {**form, "csrfmiddlewaretoken": token})
    assert refused.status_code == 403
    assert saved.status_code == 302 and "/c/" in saved["Location"]


@pytest.mark.django_db
def test_a_curator_sees_their_controls_after_an_anonymous_visitor_warmed_the_page(aligned):
    link = SectionLink.objects.order_by("-score").first()
    control = f"/compare/links/{link.pk}/"
    assert control not in _body(Client().get(COMPARE))
    curator = Client()
    curator.force_login(_curator())
    assert control in _body(curator.get(COMPARE, **GZIP))
    assert control not in _body(Client().get(COMPARE, **GZIP))  # nor kept for the next


@pytest.mark.django_db
@pytest.mark.parametrize("url", [COMPARE, "/", "/search/?q=政务云"])
def test_an_english_visitor_gets_english_after_a_chinese_one(aligned, url):
    chinese = _body(Client(HTTP_ACCEPT_LANGUAGE="zh-CN").get(url))
    english = _body(Client(HTTP_ACCEPT_LANGUAGE="en").get(url, **GZIP))
    chosen = Client()
    chosen.cookies["django_language"] = "en"
    assert '<html lang="zh-hans">' in chinese and "规划目录" in chinese
    assert '<html lang="en">' in english and "规划目录" not in english
    assert '<html lang="en">' in _body(chosen.get(url, **GZIP))
    assert '<html lang="zh-hans">' in _body(Client(HTTP_ACCEPT_LANGUAGE="zh-CN").get(url))


@pytest.mark.django_db
def test_a_curators_decision_shows_at_once_to_anonymous_readers(client, aligned):
    def links() -> set[int]:
        return {link["id"] for link in json.loads(_body(client.get(API, **GZIP)))["links"]}

    before, page = links(), _same_for_everyone(client.get(COMPARE))
    rejected = SectionLink.objects.get(pk=min(before))
    curating.reject_link(rejected, actor=_curator())
    assert links() == before - {rejected.pk}
    assert _same_for_everyone(client.get(COMPARE)) != page


@pytest.mark.django_db
def test_a_new_alignment_run_rebuilds_kept_pages(client, aligned):
    client.get(COMPARE)
    assert _queries(client, COMPARE)[0] == 1
    call_command("align", Y22, HN, WC, verbosity=0, stdout=io.StringIO())
    assert _queries(client, COMPARE)[0] > 1  # built again for the new run
    assert _queries(client, COMPARE)[0] == 1


@pytest.mark.django_db
def test_an_import_shows_at_once_on_the_kept_home_page_and_search(client, aligned, tmp_path):
    word = "量子政务试验田"
    assert "/plans/quantum/" not in _body(client.get(f"/search/?q={word}"))
    home = _body(client.get("/"))
    text = f"# 某某县量子政务试验田建设方案\n\n一、总体要求\n\n建设{word}，推进数字政府。\n"
    (tmp_path / "plan.md").write_text(text, encoding="utf-8")
    call_command("import_plan", str(tmp_path / "plan.md"), slug="quantum", stdout=io.StringIO())
    assert "quantum" not in home and "quantum" in _body(client.get("/", **GZIP))
    assert "/plans/quantum/" in _body(client.get(f"/search/?q={word}", **GZIP))


@pytest.mark.django_db
def test_a_page_with_a_message_waiting_is_neither_served_kept_nor_kept(aligned):
    Client().get(COMPARE)  # kept, without the message
    told = Client()
    storage = CookieStorage(HttpRequest())  # as a redirect after a form would leave it
    storage.add(constants.INFO, "为你留的消息")
    storage.update(left := HttpResponse())
    told.cookies["messages"] = left.cookies["messages"].value
    assert "为你留的消息" in _body(told.get(COMPARE))
    assert "为你留的消息" not in _body(Client().get(COMPARE))


@pytest.mark.django_db
def test_fragments_and_signed_in_readers_get_pages_made_for_them(client, aligned):
    client.get(COMPARE)
    fragment = client.get(COMPARE, HTTP_HX_REQUEST="true")
    assert "<html" not in _body(fragment) and 'id="rows"' in _body(fragment)
    reader = Client()
    reader.force_login(get_user_model().objects.create_user("reader"))
    assert _queries(reader, COMPARE)[0] > 1


@pytest.mark.django_db
def test_a_size_of_zero_keeps_nothing(client, aligned, settings):
    settings.SHARED_PAGES_MAX_BYTES = 0
    client.get(COMPARE)
    assert _queries(client, COMPARE)[0] > 1


def _page(size: int):
    from web.pagecache import _Page

    return _Page(status=200, headers=(), pieces=(b"x" * size,), holes=(), deflated=(), size=size)


def test_pages_past_the_size_budget_push_out_the_least_recently_read(settings):
    from web import pagecache

    settings.SHARED_PAGES_MAX_BYTES = 4000
    pagecache.forget()
    for key in "abcd":
        pagecache._put((key,), _page(1000))
    assert pagecache._get(("a",)) is not None  # read: now the most recent
    pagecache._put(("e",), _page(1000))
    assert pagecache._get(("b",)) is None
    assert all(pagecache._get((key,)) is not None for key in "acde")
    pagecache._put(("huge",), _page(1001))  # over a quarter of the budget: never kept
    assert pagecache._get(("huge",)) is None and pagecache._get(("a",)) is not None


def test_a_kept_page_is_made_again_once_it_is_older_than_keep_seconds(settings, monkeypatch):
    from web import pagecache

    now = [1000.0]
    monkeypatch.setattr(pagecache, "_clock", lambda: now[0])
    settings.SHARED_PAGES_MAX_BYTES = 4000
    pagecache.forget()
    pagecache._put(("page",), _page(100))
    now[0] += pagecache.KEEP_SECONDS - 1
    assert pagecache._get(("page",)) is not None
    now[0] += 2
    assert pagecache._get(("page",)) is None
