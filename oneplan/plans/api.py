"""API for plans, editions, elements, targets and alignment links."""

# No ``from __future__ import annotations`` here: ninja's @paginate wrapper resolves the
# view's string annotations in its own module, where the filter schema is unknown.

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
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
from oneplan.lib.thaidate import ThaiDateError, ce_to_be
from oneplan.lib.thaiparse import parse_date
from oneplan.orgs.models import Agency
from oneplan.plans import alignment as alignment_rules
from oneplan.plans import editions, tree
from oneplan.plans.filtersets import (
    AlignmentFilterSet,
    ElementFilterSet,
    PlanFilterSet,
    TargetFilterSet,
)
from oneplan.plans.models import Alignment, Plan, PlanEdition, PlanElement, Target

router = Router(tags=["plans"])
PlanQuery = query_schema(PlanFilterSet)
ElementQuery = query_schema(ElementFilterSet)
TargetQuery = query_schema(TargetFilterSet)
AlignmentQuery = query_schema(AlignmentFilterSet)


class EditionOut(Schema):
    number: int
    status: str
    title: str
    review_fiscal_year_be: int | None
    url: str

    @staticmethod
    def resolve_review_fiscal_year_be(obj: PlanEdition) -> int | None:
        return ce_to_be(obj.review_year) if obj.review_year else None

    @staticmethod
    def resolve_url(obj: PlanEdition) -> str:
        return f"/api/plans/{obj.plan.code}/editions/{obj.number}/elements"


class PlanOut(Schema):
    code: str
    name_th: str
    name_en: str
    plan_type: str
    level: str
    area: str
    owner: str | None
    first_fiscal_year: str
    last_fiscal_year: str
    first_fiscal_year_be: int
    last_fiscal_year_be: int
    sample: bool
    url: str

    @staticmethod
    def resolve_plan_type(obj: Plan) -> str:
        return obj.plan_type.code

    @staticmethod
    def resolve_level(obj: Plan) -> str:
        return obj.plan_type.level

    @staticmethod
    def resolve_area(obj: Plan) -> str:
        return obj.area.code

    @staticmethod
    def resolve_owner(obj: Plan) -> str | None:
        return obj.owner.code if obj.owner else None

    @staticmethod
    def resolve_first_fiscal_year(obj: Plan) -> str:
        return f"FY{obj.first_year}"

    @staticmethod
    def resolve_last_fiscal_year(obj: Plan) -> str:
        return f"FY{obj.last_year}"

    @staticmethod
    def resolve_first_fiscal_year_be(obj: Plan) -> int:
        return ce_to_be(obj.first_year)

    @staticmethod
    def resolve_last_fiscal_year_be(obj: Plan) -> int:
        return ce_to_be(obj.last_year)

    @staticmethod
    def resolve_url(obj: Plan) -> str:
        return f"/api/plans/{obj.code}"


class PlanDetail(PlanOut):
    description: str
    editions: list[EditionOut]

    @staticmethod
    def resolve_editions(obj: Plan) -> list[PlanEdition]:
        return list(obj.editions.order_by("number"))


class ElementOut(Schema):
    id: int
    uid: UUID
    plan: str
    edition: int
    parent: int | None
    kind: str
    number: str
    position: int
    name_th: str
    name_en: str
    description: str
    agencies: list[str]

    @staticmethod
    def resolve_plan(obj: PlanElement) -> str:
        return obj.edition.plan.code

    @staticmethod
    def resolve_edition(obj: PlanElement) -> int:
        return obj.edition.number

    @staticmethod
    def resolve_parent(obj: PlanElement) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_agencies(obj: PlanElement) -> list[str]:
        return sorted(a.code for a in obj.agencies.all())


