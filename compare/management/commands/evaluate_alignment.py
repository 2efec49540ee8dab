from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from compare.evaluation import (
    ReferenceError,
    evaluate,
    plan_files,
    read_reference,
    references_by_plan,
)
from compare.models import SectionLink
from plans.models import Plan, Section
from plans.parsing.text import fold


class Command(BaseCommand):
    help = (
        "Score the stored links against a reference TSV (planA refA planB refB strength group): "
        "precision, recall and F1 per plan pair and overall."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", type=Path, metavar="GOLD_TSV")
        parser.add_argument(
            "--plan",
            action="append",
            default=[],
            metavar="KEY=SLUG",
            help="which plan a reference key means (default: the README beside the reference, "
            "else the plan whose section titles match the key's references best)",
        )
        parser.add_argument("--details", action="store_true", help="list misses and mistakes")

    def handle(self, *args, **options):
        try:
            reference = read_reference(options["reference"])
        except ReferenceError as exc:
            raise CommandError(str(exc)) from exc
        refs = references_by_plan(reference)
        plans = self._plans(refs, options)
        titles = {}  # section id -> (key, folded label+title)
        for key, plan in plans.items():
            for sid, label, title in Section.objects.filter(plan=plan).values_list(
                "id", "label", "title"
            ):
                titles[sid] = (key, fold(label + title))
        unresolved = {
            key: sorted(r for r in refs[key] if (key, r) not in set(titles.values()))
            for key in plans
        }
        links = (
            SectionLink.objects.between(plans.values()).shown().values_list("left_id", "right_id")
        )
        predicted = [(titles[a], titles[b]) for a, b in links if a in titles and b in titles]
        result = evaluate(predicted, reference)
        self.stdout.write(f"{len(reference)} reference pairs, {len(predicted)} stored links")
        for key, plan in plans.items():
            note = f" ({len(unresolved[key])} references not found)" if unresolved[key] else ""
            self.stdout.write(f"  {key} = {plan.slug}{note}")
        self.stdout.write(f"{'pair':<12} {'judged':>6} {'P':>6} {'R':>6} {'F1':>6}")
        for (a, b), score in result.by_pair.items():
            self.stdout.write(_line(f"{a}-{b}", score))
        self.stdout.write(_line("overall", result.overall))
        if options["details"]:
            for a, b in result.false_positives:
                self.stdout.write(f"  not in reference: {a[0]} {a[1]} <-> {b[0]} {b[1]}")
            for pair in result.missed:
                self.stdout.write(
                    f"  missed: {pair.plan_a} {pair.ref_a} <-> {pair.plan_b} {pair.ref_b}"
                )
            for key, missing in unresolved.items():
                for ref in missing:
                    self.stdout.write(f"  reference not found in {key}: {ref}")

    def _plans(self, refs: dict[str, set[str]], options) -> dict[str, Plan]:
        plans: dict[str, Plan] = {}
        for item in options["plan"]:
            key, sep, slug = item.partition("=")
            plan = Plan.objects.filter(slug=slug).first()
            if not sep or plan is None:
                raise CommandError(f"--plan {item!r}: expected KEY=SLUG of an imported plan.")
            plans[key] = plan
        files = plan_files(options["reference"].parent / "README.md")
        for key in refs:
            if key not in plans and key in files:
                plan = Plan.objects.filter(source=files[key]).first()
                if plan:
                    plans[key] = plan
        missing = [key for key in refs if key not in plans]
        if missing:
            plans.update(_guess(missing, refs))
        still = [key for key in refs if key not in plans]
        if still:
            raise CommandError(
                f"cannot tell which plans {', '.join(still)} are; pass --plan KEY=SLUG."
            )
        return plans


def _guess(keys: list[str], refs: dict[str, set[str]]) -> dict[str, Plan]:
    """The plan in which most of a key's references are section titles."""
    hits: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    wanted = {ref: key for key in keys for ref in refs[key]}
    for plan_id, label, title in Section.objects.values_list("plan_id", "label", "title"):
        key = wanted.get(fold(label + title))
        if key:
            hits[key][plan_id] += 1
    guessed = {}
    for key, counts in hits.items():
        plan_id, count = max(counts.items(), key=lambda item: item[1])
        if count >= max(2, len(refs[key]) // 2):
            guessed[key] = Plan.objects.get(pk=plan_id)
    return guessed


def _line(name: str, score) -> str:
    return (
        f"{name:<12} {score.judged:>6} {score.precision:>6.3f} {score.recall:>6.3f} "
        f"{score.f1:>6.3f}"
    )
