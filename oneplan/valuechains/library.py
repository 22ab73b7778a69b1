"""The template library: value chains kept without an area (durian, OTOP, tourism, ...) that a
province copies for one of its strategic issues, then adapts."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from oneplan import permissions
from oneplan.core.models import set_history_user
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.permissions import Action, UserLike
from oneplan.plans.choices import ElementKind
from oneplan.plans.models import PlanElement
from oneplan.stats.kpi.status import plan_for_area
from oneplan.valuechains.models import Requirement, Stage, SuccessFactor, ValueChain

# Areas a chain is usually built for, offered to people whose scope is nationwide.
CHAIN_LEVELS = (AreaLevel.PROVINCE, AreaLevel.PROVINCE_GROUP)


def suggest_code(source: ValueChain, area: Area) -> str:
    """A free code for ``source``'s copy in ``area``: VC-DURIAN → VC-12-DURIAN (-2, -3, ...
    when taken)."""
    stem = source.code.removeprefix("VC-")
    if source.area is not None:
        stem = stem.removeprefix(f"{source.area.code}-")
    base = f"VC-{area.code}-{stem}"[:29]
    taken = set(ValueChain.objects.filter(code__startswith=base).values_list("code", flat=True))
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def copy_chain(
    template: ValueChain,
    area: Area,
    element: PlanElement | None = None,
    code: str | None = None,
    *,
    name_th: str = "",
    user: UserLike | None = None,
) -> ValueChain:
    """A copy of ``template`` for ``area`` (and the strategic issue ``element``): its stages,
    success factors and the indicators they need, as requirements of ``area``'s data list.
    ``user`` None is a loader (no permission check)."""
    chain = ValueChain(
        code=code or suggest_code(template, area),
        name_th=name_th.strip() or template.name_th,
        name_en=template.name_en,
        description=template.description,
        area=area,
        element=element,
        copied_from=template,
    )
    if user is not None:
        permissions.require(user, Action.ADD, chain)
    chain.full_clean(exclude=["search_text"])
    chain.save()
    stages = list(template.stages.prefetch_related("factors__requirements", "requirements"))
    for stage in stages:
        stage_copy = Stage.objects.create(
            chain=chain, position=stage.position, name_th=stage.name_th, name_en=stage.name_en
        )
        for need in stage.requirements.all():
            if need.factor_id is None:
                _copy_need(need, area, user, stage=stage_copy)
        for factor in stage.factors.all():
            factor_copy = SuccessFactor.objects.create(
                stage=stage_copy,
                position=factor.position,
                name_th=factor.name_th,
                name_en=factor.name_en,
                description=factor.description,
            )
            for need in factor.requirements.all():
                _copy_need(need, area, user, factor=factor_copy)
    return chain


def _copy_need(
    need: Requirement,
    area: Area,
    user: UserLike | None,
    stage: Stage | None = None,
    factor: SuccessFactor | None = None,
) -> Requirement:
    copy = Requirement(
        area=area,
        indicator_id=need.indicator_id,
        stage=stage,
        factor=factor,
        frequency=need.frequency,
        area_level=need.area_level,
        agency_id=need.agency_id,
        outside_authority=need.outside_authority,
        note=need.note,
    )
    if user is not None and user.is_authenticated:
        set_history_user(copy, user)
    copy.save()
    return copy


def copy_targets(user: UserLike) -> list[Area]:
    """The areas ``user`` may build value chains for (to copy a template into)."""
    if not user.is_authenticated:
        return []
    wide = permissions.is_admin(user) or any(m.scope is None for m in permissions.memberships(user))
    if wide:
        candidates: list[Area] = list(Area.objects.filter(level__in=CHAIN_LEVELS).order_by("code"))
    else:
        scopes = [m.scope for m in permissions.memberships(user)]
        areas = {a.pk: a for a in scopes if isinstance(a, Area)}
        candidates = sorted(areas.values(), key=lambda a: a.code)
    return [a for a in candidates if permissions.can(user, Action.ADD, ValueChain(area=a, code=""))]


def issues_for(area: Area) -> QuerySet[PlanElement]:
    """The strategic issues of the current edition of ``area``'s development plan."""
    plan = plan_for_area(area)
    edition = plan.current_edition() if plan is not None else None
    if edition is None:
        return PlanElement.objects.none()
    return edition.elements.filter(kind=ElementKind.ISSUE).order_by("position", "pk")
