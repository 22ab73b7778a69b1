from __future__ import annotations

from django.urls import path

from oneplan.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.AgencyListView.as_view(), name="agency_list"),
    path("<str:code>/", views.agency_detail, name="agency"),
]
