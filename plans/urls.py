from __future__ import annotations

from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
]
