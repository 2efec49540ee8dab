from __future__ import annotations

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "规划"

    def ready(self) -> None:
        from plans import fulltext

        connection_created.connect(fulltext.register, dispatch_uid="plans.fulltext.register")
