from __future__ import annotations

from django.contrib import admin

from oneplan.core.admin import OnePlanAdmin
from oneplan.orgs.models import Agency, Membership


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    raw_id_fields = ("user", "area")


@admin.register(Agency)
class AgencyAdmin(OnePlanAdmin):
    list_display = ("code", "name_th", "kind", "parent", "area")
    list_filter = ("kind",)
    search_fields = ("code", "name_th", "name_en", "abbreviation")
    raw_id_fields = ("parent", "area")
    exclude = ("search_text",)
    inlines = [MembershipInline]
    list_select_related = ("parent", "area")


@admin.register(Membership)
class MembershipAdmin(OnePlanAdmin):
    list_display = ("user", "agency", "role", "area", "valid_from", "valid_to")
    list_filter = ("role",)
    raw_id_fields = ("user", "agency", "area")
    list_select_related = ("user", "agency", "area")
