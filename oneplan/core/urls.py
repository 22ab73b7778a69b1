from __future__ import annotations

from django.urls import path

from oneplan.core import pages

app_name = "core"
urlpatterns = [
    path("changes/", pages.change_log, name="changes"),
]
