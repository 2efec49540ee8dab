"""Sign-in throttling holds under concurrency: places are taken before the password check."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db import connection
from django.test import Client

from web.clients import over_limit, take_place


@pytest.fixture(autouse=True)
def _production_password_hashing(settings):
    # The race shows while a password check takes as long as it does in production.
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture
def limits():
    caches["limits"].clear()  # kept in a table that transactional tests do not empty
    yield caches["limits"]
    caches["limits"].clear()


@pytest.mark.django_db(transaction=True)
def test_30_concurrent_sign_ins_get_at_most_the_limit_of_password_checks(
    limits, settings, monkeypatch
):
    settings.LOGIN_FAILURES_ALLOWED = 10
    get_user_model().objects.create_superuser("admin", "a@example.org", "right-password")
    checks: list[str] = []
    lock = threading.Lock()
    check_password = ModelBackend.authenticate

    def counted(self, request, username=None, password=None, **kwargs):
        with lock:
            checks.append(username)
        return check_password(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counted)
    start = threading.Barrier(30)
    statuses: list[int] = []

    def sign_in() -> None:
        client = Client()
        start.wait()
        try:
            response = client.post("/admin/login/", {"username": "admin", "password": "wrong"})
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_in) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(checks) == 10
    assert sorted(statuses) == [200] * 10 + [429] * 20


@pytest.mark.django_db
def test_a_successful_sign_in_gives_its_place_back(client, limits, settings):
    settings.LOGIN_FAILURES_ALLOWED = 2
    get_user_model().objects.create_superuser("admin", "a@example.org", "right-password")
    right = {"username": "admin", "password": "right-password", "next": "/admin/"}

    assert [Client().post("/admin/login/", right).status_code for _ in range(3)] == [302] * 3
    wrong = {**right, "password": "wrong"}
    assert [client.post("/admin/login/", wrong).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.django_db
def test_places_are_per_scope_and_client(rf, limits):
    one, other = rf.get("/"), rf.get("/", REMOTE_ADDR="198.51.100.9")

    assert [over_limit("s", one, limit=2, seconds=60) for _ in range(3)] == [False, False, True]
    assert over_limit("t", one, limit=2, seconds=60) is False
    assert take_place("s", other, limit=2, seconds=60) is not None
    assert take_place("s", one, limit=0, seconds=60) is None
