"""What a reader sees when an address leads nowhere or the server fails: the site's own page in
the reader's language, with a way back, rather than Django's bare English one."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("address", ["/plans/no-such-plan/", "/j/no-such-place/", "/c/nosuchcode/"])
def test_an_unknown_address_gets_the_sites_404_page_with_a_way_back(client, address):
    response = client.get(address)
    assert response.status_code == 404
    page = response.content.decode()
    assert "找不到这个页面" in page
    assert 'class="site-nav"' in page
    assert 'href="/"' in page and 'href="/search/"' in page


def test_the_404_page_speaks_the_readers_language(client):
    response = client.get("/plans/no-such-plan/", headers={"accept-language": "en"})
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Page not found" in page and "Back to the plan catalogue" in page


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh-hans", "账号 reader 没有做这件事的权限：请管理员"),
        ("en", "The account reader may not do this: an administrator"),
    ],
)
def test_a_refusal_is_the_sites_own_page_saying_who_may_not_and_what_to_do(client, language, said):
    reader = get_user_model().objects.create_user("reader", password="pw", is_staff=True)
    client.force_login(reader)

    response = client.get("/admin/plans/plan/import/", headers={"accept-language": language})

    assert response.status_code == 403
    page = response.content.decode()
    assert said in page and 'class="site-nav"' in page
    assert 'href="/admin/login/?next=/admin/plans/plan/import/"' in page


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-hans", "服务器出错"), ("en", "Server error")]
)
def test_a_server_error_page_is_the_sites_own_and_needs_no_request_context(language, heading):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert heading in page and 'href="/"' in page


def test_a_refused_permission_gets_the_sites_403_page_with_a_way_to_sign_in(client):
    response = client.post("/compare/links/1/", {"action": "confirm"})  # curators only
    assert response.status_code == 403
    page = response.content.decode()
    assert "没有权限" in page and 'class="site-nav"' in page
    assert 'href="/admin/login/?next=/compare/links/1/"' in page


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-hans", "表单已失效"), ("en", "Form expired")]
)
def test_a_form_without_its_csrf_token_is_refused_saying_what_to_do(language, heading):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/compare/save/", {"plans": "a,b"}, headers={"accept-language": language}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert heading in page and 'href="/"' in page
    assert "CSRF verification failed" not in page  # not Django's bare English page


def test_a_host_the_site_does_not_serve_gets_the_sites_400_page(client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请求有误" in page and 'href="/"' in page


def test_a_host_the_site_does_not_serve_is_logged_as_one_warning_line(client, caplog):
    with caplog.at_level("WARNING"):
        client.get("/", headers={"host": "evil.example"})
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert [r.levelname for r in records] == ["WARNING"]
    assert records[0].exc_info is None and "evil.example" in records[0].getMessage()
