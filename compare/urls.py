from __future__ import annotations

from django.urls import path

from compare.views import api, catalogue, comparison, coverage, history, notes

app_name = "compare"

urlpatterns: list = [
    # Comparing plans side by side; one URL serves the page, its fragments and its exports.
    path("compare/", comparison.compare, name="compare"),
    path("compare/save/", comparison.save, name="save"),
    # Plans to read a first choice against (the picker asks as soon as one is chosen).
    path("compare/suggestions/", comparison.suggestions, name="suggestions"),
    path("compare/links/<int:pk>/", comparison.curate, name="curate"),
    # A signed-in reader's notes on rows (private; never a change to links).
    path("compare/notes/", notes.create, name="notes"),
    path("compare/notes/<int:pk>/", notes.change, name="note"),
    # The change log of a comparison: /compare/history/?plans=a,b[,...]
    path("compare/history/", history.history, name="history"),
    # A saved comparison under a short address.
    path("c/<str:code>/", comparison.saved, name="saved"),
    # 上下衔接: does a lower plan take up a higher plan's tasks and targets; and across eras.
    path("coverage/", coverage.coverage, name="coverage"),
    path("coverage/items/<int:pk>/", coverage.decide, name="coverage_decide"),
    path("evolution/", coverage.evolution, name="evolution"),
    path("api/coverage/", coverage.api_coverage, name="api_coverage"),
    path("api/evolution/", coverage.api_evolution, name="api_evolution"),
    # One plan against the whole catalogue: which plans carry each section's topic.
    path("catalogue/<slug:slug>/", catalogue.catalogue, name="catalogue"),
    path("catalogue/<slug:slug>/start/", catalogue.start, name="catalogue_start"),
    # The read-only JSON API for comparisons (?plans=a,b[,...] and the page's filters).
    path("api/compare/", api.compare, name="api_compare"),
]
