"""Reading pages: the plan list, one plan with its editions, an edition's tree, an element."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from oneplan import permissions
from oneplan.core.views import ObjectListView
from oneplan.orgs.choices import AgencyKind
from oneplan.orgs.models import Agency
from oneplan.plans import referrals
from oneplan.plans.alignment import frameworks
from oneplan.plans.choices import TRANSITIONS, ElementKind
from oneplan.plans.filtersets import PlanFilterSet
from oneplan.plans.models import (
    IndicatorAgency,
    Plan,
    PlanEdition,
    PlanElement,
)
from oneplan.plans.tree import walk
from oneplan.plans.views.treehtml import tree_rows


class PlanListView(ObjectListView):
    queryset = Plan.objects.select_related("plan_type", "area", "owner").order_by(
        "plan_type__sort_order", "area__code", "code"
    )
    filterset = PlanFilterSet
    template_name = "plans/plan_list.html"
    partial_template_name = "plans/plan_table.html"


def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("plan_type", "area", "owner"), code=code)
    permissions.require(request.user, permissions.Action.VIEW, plan)
    editions = list(plan.editions.order_by("-number"))
    visible = [e for e in editions if permissions.can(request.user, "view", e)]
    latest = editions[0] if editions else None
    inbox = list(referrals.inbox(plan))
    can_decide = permissions.can(request.user, "change", plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "editions": visible,
            "can_review": latest is not None
            and latest.locked
            and permissions.can(request.user, "add", PlanEdition(plan=plan)),
            "inbox": inbox,
            "can_decide": can_decide,
            # Elements a waiting need may be adopted under or merged with (fetched once).
            "decide_elements": [row.element for row in walk(latest.elements.all())]
            if can_decide and latest is not None and inbox
            else [],
            "sent": plan.referrals_out.select_related(
                "element", "to_plan", "linked_element"
            ).order_by("-created")[:50],
        },
    )


def edition_context(request: HttpRequest, edition: PlanEdition) -> dict[str, object]:
    """What the tree fragment needs; shared by the page and every HTMX edit."""
    base = reverse("plans:plan_list")
    editable = permissions.can(request.user, "change", edition)
    rows, count = tree_rows(edition, base, editable)
    kinds = edition.plan.plan_type.element_kinds or list(ElementKind.values)
    return {
        "base": base,
        "edition": edition,
        "tree_rows": rows,
        "row_count": count,
        "editable": editable,
        "kinds": [(k, ElementKind(k).label) for k in kinds],
    }


def edition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(
        PlanEdition.objects.select_related("plan__plan_type", "plan__area", "based_on"), pk=pk
    )
    permissions.require(request.user, permissions.Action.VIEW, edition)
    moves = [
        status
        for status in TRANSITIONS.get(edition.status, ())
        if permissions.can_transition(request.user, edition, status)
    ]
    context = edition_context(request, edition)
    context.update(
        {
            "plan": edition.plan,
            "moves": moves,
            "transitions": edition.transitions.select_related("user", "committee"),
            "committees": Agency.objects.filter(kind=AgencyKind.COMMITTEE).order_by("code"),
            "frameworks": frameworks(),
            "other_editions": edition.plan.editions.exclude(pk=edition.pk).order_by("-number"),
        }
    )
    return render(request, "plans/edition_detail.html", context)


def element_detail(request: HttpRequest, pk: int) -> HttpResponse:
    element = get_object_or_404(
        PlanElement.objects.select_related("edition__plan__area", "parent"), pk=pk
    )
    permissions.require(request.user, permissions.Action.VIEW, element)
    edition = element.edition
    indicators = list(
        element.indicators.select_related("indicator").prefetch_related(
            "targets__area",
            Prefetch("responsibilities", queryset=IndicatorAgency.objects.select_related("agency")),
        )
    )
    years = edition.plan.fiscal_years
    for pi in indicators:
        grid: dict[str, dict[int, object]] = {}
        for t in pi.targets.all():
            grid.setdefault(t.area.code, {})[t.fiscal_year] = t.value
        pi.grid = [  # type: ignore[attr-defined]
            (code, [grid[code].get(y) for y in years])
            for code in sorted(grid, key=lambda c: (c != edition.plan.area.code, c))
        ]
    ancestors: list[PlanElement] = []
    node = element.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    above: list[Plan] = []
    can_raise = False
    if element.kind == ElementKind.NEED:
        holder = referrals.holder(element)
        above = referrals.plans_above(holder)
        can_raise = bool(above) and permissions.can(request.user, "change", holder)
    return render(
        request,
        "plans/element_detail.html",
        {
            "element": element,
            "edition": edition,
            "plan": edition.plan,
            "ancestors": ancestors,
            "indicators": indicators,
            "years": years,
            "links_up": element.links_up.select_related("target__edition__plan"),
            "links_down": element.links_down.select_related("source__edition__plan"),
            "trail": referrals.trail(element),
            "plans_above": above,
            "can_raise": can_raise,
            "editable": permissions.can(request.user, "change", element),
            "link_plans": Plan.objects.exclude(pk=edition.plan_id)
            .select_related("plan_type")
            .order_by("plan_type__sort_order", "code"),
        },
    )


def tree_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX: the tree alone (e.g. after cancelling an edit)."""
    edition = get_object_or_404(PlanEdition.objects.select_related("plan__plan_type"), pk=pk)
    permissions.require(request.user, permissions.Action.VIEW, edition)
    return render(request, "plans/tree.html", edition_context(request, edition))
