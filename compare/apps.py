from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CompareConfig(AppConfig):
    name = "compare"
    # The admin names the app in the reader's language ("规划" alone is one plan in English).
    verbose_name = pgettext_lazy("admin app", "对照")

    def ready(self) -> None:
        from compare.runs.queue import health
        from web.health import register

        register("jobs", health)  # web names no app: the job queue adds its part to /healthz
