"""Quantitative targets in plan text: indicator, value, comparator, deadline and scope.

Pure Python: nothing here imports Django or any models module. The public entry is
``extract_targets`` (one text); ``extract_plan_targets`` runs it over a plan's sections with the
context each inherits; ``indicator_key`` matches indicators across plans through the vocabulary
in ``plans/data/indicators.txt``. Each target of a plan carries its baseline (基期值) when the
text states one, and its direction (``plans.lib.targets.baselines``).

Extraction reads the simplified form of the text (traditional plans are converted with OpenCC,
character for character) and reports spans in the text it was given, so the source span is
always in the original script.
"""

from __future__ import annotations

from plans.lib.targets.baselines import KEEP, LOWER, RAISE, direction_of
from plans.lib.targets.extracting import extract_plan_targets, extract_targets
from plans.lib.targets.reading import is_review_heading, opening_deadline
from plans.lib.targets.records import Baseline, SectionText, Target
from plans.lib.targets.vocabulary import (
    VOCABULARY,
    TargetVocabularyError,
    indicator_key,
    is_known_indicator,
    read_vocabulary,
)

__all__ = [
    "KEEP",
    "LOWER",
    "RAISE",
    "Baseline",
    "direction_of",
    "VOCABULARY",
    "SectionText",
    "Target",
    "TargetVocabularyError",
    "extract_plan_targets",
    "extract_targets",
    "indicator_key",
    "is_known_indicator",
    "is_review_heading",
    "opening_deadline",
    "read_vocabulary",
]
