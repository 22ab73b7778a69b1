from __future__ import annotations

from django.urls import path

from oneplan.valuechains import board, devplan_views, exports
from oneplan.valuechains.views import editing, library, pages

app_name = "valuechains"
urlpatterns = [
    path("", pages.chain_list, name="chain_list"),
    path("areas/<str:area_code>/data-list/", board.data_list_page, name="data_list"),
    path("areas/<str:area_code>/gaps/", board.gap_board, name="gaps"),
    path("areas/<str:area_code>/data-list/file", exports.data_list_file, name="data_list_file"),
    path("areas/<str:area_code>/gaps/file", exports.gaps_file, name="gaps_file"),
    path("areas/<str:area_code>/devplan.xlsx", devplan_views.devplan_xlsx, name="devplan_xlsx"),
    path("areas/<str:area_code>/devplan.pdf", devplan_views.devplan_pdf, name="devplan_pdf"),
    path("new/", library.new_chain, name="new"),
    path("stages/<int:pk>/edit/", editing.edit_stage, name="edit_stage"),
    path("stages/<int:pk>/move/", editing.move_stage, name="move_stage"),
    path("stages/<int:pk>/delete/", editing.delete_stage, name="delete_stage"),
    path("stages/<int:pk>/factors/", editing.add_factor, name="add_factor"),
    path("factors/<int:pk>/edit/", editing.edit_factor, name="edit_factor"),
    path("factors/<int:pk>/move/", editing.move_factor, name="move_factor"),
    path("factors/<int:pk>/delete/", editing.delete_factor, name="delete_factor"),
    path("factors/<int:pk>/indicators/", editing.add_need, name="add_need"),
    path("indicators/<int:pk>/remove/", editing.remove_need, name="remove_need"),
    path("<str:code>/", pages.chain_detail, name="chain"),
    path("<str:code>/stages/", editing.add_stage, name="add_stage"),
    path("<str:code>/copy/", library.copy_template, name="copy"),
    path("<str:code>/print/", pages.chain_print, name="print"),
    path("<str:code>/export.xlsx", pages.chain_export, name="export"),
]
