"""Data pages: the indicator registry, the catalogue, loads, data entry and KPI status."""

from __future__ import annotations

from django.urls import URLPattern, path

from oneplan.stats.views import catalogue, imports
from oneplan.stats.views import entry as entry_views
from oneplan.stats.views import kpi as kpi_views

app_name = "stats"
urlpatterns: list[URLPattern] = [
    path("indicators/", catalogue.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/<str:code>/", catalogue.indicator_detail, name="indicator"),
    path("datasets/", catalogue.DatasetListView.as_view(), name="dataset_list"),
    path("datasets/<str:code>/", catalogue.dataset_detail, name="dataset"),
    path("scorecard/<str:code>/", kpi_views.scorecard_page, name="scorecard"),
    path("entry/", entry_views.entry_index, name="entry_index"),
    path("entry/<str:code>/", entry_views.entry_grid, name="entry_grid"),
    path("entry/<str:code>/unlock/", entry_views.unlock_period, name="unlock_period"),
    path(
        "entry/<str:code>/unlock/<int:pk>/delete/", entry_views.relock_period, name="relock_period"
    ),
    path("imports/", imports.BatchListView.as_view(), name="batch_list"),
    path("imports/new/", imports.upload, name="import_new"),
    path("imports/<int:pk>/", imports.batch_detail, name="batch"),
    path("imports/<int:pk>/errors.csv", imports.batch_errors, name="batch_errors"),
    path("imports/<int:pk>/load/", imports.load_checked, name="batch_load"),
    path("imports/<int:pk>/undo/", imports.undo, name="batch_undo"),
]
