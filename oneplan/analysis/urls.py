"""Analysis pages under /analysis/; URL years are Buddhist Era, e.g. /analysis/problems/12/2569/."""

from __future__ import annotations

from django.urls import path

from oneplan.analysis.views import positioning, problems, saved

app_name = "analysis"
urlpatterns = [
    path("", saved.analysis_list, name="list"),
    path("add/", saved.add_analysis, name="add"),
    path("positioning/<str:area>/", positioning.positioning_page, name="positioning"),
    path(
        "positioning/<str:area>/file.<str:fmt>",
        positioning.positioning_file,
        name="positioning_file",
    ),
    path("problems/<str:area>/<str:year>/", problems.problem_page, name="problems"),
    path("problems/<str:area>/<str:year>/save", problems.save_ranking, name="problems_save"),
    path(
        "problems/<str:area>/<str:year>/file.<str:fmt>", problems.problem_file, name="problems_file"
    ),
    path("<int:pk>/", saved.analysis_detail, name="detail"),
    path("<int:pk>/edit", saved.edit_analysis, name="edit"),
    path("<int:pk>/attach", saved.attach_analysis, name="attach"),
    path("<int:pk>/recompute", saved.recompute_analysis, name="recompute"),
    path("<int:pk>/file.<str:fmt>", saved.analysis_file, name="file"),
]
