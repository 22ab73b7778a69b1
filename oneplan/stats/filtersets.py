"""The one filter definition for indicators, datasets, observations and aggregates."""

from __future__ import annotations

import json
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from oneplan.core.filters import PeriodFilter
from oneplan.core.search import NameSearchFilter
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period
from oneplan.stats.choices import (
    Aggregation,
    BatchStatus,
    DataType,
    Direction,
    Frequency,
    ObservationStatus,
    UpdateUnit,
)
from oneplan.stats.models import Dataset, ImportBatch, Indicator, Observation

# Period codes by kind: 2025, FY2025, 2025-Q1, FY2025-Q1, 2025-01.
PERIOD_TYPES = {
    Frequency.YEAR: Q(_period_length=4),
    Frequency.FISCAL_YEAR: Q(_period_length=6, period__startswith="FY"),
    Frequency.QUARTER: Q(_period_length=7, period__contains="-Q"),
    Frequency.FISCAL_QUARTER: Q(_period_length=9, period__startswith="FY"),
    Frequency.MONTH: Q(_period_length=7) & ~Q(period__contains="-Q"),
}


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


class IndicatorFilterSet(django_filters.FilterSet):
    q = NameSearchFilter(label=_("Search"), help_text="words of the code or the Thai/English name")
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices, label=_("Frequency"))
    aggregation = django_filters.ChoiceFilter(choices=Aggregation.choices, label=_("Aggregation"))
    official = django_filters.BooleanFilter(label=_("Official statistic"))
    unit = django_filters.CharFilter(lookup_expr="iexact", label=_("Unit"))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Direction"))
    dataset = django_filters.CharFilter(
        field_name="datasets__code", label=_("Dataset"), help_text="indicators a dataset provides"
    )

    class Meta:
        model = Indicator
        fields: list[str] = []


class DatasetFilterSet(django_filters.FilterSet):
    q = NameSearchFilter(
        label=_("Search"),
        help_text="words of the name, title, description or tags",
    )
    owner = django_filters.CharFilter(field_name="owner__code", label=_("Owner agency"))
    data_type = django_filters.ChoiceFilter(choices=DataType.choices, label=_("Data type"))
    frequency = django_filters.ChoiceFilter(
        field_name="update_unit", choices=UpdateUnit.choices, label=_("Update frequency")
    )
    tag = django_filters.CharFilter(method="filter_tag", label=_("Tag"), help_text="one tag")
    indicator = django_filters.CharFilter(
        field_name="indicators__code",
        label=_("Indicator"),
        help_text="datasets providing this indicator",
    )
    official = django_filters.BooleanFilter(label=_("Official statistic"))

    class Meta:
        model = Dataset
        fields: list[str] = []

    def filter_tag(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # Tags are a JSON list: match the quoted element as stored (SQLite escapes non-ASCII).
        tag = value.strip()
        return queryset.filter(
            Q(tags__icontains=json.dumps(tag))
            | Q(tags__icontains=json.dumps(tag, ensure_ascii=False))
        )


class ValueFilterSet(django_filters.FilterSet):
    """Filters shared by observations and aggregates."""

    indicator = django_filters.CharFilter(
        method="filter_indicator",
        label=_("Indicator"),
        help_text="indicator code(s), comma-separated",
    )
    area = django_filters.CharFilter(
        method="filter_area", label=_("Area"), help_text="area code(s), comma-separated, e.g. 12,13"
    )
    level = django_filters.ChoiceFilter(
        method="filter_level", choices=AreaLevel.choices, label=_("Area level")
    )
    within = django_filters.CharFilter(
        method="filter_within", label=_("Within area"), help_text="values of areas inside this one"
    )
    period = PeriodFilter(
        method="filter_period",
        label=_("Period"),
        help_text="one period: 2025, FY2025, 2025-Q1, 2025-01, ปีงบประมาณ 2568",
    )
    period_from = PeriodFilter(
        method="filter_from",
        label=_("From period"),
        help_text="periods starting on or after this one starts",
    )
    period_to = PeriodFilter(
        method="filter_to",
        label=_("To period"),
        help_text="periods starting on or before this one ends",
    )
    period_type = django_filters.ChoiceFilter(
        method="filter_period_type",
        choices=Frequency.choices,
        label=_("Period type"),
        help_text="only periods of this kind: year, fiscal_year, quarter, fiscal_quarter, month",
    )
    disaggregation = django_filters.CharFilter(
        method="filter_disaggregation",
        label=_("Disaggregation"),
        help_text='category key such as SEX=F; "total" for totals only',
    )

    def filter_indicator(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(indicator__code__in=_codes(value))

    def filter_area(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(area__code__in=_codes(value))

    def filter_level(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # Area ids, not a join: the (indicator, area, ...) key index then answers directly.
        return queryset.filter(
            area_id__in=list(Area.objects.filter(level=value).values_list("pk", flat=True))
        )

    def filter_within(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        area = Area.objects.filter(code=value).first()
        if area is None:
            return queryset.none()
        return queryset.filter(area__in=Area.objects.within(area).values("pk"))

    def filter_period(self, queryset: QuerySet[Any], name: str, value: Period) -> QuerySet[Any]:
        return queryset.filter(period=value.code)

    def filter_from(self, queryset: QuerySet[Any], name: str, value: Period) -> QuerySet[Any]:
        return queryset.filter(start__gte=value.start)

    def filter_to(self, queryset: QuerySet[Any], name: str, value: Period) -> QuerySet[Any]:
        return queryset.filter(start__lte=value.end)

    def filter_period_type(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        kept: QuerySet[Any] = queryset.annotate(_period_length=Length("period")).filter(
            PERIOD_TYPES[Frequency(value)]
        )
        return kept

    def filter_disaggregation(
        self, queryset: QuerySet[Any], name: str, value: str
    ) -> QuerySet[Any]:
        if value.strip().lower() in ("total", "_t"):
            return queryset.filter(disaggregation="")
        return queryset.filter(disaggregation=value.strip().upper())


class ObservationFilterSet(ValueFilterSet):
    status = django_filters.ChoiceFilter(choices=ObservationStatus.choices, label=_("Status"))
    dataset = django_filters.CharFilter(field_name="dataset__code", label=_("Dataset"))
    batch = django_filters.NumberFilter(field_name="batch_id", label=_("Import batch"))

    class Meta:
        model = Observation
        fields: list[str] = []


class BatchFilterSet(django_filters.FilterSet):
    """The import batch list: by status, by who loaded, by when (a day, month or year)."""

    status = django_filters.ChoiceFilter(
        choices=BatchStatus.choices, label=_("Status"), empty_label=_("any status")
    )
    user = django_filters.CharFilter(
        field_name="user__username", label=_("Loaded by"), help_text="user name"
    )
    date = PeriodFilter(
        method="filter_date",
        label=_("Started"),
        help_text="a day, month or year: 13 มิ.ย. 2568, มี.ค. 2568, 2568, 2025-03",
    )

    class Meta:
        model = ImportBatch
        fields: list[str] = []

    def filter_date(self, queryset: QuerySet[Any], name: str, value: Period) -> QuerySet[Any]:
        return queryset.filter(created__date__gte=value.start, created__date__lte=value.end)
