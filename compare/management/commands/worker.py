from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from compare.runs.jobs import reap_dead_runs
from compare.runs.queue import registered_worker
from plans.pending import reap_dead_imports
from web.jobqueue import uses_database_queue


class Command(BaseCommand):
    help = (
        "Run background jobs (alignment runs, OCR of scanned imports and others) from the "
        "queue the DUIZHAO_TASKS setting names: the database (default) or Redis. Start as many "
        "as there are cores."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="stop when the queue is empty (tests, cron)"
        )

    def handle(self, *args, batch: bool, **options) -> None:
        verbosity = options["verbosity"]
        # Jobs a crashed worker left "running" are settled (failed, queued again) before work
        # starts, not only when someone next looks at their plans.
        if died := reap_dead_runs() + reap_dead_imports():
            self.stderr.write(f"{died} job(s) of a worker that died were marked failed and retried")
        # Seen by /healthz as a live worker while it beats.
        with registered_worker():
            self._work(batch=batch, verbosity=verbosity)

    def _work(self, *, batch: bool, verbosity: int) -> None:
        if uses_database_queue():
            call_command(
                "db_worker",
                queue_name="*",
                batch=batch,
                interval=1.0,
                reload=False,
                verbosity=verbosity,
            )
            return
        call_command(
            "rqworker",
            "default",
            job_class="django_tasks_rq.Job",
            burst=batch,
            with_scheduler=False,
            verbosity=verbosity,
        )
