"""API for areas: list with filters, detail with group and region, boundary, and edits."""

# No ``from __future__ import annotations`` here: ninja's @paginate wrapper resolves the
# view's string annotations in its own module, where the filter schema is unknown.

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from oneplan import permissions
from oneplan.api.auth import WRITE_AUTH
from oneplan.api.errors import invalid
from oneplan.api.filters import apply, query_schema
from oneplan.api.pagination import Paged
from oneplan.core.models import set_history_user
from oneplan.geo.choices import AreaLevel
from oneplan.geo.filtersets import AreaFilterSet
from oneplan.geo.models import Area

router = Router(tags=["areas"])
AreaQuery = query_schema(AreaFilterSet)


class AreaRef(Schema):
    code: str
    level: str
    name_th: str
    name_en: str


class AreaOut(AreaRef):
    parent: str | None
    url: str

    @staticmethod
    def resolve_parent(obj: Area) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None

    @staticmethod
    def resolve_url(obj: Area) -> str:
        return f"/api/areas/{obj.code}"


class AreaDetail(AreaOut):
    postal_codes: str
    parent_area: AreaRef | None
    group: AreaRef | None
    region: AreaRef | None
    ancestors: list[AreaRef]
    children_count: int
    members: list[AreaRef]
    has_boundary: bool

    # The detail is built as a dict (see ``_detail``); AreaOut's resolvers expect an Area.
    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        parent: str | None = obj["parent"]
        return parent

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj["url"])


class AreaIn(Schema):
    code: str
    name_th: str
    name_en: str = ""
    level: str | None = None
    parent: str | None = None
    postal_codes: str = ""


class AreaPatch(Schema):
    name_th: str | None = None
    name_en: str | None = None
    postal_codes: str | None = None


def _detail(area: Area) -> dict[str, Any]:
    containers = area.containers()
    members = Area.objects.filter(memberships__in=area.members.current()).order_by("code")
    return {
        **AreaOut.from_orm(area).dict(),
        "postal_codes": area.postal_codes,
        "parent_area": area.parent,
        "group": containers.get("group"),
        "region": containers.get("region"),
        "ancestors": area.ancestors(),
        "children_count": area.children.count(),
        "members": list(members),
        "has_boundary": area.boundary is not None,
    }


@router.get("/areas", response=list[AreaOut], summary="List areas")
@paginate(Paged)
def list_areas(request: HttpRequest, filters: Query[AreaQuery]) -> Any:  # type: ignore[valid-type]
    """Areas at every level; filter by level, parent, group, region, code prefix or name."""
    return apply(AreaFilterSet, filters, Area.objects.select_related("parent").order_by("code"))


@router.get("/areas/{code}", response=AreaDetail, summary="One area")
def get_area(request: HttpRequest, code: str) -> Any:
    """An area with its parent, ancestors, province group, region and (for groups) members."""
    return _detail(get_object_or_404(Area.objects.select_related("parent"), code=code))


@router.get("/areas/{code}/boundary", summary="An area's boundary as GeoJSON")
def get_boundary(request: HttpRequest, code: str) -> Any:
    area = get_object_or_404(Area, code=code)
    if area.boundary is None:
        raise HttpError(404, f"No boundary is loaded for {code}.")
    return {
        "type": "Feature",
        "geometry": area.boundary,
        "properties": {"code": area.code, "name_th": area.name_th, "name_en": area.name_en},
    }


def _save(request: HttpRequest, area: Area) -> Area:
    try:
        area.full_clean()
    except ValidationError as exc:
        raise invalid(exc) from exc
    set_history_user(area, request.user)
    area.save()
    return area


@router.post("/areas", response={201: AreaOut}, auth=WRITE_AUTH, summary="Add an area")
def create_area(request: HttpRequest, payload: AreaIn) -> Any:
    """Add an area (e.g. a village) under a parent the caller looks after."""
    from oneplan.geo.loaders.engine import _parent_code
    from oneplan.geo.loaders.readers import AreaRow

    row = AreaRow(
        0,
        payload.code,
        payload.name_th,
        payload.name_en,
        payload.level or "",
        payload.parent or "",
        payload.postal_codes,
    )
    from oneplan.geo.choices import DOPA_CODE_LENGTHS

    level = payload.level or DOPA_CODE_LENGTHS.get(len(payload.code), "")
    if level not in AreaLevel.values:
        raise HttpError(422, "level: give a level for codes that are not DOPA codes")
    if Area.objects.filter(code=payload.code).exists():
        raise HttpError(409, f"code: an area {payload.code} exists already")
    parent = Area.objects.filter(code=_parent_code(row, level)).first()
    if parent is None:
        raise HttpError(422, f"parent: no parent area for {payload.code}")
    area = Area(
        code=payload.code,
        level=level,
        name_th=payload.name_th,
        name_en=payload.name_en,
        parent=parent,
        postal_codes=payload.postal_codes,
    )
    permissions.require(request.user, permissions.Action.ADD, area)
    return Status(201, _save(request, area))


@router.patch("/areas/{code}", response=AreaOut, auth=WRITE_AUTH, summary="Change an area")
def update_area(request: HttpRequest, code: str, payload: AreaPatch) -> Any:
    area = get_object_or_404(Area.objects.select_related("parent"), code=code)
    permissions.require(request.user, permissions.Action.CHANGE, area)
    for key, value in payload.dict(exclude_unset=True).items():
        if value is not None:
            setattr(area, key, value)
    return _save(request, area)


def level_counts() -> dict[str, int]:
    """How many areas there are at each level."""
    rows = Area.objects.values("level").annotate(n=Count("pk"))
    return {r["level"]: r["n"] for r in rows}
