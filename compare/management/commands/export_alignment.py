from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from compare.management.commands.align import plans_by_slug
from compare.models import SectionLink
from compare.serializers import link_as_dict


class Command(BaseCommand):
    help = "Print the links between two plans as JSON (rejected links only with --all)."

    def add_arguments(self, parser):
        parser.add_argument("slug_a", metavar="SLUG_A")
        parser.add_argument("slug_b", metavar="SLUG_B")
        parser.add_argument("--all", action="store_true", help="include rejected links")

    def handle(self, *args, **options):
        plans = plans_by_slug([options["slug_a"], options["slug_b"]])
        if len(plans) != 2:
            raise CommandError("give two different plans.")
        first, second = plans
        links = SectionLink.objects.for_pair(first, second).select_related("left", "right")
        if not options["all"]:
            links = links.shown()
        rows = []
        for link in links:
            left, right = link.oriented(first)
            rows.append(link_as_dict(link, left=_section(left), right=_section(right)))
        rows.sort(key=lambda r: (r["left"]["order"], r["right"]["order"]))
        for row in rows:
            del row["left"]["order"], row["right"]["order"]
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))


def _section(section) -> dict:
    return {
        "id": section.pk,
        "label": section.label,
        "title": section.title,
        "order": section.order,
    }
