from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.forms import PlanFieldsForm
from plans.importing import PlanImportError, PlanOverrides, import_plan
from plans.messages import translated
from plans.models import Jurisdiction, Plan
from plans.parsing import PlanParseError


class Command(BaseCommand):
    help = (
        "Import one plan document (text, markdown, web page, Word or PDF) with its section tree; "
        "a scanned PDF is read by OCR here and now."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--jurisdiction", default="", help="e.g. 云南省 (else from the title)")
        parser.add_argument("--level", default="", choices=["", *Jurisdiction.Level.values])
        parser.add_argument("--parent", default="", help="the jurisdiction's parent, e.g. 广元市")
        parser.add_argument("--era", default="", help="十三五, 十四五, 十五五 …")
        parser.add_argument("--kind", default="", choices=["", *Plan.Kind.values])
        parser.add_argument("--interprets", default="", help="slug of the plan it interprets")
        parser.add_argument("--slug", default="")
        parser.add_argument("--title", default="")
        parser.add_argument("--doc-number", default="")
        parser.add_argument("--issuer", default="", help="who issued it, e.g. 云南省人民政府")
        parser.add_argument("--issued", default="", help="YYYY-MM-DD")
        parser.add_argument("--replace", action="store_true", help="replace a changed text")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            issued = date.fromisoformat(options["issued"]) if options["issued"] else None
        except ValueError as exc:
            raise CommandError(f"--issued {options['issued']!r}: use YYYY-MM-DD") from exc
        overrides = PlanOverrides(
            slug=options["slug"],
            title=options["title"],
            jurisdiction=options["jurisdiction"],
            level=options["level"],
            parent=options["parent"],
            era=options["era"],
            kind=options["kind"],
            doc_number=options["doc_number"],
            issuer=options["issuer"],
            issued=issued,
            interprets=options["interprets"],
        )
        self._check_lengths(overrides)
        self.stdout.write(f"Importing {path.name} …")
        try:
            result = import_plan(
                data=path.read_bytes(),
                source=path.name,
                overrides=overrides,
                replace=options["replace"],
                progress=self._ocr_progress,
            )
        except (PlanParseError, PlanImportError) as exc:
            raise CommandError(translated(exc)) from exc
        plan = result.plan
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {translated(warning)}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.status}: {plan.slug} ({plan.title}, {plan.sections.count()} sections)"
            )
        )

    def _check_lengths(self, overrides: PlanOverrides) -> None:
        # The limits the import preview's form checks, its columns' (PostgreSQL refuses a longer
        # value with a database error); the issuers are checked where they are split.
        for name in ("slug", "title", "doc_number", "jurisdiction", "parent", "era"):
            limit = PlanFieldsForm.base_fields[name].max_length
            if len(value := getattr(overrides, name)) > limit:
                option = "--" + name.replace("_", "-")
                raise CommandError(
                    f"{option}: {len(value)} characters, at most {limit} fit: shorten it"
                )

    def _ocr_progress(self, done: int, total: int) -> None:
        # OCR takes seconds a page: a person at the terminal sees it advance.
        self.stdout.write(f"  OCR {done}/{total} pages read")
