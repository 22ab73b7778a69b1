from __future__ import annotations

from django.contrib import admin

from oneplan.core.admin import OnePlanAdmin
from oneplan.geo.models import Area, AreaMembership


@admin.register(Area)
class AreaAdmin(OnePlanAdmin):
    list_display = ("code", "name_th", "name_en", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name_th", "name_en")
    raw_id_fields = ("parent",)
    exclude = ("search_text",)
    list_select_related = ("parent",)


@admin.register(AreaMembership)
class AreaMembershipAdmin(OnePlanAdmin):
    list_display = ("member", "container", "valid_from", "valid_to", "source")
    list_filter = ("container__level",)
    raw_id_fields = ("member", "container")
    list_select_related = ("member", "container")
