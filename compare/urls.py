from __future__ import annotations

from django.urls import path

from compare import history_views

app_name = "compare"

urlpatterns: list = [
    # The change log of a comparison: /compare/history/?plans=a,b[,...]
    path("history/", history_views.history, name="history"),
]
