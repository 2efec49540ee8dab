"""The parts of /healthz the apps add: web names no app, so each app that has something to
report registers it from its AppConfig.ready(), as Django's system checks are registered."""

from __future__ import annotations

from collections.abc import Callable

# A part's check returns (healthy, its report); an exception it raises is reported as an error.
Check = Callable[[], tuple[bool, dict]]

_PARTS: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    """Add ``check``'s report to /healthz under ``name``; /healthz answers 503 when it fails."""
    _PARTS[name] = check


def parts() -> list[tuple[str, Check]]:
    """The registered parts, in the order they were registered."""
    return list(_PARTS.items())
