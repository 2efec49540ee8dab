"""Which settings may serve: the rule the WSGI entry point and gunicorn apply before serving,
and web.checks reports as system checks. Part of the configuration, so it imports no app."""

from __future__ import annotations

from django.conf import settings
from django.core.checks.security.base import (
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

# Every key written in the repository (or ever written in it): public, so never a server's.
# The development key is settings.DEVELOPMENT_SECRET_KEY; `make lint` generates its key at run
# time, and the fixed key it once used stays refused.
PUBLIC_KEYS = (
    "duizhao-development-key-not-for-production",
    "check-only-key-0123456789-abcdefghijklmnopqrstuvwxyz",
)

_GENERATE = (
    "Set SECRET_KEY in the environment to a long random value (python3 -c 'import secrets; "
    "print(secrets.token_urlsafe(50))'), or unset it: `make serve` then generates one into "
    "{path} on a first start."
)
DEVELOPMENT_KEY_MESSAGE = (
    "DEBUG is off but SECRET_KEY is the public development key: anyone could forge sessions "
    "and password-reset links. " + _GENERATE
)
PUBLIC_KEY_MESSAGE = (
    "SECRET_KEY is a key written in Duizhao's repository, public to anyone who reads it: anyone "
    "could forge sessions and password-reset links. " + _GENERATE
)
WEAK_KEY_MESSAGE = (
    "SECRET_KEY is too weak to serve with: {length} characters, {unique} different ones (at "
    f"least {SECRET_KEY_MIN_LENGTH} characters and {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different "
    "ones are needed). " + _GENERATE
)
DEBUG_MESSAGE = (
    "DEBUG is on: a public server must run with DEBUG off (with it on, an error page shows the "
    "settings and the code to whoever causes it). Unset DEBUG or set DEBUG=false; `make run` is "
    "the development server."
)


def key_problem(key: str) -> str:
    """Why ``key`` must not sign a server's sessions, or ''."""
    path = settings.SECRET_KEY_FILE
    if key == settings.DEVELOPMENT_SECRET_KEY:
        return DEVELOPMENT_KEY_MESSAGE.format(path=path)
    if key in PUBLIC_KEYS:
        return PUBLIC_KEY_MESSAGE.format(path=path)
    unique = len(set(key))
    if len(key) < SECRET_KEY_MIN_LENGTH or unique < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return WEAK_KEY_MESSAGE.format(length=len(key), unique=unique, path=path)
    return ""


def unsafe_settings() -> str:
    """A sentence saying why these settings must not serve, or ''."""
    if settings.DEBUG:  # the development server (`make run`) signs with the development key
        return ""
    return key_problem(settings.SECRET_KEY)


def refuse_unsafe_settings() -> None:
    """Raise ImproperlyConfigured (the WSGI entry point calls this before serving)."""
    if message := unsafe_settings():
        raise ImproperlyConfigured(message)
