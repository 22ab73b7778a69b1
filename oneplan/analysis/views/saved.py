"""Saved analyses: the list, a new Product Champion analysis, one analysis with its ranking
(criteria, weights and typed scores editable by the area's analysts), attaching it to a plan
element or a request, and its files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan import permissions
from oneplan.analysis import editing
from oneplan.analysis.choices import (
    CHAMPION_KEYS,
    SECTOR_SET,
    AnalysisKind,
    CriterionKey,
    NormalisationChoice,
)
from oneplan.analysis.models import Analysis
from oneplan.analysis.snapshot import shown_label
from oneplan.analysis.views.common import file_response
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.plans.models import PlanElement
from oneplan.projects.models import Project
from oneplan.stats.models import CategorySet, Indicator
from oneplan.valuechains.models import ValueChain


def _my_area(request: HttpRequest) -> Area | None:
    for m in permissions.memberships(request.user):
        if isinstance(m.scope, Area):
            return m.scope
    return None


def analysis_list(request: HttpRequest) -> HttpResponse:
    rows = Analysis.objects.select_related("area").prefetch_related("plan_elements", "projects")
    area_code = request.GET.get("area") or ""
    if area_code:
        rows = rows.filter(area__code=area_code)
    home = _my_area(request) or Area.objects.filter(code="12").first()
    return render(
        request,
        "analysis/analysis_list.html",
        {
            "analyses": rows,
            "area_code": area_code,
            "home": home,
            "may_add": permissions.can(request.user, permissions.Action.ADD, Analysis),
            "provinces": Area.objects.filter(
                level__in=[AreaLevel.PROVINCE, AreaLevel.PROVINCE_GROUP]
            ).order_by("level", "code"),
        },
    )


def _form_context(data: dict[str, Any]) -> dict[str, Any]:
    measures = Indicator.objects.filter(category_sets__isnull=False).distinct().order_by("code")
    return {
        "data": data,
        "areas": Area.objects.filter(
            level__in=[AreaLevel.PROVINCE, AreaLevel.PROVINCE_GROUP]
        ).order_by("level", "code"),
        "references": Area.objects.filter(
            level__in=[AreaLevel.PROVINCE_GROUP, AreaLevel.REGION, AreaLevel.COUNTRY]
        ).order_by("level", "code"),
        "measures": measures,
        "sets": CategorySet.objects.filter(indicators__in=measures).distinct().order_by("code"),
    }


def add_analysis(request: HttpRequest) -> HttpResponse:
    """A new Product Champion analysis (criteria start from the defaults)."""
    if not permissions.can(request.user, permissions.Action.ADD, Analysis):
        raise PermissionDenied(
            _("Only planners, statisticians and committee members add analyses.")
        )
    problems: dict[str, list[str]] = {}
    home = _my_area(request)
    data: dict[str, Any] = {
        "area": home.code if home else "",
        "indicator": "GPP",
        "category_set": SECTOR_SET,
    }
    if request.method == "POST":
        data = {
            k: request.POST.get(k, "")
            for k in (
                "name_th",
                "name_en",
                "area",
                "reference",
                "indicator",
                "category_set",
                "employment",
                "start_year",
                "end_year",
            )
        }
        data["candidates"] = request.POST.getlist("candidates")
        where = Area.objects.filter(code=data["area"]).first()
        if where is not None and not permissions.can(
            request.user, permissions.Action.ADD, Analysis(area=where)
        ):
            problems["area"] = [_("You may not add analyses for %(area)s.") % {"area": where}]
        else:
            try:
                analysis = editing.create_champion(data, request.user)
            except ValidationError as exc:
                problems = exc.message_dict
            else:
                messages.success(request, _("The analysis is saved."))
                return redirect(analysis.get_absolute_url())
    return render(
        request, "analysis/analysis_form.html", {**_form_context(data), "problems": problems}
    )


def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_object_or_404(
        Analysis.objects.select_related("area", "reference", "indicator", "category_set"), pk=pk
    )
    may_change = permissions.can(request.user, permissions.Action.CHANGE, analysis)
    result = analysis.result or {}
    criteria = list(analysis.criteria.all())
    labels = {str(c["id"]): shown_label(c) for c in result.get("criteria", [])}
    candidates = list(
        analysis.candidates.select_related("category", "value_chain").prefetch_related("scores")
    )
    typed = {(s.criterion_id, c.pk): s.value for c in candidates for s in c.scores.all()}
    manual = [c for c in criteria if c.key == CriterionKey.MANUAL]
    context = {
        "analysis": analysis,
        "result": result,
        "criteria": criteria,
        "labels": labels,
        "may_change": may_change,
        "candidates": [
            {"c": c, "scores": [(k, typed.get((k.pk, c.pk))) for k in manual]} for c in candidates
        ],
        "manual": manual,
        "chains": ValueChain.objects.filter(area=analysis.area, is_template=False).order_by("code"),
        "normalisations": NormalisationChoice.choices,
        "addable": [(k.value, k.label) for k in CHAMPION_KEYS],
        "elements": PlanElement.objects.filter(edition__plan__area=analysis.area)
        .exclude(edition__status__in=["approved", "published"])
        .select_related("edition__plan")
        .order_by("edition__plan", "edition__number", "pk")[:200],
        "chart": _chart(result),
        "problems": {},
    }
    return render(request, "analysis/analysis_detail.html", context)


def _chart(result: dict[str, Any]) -> dict[str, Any]:
    labels = {str(c["id"]): shown_label(c) for c in result.get("criteria", [])}
    if result.get("kind") == "problems":
        labels = {
            "gap": _("Distance from target"),
            "behind": _("Behind the group average"),
            "worsening": _("Worsening trend"),
        }
    rows = result.get("ranking", [])
    return {
        "names": [r.get("name_th") for r in rows],
        "series": [
            {"name": label, "data": [r["contributions"].get(key, 0) for r in rows]}
            for key, label in labels.items()
        ],
    }


def _edits(post: Any, analysis: Analysis) -> dict[str, Any]:
    """The edit form's fields as ``editing.update_champion`` reads them."""
    criteria: dict[str, dict[str, Any]] = {}
    scores: dict[str, dict[str, str]] = {}
    for c in analysis.criteria.all():
        prefix = f"c{c.pk}-"
        criteria[str(c.pk)] = {
            "weight": post.get(prefix + "weight", ""),
            "normalisation": post.get(prefix + "normalisation", c.normalisation),
            "higher_is_better": post.get(prefix + "higher") == "on",
        }
        if c.key == CriterionKey.MANUAL:
            criteria[str(c.pk)].update(
                {k: post.get(prefix + k, "") for k in ("label_th", "scale_low", "scale_high")}
            )
            scores[str(c.pk)] = {
                cand.category.code: post.get(f"s{c.pk}-{cand.category.code}", "")
                for cand in analysis.candidates.select_related("category")
                if f"s{c.pk}-{cand.category.code}" in post
            }
    data: dict[str, Any] = {"criteria": criteria, "scores": scores}
    if analysis.kind == AnalysisKind.CHAMPION:
        data["value_chains"] = {
            cand.category.code: post.get(f"vc-{cand.category.code}", "")
            for cand in analysis.candidates.select_related("category")
        }
        if post.get("add_criterion"):
            data["add_criterion"] = post["add_criterion"]
    return data


