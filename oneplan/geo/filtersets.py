"""The one filter definition for areas: list page, API and exports all use it."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from oneplan.core.search import search_names
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area


class AreaFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(
        choices=AreaLevel.choices,
        label=_("Level"),
        help_text="country, region, province_group, "
        "province, district, subdistrict, village, local_government",
    )
    parent = django_filters.CharFilter(
        field_name="parent__code", label=_("Parent code"), help_text="code of the parent area"
    )
    group = django_filters.CharFilter(
        method="filter_container",
        label=_("Province group"),
        help_text="code of a province group (e.g. G10): areas in it today",
    )
    region = django_filters.CharFilter(
        method="filter_container",
        label=_("Region"),
        help_text="code of a region (e.g. R-C): areas in it today",
    )
    code_prefix = django_filters.CharFilter(
        field_name="code",
        lookup_expr="startswith",
        label=_("Code starts with"),
        help_text="DOPA code prefix, e.g. 12 for everything in Nonthaburi",
    )
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        help_text="name search in Thai or English (Thai is segmented into words)",
    )

    class Meta:
        model = Area
        fields = ["level", "parent", "group", "region", "code_prefix", "q"]

    def filter_container(self, queryset: QuerySet[Area], name: str, value: str) -> QuerySet[Area]:
        level = AreaLevel.PROVINCE_GROUP if name == "group" else AreaLevel.REGION
        container = Area.objects.filter(code=value, level=level).first()
        if container is None:
            return queryset.none()
        return queryset.filter(pk__in=Area.objects.within(container).values("pk")).exclude(
            pk=container.pk
        )

    def filter_q(self, queryset: QuerySet[Area], name: str, value: str) -> QuerySet[Area]:
        return search_names(queryset, value)
