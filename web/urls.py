from __future__ import annotations

from django.urls import path

from web.logins import throttled_login
from web.views import healthz

urlpatterns: list = [
    path("healthz", healthz, name="healthz"),
    # Ahead of admin/: the admin's sign-in page, throttled per client.
    path("admin/login/", throttled_login),
]
