from __future__ import annotations

from django.apps import AppConfig


class ServingConfig(AppConfig):
    """What serving the app needs beyond its two apps: safety checks, health, request ids."""

    name = "config"
    verbose_name = "serving"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the checks)
