"""Values by sector (the categories of one category set) for areas and years, read from what
is stored: values typed or loaded for the area win over roll-ups (a group's or the country's
sum of its provinces), and a calendar year's value over the fiscal year's. Two queries for any
number of areas, sectors and years."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from oneplan.geo.choices import COUNTRY_CODE, AreaLevel
from oneplan.geo.models import Area
from oneplan.stats.models import AggregateValue, Category, CategorySet, Indicator, Observation

# area id -> year -> sector code -> value
SectorValues = dict[int, dict[int, dict[str, float]]]


def sectors_of(category_set: CategorySet) -> list[Category]:
    return list(category_set.categories.order_by("position", "code"))


def sector_values(
    indicator: Indicator, category_set: CategorySet, areas: Iterable[Area], years: Sequence[int]
) -> SectorValues:
    """Values of ``indicator`` split by ``category_set`` alone (not crossed with another set)."""
    area_ids = [a.pk for a in areas]
    prefix = f"{category_set.code}="
    periods = {str(y): (y, 0) for y in years} | {f"FY{y}": (y, 1) for y in years}
    # (area, year, sector) -> (rank, value): typed before rolled-up, calendar before fiscal.
    best: dict[tuple[int, int, str], tuple[tuple[int, int], float]] = {}
    sources = (
        (1, AggregateValue.objects.filter(value__isnull=False)),
        (0, Observation.objects.all()),
    )
    for typed_rank, queryset in sources:
        rows = (
            queryset.filter(
                indicator=indicator,
                area_id__in=area_ids,
                period__in=list(periods),
                disaggregation__startswith=prefix,
            )
            .exclude(disaggregation__contains=";")
            .values_list("area_id", "period", "disaggregation", "value")
        )
        for area_id, period, key, value in rows:
            if value is None:
                continue
            year, fiscal_rank = periods[period]
            rank = (typed_rank, fiscal_rank)
            slot = (area_id, year, key[len(prefix) :])
            if slot not in best or rank < best[slot][0]:
                best[slot] = (rank, value)
    found: SectorValues = defaultdict(lambda: defaultdict(dict))
    for (area_id, year, sector), (_rank, value) in best.items():
        found[area_id][year][sector] = value
    return found


def references_for(area: Area) -> list[Area]:
    """What an area can be compared with: its province group, its region, the country."""
    found = area.containers()
    refs = [found[k] for k in ("group", "region") if k in found and found[k].pk != area.pk]
    country = Area.objects.filter(code=COUNTRY_CODE).first()
    if country is not None and country.pk != area.pk:
        refs.append(country)
    return refs


def provinces_in(reference: Area) -> list[Area]:
    return list(Area.objects.within(reference).of_level(AreaLevel.PROVINCE).order_by("code"))


def year_problem(years: Sequence[int], held: Iterable[int], what: str) -> str | None:
    missing = sorted(set(years) - set(held))
    if not missing:
        return None
    return _("%(what)s has no values for %(years)s.") % {
        "what": what,
        "years": ", ".join(str(y + 543) for y in missing),
    }


def years_held(indicator: Indicator, category_set: CategorySet, area: Area) -> list[int]:
    """The years (CE) with any value of ``indicator`` by ``category_set`` for ``area``."""
    prefix = f"{category_set.code}="
    periods: set[str] = set()
    for queryset in (AggregateValue.objects.filter(value__isnull=False), Observation.objects.all()):
        periods.update(
            queryset.filter(indicator=indicator, area=area, disaggregation__startswith=prefix)
            .values_list("period", flat=True)
            .distinct()
        )
    years = {int(p.removeprefix("FY")) for p in periods if p.removeprefix("FY").isdigit()}
    return sorted(years)
