"""compare's records, by stage: runs (alignment runs, their clients and workers), links (section
links and their history), saved (comparisons under a short address), coverage (curators'
decisions), catalogue (one plan against the catalogue), notes (readers' notes on rows). Every
name is importable from here, as before the split."""

from __future__ import annotations

from compare.models.catalogue import CatalogueIndex, CatalogueMatch, CatalogueRun
from compare.models.coverage import CoverageDecision
from compare.models.links import LinkEvent, SectionLink, SectionLinkQuerySet
from compare.models.notes import RowNote, RowNoteVersion, SavedNote
from compare.models.runs import (
    PAIR_STAGES,
    STAGES,
    AlignmentClient,
    AlignmentRun,
    AlignmentRunQuerySet,
    JobWorker,
    plan_set_key,
)
from compare.models.saved import SavedComparison, _share_code  # migration 0002 names it here

__all__ = [
    "PAIR_STAGES",
    "STAGES",
    "AlignmentClient",
    "AlignmentRun",
    "AlignmentRunQuerySet",
    "CatalogueIndex",
    "CatalogueMatch",
    "CatalogueRun",
    "CoverageDecision",
    "JobWorker",
    "LinkEvent",
    "RowNote",
    "RowNoteVersion",
    "SavedComparison",
    "SavedNote",
    "SectionLink",
    "SectionLinkQuerySet",
    "_share_code",
    "plan_set_key",
]
