"""The pages of plans, by what a reader does: browsing the catalogue, reading a plan, goals
side by side, search. HTTP in, a render out; the work is in plans' other modules."""

from __future__ import annotations

from plans.views.browsing import HOME_ALL_PLANS, catalogue_version, home, jurisdiction
from plans.views.goals import goals
from plans.views.reading import BADGES, plan, section
from plans.views.search import search

__all__ = [
    "BADGES",
    "HOME_ALL_PLANS",
    "catalogue_version",
    "goals",
    "home",
    "jurisdiction",
    "plan",
    "search",
    "section",
]