class TargetOut(Schema):
    plan: str
    edition: int
    element: int
    indicator: str
    area: str
    fiscal_year: str
    fiscal_year_be: int
    value: Decimal
    lead_agency: str | None
    agencies: list[str]

    @staticmethod
    def resolve_plan(obj: Target) -> str:
        return obj.plan_indicator.element.edition.plan.code

    @staticmethod
    def resolve_edition(obj: Target) -> int:
        return obj.plan_indicator.element.edition.number

    @staticmethod
    def resolve_element(obj: Target) -> int:
        return obj.plan_indicator.element_id

    @staticmethod
    def resolve_indicator(obj: Target) -> str:
        return obj.plan_indicator.indicator.code

    @staticmethod
    def resolve_area(obj: Target) -> str:
        return obj.area.code

    @staticmethod
    def resolve_fiscal_year(obj: Target) -> str:
        return f"FY{obj.fiscal_year}"

    @staticmethod
    def resolve_fiscal_year_be(obj: Target) -> int:
        return ce_to_be(obj.fiscal_year)

    @staticmethod
    def resolve_lead_agency(obj: Target) -> str | None:
        return next(
            (r.agency.code for r in obj.plan_indicator.responsibilities.all() if r.lead), None
        )

    @staticmethod
    def resolve_agencies(obj: Target) -> list[str]:
        return sorted(r.agency.code for r in obj.plan_indicator.responsibilities.all())


class AlignmentOut(Schema):
    id: int
    source: int
    source_plan: str
    source_number: str
    target: int
    target_plan: str
    target_number: str
    note: str

    @staticmethod
    def resolve_source(obj: Alignment) -> int:
        return obj.source_id

    @staticmethod
    def resolve_target(obj: Alignment) -> int:
        return obj.target_id

    @staticmethod
    def resolve_source_plan(obj: Alignment) -> str:
        return obj.source.edition.plan.code

    @staticmethod
    def resolve_source_number(obj: Alignment) -> str:
        return obj.source.number

    @staticmethod
    def resolve_target_plan(obj: Alignment) -> str:
        return obj.target.edition.plan.code

    @staticmethod
    def resolve_target_number(obj: Alignment) -> str:
        return obj.target.number


class ElementIn(Schema):
    kind: str
    name_th: str
    name_en: str = ""
    description: str = ""
    parent: int | None = None
    agencies: list[str] = []


class AlignmentIn(Schema):
    source: int
    target: int
    note: str = ""


class TransitionIn(Schema):
    to: str
    committee: str | None = None
    meeting: str = ""
    meeting_date: str = ""
    resolution: str = ""
    note: str = ""


class TransitionOut(Schema):
    from_status: str
    to_status: str
    at: dt.datetime
    committee: str | None
    meeting: str
    meeting_date: dt.date | None
    resolution: str

    @staticmethod
    def resolve_committee(obj: Any) -> str | None:
        return obj.committee.code if obj.committee else None


def _visible(request: HttpRequest, queryset: QuerySet[Any], path: str) -> QuerySet[Any]:
    return queryset.filter(permissions.plan_content_filter(request.user, path))


def _edition(request: HttpRequest, code: str, number: int) -> PlanEdition:
    edition = get_object_or_404(
        PlanEdition.objects.select_related("plan__area"), plan__code=code, number=number
    )
    permissions.require(request.user, permissions.Action.VIEW, edition)
    return edition


@router.get("/plans", response=list[PlanOut], summary="List plans")
@paginate(Paged)
def list_plans(request: HttpRequest, filters: Query[PlanQuery]) -> Any:  # type: ignore[valid-type]
    """Plans at every level; `area=12` gives Nonthaburi's own plans, `within=12` adds those of
    its districts, local governments and villages."""
    queryset = Plan.objects.select_related("plan_type", "area", "owner").order_by("code")
    return apply(PlanFilterSet, filters, queryset)


@router.get("/plans/{code}", response=PlanDetail, summary="One plan with its editions")
def get_plan(request: HttpRequest, code: str) -> Any:
    return get_object_or_404(Plan.objects.select_related("plan_type", "area", "owner"), code=code)


@router.get(
    "/plans/{code}/editions/{number}/elements",
    response=list[ElementOut],
    summary="An edition's elements in reading order",
)
@paginate(Paged)
def edition_elements(request: HttpRequest, code: str, number: int) -> Any:
    edition = _edition(request, code, number)
    return [
        row.element
        for row in tree.walk(
            edition.elements.select_related("edition__plan").prefetch_related("agencies")
        )
    ]


