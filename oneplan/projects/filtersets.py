"""The one filter definition for projects: the list page, the API and the export use it."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from oneplan.core.filters import FiscalYearFilter
from oneplan.core.search import search_names
from oneplan.geo.models import Area, AreaMembership
from oneplan.orgs.models import Agency, agencies_below
from oneplan.projects.choices import Channel, FundingSource, RequestState
from oneplan.projects.models import Project


class ProjectFilterSet(django_filters.FilterSet):
    fiscal_year = FiscalYearFilter(
        field_name="fiscal_year",
        label=_("Fiscal year"),
        help_text="2569 (Buddhist Era), ปีงบประมาณ 2569 or FY2026",
    )
    area = django_filters.CharFilter(
        method="filter_area",
        label=_("Area code"),
        help_text="requests of this province or group, e.g. 12; a group code also lists its "
        "member provinces' requests",
    )
    state = django_filters.MultipleChoiceFilter(
        choices=RequestState.choices, label=_("State"), help_text=", ".join(RequestState.values)
    )
    channel = django_filters.ChoiceFilter(
        choices=Channel.choices, label=_("Put forward by"), help_text=", ".join(Channel.values)
    )
    agency = django_filters.CharFilter(
        field_name="agency__code", label=_("Implementing agency"), help_text="agency code"
    )
    budget_holder = django_filters.CharFilter(
        method="filter_budget_holder",
        label=_("Budget holder"),
        help_text="ministry or department code: requests asking its budget (or a unit below it)",
    )
    source = django_filters.ChoiceFilter(
        field_name="funding__source",
        choices=FundingSource.choices,
        label=_("Funding source"),
        help_text=", ".join(FundingSource.values),
        distinct=True,
    )
    q = django_filters.CharFilter(
        method="filter_q", label=_("Search"), help_text="title search in Thai or English"
    )

    class Meta:
        model = Project
        fields = ["fiscal_year", "area", "state", "channel", "agency", "budget_holder", "q"]

    def filter_area(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        area = Area.objects.filter(code=value).first()
        if area is None:
            return queryset.none()
        members = AreaMembership.objects.current().filter(container=area).values("member")
        return queryset.filter(Q(area=area) | Q(area__in=members))

    def filter_budget_holder(
        self, queryset: QuerySet[Project], name: str, value: str
    ) -> QuerySet[Project]:
        root = Agency.objects.filter(code=value).first()
        if root is None:
            return queryset.none()
        return queryset.filter(funding__agency__in=agencies_below({root.pk})).distinct()

    def filter_q(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return search_names(queryset, value)
