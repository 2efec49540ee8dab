"""System checks that stop an unsafe server from starting."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY_MESSAGE = (
    "DEBUG is off but SECRET_KEY is the public development key: anyone could forge sessions "
    "and password-reset links. Set SECRET_KEY in the environment to a long random value (or run "
    "`make serve`, which generates one into {path} on a first local start)."
)


def unsafe_settings() -> str:
    """A sentence saying why these settings must not serve, or ''."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return DEVELOPMENT_KEY_MESSAGE.format(path=settings.SECRET_KEY_FILE)
    return ""


def refuse_unsafe_settings() -> None:
    """Raise ImproperlyConfigured (the WSGI entry point calls this before serving)."""
    if message := unsafe_settings():
        raise ImproperlyConfigured(message)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if message := unsafe_settings():
        return [Error(message, id="duizhao.E001")]
    return []
