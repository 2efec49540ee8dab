"""System checks that stop an unsafe server from starting (the rule is config.safety's)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from config.safety import DEBUG_MESSAGE, unsafe_settings


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if message := unsafe_settings():
        return [Error(message, id="duizhao.E001")]
    return []


@register(Tags.security, deploy=True)
def check_debug(app_configs, **kwargs):
    # Django's own security.W018 is a warning, which `make serve` (--fail-level ERROR) lets by.
    if settings.DEBUG:
        return [Error(DEBUG_MESSAGE, id="duizhao.E002")]
    return []
