from __future__ import annotations

from django.apps import AppConfig


class CompareConfig(AppConfig):
    name = "compare"
    verbose_name = "对照"

    def ready(self) -> None:
        from compare.runs.queue import health
        from web.health import register

        register("jobs", health)  # web names no app: the job queue adds its part to /healthz
