"""Sign-in throttling: after LOGIN_FAILURES_ALLOWED failed sign-ins from one client, its next
attempts are refused for LOGIN_LOCKOUT_SECONDS (password guessing gets a few tries an hour)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_login_failed
from django.core.cache import caches
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.translation import gettext as _

from config.clients import client_id


def _key(request) -> str:
    return f"login-failed:{client_id(request)}"


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs) -> None:
    if request is None:  # authenticate() outside a request (a command, a test)
        return
    cache = caches["limits"]
    cache.add(_key(request), 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    try:
        cache.incr(_key(request))
    except ValueError:  # expired between add and incr
        cache.set(_key(request), 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def throttled_login(request, **kwargs) -> HttpResponse:
    """The admin's sign-in, refusing a client that failed too often lately."""
    failures = caches["limits"].get(_key(request), 0)
    if request.method == "POST" and failures >= settings.LOGIN_FAILURES_ALLOWED:
        minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
        message = _("登录失败次数太多，请 %(minutes)d 分钟后再试。") % {"minutes": minutes}
        return HttpResponse(message, status=429)
    return admin.site.login(request, **kwargs)
