"""plans' records, by what they hold: places (jurisdictions, eras), documents (a plan and its
metadata), citations (what plans cite, the forms their titles are cited by), sections, targets,
pending (uploads waiting for OCR). Every name is importable from here, as before the split."""

from __future__ import annotations

from plans.models.citations import PlanCitation, PlanTitleKey
from plans.models.documents import (
    LARGE_PLAN_FIELDS,
    METADATA_FIELDS,
    METADATA_LABELS,
    Plan,
    PlanManager,
    PlanQuerySet,
    without_text,
)
from plans.models.pending import PendingImport
from plans.models.places import Era, Jurisdiction
from plans.models.sections import UNTITLED_WORDS, Section, SectionQuerySet, untitled_name
from plans.models.targets import Target, TargetQuerySet

__all__ = [
    "LARGE_PLAN_FIELDS",
    "METADATA_FIELDS",
    "METADATA_LABELS",
    "UNTITLED_WORDS",
    "Era",
    "Jurisdiction",
    "PendingImport",
    "Plan",
    "PlanCitation",
    "PlanManager",
    "PlanQuerySet",
    "PlanTitleKey",
    "Section",
    "SectionQuerySet",
    "Target",
    "TargetQuerySet",
    "untitled_name",
    "without_text",
]
