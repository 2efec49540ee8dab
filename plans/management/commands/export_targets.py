from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan, Target
from plans.serializers import target_as_dict


class Command(BaseCommand):
    help = "Print a plan's quantitative targets as JSON, in document order."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"no plan with slug {slug!r}; see `manage.py list_plans`")
        # Beyond the API's shape: the cross-plan group and the deadline's year.
        rows = [target_as_dict(t, with_groups=True) for t in Target.objects.for_plan(plan)]
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
