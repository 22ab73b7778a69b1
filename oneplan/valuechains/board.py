"""The data list and gap board pages of a province or group."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from oneplan import permissions
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.stats.choices import Frequency
from oneplan.valuechains.api import GapQuery, gap_rows
from oneplan.valuechains.choices import GapStatus, GapType, Remedy, RequirementStatus
from oneplan.valuechains.datalist import data_list
from oneplan.valuechains.gaps import read_gap_input, shared_gaps, sync_gaps, update_gap
from oneplan.valuechains.models import DataGap

GROUP_LEVELS = ("province_group", "region")
PART_LABELS = {
    "centrality": pgettext_lazy("priority part", "centrality"),
    "reach": pgettext_lazy("priority part", "reach"),
    "severity": pgettext_lazy("priority part", "severity"),
    "target": pgettext_lazy("priority part", "target"),
}


def data_list_page(request: HttpRequest, area_code: str) -> HttpResponse:
    area = get_object_or_404(Area, code=area_code)
    rows = data_list(area, request.user)
    wanted = request.GET.get("status", "")
    counts = Counter(r.status.value for r in rows)
    return render(
        request,
        "valuechains/datalist.html",
        {
            "area": area,
            "rows": [r for r in rows if not wanted or r.status == wanted],
            "status_choices": RequirementStatus.choices,
            "counts": [(v, label, counts.get(v, 0)) for v, label in RequirementStatus.choices],
            "wanted": wanted,
            "reason_labels": dict(GapType.choices),
            "frequency_labels": dict(Frequency.choices),
            "level_labels": dict(AreaLevel.choices),
        },
    )


def gap_board(request: HttpRequest, area_code: str) -> HttpResponse:
    area = get_object_or_404(Area, code=area_code)
    may_change = permissions.can(request.user, "change", DataGap(area=area))
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if "sync" in request.POST:
            synced = sync_gaps(area, request.user)
            messages.success(
                request,
                _("Gaps brought up to date: %(o)d opened, %(u)d changed, %(c)d closed.")
                % {"o": synced.opened, "u": synced.updated, "c": synced.closed},
            )
            return redirect(request.get_full_path())
        return _save_gap(request, area)
    filters = GapQuery(
        status=request.GET.get("status") or None,
        type=request.GET.get("type") or None,
        agency=request.GET.get("agency") or None,
    )
    gaps = gap_rows(area, request.user, filters)
    issue = request.GET.get("needed_by", "")
    if issue:
        gaps = [g for g in gaps if any(issue in n for n in g.needed_by)]
    per_agency = Counter(g.agency or "—" for g in gaps)
    return render(
        request,
        "valuechains/gaps.html",
        {
            "area": area,
            "gaps": gaps,
            "may_change": may_change,
            "filters": filters,
            "needed_by": issue,
            "per_agency": sorted(per_agency.items()),
            "shared": shared_gaps(area) if area.level in GROUP_LEVELS else [],
            "status_choices": GapStatus.choices,
            "type_choices": GapType.choices,
            "remedy_choices": Remedy.choices,
            "remedy_labels": dict(Remedy.choices),
            "part_labels": PART_LABELS,
        },
    )


def _save_gap(request: HttpRequest, area: Area) -> HttpResponse:
    gap = get_object_or_404(DataGap, pk=request.POST.get("gap"), area=area)
    fields = ("remedy", "status", "note", "budget", "target_year", "agency", "proxy")
    changes, problems = read_gap_input({f: request.POST[f] for f in fields if f in request.POST})
    try:
        update_gap(gap, request.user, changes, problems)
    except ValidationError as exc:
        for field, texts in exc.message_dict.items():
            messages.error(request, f"{gap.indicator.code} · {field}: {' '.join(texts)}")
    else:
        messages.success(request, _("Gap on %(code)s saved.") % {"code": gap.indicator.code})
    return redirect(request.get_full_path())
