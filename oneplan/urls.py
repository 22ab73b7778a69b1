"""URL map: pages, the admin, the API, accounts and the language switch."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from oneplan.api.urls import api
from oneplan.core import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("areas/", include("oneplan.geo.urls")),
    path("agencies/", include("oneplan.orgs.urls")),
    path("plans/", include("oneplan.plans.urls")),
    path("data/", include("oneplan.stats.urls")),
    path("valuechains/", include("oneplan.valuechains.urls")),
    path("projects/", include("oneplan.projects.urls")),
    path("analysis/", include("oneplan.analysis.urls")),
    path("", include("oneplan.core.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
