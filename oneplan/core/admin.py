"""Admin base: history on every page, permissions from ``oneplan.permissions``."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, URLField
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from oneplan import permissions


class OnePlanAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """Asks the one permission module instead of Django's per-model permission flags."""

    # Links typed without a scheme are taken as https (Django 6's default).
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_admin(request.user) or self._may_change_any(request)

    def _may_change_any(self, request: HttpRequest) -> bool:
        return permissions.can(request.user, permissions.Action.CHANGE, self.model)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return permissions.can(request.user, permissions.Action.VIEW, obj) and (
            self.has_module_permission(request)
        )

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.can(request.user, permissions.Action.CHANGE, obj or self.model)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return permissions.can(request.user, permissions.Action.ADD, self.model)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.is_admin(request.user)
