from __future__ import annotations

from django.contrib import admin

from oneplan.core.admin import OnePlanAdmin
from oneplan.stats.models import (
    Category,
    CategorySet,
    Dataset,
    DatasetIndicator,
    Indicator,
    Resource,
)


@admin.register(Indicator)
class IndicatorAdmin(OnePlanAdmin):
    list_display = ("code", "name_th", "unit", "frequency", "aggregation", "direction", "official")
    list_filter = ("frequency", "aggregation", "official")
    search_fields = ("code", "name_th", "name_en")
    autocomplete_fields = ("denominator",)
    filter_horizontal = ("category_sets",)


class CategoryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Category
    extra = 1


@admin.register(CategorySet)
class CategorySetAdmin(OnePlanAdmin):
    list_display = ("code", "name_th", "name_en")
    search_fields = ("code", "name_th", "name_en")
    inlines = (CategoryInline,)


class ProvidesInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DatasetIndicator
    extra = 1
    autocomplete_fields = ("indicator",)


class ResourceInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Resource
    extra = 0


@admin.register(Dataset)
class DatasetAdmin(OnePlanAdmin):
    list_display = ("code", "name_th", "owner", "data_type", "access", "official", "modified")
    list_filter = ("data_type", "access", "official", "source_type")
    search_fields = ("code", "name_th", "name_en", "description")
    autocomplete_fields = ("owner", "coverage_area")
    inlines = (ProvidesInline, ResourceInline)
