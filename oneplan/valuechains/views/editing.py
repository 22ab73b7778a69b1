"""Canvas editing: every action posts a form and answers an HTMX request with the refreshed
canvas (a form with errors comes back with them at its fields); without HTMX it goes back to
the chain's page. The functions in ``valuechains.editing`` do the work and check permissions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from oneplan import permissions
from oneplan.permissions import Action
from oneplan.valuechains import editing
from oneplan.valuechains.forms import FactorForm, KeyedForm, RequirementForm, StageForm
from oneplan.valuechains.models import Requirement, Stage, SuccessFactor, ValueChain
from oneplan.valuechains.views.pages import canvas_context, get_chain

CHAIN = ("chain__area", "chain__element__edition__plan", "chain__copied_from")


def _answer(
    request: HttpRequest, chain: ValueChain, form: KeyedForm | None = None, error: str = ""
) -> HttpResponse:
    bound = form if form is not None and form.errors else None
    if getattr(request, "htmx", False):
        context = canvas_context(request, chain, bound)
        context["error"] = error
        return render(request, "valuechains/canvas.html", context)
    if bound is not None or error:
        context = canvas_context(request, chain, bound)
        context["error"] = error
        return render(request, "valuechains/chain_detail.html", context)
    return redirect(chain)


def _apply(form: KeyedForm, action: Any, *args: Any, **extra: Any) -> None:
    """Run ``action`` with the form's cleaned data, or leave the form with its errors."""
    if not form.is_valid():
        return
    try:
        action(*args, **form.cleaned_data, **extra)
    except ValidationError as exc:
        form.take_errors(exc)


def _stage(request: HttpRequest, pk: int) -> Stage:
    stage = get_object_or_404(Stage.objects.select_related(*CHAIN), pk=pk)
    permissions.require(request.user, Action.CHANGE, stage)
    return stage


def _factor(request: HttpRequest, pk: int) -> SuccessFactor:
    related = [f"stage__{name}" for name in CHAIN]
    factor = get_object_or_404(SuccessFactor.objects.select_related(*related), pk=pk)
    permissions.require(request.user, Action.CHANGE, factor)
    return factor


@require_POST
def add_stage(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain(request, code)
    permissions.require(request.user, Action.CHANGE, chain)
    form = StageForm(request.POST, key="new-stage")
    _apply(form, editing.add_stage, chain, request.user)
    return _answer(request, chain, form)


@require_POST
def edit_stage(request: HttpRequest, pk: int) -> HttpResponse:
    stage = _stage(request, pk)
    form = StageForm(request.POST, key=f"stage-{stage.pk}")
    _apply(form, editing.change_stage, stage, request.user)
    return _answer(request, stage.chain, form)


@require_POST
def move_stage(request: HttpRequest, pk: int) -> HttpResponse:
    stage = _stage(request, pk)
    try:
        editing.move_stage(stage, request.user, request.POST.get("move", ""))  # type: ignore[arg-type]
    except ValidationError as exc:
        return _answer(request, stage.chain, error=" ".join(exc.messages))
    return _answer(request, stage.chain)


@require_POST
def delete_stage(request: HttpRequest, pk: int) -> HttpResponse:
    stage = _stage(request, pk)
    chain = stage.chain
    editing.delete_stage(stage, request.user)
    return _answer(request, chain)


@require_POST
def add_factor(request: HttpRequest, pk: int) -> HttpResponse:
    stage = _stage(request, pk)
    form = FactorForm(request.POST, key=f"new-factor-{stage.pk}")
    _apply(form, editing.add_factor, stage, request.user)
    return _answer(request, stage.chain, form)


@require_POST
def edit_factor(request: HttpRequest, pk: int) -> HttpResponse:
    factor = _factor(request, pk)
    form = FactorForm(request.POST, key=f"factor-{factor.pk}")
    _apply(form, editing.change_factor, factor, request.user)
    return _answer(request, factor.stage.chain, form)


@require_POST
def move_factor(request: HttpRequest, pk: int) -> HttpResponse:
    factor = _factor(request, pk)
    chain = factor.stage.chain
    try:
        editing.move_factor(factor, request.user, request.POST.get("move", ""))  # type: ignore[arg-type]
    except ValidationError as exc:
        return _answer(request, chain, error=" ".join(exc.messages))
    return _answer(request, chain)


@require_POST
def delete_factor(request: HttpRequest, pk: int) -> HttpResponse:
    factor = _factor(request, pk)
    chain = factor.stage.chain
    editing.delete_factor(factor, request.user)
    return _answer(request, chain)


@require_POST
def add_need(request: HttpRequest, pk: int) -> HttpResponse:
    factor = _factor(request, pk)
    form = RequirementForm(request.POST, key=f"need-{factor.pk}")
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            editing.add_requirement(factor, request.user, data.pop("indicator"), **data)
        except ValidationError as exc:
            form.take_errors(exc)
    return _answer(request, factor.stage.chain, form)


@require_POST
def remove_need(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(
        Requirement.objects.select_related(*(f"factor__stage__{n}" for n in CHAIN)),
        pk=pk,
        factor__isnull=False,
    )
    assert need.factor is not None
    chain = need.factor.stage.chain
    permissions.require(request.user, Action.CHANGE, chain)
    editing.remove_requirement(need, request.user)
    return _answer(request, chain)
