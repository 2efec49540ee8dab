"""The evolution report: what a later plan of the same place continues, adds and drops of an
earlier one's topics and targets, read off the coverage report of the two."""

from __future__ import annotations

from dataclasses import dataclass

from compare.coverage.covering import Row, TargetRow, coverage_report
from compare.lib.coverage import MISSING
from plans.lib.targets_compared import EQUAL, LOOSER, STRICTER
from plans.models import Plan, Section


@dataclass
class EvolutionReport:
    earlier: Plan
    later: Plan
    continued: list[Row]
    dropped: list[Row]
    new: list[Section]
    new_details: list[Section]
    raised: list[TargetRow]
    lowered: list[TargetRow]
    kept: list[TargetRow]
    met_and_dropped: list[TargetRow]
    dropped_targets: list[TargetRow]
    new_targets: list[TargetRow]
    unclear: list[TargetRow]
    same_jurisdiction: bool

    @property
    def new_count(self) -> int:
        return len(self.new) + len(self.new_details)

    @property
    def same_era(self) -> bool:
        """Both plans of one planning period (Yunnan's 2022 plan and 2023 programme, both
        十四五): the report reads two plans issued one after the other, not two eras."""
        return self.earlier.era_id is not None and self.earlier.era_id == self.later.era_id


def evolution_report(earlier: Plan, later: Plan) -> EvolutionReport:
    """What ``later`` continues, adds and drops of ``earlier``'s topics and targets."""
    report = coverage_report(earlier, later)
    year = later.issued.year if later.issued else None
    buckets: dict[str, list[TargetRow]] = {
        k: [] for k in ("raised", "lowered", "kept", "met", "dropped", "new", "unclear")
    }
    for row in report.targets:
        way = row.pair.direction
        if not row.pair.upper:
            buckets["new"].append(row)
        elif way == STRICTER:
            buckets["raised"].append(row)
        elif way == LOOSER:
            buckets["lowered"].append(row)
        elif way == EQUAL:
            buckets["kept"].append(row)
        elif way == "missing":
            due = max((t.deadline_year or 0) for t in row.upper)
            # Its period ended before the later plan was written: reached (or given up) there.
            buckets["met" if year and due and due <= year else "dropped"].append(row)
        else:
            buckets["unclear"].append(row)
    # Topics: a top item of the earlier plan continues when it or its sub-items are taken up.
    top = [row for row in report.rows if row.item.level == 0]
    return EvolutionReport(
        earlier=earlier,
        later=later,
        continued=[r for r in top if _continues(r)],
        dropped=[r for r in top if not _continues(r)],
        new=report.additions,
        new_details=report.details,
        raised=buckets["raised"],
        lowered=buckets["lowered"],
        kept=buckets["kept"],
        met_and_dropped=buckets["met"],
        dropped_targets=buckets["dropped"],
        new_targets=buckets["new"],
        unclear=buckets["unclear"],
        same_jurisdiction=earlier.jurisdiction_id == later.jurisdiction_id,
    )


def _continues(row: Row) -> bool:
    """A topic continues when the later plan takes it up; a name in one passing sentence (智慧城市
    among the platforms to connect) does not carry a topic on."""
    return row.item.status != MISSING and row.item.why != "mentioned"
