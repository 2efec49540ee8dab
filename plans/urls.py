from __future__ import annotations

from django.urls import path

from plans import api, views

app_name = "plans"

urlpatterns = [
    # Browsing
    path("", views.home, name="home"),
    path("j/<slug:slug>/", views.jurisdiction, name="jurisdiction"),
    # Reading a plan; every section has a stable URL, which also serves its children to htmx.
    path("plans/<slug:slug>/", views.plan, name="plan"),
    path("plans/<slug:slug>/s/<int:pk>/", views.section, name="section"),
    # Goals and quantitative targets of several plans side by side (?plans=slug,slug).
    path("goals/", views.goals, name="goals"),
    # Sections of every plan that mention some words (?q=政务云 一网通办).
    path("search/", views.search, name="search"),
    # The read-only JSON API (the comparison endpoint lives in compare.urls).
    path("api/", api.index, name="api"),
    path("api/plans/", api.plans, name="api_plans"),
    path("api/plans/<slug:slug>/", api.plan, name="api_plan"),
    path("api/plans/<slug:slug>/sections/<int:pk>/", api.section, name="api_section"),
]
