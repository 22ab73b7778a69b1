"""Agency pages: the filtered list and one agency with its sub-agencies and people."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from oneplan import permissions
from oneplan.core.views import ObjectListView
from oneplan.orgs.filtersets import AgencyFilterSet
from oneplan.orgs.models import Agency


class AgencyListView(ObjectListView):
    queryset = Agency.objects.select_related("parent", "area").order_by("code")
    filterset = AgencyFilterSet
    template_name = "orgs/agency_list.html"
    partial_template_name = "orgs/agency_table.html"


def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("parent", "area"), code=code)
    permissions.require(request.user, permissions.Action.VIEW, agency)
    memberships = []
    if permissions.is_admin(request.user):
        memberships = list(agency.memberships.select_related("user", "area").order_by("role"))
    return render(
        request,
        "orgs/agency_detail.html",
        {
            "agency": agency,
            "children": agency.children.select_related("area").order_by("code"),
            "memberships": memberships,
            "can_change": permissions.can(request.user, permissions.Action.CHANGE, agency),
        },
    )
