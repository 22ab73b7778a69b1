"""Tree editing over HTMX (each action answers with the refreshed tree fragment) and the
element page's forms (indicators, targets, links, raising a need)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan.core.views import report_invalid
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thainum import NumberError, parse_number
from oneplan.lib.thaiparse import parse_year
from oneplan.orgs.models import Agency
from oneplan.plans import alignment, measures, referrals, tree
from oneplan.plans.document import split_refs
from oneplan.plans.models import Alignment, Plan, PlanEdition, PlanElement, PlanIndicator
from oneplan.plans.views.pages import edition_context
from oneplan.stats.models import Indicator


def _tree(request: HttpRequest, edition: PlanEdition, error: str = "") -> HttpResponse:
    context = edition_context(request, edition)
    context["error"] = error
    return render(request, "plans/tree.html", context)


def _problem(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _agencies(text: str) -> tuple[list[Agency], list[str]]:
    codes = split_refs(text)
    found = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found], [c for c in codes if c not in found]


@require_POST
def add_element(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(PlanEdition.objects.select_related("plan__plan_type"), pk=pk)
    parent_id = request.POST.get("parent") or None
    parent = edition.elements.filter(pk=parent_id).first() if parent_id else None
    try:
        tree.add_element(
            edition,
            request.user,
            kind=request.POST.get("kind", ""),
            name_th=request.POST.get("name_th", ""),
            parent=parent,
        )
    except ValidationError as exc:
        return _tree(request, edition, _problem(exc))
    return _tree(request, edition)


def edit_element(request: HttpRequest, pk: int) -> HttpResponse:
    element = get_object_or_404(PlanElement.objects.select_related("edition__plan"), pk=pk)
    edition = element.edition
    if request.method == "GET":
        from oneplan import permissions

        permissions.require(request.user, permissions.Action.CHANGE, element)
        context = edition_context(request, edition)
        context["element"] = element
        context["agency_codes"] = ", ".join(a.code for a in element.agencies.all())
        return render(request, "plans/tree.html", context)
    agencies, unknown = _agencies(request.POST.get("agencies", ""))
    if unknown:
        return _tree(
            request, edition, _("Unknown agency: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    try:
        tree.change_element(
            element,
            request.user,
            kind=request.POST.get("kind", element.kind),
            name_th=request.POST.get("name_th", ""),
            name_en=request.POST.get("name_en", ""),
            description=request.POST.get("description", ""),
            agencies=agencies,
        )
    except ValidationError as exc:
        return _tree(request, edition, _problem(exc))
    return _tree(request, edition)


@require_POST
def move_element(request: HttpRequest, pk: int) -> HttpResponse:
    element = get_object_or_404(PlanElement.objects.select_related("edition__plan"), pk=pk)
    move = request.POST.get("move", "")
    try:
        if move not in ("up", "down", "in", "out"):
            raise ValidationError(_("Unknown move %(m)s") % {"m": move})
        tree.move_element(element, request.user, move)  # type: ignore[arg-type]
    except ValidationError as exc:
        return _tree(request, element.edition, _problem(exc))
    return _tree(request, element.edition)


@require_POST
def delete_element(request: HttpRequest, pk: int) -> HttpResponse:
    element = get_object_or_404(PlanElement.objects.select_related("edition__plan"), pk=pk)
    edition = element.edition
    tree.delete_element(element, request.user)
    return _tree(request, edition)


@require_POST
def renumber(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(PlanEdition, pk=pk)
    tree.renumber(edition, request.user)
    return _tree(request, edition)


# --- element page forms (post, then back to the element page with a message) -------------


@require_POST
def attach_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    element = get_object_or_404(PlanElement.objects.select_related("edition__plan"), pk=pk)
    post = request.POST
    errors: list[str] = []
    code = post.get("indicator", "").strip()
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None and code and post.get("indicator_name", "").strip():
        indicator = Indicator(
            code=code, name_th=post["indicator_name"].strip(), unit=post.get("unit", "").strip()
        )
    elif indicator is None:
        errors.append(
            _("Unknown indicator %(code)s; give its name to register it.") % {"code": code}
        )
    baseline_year = None
    if post.get("baseline_year", "").strip():
        try:
            baseline_year = parse_year(post["baseline_year"])
        except ThaiDateError as exc:
            errors.append(_("Baseline year: %(e)s") % {"e": exc})
    try:
        baseline_value = parse_number(post.get("baseline_value", ""))
    except NumberError as exc:
        errors.append(_("Baseline value: %(e)s") % {"e": exc})
        baseline_value = None
    lead, unknown_lead = _agencies(post.get("lead", ""))
    others, unknown = _agencies(post.get("agencies", ""))
    if unknown_lead or unknown:
        errors.append(_("Unknown agency: %(codes)s") % {"codes": ", ".join(unknown_lead + unknown)})
    if errors or indicator is None:
        for e in errors:
            messages.error(request, e)
        return redirect(element)
    try:
        if indicator.pk is None:
            from oneplan import permissions

            permissions.require(request.user, permissions.Action.ADD, Indicator)
            indicator.save()
        measures.attach_indicator(
            element,
            request.user,
            indicator,
            baseline_year=baseline_year,
            baseline_value=baseline_value,
            data_source=post.get("data_source", ""),
            outside_authority=bool(post.get("outside_authority")),
            lead=lead[0] if lead else None,
            agencies=others,
        )
    except ValidationError as exc:
        report_invalid(request, exc)
    return redirect(element)


@require_POST
def save_targets(request: HttpRequest, pk: int) -> HttpResponse:
    pi = get_object_or_404(PlanIndicator.objects.select_related("element__edition__plan"), pk=pk)
    values: dict[tuple[str, int], str] = {}
    new_area = request.POST.get("new_area", "").strip()
    for name in request.POST:
        raw = request.POST.get(name, "")
        if name.startswith("t:") and name.rsplit(":", 1)[-1].isdigit():
            _t, code, year = name.split(":", 2)
            values[(code, int(year))] = raw
        elif name.startswith("new:") and name[4:].isdigit() and new_area and raw.strip():
            values[(new_area, int(name.split(":", 1)[1]))] = raw
    try:
        changed = measures.save_targets(pi, request.user, values)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(n)s targets changed.") % {"n": changed})
    return redirect(pi.element)


@require_POST
def detach_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    pi = get_object_or_404(PlanIndicator.objects.select_related("element__edition"), pk=pk)
    element = pi.element
    measures.detach_indicator(pi, request.user)
    return redirect(element)


def link_choices(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX: the elements of the chosen plan's latest edition, for the link form."""
    plan = Plan.objects.filter(code=request.GET.get("plan", "")).first()
    edition = plan.current_edition() if plan else None
    rows = tree.flat_tree(edition) if edition else []
    return render(request, "plans/link_choices.html", {"rows": rows})


@require_POST
def add_link(request: HttpRequest, pk: int) -> HttpResponse:
    element = get_object_or_404(PlanElement.objects.select_related("edition__plan"), pk=pk)
    target = PlanElement.objects.filter(pk=request.POST.get("target") or 0).first()
    if target is None:
        messages.error(request, _("Choose an element to link to."))
        return redirect(element)
    try:
        alignment.link(element, target, request.user, request.POST.get("note", ""))
    except ValidationError as exc:
        report_invalid(request, exc)
    return redirect(element)


@require_POST
def remove_link(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(Alignment.objects.select_related("source__edition"), pk=pk)
    element = link.source
    alignment.unlink(link, request.user)
    return redirect(element)


@require_POST
def raise_need(request: HttpRequest, pk: int) -> HttpResponse:
    element = get_object_or_404(PlanElement, pk=pk)
    to_plan = get_object_or_404(Plan, code=request.POST.get("to_plan", ""))
    try:
        referrals.raise_need(element, to_plan, request.user, request.POST.get("note", ""))
    except ValidationError as exc:
        report_invalid(request, exc)
    return redirect(element)
