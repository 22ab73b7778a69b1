"""Data pages: the indicator registry, the catalogue, loads, data entry and KPI status."""

from __future__ import annotations

from django.urls import URLPattern, path

app_name = "stats"
urlpatterns: list[URLPattern] = []
