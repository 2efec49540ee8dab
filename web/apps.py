from __future__ import annotations

from django.apps import AppConfig


class ServingConfig(AppConfig):
    """What serving the app needs beyond its two apps: safety checks, health, request ids."""

    name = "web"
    verbose_name = "serving"

    def ready(self) -> None:
        from web import checks  # noqa: F401  (registers the checks)