@router.post(
    "/plans/{code}/editions/{number}/elements",
    response={201: ElementOut},
    auth=WRITE_AUTH,
    summary="Add an element",
)
def add_element(request: HttpRequest, code: str, number: int, payload: ElementIn) -> Any:
    edition = _edition(request, code, number)
    parent = None
    if payload.parent is not None:
        parent = edition.elements.filter(pk=payload.parent).first()
        if parent is None:
            raise HttpError(422, f"parent: no element {payload.parent} in this edition")
    agencies = list(Agency.objects.filter(code__in=payload.agencies))
    missing = set(payload.agencies) - {a.code for a in agencies}
    if missing:
        raise HttpError(422, f"agencies: unknown {', '.join(sorted(missing))}")
    try:
        element = tree.add_element(
            edition,
            request.user,
            kind=payload.kind,
            name_th=payload.name_th,
            parent=parent,
            name_en=payload.name_en,
            description=payload.description,
            agencies=agencies,
        )
    except ValidationError as exc:
        raise invalid(exc) from exc
    return Status(201, element)


@router.post(
    "/plans/{code}/editions/{number}/transitions",
    response={201: TransitionOut},
    auth=WRITE_AUTH,
    summary="Move an edition to another status",
)
def transition(request: HttpRequest, code: str, number: int, payload: TransitionIn) -> Any:
    """draft → submitted (planner), submitted → approved (committee member, with committee,
    meeting "n/ปี", date and resolution), approved → published (planner)."""
    edition = _edition(request, code, number)
    committee = Agency.objects.filter(code=payload.committee).first() if payload.committee else None
    try:
        meeting_date = parse_date(payload.meeting_date) if payload.meeting_date else None
    except ThaiDateError as exc:
        raise HttpError(422, f"meeting_date: {exc}") from exc
    try:
        record = editions.transition(
            edition,
            request.user,
            payload.to,
            committee=committee,
            meeting=payload.meeting,
            meeting_date=meeting_date,
            resolution=payload.resolution,
            note=payload.note,
        )
    except ValidationError as exc:
        raise invalid(exc) from exc
    return Status(201, record)


@router.get("/elements", response=list[ElementOut], summary="Search plan elements")
@paginate(Paged)
def list_elements(request: HttpRequest, filters: Query[ElementQuery]) -> Any:  # type: ignore[valid-type]
    queryset = PlanElement.objects.select_related("edition__plan").prefetch_related("agencies")
    queryset = _visible(
        request, queryset.order_by("edition__plan__code", "edition__number", "pk"), "edition"
    )
    return apply(ElementFilterSet, filters, queryset).distinct()


@router.get("/targets", response=list[TargetOut], summary="List targets")
@paginate(Paged)
def list_targets(request: HttpRequest, filters: Query[TargetQuery]) -> Any:  # type: ignore[valid-type]
    """Targets by plan, indicator, area, agency and fiscal year (typed in Buddhist Era)."""
    queryset = Target.objects.select_related(
        "plan_indicator__element__edition__plan", "plan_indicator__indicator", "area"
    ).prefetch_related("plan_indicator__responsibilities__agency")
    queryset = _visible(request, queryset.order_by("pk"), "plan_indicator__element__edition")
    return apply(TargetFilterSet, filters, queryset).distinct()


@router.get("/alignments", response=list[AlignmentOut], summary="List alignment links")
@paginate(Paged)
def list_alignments(request: HttpRequest, filters: Query[AlignmentQuery]) -> Any:  # type: ignore[valid-type]
    queryset = Alignment.objects.select_related(
        "source__edition__plan", "target__edition__plan"
    ).order_by("pk")
    queryset = _visible(request, queryset, "source__edition")
    return apply(AlignmentFilterSet, filters, queryset)


@router.post("/alignments", response={201: AlignmentOut}, auth=WRITE_AUTH, summary="Link elements")
def create_alignment(request: HttpRequest, payload: AlignmentIn) -> Any:
    source = get_object_or_404(PlanElement, pk=payload.source)
    target = get_object_or_404(PlanElement, pk=payload.target)
    try:
        link = alignment_rules.link(source, target, request.user, payload.note)
    except ValidationError as exc:
        raise invalid(exc) from exc
    return Status(201, link)
