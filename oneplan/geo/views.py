"""Area pages: the filtered list and one area with parent, children, group, region and map."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from oneplan import permissions
from oneplan.core.views import ObjectListView
from oneplan.geo.choices import AreaLevel
from oneplan.geo.filtersets import AreaFilterSet
from oneplan.geo.models import Area


class AreaListView(ObjectListView):
    queryset = Area.objects.select_related("parent").order_by("code")
    filterset = AreaFilterSet
    template_name = "geo/area_list.html"
    partial_template_name = "geo/area_table.html"


def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("parent"), code=code)
    permissions.require(request.user, permissions.Action.VIEW, area)
    containers = area.containers()
    members = []
    if area.level in (AreaLevel.REGION, AreaLevel.PROVINCE_GROUP):
        members = list(Area.objects.filter(memberships__in=area.members.current()).order_by("code"))
    children = area.children.order_by("code")
    boundary = None
    if area.boundary is not None:
        boundary = {"type": "Feature", "geometry": area.boundary, "properties": {}}
    return render(
        request,
        "geo/area_detail.html",
        {
            "area": area,
            "ancestors": area.ancestors(),
            "group": containers.get("group"),
            "region": containers.get("region"),
            "members": members,
            "children": children[:500],
            "children_count": children.count(),
            "agencies": area.agencies.order_by("code")[:100],
            "history": area.history.select_related("history_user").order_by("-history_date")[:20]
            if permissions.is_admin(request.user)
            else [],
            "boundary": boundary,
            "map_tiles": settings.ONEPLAN_MAP_TILES,
            "can_change": permissions.can(request.user, permissions.Action.CHANGE, area),
        },
    )
