from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from compare.models import SectionLink
from compare.runs.aligning import AlignmentError, run_alignment
from plans.models import Plan


class Command(BaseCommand):
    help = "Align two or more plans (by slug) and store their links; human decisions are kept."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="+", metavar="SLUG", help="plans, as list_plans shows")

    def handle(self, *args, **options):
        plans = plans_by_slug(options["slugs"])
        if len(plans) < 2:
            raise CommandError("give at least two different plans to align.")
        try:
            run = run_alignment(plans, progress=lambda m: self.stdout.write(f"  {m}"))
        except AlignmentError as exc:
            raise CommandError(str(exc)) from exc
        stats = run.stats
        self.stdout.write(
            self.style.SUCCESS(
                f"aligned {', '.join(p.slug for p in plans)}: "
                f"{stats['proposed']} new, {stats['updated']} updated, "
                f"{stats['withdrawn']} withdrawn auto links; "
                f"{stats['kept_human']} human decisions kept; {stats['rows']} rows"
            )
        )
        for plan in plans:
            shown = SectionLink.objects.between(plans).shown()
            linked = set(shown.filter(left__plan=plan).values_list("left_id", flat=True))
            linked |= set(shown.filter(right__plan=plan).values_list("right_id", flat=True))
            total = plan.sections.count()
            self.stdout.write(
                f"  {plan.slug}: {len(linked)}/{total} sections linked, "
                f"{total - len(linked)} unique to it"
            )


def plans_by_slug(slugs: list[str]) -> list[Plan]:
    """Plans in the order given; unknown slugs are an error that lists the known ones."""
    found = {p.slug: p for p in Plan.objects.filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        known = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(
            f"unknown plan {', '.join(missing)}; known plans: {known or '(none imported)'}"
        )
    return list(dict.fromkeys(found[s] for s in slugs))
