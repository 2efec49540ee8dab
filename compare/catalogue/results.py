"""What a finished catalogue run found, section by section: which plans carry its topic.

A run (compare.catalogue.running) stores, for each section of its plan, the sections of other
plans the engine linked to it, with the engine's probability. Here those links are read back in the
compare page's words: 很可能对应 (at least LIKELY) and 可能对应 (at least POSSIBLE); weaker links
are not shown. Per section, the number of plans found and the best SHOWN counterparts, in two
queries however large the catalogue; narrowed by the other plan's level or province.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext

from compare.alignment.calibration import BANDS
from compare.alignment.calibration import band as band_of
from compare.alignment.reasons import band_words
from compare.models import CatalogueMatch, CatalogueRun
from plans.models import Jurisdiction, Plan, Section, without_text

# The engine's bands, as on the compare page: 很可能对应 and 可能对应.
LIKELY, POSSIBLE = (floor for floor, name in BANDS if name != "check")
SHOWN = 8  # counterparts shown per section, the most probable first


@dataclass
class Counterpart:
    section: Section
    plan: Plan
    score: float

    @property
    def band(self) -> str:
        return band_of(self.score)

    @property
    def band_label(self) -> str:
        """As the compare page words it, figure included: 很可能对应（0.85）."""
        return band_words(self.score, gettext=gettext)


@dataclass
class SectionFound:
    section: Section
    plans: int = 0  # plans with a counterpart at least POSSIBLE
    likely: int = 0  # of which with one at least LIKELY
    counterparts: list[Counterpart] = field(default_factory=list)


@dataclass
class RunResults:
    sections: list[SectionFound]
    plans: int  # distinct plans with at least one counterpart shown by the filters
    sections_found: int  # sections of the plan with at least one counterpart


def run_results(
    run: CatalogueRun, *, level: str = "", province: Jurisdiction | None = None
) -> RunResults:
    """Every section of the run's plan in order, with what the catalogue holds for it."""
    matches = CatalogueMatch.objects.filter(run=run, score__gte=POSSIBLE)
    if level:
        matches = matches.filter(other_plan__jurisdiction__level=level)
    if province is not None:
        matches = matches.filter(
            Q(other_plan__jurisdiction=province)
            | Q(other_plan__jurisdiction__parent=province)
            | Q(other_plan__jurisdiction__parent__parent=province)
        )
    counts = {
        row["section_id"]: row
        for row in matches.order_by()
        .values("section_id")
        .annotate(
            n=Count("other_plan", distinct=True),
            likely=Count("other_plan", distinct=True, filter=Q(score__gte=LIKELY)),
        )
    }
    best = (
        matches.select_related("other", "other_plan__jurisdiction", "other_plan__era")
        .defer(
            "other__title_tokens",
            "other__body_tokens",
            "other__body",
            "other__body_simplified",
            "other_plan__warnings",
            *without_text("other_plan"),
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("section_id"),
                order_by=[F("score").desc(), F("other_id").asc()],
            )
        )
        .filter(rank__lte=SHOWN)
        .order_by("section_id", "rank")
    )
    shown: dict[int, list[Counterpart]] = {}
    for match in best:
        match.other.plan = match.other_plan  # its URL needs the plan's slug: no query
        shown.setdefault(match.section_id, []).append(
            Counterpart(match.other, match.other_plan, match.score)
        )
    plans = matches.order_by().values("other_plan").distinct().count() if counts else 0
    own = list(
        Section.objects.filter(plan_id=run.plan_id)
        .only("plan", "parent", "order", "depth", "kind", "label", "title")
        .order_by("order")
    )
    plan = run.plan
    for s in own:
        s.plan = plan
    found = [
        SectionFound(
            section=s,
            plans=counts.get(s.pk, {}).get("n", 0),
            likely=counts.get(s.pk, {}).get("likely", 0),
            counterparts=shown.get(s.pk, []),
        )
        for s in own
    ]
    return RunResults(sections=found, plans=plans, sections_found=len(counts))
