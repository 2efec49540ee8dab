from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from compare.runs.pruning import prune_jobs


class Command(BaseCommand):
    help = (
        "Remove what background jobs left behind once finished for DUIZHAO_JOB_KEEP_DAYS days "
        "(30): the queue's finished entries, finished imports' uploaded PDFs, alignment and "
        "catalogue runs no page reads any more, and catalogue indexes no run uses. The worker "
        "does this once an hour by itself."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"keep what finished fewer days ago (default {settings.JOB_KEEP_DAYS})",
        )

    def handle(self, *args, days: int | None, **options) -> None:
        if days is not None and days < 1:
            raise CommandError(f"--days must be 1 or more (got {days}): it is how long to keep")
        pruned = prune_jobs(days)
        self.stdout.write(
            f"removed {pruned.queue_entries} finished queue entries, {pruned.runs} alignment"
            f" runs, {pruned.catalogue_runs} catalogue runs, {pruned.catalogue_indexes} catalogue"
            f" indexes, and the uploads of {pruned.uploads} finished imports"
        )
