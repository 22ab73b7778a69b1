"""API for agencies: list with filters, detail, create and change."""

# No ``from __future__ import annotations`` here: ninja's @paginate wrapper resolves the
# view's string annotations in its own module, where the filter schema is unknown.

from typing import Any

from django.core.exceptions import ValidationError
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
from oneplan.geo.models import Area
from oneplan.orgs.filtersets import AgencyFilterSet
from oneplan.orgs.models import Agency

router = Router(tags=["agencies"])
AgencyQuery = query_schema(AgencyFilterSet)


class AgencyOut(Schema):
    code: str
    kind: str
    name_th: str
    name_en: str
    abbreviation: str
    parent: str | None
    area: str | None
    url: str

    @staticmethod
    def resolve_parent(obj: Agency) -> str | None:
        return obj.parent.code if obj.parent else None

    @staticmethod
    def resolve_area(obj: Agency) -> str | None:
        return obj.area.code if obj.area else None

    @staticmethod
    def resolve_url(obj: Agency) -> str:
        return f"/api/agencies/{obj.code}"


class AgencyIn(Schema):
    code: str
    kind: str
    name_th: str
    name_en: str = ""
    abbreviation: str = ""
    parent: str | None = None
    area: str | None = None
    website: str = ""


class AgencyPatch(Schema):
    name_th: str | None = None
    name_en: str | None = None
    abbreviation: str | None = None
    website: str | None = None


def _queryset() -> Any:
    return Agency.objects.select_related("parent", "area").order_by("code")


def _save(request: HttpRequest, agency: Agency) -> Agency:
    try:
        agency.full_clean()
    except ValidationError as exc:
        raise invalid(exc) from exc
    set_history_user(agency, request.user)
    agency.save()
    return agency


@router.get("/agencies", response=list[AgencyOut], summary="List agencies")
@paginate(Paged)
def list_agencies(request: HttpRequest, filters: Query[AgencyQuery]) -> Any:  # type: ignore[valid-type]
    """Ministries, departments, provincial offices, local governments and committees."""
    return apply(AgencyFilterSet, filters, _queryset())


@router.get("/agencies/{code}", response=AgencyOut, summary="One agency")
def get_agency(request: HttpRequest, code: str) -> Any:
    return get_object_or_404(_queryset(), code=code)


@router.post("/agencies", response={201: AgencyOut}, auth=WRITE_AUTH, summary="Add an agency")
def create_agency(request: HttpRequest, payload: AgencyIn) -> Any:
    data = payload.dict()
    parent_code, area_code = data.pop("parent"), data.pop("area")
    agency = Agency(**data)
    problems = []
    if parent_code:
        agency.parent = Agency.objects.filter(code=parent_code).first()
        if agency.parent is None:
            problems.append(f"parent: no agency {parent_code}")
    if area_code:
        agency.area = Area.objects.filter(code=area_code).first()
        if agency.area is None:
            problems.append(f"area: no area {area_code}")
    if problems:
        raise HttpError(422, "; ".join(problems))
    permissions.require(request.user, permissions.Action.ADD, agency)
    return Status(201, _save(request, agency))


@router.patch("/agencies/{code}", response=AgencyOut, auth=WRITE_AUTH, summary="Change an agency")
def update_agency(request: HttpRequest, code: str, payload: AgencyPatch) -> Any:
    agency = get_object_or_404(_queryset(), code=code)
    permissions.require(request.user, permissions.Action.CHANGE, agency)
    for key, value in payload.dict(exclude_unset=True).items():
        if value is not None:
            setattr(agency, key, value)
    return _save(request, agency)
