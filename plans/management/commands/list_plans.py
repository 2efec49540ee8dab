from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.db.models import Count

from plans.models import Plan
from plans.serializers import plan_listing_as_dict


class Command(BaseCommand):
    help = "List imported plans (as JSON with --json)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        plans = (
            Plan.objects.select_related("jurisdiction", "era")
            .annotate(section_count=Count("sections"))
            .order_by("jurisdiction__name", "issued", "slug")
        )
        rows = [plan_listing_as_dict(p) for p in plans]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            self.stdout.write(
                f"{r['slug']:40} {r['jurisdiction']:8} {r['era'] or '-':5} {r['kind']:14} "
                f"{r['sections']:4}  {r['title']}"
            )
