"""Starting a chain: copy a template to one's province ("copy to my province") or begin an
empty one with the usual three stages. Both ask for an area the person may plan for and one
of the strategic issues of that area's plan."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from oneplan.geo.models import Area
from oneplan.valuechains import editing
from oneplan.valuechains.forms import ChainForm
from oneplan.valuechains.library import copy_chain, copy_targets, issues_for, suggest_code
from oneplan.valuechains.models import ValueChain
from oneplan.valuechains.views.pages import get_chain


def _area_chosen(request: HttpRequest, targets: list[Area]) -> Area:
    """The area the form is for (its issues are offered): as posted, or ``?area=<pk>``."""
    chosen = request.POST.get("area") or request.GET.get("area", "")
    return next((a for a in targets if str(a.pk) == chosen), targets[0])


def _form(
    request: HttpRequest, targets: list[Area], source: ValueChain | None
) -> tuple[ChainForm, Area]:
    area = _area_chosen(request, targets)
    issues = list(issues_for(area).select_related("edition__plan__area"))
    if request.method == "POST":
        form = ChainForm(request.POST, areas=targets, issues=issues)
    else:
        initial = {
            "area": area.pk,
            "code": suggest_code(source, area) if source else f"VC-{area.code}-",
            "name_th": source.name_th if source else "",
            "element": issues[0].pk if len(issues) == 1 else None,
        }
        form = ChainForm(initial=initial, areas=targets, issues=issues)
    return form, area


def copy_template(request: HttpRequest, code: str) -> HttpResponse:
    """The "copy to my province" page of a template chain."""
    template = get_chain(request, code)
    targets = copy_targets(request.user)
    if not targets:
        raise PermissionDenied
    form, area = _form(request, targets, template)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            chain = copy_chain(
                template,
                data["area"],
                data["element"],
                data["code"],
                name_th=data["name_th"],
                user=request.user,
            )
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            return redirect(chain)
    return render(
        request,
        "valuechains/chain_form.html",
        {"form": form, "source": template, "area": area, "targets": targets},
    )


def new_chain(request: HttpRequest) -> HttpResponse:
    """An empty chain (ต้นน้ำ, กลางน้ำ, ปลายน้ำ) for a strategic issue."""
    targets = copy_targets(request.user)
    if not targets:
        raise PermissionDenied
    form, area = _form(request, targets, None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            chain = editing.create_chain(
                data["area"],
                request.user,
                code=data["code"],
                name_th=data["name_th"],
                element=data["element"],
            )
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            return redirect(chain)
    return render(
        request,
        "valuechains/chain_form.html",
        {"form": form, "source": None, "area": area, "targets": targets},
    )
