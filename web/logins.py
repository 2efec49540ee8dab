"""Sign-in throttling: at most LOGIN_FAILURES_ALLOWED failed sign-ins from one client in each
window of LOGIN_LOCKOUT_SECONDS; further attempts are refused until the window ends (password
guessing gets a few tries an hour)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext as _

from web.clients import release, take_place


def throttled_login(request, **kwargs) -> HttpResponse:
    """The admin's sign-in, refusing a client that failed too often lately.

    An attempt takes its place before the password is checked and gives it back when it signs
    in: attempts in flight count, so a burst of concurrent ones gets at most the limit of
    password checks (a count taken after the check let 15 of 30 through).
    """
    if request.method != "POST":
        return admin.site.login(request, **kwargs)
    place = take_place(
        "login",
        request,
        limit=settings.LOGIN_FAILURES_ALLOWED,
        seconds=settings.LOGIN_LOCKOUT_SECONDS,
    )
    if place is None:
        minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
        message = _("登录失败次数太多，请 %(minutes)d 分钟后再试。") % {"minutes": minutes}
        return HttpResponse(message, status=429)
    response = admin.site.login(request, **kwargs)
    if request.user.is_authenticated:
        release(place)
    return response
