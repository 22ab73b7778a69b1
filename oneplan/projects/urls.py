"""Project pages under /projects/; URL years are Buddhist Era, e.g. /projects/lists/12/2569/."""

from __future__ import annotations

from django.urls import path

from oneplan.projects.views import calendar, duplicates, lists, meeting, recording, requests

app_name = "projects"
urlpatterns = [
    path("", requests.request_list, name="list"),
    path("add/", recording.add_project, name="add"),
    path("lists/<str:area>/<str:year>/", lists.project_list, name="project_list"),
    path("lists/<str:area>/<str:year>/order", lists.reorder, name="reorder"),
    path("lists/<str:area>/<str:year>/file", lists.project_list_file, name="project_list_file"),
    path("meeting/<str:agency>/<str:year>/", meeting.meeting_point, name="meeting_point"),
    path("areas/<str:area>/<str:year>/outcomes/", meeting.outcomes, name="outcomes"),
    path("calendar/<str:year>/", calendar.budget_calendar, name="calendar"),
    path("duplicates/<str:year>/", duplicates.review, name="duplicates"),
    path("duplicates/<str:year>/scan", duplicates.rescan, name="duplicates_scan"),
    path("duplicates/<str:year>/<int:pair_id>", duplicates.decide, name="duplicates_decide"),
    path("<str:code>/", requests.request_detail, name="project"),
    path("<str:code>/edit/", recording.edit_project, name="edit"),
    path("<str:code>/move/", requests.move, name="move"),
]
