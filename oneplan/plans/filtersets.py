"""The one filter definition for plans, elements, targets and links: pages and API use them."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from oneplan.core.filters import FiscalYearFilter
from oneplan.core.search import search_names
from oneplan.geo.models import Area
from oneplan.plans.choices import EditionStatus, ElementKind, PlanLevel
from oneplan.plans.models import Alignment, Plan, PlanElement, Target


class PlanFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(
        field_name="plan_type__level",
        choices=PlanLevel.choices,
        label=_("Level"),
        help_text="national, ministry, region, province_group, province, district, "
        "local_government, village, international",
    )
    plan_type = django_filters.CharFilter(
        field_name="plan_type__code",
        label=_("Plan type"),
        help_text="plan type code, e.g. PROVINCE",
    )
    area = django_filters.CharFilter(
        field_name="area__code",
        label=_("Area code"),
        help_text="plans of exactly this area, e.g. 12",
    )
    within = django_filters.CharFilter(
        method="filter_within",
        label=_("Within area"),
        help_text="plans of this area and of every area inside it (districts, villages, ...)",
    )
    agency = django_filters.CharFilter(
        method="filter_agency",
        label=_("Agency"),
        help_text="agency code: plans it owns or names as responsible for an element",
    )
    fiscal_year = FiscalYearFilter(
        method="filter_fiscal_year",
        label=_("Fiscal year"),
        help_text="plans covering this fiscal year: 2569 (Buddhist Era), ปีงบประมาณ 2569 or FY2026",
    )
    q = django_filters.CharFilter(
        method="filter_q", label=_("Search"), help_text="name search in Thai or English"
    )

    class Meta:
        model = Plan
        fields = ["level", "plan_type", "area", "within", "agency", "fiscal_year", "q"]

    def filter_within(self, queryset: QuerySet[Plan], name: str, value: str) -> QuerySet[Plan]:
        area = Area.objects.filter(code=value).first()
        if area is None:
            return queryset.none()
        inside = Area.objects.within(area).values("pk")
        local = Area.objects.filter(parent__in=inside, level="local_government").values("pk")
        return queryset.filter(Q(area__in=inside) | Q(area__in=local))

    def filter_agency(self, queryset: QuerySet[Plan], name: str, value: str) -> QuerySet[Plan]:
        named = PlanElement.objects.filter(agencies__code=value).values("edition__plan")
        return queryset.filter(Q(owner__code=value) | Q(pk__in=named))

    def filter_fiscal_year(self, queryset: QuerySet[Plan], name: str, value: int) -> QuerySet[Plan]:
        return queryset.filter(first_year__lte=value, last_year__gte=value)

    def filter_q(self, queryset: QuerySet[Plan], name: str, value: str) -> QuerySet[Plan]:
        return search_names(queryset, value)


class ElementFilterSet(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="edition__plan__code", help_text="plan code")
    edition = django_filters.NumberFilter(
        field_name="edition__number", help_text="edition number (default: every edition)"
    )
    status = django_filters.ChoiceFilter(
        field_name="edition__status", choices=EditionStatus.choices, help_text="edition status"
    )
    kind = django_filters.ChoiceFilter(choices=ElementKind.choices)
    agency = django_filters.CharFilter(field_name="agencies__code", help_text="responsible agency")
    area = django_filters.CharFilter(field_name="edition__plan__area__code", help_text="plan area")

    class Meta:
        model = PlanElement
        fields = ["plan", "edition", "status", "kind", "agency", "area"]


class TargetFilterSet(django_filters.FilterSet):
    plan = django_filters.CharFilter(
        field_name="plan_indicator__element__edition__plan__code", help_text="plan code"
    )
    edition = django_filters.NumberFilter(
        field_name="plan_indicator__element__edition__number", help_text="edition number"
    )
    indicator = django_filters.CharFilter(
        field_name="plan_indicator__indicator__code", help_text="indicator code"
    )
    area = django_filters.CharFilter(field_name="area__code", help_text="area of the target")
    agency = django_filters.CharFilter(
        field_name="plan_indicator__agencies__code", help_text="responsible agency"
    )
    fiscal_year = FiscalYearFilter(
        field_name="fiscal_year", help_text="2569 (Buddhist Era), ปีงบประมาณ 2569 or FY2026"
    )

    class Meta:
        model = Target
        fields = ["plan", "edition", "indicator", "area", "agency", "fiscal_year"]


class AlignmentFilterSet(django_filters.FilterSet):
    plan = django_filters.CharFilter(
        field_name="source__edition__plan__code", help_text="code of the plan that links upward"
    )
    target_plan = django_filters.CharFilter(
        field_name="target__edition__plan__code", help_text="code of the plan linked to"
    )
    area = django_filters.CharFilter(
        field_name="source__edition__plan__area__code", help_text="area of the linking plan"
    )

    class Meta:
        model = Alignment
        fields = ["plan", "target_plan", "area"]
