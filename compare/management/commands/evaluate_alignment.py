from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from compare.alignment import Settings, calibration, term_stats
from compare.lib import validation
from compare.lib.evaluation import (
    ReferenceError,
    evaluate,
    plan_files,
    read_reference,
    references_by_plan,
)
from compare.models import SectionLink
from compare.runs import aligning
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
        parser.add_argument(
            "--cross-validate",
            action="store_true",
            help="align the reference's plans afresh, leaving one plan pair out at a time: the "
            "calibration and selection settings are fitted on the other pairs and scored on the "
            "held-out one (the stored links are not read)",
        )
        parser.add_argument(
            "--leave-groups",
            type=int,
            metavar="N",
            help="with --cross-validate: hold out groups of sections instead of plan pairs, in N "
            "parts (no candidate or reference pair touching a held-out section is seen in "
            "fitting)",
        )
        parser.add_argument(
            "--fit",
            action="store_true",
            help="fit calibration coefficients and selection settings on the whole reference and "
            "print them (for compare/alignment/calibration.py)",
        )

    def handle(self, *args, **options):
        try:
            reference = read_reference(options["reference"])
        except ReferenceError as exc:
            raise CommandError(str(exc)) from exc
        refs = references_by_plan(reference)
        groups = options.get("leave_groups")
        if groups is not None and (not options["cross_validate"] or groups < 2):
            raise CommandError("--leave-groups N needs --cross-validate and N of 2 or more.")
        plans = self._plans(refs, options)
        if options["cross_validate"] or options["fit"]:
            self._validate(plans, reference, options)
            return
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
            SectionLink.objects.between(plans.values())
            .shown()
            .values_list("left_id", "right_id", "score")
        )
        predicted = [(titles[a], titles[b]) for a, b, _ in links if a in titles and b in titles]
        result = evaluate(predicted, reference)
        self.stdout.write(f"{len(reference)} reference pairs, {len(predicted)} stored links")
        for key, plan in plans.items():
            note = f" ({len(unresolved[key])} references not found)" if unresolved[key] else ""
            self.stdout.write(f"  {key} = {plan.slug}{note}")
        self.stdout.write(f"{'pair':<12} {'judged':>6} {'P':>6} {'R':>6} {'F1':>6}")
        for (a, b), score in result.by_pair.items():
            self.stdout.write(_line(f"{a}-{b}", score))
        self.stdout.write(_line("overall", result.overall))
        right_pairs = {pair.key for pair in reference}
        judged = set(result.by_pair)
        scored = [
            (score, frozenset({titles[a], titles[b]}) in right_pairs)
            for a, b, score in links
            if a in titles
            and b in titles
            and titles[a][1] in refs[titles[a][0]]
            and titles[b][1] in refs[titles[b][0]]
            and tuple(sorted((titles[a][0], titles[b][0]))) in judged
        ]
        self._reliability(calibration.reliability(scored), "judged links")
        self._brier(calibration.brier(scored), "judged links")
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

    def _validate(self, plans: dict[str, Plan], reference, options) -> None:
        for plan in plans.values():
            aligning.store_meaning(plan)
        sections = {key: aligning.sections_of(plan) for key, plan in plans.items()}
        stats = term_stats(aligning.catalogue())
        names = {s.id: fold(s.label + s.title) for plan in sections.values() for s in plan}
        if options["fit"]:
            data = validation.prepare(sections, reference, stats, Settings())
            chosen, coefficients, score = validation.fit(data, names, reference, Settings())
            judged = sum(pair.judged for pair in data.values())
            self.stdout.write(
                f"fitted on all {judged} plan pairs: threshold {chosen.threshold}, "
                f"near_best {chosen.near_best}; in-sample {_line('overall', score).strip()}"
            )
            self.stdout.write("COEFFICIENTS = " + json.dumps(coefficients, indent=4))
            return
        if options.get("leave_groups"):
            parts = options["leave_groups"]
            try:
                result = validation.cross_validate_groups(sections, reference, stats, folds=parts)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            how = f"leave groups of sections out, {parts} parts"
        else:
            result = validation.cross_validate(sections, reference, stats)
            how = "leave one plan pair out"
        self.stdout.write(f"cross-validated, {how} (held-out figures):")
        self.stdout.write(f"{'pair':<12} {'judged':>6} {'P':>6} {'R':>6} {'F1':>6}  fitted")
        for (a, b), score in result.held_out.by_pair.items():
            fold_ = result.folds.get((a, b)) or result.folds.get((b, a))
            fitted = (
                f"  threshold {fold_.get('threshold')}, near_best {fold_.get('near_best')}"
                if fold_
                else ""
            )
            self.stdout.write(_line(f"{a}-{b}", score) + fitted)
        if options.get("leave_groups"):
            for (_, number), fold_ in result.folds.items():
                self.stdout.write(
                    f"  part {number}: threshold {fold_['threshold']}, "
                    f"near_best {fold_['near_best']}"
                )
        self.stdout.write(_line("overall", result.held_out.overall))
        self._reliability(result.reliability, "held-out links")
        self._brier(result.brier, "held-out links")

    def _reliability(self, table, what: str) -> None:
        self.stdout.write(f"reliability of {what} (score = probability: right / links):")
        for low, high, right, total in table:
            share = f"{right / total:.0%}" if total else "-"
            self.stdout.write(f"  {low:.2f}-{high:.2f}  {right:>4} / {total:<4} {share:>5}")
        for floor in (0.5, 0.8):
            right = sum(r for low, _, r, _ in table if low >= floor)
            total = sum(t for low, _, _, t in table if low >= floor)
            share = f"{right / total:.0%}" if total else "-"
            self.stdout.write(f"  >= {floor:.1f}: {right} / {total} right ({share})")

    def _brier(self, score: float, what: str) -> None:
        # How far the probabilities are from what happened, every link counted (the table
        # above reads bands only): a calibration that holds lowers it.
        self.stdout.write(f"  Brier score of {what}: {score:.4f}")

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