@require_POST
def edit_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_object_or_404(Analysis, pk=pk)
    permissions.require(request.user, permissions.Action.CHANGE, analysis)
    data = _edits(request.POST, analysis)
    try:
        if analysis.kind == AnalysisKind.CHAMPION:
            editing.update_champion(analysis, data)
        else:
            data.pop("scores", None)
            editing.update_problems(analysis, data, request.user)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
    else:
        messages.success(request, _("Saved and computed again."))
    return redirect(analysis.get_absolute_url())


@require_POST
def attach_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_object_or_404(Analysis, pk=pk)
    element_id = request.POST.get("plan_element")
    code = request.POST.get("project", "").strip()
    detach = request.POST.get("detach") == "1"
    try:
        if element_id:
            element = get_object_or_404(PlanElement, pk=element_id)
            editing.attach(analysis, request.user, element=element, detach=detach)
        elif code:
            project = Project.objects.filter(code=code).first()
            if project is None:
                raise ValidationError(
                    {"project": [_("Unknown request %(code)s.") % {"code": code}]}
                )
            editing.attach(analysis, request.user, project=project, detach=detach)
        else:
            raise ValidationError(
                {"plan_element": [_("Choose a plan element or type a request's code.")]}
            )
    except (ValidationError, PermissionDenied) as exc:
        text = (
            "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            if isinstance(exc, ValidationError)
            else str(exc)
        )
        messages.error(request, text)
    else:
        messages.success(request, _("Detached.") if detach else _("Attached."))
    return redirect(analysis.get_absolute_url())


@require_POST
def recompute_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_object_or_404(Analysis, pk=pk)
    permissions.require(request.user, permissions.Action.CHANGE, analysis)
    editing.recompute(analysis, request.user)
    messages.success(request, _("Computed again from the data as it stands now."))
    return redirect(analysis.get_absolute_url())


def analysis_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    analysis = get_object_or_404(Analysis, pk=pk)
    data = {**analysis.result, "title": analysis.name_th}
    return file_response(data, fmt, f"analysis-{analysis.pk}")
