from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plans.importing import PlanImportError, PlanOverrides, import_plan
from plans.lib.seed_catalogue import CATALOGUE_FILE, CatalogueError, read_catalogue, seed_files
from plans.messages import translated
from plans.parsing import PlanParseError


class Command(BaseCommand):
    help = "Import every document in seeds/ (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="default: settings.SEEDS_DIR")
        parser.add_argument("--replace", action="store_true", help="replace changed texts")

    def handle(self, *args, **options):
        folder = options["dir"] or Path(settings.SEEDS_DIR)
        try:
            catalogue = read_catalogue(folder / CATALOGUE_FILE)
            files = seed_files(folder, catalogue)
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        counts: dict[str, int] = {}
        for n, path in enumerate(files, 1):
            entry = catalogue.documents.get(path.name)
            overrides = entry.overrides if entry else PlanOverrides()
            try:
                result = import_plan(
                    data=path.read_bytes(),
                    source=path.name,
                    overrides=overrides,
                    known_jurisdictions=catalogue.jurisdictions,
                    replace=options["replace"],
                )
            except (PlanParseError, PlanImportError) as exc:
                raise CommandError(f"[{n}/{len(files)}] {translated(exc)}") from exc
            counts[result.status] = counts.get(result.status, 0) + 1
            self.stdout.write(
                f"[{n}/{len(files)}] {result.status:9} {result.plan.slug}  {result.plan.title}"
            )
        summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"{len(files)} documents: {summary}"))
