from __future__ import annotations

from django.urls import path

from oneplan.plans.views import editing, pages, reports, workflow

app_name = "plans"
urlpatterns = [
    path("", pages.PlanListView.as_view(), name="plan_list"),
    path("import/", reports.plan_import, name="import"),
    path("editions/<int:pk>/", pages.edition_detail, name="edition"),
    path("editions/<int:pk>/tree/", pages.tree_fragment, name="tree"),
    path("editions/<int:pk>/add/", editing.add_element, name="add_element"),
    path("editions/<int:pk>/renumber/", editing.renumber, name="renumber"),
    path("editions/<int:pk>/transition/", workflow.transition, name="transition"),
    path("editions/<int:pk>/diff/", reports.edition_diff, name="diff"),
    path("editions/<int:pk>/matrix/", reports.edition_matrix, name="matrix"),
    path("editions/<int:pk>/checklist/", reports.edition_checklist, name="checklist"),
    path("editions/<int:pk>/export.xlsx", reports.edition_export, name="export"),
    path("elements/<int:pk>/", pages.element_detail, name="element"),
    path("elements/<int:pk>/edit/", editing.edit_element, name="edit_element"),
    path("elements/<int:pk>/move/", editing.move_element, name="move_element"),
    path("elements/<int:pk>/delete/", editing.delete_element, name="delete_element"),
    path("elements/<int:pk>/indicators/", editing.attach_indicator, name="attach_indicator"),
    path("elements/<int:pk>/links/", editing.add_link, name="add_link"),
    path("elements/<int:pk>/link-choices/", editing.link_choices, name="link_choices"),
    path("elements/<int:pk>/raise/", editing.raise_need, name="raise_need"),
    path("indicators/<int:pk>/targets/", editing.save_targets, name="save_targets"),
    path("indicators/<int:pk>/remove/", editing.detach_indicator, name="detach_indicator"),
    path("links/<int:pk>/remove/", editing.remove_link, name="remove_link"),
    path("referrals/<int:pk>/decide/", workflow.decide, name="decide"),
    path("<str:code>/", pages.plan_detail, name="plan"),
    path("<str:code>/review/", workflow.start_review, name="start_review"),
]
