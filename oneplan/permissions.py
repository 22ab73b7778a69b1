"""Who may read or change what: the one place pages, the API, the admin and the CLI ask.

A person's rights come from memberships: a role for an agency within an area scope. A role
may change an object when the rule for the object's kind names that role and the object's
scope area lies inside the membership's scope. System administrators (and Django superusers)
may do everything. Reference data here is public to read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from oneplan.geo.models import Area
from oneplan.orgs.choices import AgencyKind, Role
from oneplan.orgs.models import Agency, Membership

UserLike = AbstractBaseUser | AnonymousUser


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"


ACTION_WORDS = {
    Action.VIEW: pgettext_lazy("permission", "view"),
    Action.ADD: pgettext_lazy("permission", "add"),
    Action.CHANGE: pgettext_lazy("permission", "change"),
    Action.DELETE: pgettext_lazy("permission", "delete"),
}


def _area_scope(area: Area) -> Area | None:
    # Changing an area is a matter for whoever looks after its parent: a province's planner
    # may add or fix its districts and villages, but not rename the province itself.
    return area.parent


# Kinds of agency that live in an area and that the area's planners look after; ministries,
# departments and state enterprises are national bodies, kept by administrators.
AREA_AGENCY_KINDS = frozenset(
    {
        AgencyKind.PROVINCIAL_OFFICE,
        AgencyKind.PROVINCIAL_ADMINISTRATION,
        AgencyKind.DISTRICT_OFFICE,
        AgencyKind.LOCAL_GOVERNMENT,
        AgencyKind.COMMITTEE,
        AgencyKind.PRIVATE,
        AgencyKind.CIVIL_SOCIETY,
        AgencyKind.OTHER,
    }
)


def _agency_scope(agency: Agency) -> Area | None:
    return agency.area if agency.kind in AREA_AGENCY_KINDS else None


# model label -> (function giving the object's scope area, roles that may change it)
CHANGE_RULES: dict[str, tuple[Callable[[Any], Area | None], frozenset[Role]]] = {
    "geo.area": (_area_scope, frozenset({Role.PROVINCIAL_PLANNER})),
    "orgs.agency": (_agency_scope, frozenset({Role.PROVINCIAL_PLANNER})),
    "geo.areamembership": (lambda obj: None, frozenset()),
    "orgs.membership": (lambda obj: None, frozenset()),
}
PUBLIC_MODELS = frozenset({"geo.area", "geo.areamembership", "orgs.agency"})
ADMIN_ONLY_VIEWS = frozenset({"change_log"})


def memberships(user: UserLike) -> list[Membership]:
    """The user's active memberships, fetched once per request-bound user object."""
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_oneplan_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user_id=user.pk)
            .select_related("agency__area", "area")
        )
        setattr(user, "_oneplan_memberships", cached)  # noqa: B010 (memo on the request user)
    return cached


def is_admin(user: UserLike) -> bool:
    """Superusers and anyone holding the system administrator role."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(m.role == Role.SYSTEM_ADMIN for m in memberships(user))


def roles(user: UserLike) -> set[str]:
    return {m.role for m in memberships(user)}


def _label(obj: Model | type[Model]) -> str:
    return obj._meta.label_lower


def can(user: UserLike, action: Action | str, obj: Model | type[Model]) -> bool:
    """True if ``user`` may do ``action`` on ``obj`` (an instance, or a model class for "add
    anything of this kind somewhere")."""
    action = Action(action)
    label = _label(obj)
    if action == Action.VIEW and label in PUBLIC_MODELS:
        return True
    if is_admin(user):
        return True
    if action == Action.VIEW:
        if label == "orgs.membership" and isinstance(obj, Membership):
            return bool(obj.user_id == user.pk)
        return False
    rule = CHANGE_RULES.get(label)
    if rule is None or not user.is_authenticated or not user.is_active:
        return False
    scope_of, allowed_roles = rule
    relevant = [m for m in memberships(user) if m.role in allowed_roles]
    if not relevant:
        return False
    if isinstance(obj, type):
        return True
    target = scope_of(obj)
    if target is None:
        return False
    for membership in relevant:
        scope = membership.scope
        if scope is None or (isinstance(scope, Area) and scope.covers(target)):
            return True
    return False


def can_view_page(user: UserLike, page: str) -> bool:
    """Pages that are not about one object (e.g. the change log)."""
    if page in ADMIN_ONLY_VIEWS:
        return is_admin(user)
    return True


def require(user: UserLike, action: Action | str, obj: Model | type[Model]) -> None:
    """Raise ``PermissionDenied`` with a readable reason unless ``can(...)``."""
    if not can(user, action, obj):
        what = str(obj) if not isinstance(obj, type) else str(obj._meta.verbose_name_plural)
        raise PermissionDenied(
            _("You may not %(action)s %(what)s.")
            % {"action": ACTION_WORDS[Action(action)], "what": what}
        )


def editable(user: UserLike, objects: Iterable[Model]) -> set[Any]:
    """Primary keys of ``objects`` the user may change (for showing edit buttons in lists)."""
    return {o.pk for o in objects if can(user, Action.CHANGE, o)}
