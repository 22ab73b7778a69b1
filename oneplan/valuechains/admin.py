from __future__ import annotations

from django.contrib import admin

from oneplan.core.admin import OnePlanAdmin
from oneplan.valuechains.models import (
    DataGap,
    PriorityWeights,
    Requirement,
    Stage,
    SuccessFactor,
    ValueChain,
)


class StageInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Stage
    extra = 0


@admin.register(ValueChain)
class ValueChainAdmin(OnePlanAdmin):
    list_display = ("code", "name_th", "area", "is_template")
    list_filter = ("is_template",)
    search_fields = ("code", "name_th", "name_en")
    autocomplete_fields = ("area",)
    raw_id_fields = ("element", "copied_from")
    inlines = (StageInline,)


@admin.register(SuccessFactor)
class SuccessFactorAdmin(OnePlanAdmin):
    list_display = ("name_th", "stage", "position")
    search_fields = ("name_th", "name_en")
    raw_id_fields = ("stage",)


@admin.register(Requirement)
class RequirementAdmin(OnePlanAdmin):
    list_display = ("indicator", "area", "needed_by", "frequency", "area_level", "agency")
    list_filter = ("frequency", "area_level", "outside_authority")
    search_fields = ("indicator__code", "indicator__name_th")
    autocomplete_fields = ("area", "indicator", "agency")
    raw_id_fields = ("element", "stage", "factor")


@admin.register(DataGap)
class DataGapAdmin(OnePlanAdmin):
    list_display = ("indicator", "area", "status", "remedy", "agency", "budget", "target_year")
    list_filter = ("status", "remedy")
    search_fields = ("indicator__code", "indicator__name_th")
    autocomplete_fields = ("area", "indicator", "agency", "proxy")
    readonly_fields = ("types", "closed_by_data")


@admin.register(PriorityWeights)
class PriorityWeightsAdmin(OnePlanAdmin):
    list_display = ("area", "centrality", "reach", "severity", "target", "coverage_threshold")
    autocomplete_fields = ("area",)
