from __future__ import annotations

from django.urls import path

from oneplan.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.AreaListView.as_view(), name="area_list"),
    path("<str:code>/", views.area_detail, name="area"),
]
