from __future__ import annotations

from django.http import HttpRequest

from oneplan import permissions


def oneplan(request: HttpRequest) -> dict[str, object]:
    """What every page's header needs to know about the reader."""
    return {
        "perms_admin": permissions.is_admin(request.user),
        "may_load_data": permissions.may_load_any(request.user),
    }
