from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from oneplan.core.admin import OnePlanAdmin
from oneplan.stats.models import (
    Category,
    CategorySet,
    Dataset,
    DatasetIndicator,
    Indicator,
    LockException,
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


@admin.register(LockException)
class LockExceptionAdmin(OnePlanAdmin):
    """Periods opened again after their entry deadline (administrators only)."""

    list_display = ("dataset", "period", "area", "reason", "granted_by", "granted")
    list_filter = ("dataset",)
    autocomplete_fields = ("dataset", "area")
    readonly_fields = ("granted_by", "granted")

    def save_model(self, request: HttpRequest, obj: LockException, form: Any, change: bool) -> None:
        if request.user.is_authenticated:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
