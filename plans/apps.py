from __future__ import annotations

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import pgettext_lazy


class PlansConfig(AppConfig):
    name = "plans"
    # The admin names the app in the reader's language ("规划" alone is one plan in English).
    verbose_name = pgettext_lazy("admin app", "规划")

    def ready(self) -> None:
        from plans import fulltext

        connection_created.connect(fulltext.register, dispatch_uid="plans.fulltext.register")
