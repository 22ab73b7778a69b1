"""Site-wide pages: home (the country's structure) and the change log for admins."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import pgettext_lazy

from oneplan.core.views import require_page
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area, AreaMembership


def home(request: HttpRequest) -> HttpResponse:
    """The country at a glance: regions, their province groups and member provinces."""
    links = list(
        AreaMembership.objects.current()
        .select_related("member", "container")
        .order_by("container__code", "member__code")
    )
    members: dict[int, list[Area]] = {}
    for link in links:
        members.setdefault(link.container_id, []).append(link.member)
    # Regions in the order of their groups' codes (north to south, as the 2017 list runs).
    regions = sorted(
        Area.objects.of_level(AreaLevel.REGION),
        key=lambda r: min((g.code for g in members.get(r.pk, [])), default=r.code),
    )
    structure = [
        {
            "region": region,
            "groups": [
                {"group": g, "provinces": members.get(g.pk, [])}
                for g in sorted(members.get(region.pk, []), key=lambda a: a.code)
            ],
        }
        for region in regions
    ]
    grouped = {link.member_id for link in links if link.member.level == AreaLevel.PROVINCE}
    ungrouped = Area.objects.of_level(AreaLevel.PROVINCE).exclude(pk__in=grouped)
    counts = dict(
        Area.objects.values_list("level").annotate(n=Count("pk")).values_list("level", "n")
    )
    level_counts = [
        (AreaLevel(lv).label, lv, counts.get(lv, 0))
        for lv in AreaLevel.values
        if lv != AreaLevel.COUNTRY
    ]
    return render(
        request,
        "core/home.html",
        {
            "structure": structure,
            "ungrouped": ungrouped,
            "level_counts": level_counts,
        },
    )


@dataclass
class Change:
    when: Any
    who: Any
    kind: str
    verb: str
    obj: str
    url: str
    diffs: list[tuple[str, Any, Any]]


VERBS = {
    "+": pgettext_lazy("history", "created"),
    "~": pgettext_lazy("history", "changed"),
    "-": pgettext_lazy("history", "deleted"),
}


def change_log(request: HttpRequest) -> HttpResponse:
    """Every recorded change to reference data, agencies and memberships, newest first."""
    require_page(request, "change_log")
    from oneplan.orgs.models import Agency, Membership

    models = [Area, AreaMembership, Agency, Membership]
    limit = 200
    records = sorted(
        chain.from_iterable(
            m.history.select_related("history_user").order_by("-history_date")[:limit]
            for m in models
        ),
        key=lambda r: r.history_date,
        reverse=True,
    )[:limit]
    changes = []
    for record in records:
        diffs: list[tuple[str, Any, Any]] = []
        previous = record.prev_record if record.history_type == "~" else None
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["last_updated", "search_text"])
            diffs = [(c.field, c.old, c.new) for c in delta.changes]
        instance = record.instance
        changes.append(
            Change(
                when=record.history_date,
                who=record.history_user,
                kind=str(instance._meta.verbose_name),
                verb=str(VERBS.get(record.history_type, record.history_type)),
                obj=str(instance),
                url=getattr(instance, "get_absolute_url", lambda: "")()
                if record.history_type != "-"
                else "",
                diffs=diffs,
            )
        )
    return render(request, "core/changes.html", {"changes": changes})
