from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from compare.catalogue.running import CHUNK, current_index, run_chunks_here, start_catalogue_run
from compare.models import CatalogueRun
from plans.models import Plan


class Command(BaseCommand):
    help = (
        "Align one plan against every plan of the catalogue that shares informative terms with "
        "it: one job per chunk of plans on the queue (run `manage.py worker`), or all here."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the plan to align against the catalogue")
        parser.add_argument("--chunk", type=int, default=CHUNK, help="plans per job")
        parser.add_argument(
            "--here", action="store_true", help="do every chunk in this process, no queue"
        )
        parser.add_argument(
            "--wait", action="store_true", help="wait until the workers have done the run"
        )
        parser.add_argument(
            "--rebuild-index", action="store_true", help="build the catalogue index again"
        )

    def handle(self, *args, slug: str, chunk: int, here: bool, wait: bool, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"no plan {slug!r}: see `manage.py list_plans`.")
        if chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        began = time.perf_counter()
        index = current_index(rebuild=options["rebuild_index"])
        self.stdout.write(f"catalogue index: {index} ({time.perf_counter() - began:.1f} s)")
        if here:
            run = run_chunks_here(plan, chunk=chunk)
        else:
            run = start_catalogue_run(plan, chunk=chunk)
            self.stdout.write(f"run {run.pk} queued: its first job splits the candidate plans")
        while wait and not here and run.status in ("queued", "running"):
            time.sleep(1)
            run.refresh_from_db()
        if run.stage == CatalogueRun.Stage.ALIGNING:
            self.stdout.write(
                f"run {run.pk}: {run.candidates} candidate plans in {run.chunks} chunks"
            )
        if run.status == CatalogueRun.Status.FAILED:
            raise CommandError(f"run {run.pk} failed: {run.error}")
        if run.status == CatalogueRun.Status.DONE:
            plans = run.matches.values("other_plan").distinct().count()
            self.stdout.write(
                f"done: {run.links} links to {plans} plans in {time.perf_counter() - began:.1f} s"
            )
