from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from oneplan import permissions
from oneplan.core.admin import OnePlanAdmin
from oneplan.orgs.models import Agency, ApiToken, Membership


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tokens are issued with ``oneplan issue-token``; here they are listed and revoked."""

    list_display = ("name", "user", "prefix", "created", "expires", "last_used")
    readonly_fields = ("user", "name", "prefix", "created", "last_used")
    exclude = ("key_hash",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.is_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
