"""Reading pages: the list of chains (by area, templates apart), a chain's canvas, its printable
page and its workbook."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from oneplan import permissions
from oneplan.permissions import Action
from oneplan.stats.models import Indicator
from oneplan.valuechains import workbook
from oneplan.valuechains.canvas import Canvas, build_canvas
from oneplan.valuechains.choices import RequirementStatus
from oneplan.valuechains.forms import FactorForm, RequirementForm, StageForm
from oneplan.valuechains.library import copy_targets
from oneplan.valuechains.models import ValueChain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chain_list(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Action.VIEW, ValueChain)
    chains = (
        ValueChain.objects.select_related("area", "element", "copied_from")
        .annotate(
            stage_count=Count("stages", distinct=True),
            factor_count=Count("stages__factors", distinct=True),
            need_count=Count("stages__factors__requirements", distinct=True),
        )
        .order_by("area__code", "code")
    )
    rows = list(chains)
    return render(
        request,
        "valuechains/chain_list.html",
        {
            "templates": [c for c in rows if c.area_id is None],
            "chains": [c for c in rows if c.area_id is not None],
            "can_copy": bool(copy_targets(request.user)),
        },
    )


def get_chain(request: HttpRequest, code: str) -> ValueChain:
    chain = get_object_or_404(
        ValueChain.objects.select_related("area", "element__edition__plan", "copied_from"),
        code=code,
    )
    permissions.require(request.user, Action.VIEW, chain)
    return chain


def canvas_context(request: HttpRequest, chain: ValueChain, bound: Any = None) -> dict[str, Any]:
    """What the canvas fragment needs; shared by the page and every HTMX edit. ``bound`` is a
    form that came back with errors: it replaces the blank form of the same key."""
    canvas = build_canvas(chain, request.user)
    editable = permissions.can(request.user, Action.CHANGE, chain)
    context: dict[str, Any] = {
        "chain": chain,
        "canvas": canvas,
        "editable": editable,
        "statuses": RequirementStatus.choices,
    }
    if editable:
        _attach_forms(canvas, bound)
        context["new_stage_form"] = _pick(StageForm(key="new-stage"), bound)
        context["indicator_options"] = Indicator.objects.order_by("code").values_list(
            "code", "name_th"
        )
    return context


def _pick(blank: Any, bound: Any) -> Any:
    return bound if bound is not None and bound.key == blank.key else blank


def _attach_forms(canvas: Canvas, bound: Any) -> None:
    for column in canvas.columns:
        stage = column.stage
        column.forms = {
            "rename": _pick(
                StageForm(
                    key=f"stage-{stage.pk}",
                    initial={"name_th": stage.name_th, "name_en": stage.name_en},
                ),
                bound,
            ),
            "add_factor": _pick(FactorForm(key=f"new-factor-{stage.pk}"), bound),
        }
        for card in column.cards:
            factor = card.factor
            card.forms = {
                "rename": _pick(
                    FactorForm(
                        key=f"factor-{factor.pk}",
                        initial={
                            "name_th": factor.name_th,
                            "name_en": factor.name_en,
                            "description": factor.description,
                        },
                    ),
                    bound,
                ),
                "add_need": _pick(RequirementForm(key=f"need-{factor.pk}"), bound),
            }


def chain_detail(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain(request, code)
    context = canvas_context(request, chain)
    context["can_copy"] = chain.is_template and bool(copy_targets(request.user))
    return render(request, "valuechains/chain_detail.html", context)


def chain_print(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain(request, code)
    return render(
        request,
        "valuechains/chain_print.html",
        {
            "chain": chain,
            "canvas": build_canvas(chain, request.user),
            "statuses": RequirementStatus.choices,
            "today": timezone.localdate(),
        },
    )


def chain_export(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain(request, code)
    buffer = io.BytesIO()
    workbook.write_chain(build_canvas(chain, request.user), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{chain.code}.xlsx"'
    return response
