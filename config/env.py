"""Reading settings from the environment: a value that cannot be read stops the process naming
its variable; for config/settings.py and gunicorn's config/gunicorn.py alike."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    # A typo refuses to start rather than read as false: HTTPS=ture would serve without HTTPS.
    value = os.environ.get(name, str(default)).strip().lower()
    if value not in _TRUE | _FALSE:
        raise ImproperlyConfigured(
            f"{name} must be true or false (or 1/0, yes/no, on/off), not {os.environ[name]!r}"
        )
    return value in _TRUE


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}"
            " (seconds, bytes and counts are written as plain digits)"
        ) from None


def env_list(name: str, default: str) -> list[str]:
    """A comma-separated list, spaces around its items ignored: "a.org, b.org"."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_choice(name: str, choices, default: str) -> str:
    """One of ``choices`` (a typo stops the process naming the variable and what it may be)."""
    value = os.environ.get(name, default).strip()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value
