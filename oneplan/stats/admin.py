from __future__ import annotations

from django.contrib import admin

from oneplan.core.admin import OnePlanAdmin
from oneplan.stats.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(OnePlanAdmin):
    list_display = ("code", "name_th", "unit", "direction")
    search_fields = ("code", "name_th", "name_en")
