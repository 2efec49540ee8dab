from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.serializers import plan_as_dict


class Command(BaseCommand):
    help = "Print a plan and its sections as JSON, in document order."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options):
        plan = (
            Plan.objects.select_related("jurisdiction__parent", "era", "interprets")
            .filter(slug=slug)
            .first()
        )
        if plan is None:
            raise CommandError(f"no plan with slug {slug!r}; see `manage.py list_plans`")
        self.stdout.write(json.dumps(plan_as_dict(plan), ensure_ascii=False, indent=2))
