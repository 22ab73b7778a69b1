"""Indicators on plan elements: attach with a baseline and responsible agencies (one leading),
and set targets per area and fiscal year, all checked before anything is written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.models import set_history_user
from oneplan.geo.models import Area
from oneplan.lib.thaidate import format_be_year
from oneplan.lib.thainum import NumberError, parse_number, places
from oneplan.orgs.models import Agency
from oneplan.plans.models import (
    DECIMAL_PLACES,
    IndicatorAgency,
    PlanElement,
    PlanIndicator,
    Target,
    too_large,
)
from oneplan.stats.models import Indicator


def attach_indicator(
    element: PlanElement,
    user: Any,
    indicator: Indicator,
    *,
    baseline_year: int | None = None,
    baseline_value: Decimal | None = None,
    data_source: str = "",
    outside_authority: bool = False,
    lead: Agency | None = None,
    agencies: Sequence[Agency] = (),
) -> PlanIndicator:
    """Attach ``indicator`` to ``element``; ``lead`` leads a joint KPI shared with ``agencies``."""
    pi = PlanIndicator(
        element=element,
        indicator=indicator,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        data_source=data_source.strip(),
        outside_authority=outside_authority,
        position=element.indicators.count() + 1,
    )
    permissions.require(user, permissions.Action.ADD, pi)
    if element.indicators.filter(indicator=indicator).exists():
        raise ValidationError(
            {"indicator": [_("%(i)s is already attached here.") % {"i": indicator}]}
        )
    with transaction.atomic():
        set_history_user(pi, user)
        pi.save()
        set_responsible(pi, lead, agencies)
    return pi


def set_responsible(pi: PlanIndicator, lead: Agency | None, agencies: Sequence[Agency]) -> None:
    pi.responsibilities.all().delete()
    rows = [IndicatorAgency(plan_indicator=pi, agency=lead, lead=True)] if lead else []
    rows += [
        IndicatorAgency(plan_indicator=pi, agency=a, lead=False)
        for a in dict.fromkeys(agencies)
        if a != lead
    ]
    IndicatorAgency.objects.bulk_create(rows)


def detach_indicator(pi: PlanIndicator, user: Any) -> None:
    permissions.require(user, permissions.Action.DELETE, pi)
    set_history_user(pi, user)
    pi.delete()


def save_targets(pi: PlanIndicator, user: Any, values: Mapping[tuple[str, int], Any]) -> int:
    """Set targets from ``{(area code, CE fiscal year): typed value}``; a blank value removes
    the target. Every problem is reported at once and nothing is written if there is one.
    Returns how many targets changed."""
    permissions.require(user, permissions.Action.CHANGE, pi)
    plan = pi.element.edition.plan
    areas = {a.code: a for a in Area.objects.filter(code__in={code for code, _y in values})}
    errors: list[str] = []
    parsed: dict[tuple[str, int], Decimal | None] = {}
    for (code, year), raw in values.items():
        where = f"{code} {format_be_year(year)}"
        area = areas.get(code)
        if area is None:
            errors.append(_("%(where)s: unknown area %(code)s") % {"where": where, "code": code})
            continue
        if not plan.area.covers(area):
            errors.append(_("%(where)s: the area is outside the plan's area") % {"where": where})
        if year not in plan.fiscal_years:
            errors.append(_("%(where)s: the year is outside the plan") % {"where": where})
        try:
            number = parse_number(raw)
        except NumberError as exc:
            errors.append(f"{where}: {exc}")
            continue
        if number is not None and places(number) > DECIMAL_PLACES:
            errors.append(
                _("%(where)s: at most %(n)s decimal places") % {"where": where, "n": DECIMAL_PLACES}
            )
        if number is not None and too_large(number):
            errors.append(
                _("%(where)s: the number is too large (at most 15 significant digits)")
                % {"where": where}
            )
        parsed[(code, year)] = number
    if errors:
        raise ValidationError(errors)
    existing = {(t.area.code, t.fiscal_year): t for t in pi.targets.select_related("area")}
    changed = 0
    with transaction.atomic():
        for (code, year), number in parsed.items():
            target = existing.get((code, year))
            if number is None:
                if target is not None:
                    set_history_user(target, user)
                    target.delete()
                    changed += 1
                continue
            if target is None:
                target = Target(plan_indicator=pi, area=areas[code], fiscal_year=year)
            elif target.value == number:
                continue
            target.value = number
            set_history_user(target, user)
            target.save()
            changed += 1
    return changed
