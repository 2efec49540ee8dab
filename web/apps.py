from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_tasks_db.apps import TasksAppConfig


class ServingConfig(AppConfig):
    """What serving the app needs beyond its two apps: safety checks, health, request ids."""

    name = "web"
    verbose_name = "serving"

    def ready(self) -> None:
        from web import checks  # noqa: F401  (registers the checks)


class TaskResultsConfig(TasksAppConfig):
    """django_tasks_db, named in the reader's language in the admin. Its task results are for
    operators: the curators group holds no right to see them, so only superusers meet it."""

    verbose_name = gettext_lazy("后台任务（运维）")

    def ready(self) -> None:
        super().ready()
        from django_tasks_db.models import DBTaskResult

        # Only the names the admin shows: migrations read Meta (original_attrs), left as shipped.
        DBTaskResult._meta.verbose_name = gettext_lazy("任务结果")
        DBTaskResult._meta.verbose_name_plural = pgettext_lazy("model, plural", "任务结果")
