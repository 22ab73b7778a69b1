"""The one filter definition for agencies (list page, API, export)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from oneplan.core.search import search_names
from oneplan.geo.models import Area
from oneplan.orgs.choices import AgencyKind
from oneplan.orgs.models import Agency


class AgencyFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=AgencyKind.choices,
        label=_("Kind"),
        help_text="ministry, department, provincial_office, local_government, committee, ...",
    )
    parent = django_filters.CharFilter(
        field_name="parent__code", label=_("Parent agency"), help_text="code of the parent agency"
    )
    area = django_filters.CharFilter(
        method="filter_area",
        label=_("Area"),
        help_text="area code: agencies at home in this area or inside it",
    )
    q = django_filters.CharFilter(
        method="filter_q", label=_("Search"), help_text="name or abbreviation, Thai or English"
    )

    class Meta:
        model = Agency
        fields = ["kind", "parent", "area", "q"]

    def filter_area(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        area = Area.objects.filter(code=value).first()
        if area is None:
            return queryset.none()
        return queryset.filter(area__in=Area.objects.within(area))

    def filter_q(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        return search_names(queryset, value)
