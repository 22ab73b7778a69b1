"""Grid data entry pages: choose one of your agency's datasets, type values, unlock periods."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from oneplan import permissions
from oneplan.core.importing import ImportRejected
from oneplan.core.views import report_invalid
from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period, PeriodKind, ThaiDateError, fiscal_year
from oneplan.lib.thaiparse import parse_fiscal_year, parse_period
from oneplan.stats import locks
from oneplan.stats.choices import ObservationStatus
from oneplan.stats.entry import Grid, build_grid, grid_indicators, save_grid
from oneplan.stats.models import Dataset, LockException


@login_required
def entry_index(request: HttpRequest) -> HttpResponse:
    datasets = Dataset.objects.select_related("owner").order_by("code")
    mine = [d for d in datasets if permissions.can_enter_data(request.user, d)]
    return render(request, "stats/entry_index.html", {"datasets": mine})


def _default_period(dataset: Dataset) -> Period:
    """The latest period that has ended, of the dataset's first indicator's frequency."""
    columns = grid_indicators(dataset)
    kind = PeriodKind(columns[0][0].frequency) if columns else PeriodKind.FISCAL_YEAR
    return Period.for_date(timezone.localdate(), kind).shift(-1)


def _choices(request: HttpRequest, dataset: Dataset) -> tuple[dict[str, Any], list[str]]:
    """The grid's layout, period, areas and year from the query string, with any problems."""
    problems: list[str] = []
    home = dataset.coverage_area or (dataset.owner.area if dataset.owner else None)
    chosen: dict[str, Any] = {"layout": request.GET.get("by", "areas")}
    if chosen["layout"] not in ("areas", "periods"):
        chosen["layout"] = "areas"
    try:
        text = request.GET.get("period", "")
        chosen["period"] = parse_period(text) if text else _default_period(dataset)
    except ThaiDateError as exc:
        problems.append(_("Period: %(m)s") % {"m": exc})
        chosen["period"] = _default_period(dataset)
    try:
        text = request.GET.get("year", "")
        chosen["fiscal_year"] = (
            parse_fiscal_year(text) if text else fiscal_year(timezone.localdate())
        )
    except ThaiDateError as exc:
        problems.append(_("Fiscal year: %(m)s") % {"m": exc})
        chosen["fiscal_year"] = fiscal_year(timezone.localdate())
    for key in ("within", "area"):
        code = request.GET.get(key, "").strip()
        found = Area.objects.filter(code=code).first() if code else home
        if found is None:
            problems.append(_("Area code %(code)s is unknown.") % {"code": code})
            found = home
        chosen[key] = found
    return chosen, problems


def _grid(request: HttpRequest, dataset: Dataset, chosen: dict[str, Any]) -> Grid | None:
    if chosen["within"] is None and chosen["layout"] == "areas":
        return None
    return build_grid(
        dataset,
        chosen["layout"],
        period=chosen["period"],
        within=chosen["within"],
        area=chosen["area"] or chosen["within"],
        fiscal_year=chosen["fiscal_year"],
        user=request.user,
    )


@login_required
def entry_grid(request: HttpRequest, code: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset.objects.select_related("owner__area"), code=code)
    if not permissions.can_enter_data(request.user, dataset):
        raise PermissionDenied
    chosen, problems = _choices(request, dataset)
    grid = _grid(request, dataset, chosen)
    errors: dict[str, str] = {}
    if request.method == "POST" and grid is not None:
        status = request.POST.get("status", ObservationStatus.FINAL)
        if status not in ObservationStatus.values:
            status = ObservationStatus.FINAL
        try:
            result = save_grid(grid, request.POST, request.user, status=status)
        except ImportRejected as exc:
            for problem in exc:
                errors.setdefault(problem.column, problem.message)
            for cell in grid.cells():
                cell.error = errors.get(cell.name, "")
            problems.append(
                ngettext(
                    "Nothing was saved: %(n)s value has a problem, marked below.",
                    "Nothing was saved: %(n)s values have problems, marked below.",
                    len(errors),
                )
                % {"n": len(errors)}
            )
        else:
            if result is None:
                messages.info(request, _("Nothing changed."))
            else:
                messages.success(
                    request,
                    _("Saved: %(added)s new and %(changed)s changed values (batch %(batch)s).")
                    % {
                        "added": result.added,
                        "changed": result.changed,
                        "batch": result.batch.pk if result.batch else "",
                    },
                )
            return redirect(request.get_full_path())
    return render(
        request,
        "stats/entry_grid.html",
        {
            "dataset": dataset,
            "grid": grid,
            "chosen": chosen,
            "problems": problems,
            "errors": errors,
            "statuses": ObservationStatus.choices,
            "can_unlock": permissions.can_unlock_periods(request.user),
            "unlocked": LockException.objects.filter(dataset=dataset).select_related("area"),
        },
    )


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and safe else fallback


@require_POST
@login_required
def unlock_period(request: HttpRequest, code: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset, code=code)
    back = _next(request, reverse("stats:entry_grid", args=[code]))
    try:
        period = parse_period(request.POST.get("period", ""))
        area_code = request.POST.get("area", "").strip()
        area = get_object_or_404(Area, code=area_code) if area_code else None
        locks.unlock(dataset, period, request.user, request.POST.get("reason", ""), area)
    except ThaiDateError as exc:
        messages.error(request, _("Period: %(m)s") % {"m": exc})
    except ValidationError as exc:
        report_invalid(request, exc)
    else:
        messages.success(request, _("%(period)s is open for entry again.") % {"period": period})
    return redirect(back)


@require_POST
@login_required
def relock_period(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    exception = get_object_or_404(LockException, pk=pk, dataset__code=code)
    locks.relock(exception, request.user)
    messages.success(request, _("The period is locked again."))
    return redirect(_next(request, reverse("stats:entry_grid", args=[code])))
