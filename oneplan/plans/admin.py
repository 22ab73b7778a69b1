"""Admin pages for the plan data that has no page of its own (plan types) and for plans'
metadata; plan trees are edited on the plan pages, where the edition rules apply."""

from __future__ import annotations

from django.contrib import admin

from oneplan.core.admin import OnePlanAdmin
from oneplan.plans.models import Plan, PlanType


@admin.register(PlanType)
class PlanTypeAdmin(OnePlanAdmin):
    list_display = ("code", "name_th", "level", "cycle_years", "is_framework", "is_action_plan")
    list_filter = ("level", "is_framework", "is_action_plan")
    search_fields = ("code", "name_th", "name_en")


@admin.register(Plan)
class PlanAdmin(OnePlanAdmin):
    list_display = ("code", "name_th", "plan_type", "area", "first_year", "last_year", "sample")
    list_filter = ("plan_type", "sample")
    search_fields = ("code", "name_th", "name_en")
    raw_id_fields = ("area", "owner")
