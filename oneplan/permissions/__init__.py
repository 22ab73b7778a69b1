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
from django.db.models import Model, Q
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


# The plan edition a piece of plan content belongs to: it decides visibility and locking.
EDITION_OF: dict[str, Callable[[Any], Any]] = {
    "plans.planedition": lambda obj: obj,
    "plans.planelement": lambda obj: obj.edition,
    "plans.alignment": lambda obj: obj.source.edition,
    "plans.planindicator": lambda obj: obj.element.edition,
    "plans.indicatoragency": lambda obj: obj.plan_indicator.element.edition,
    "plans.target": lambda obj: obj.plan_indicator.element.edition,
}


def _plan_scope(obj: Any) -> Area | None:
    if _label(obj) == "plans.plan":
        return obj.area  # type: ignore[no-any-return]
    return EDITION_OF[_label(obj)](obj).plan.area  # type: ignore[no-any-return]


PLANNERS: frozenset[Role] = frozenset({Role.PROVINCIAL_PLANNER})
# Who may load or enter statistical values, for areas inside their membership's scope.
DATA_LOADERS = frozenset({Role.PROVINCIAL_PLANNER, Role.STATISTICIAN, Role.DATA_OFFICER})


def _dataset_scope(dataset: Any) -> Area | None:
    owner = dataset.owner
    return owner.area if owner is not None else None


# model label -> (function giving the object's scope area, roles that may change it)
CHANGE_RULES: dict[str, tuple[Callable[[Any], Area | None], frozenset[Role]]] = {
    "geo.area": (_area_scope, frozenset({Role.PROVINCIAL_PLANNER})),
    "orgs.agency": (_agency_scope, frozenset({Role.PROVINCIAL_PLANNER})),
    "geo.areamembership": (lambda obj: None, frozenset()),
    "orgs.membership": (lambda obj: None, frozenset()),
    "plans.plantype": (lambda obj: None, frozenset()),
    "plans.plan": (_plan_scope, PLANNERS),
    **dict.fromkeys(EDITION_OF, (_plan_scope, PLANNERS)),
    # The registry is national: planners and statisticians may add indicators their plans
    # need; changing a registered indicator is for administrators.
    "stats.indicator": (lambda obj: None, frozenset({Role.PROVINCIAL_PLANNER, Role.STATISTICIAN})),
    "stats.categoryset": (lambda obj: None, frozenset()),
    "stats.category": (lambda obj: None, frozenset()),
    # A dataset is kept by the statisticians and planners of its owner agency's area.
    "stats.dataset": (_dataset_scope, frozenset({Role.PROVINCIAL_PLANNER, Role.STATISTICIAN})),
    "stats.datasetindicator": (
        lambda obj: _dataset_scope(obj.dataset),
        frozenset({Role.PROVINCIAL_PLANNER, Role.STATISTICIAN}),
    ),
    "stats.resource": (
        lambda obj: _dataset_scope(obj.dataset),
        frozenset({Role.PROVINCIAL_PLANNER, Role.STATISTICIAN}),
    ),
}
# Value chains, the data list and the gap board: the NSO method is worked by a province's
# planners and its statistical office together (the chain's or the gap's area).
DATA_PLANNERS = frozenset({Role.PROVINCIAL_PLANNER, Role.STATISTICIAN})
CHAIN_OF: dict[str, Callable[[Any], Any]] = {
    "valuechains.valuechain": lambda obj: obj,
    "valuechains.stage": lambda obj: obj.chain,
    "valuechains.successfactor": lambda obj: obj.stage.chain,
}
CHANGE_RULES.update(
    {
        # Templates (no area) are kept by administrators.
        **dict.fromkeys(CHAIN_OF, (lambda obj: _chain_area(obj), DATA_PLANNERS)),
        "valuechains.requirement": (lambda obj: obj.area, DATA_PLANNERS),
        "valuechains.datagap": (lambda obj: obj.area, DATA_PLANNERS),
        "valuechains.priorityweights": (lambda obj: obj.area, DATA_PLANNERS),
    }
)


# Saved analyses: worked by a province's planners, statisticians and committee members (who
# choose the Product Champion criteria and weights); public to read, like the data behind them.
ANALYSTS = frozenset({Role.PROVINCIAL_PLANNER, Role.STATISTICIAN, Role.COMMITTEE_MEMBER})
ANALYSIS_OF: dict[str, Callable[[Any], Any]] = {
    "analysis.analysis": lambda obj: obj,
    "analysis.criterion": lambda obj: obj.analysis,
    "analysis.candidate": lambda obj: obj.analysis,
    "analysis.manualscore": lambda obj: obj.criterion.analysis,
}
CHANGE_RULES.update(
    dict.fromkeys(ANALYSIS_OF, (lambda obj: ANALYSIS_OF[_label(obj)](obj).area, ANALYSTS))
)


# Projects and budget requests: recorded by the area's planners and by the project officers
# of agencies in it; content is open to change while a request is a draft (or is being
# reconsidered), then only through the request cycle's steps.
PROJECT_EDITORS: frozenset[Role] = frozenset({Role.PROVINCIAL_PLANNER, Role.PROJECT_OFFICER})
PROJECT_OF: dict[str, Callable[[Any], Any]] = {
    "projects.project": lambda obj: obj,
    "projects.projectoutput": lambda obj: obj.project,
    "projects.projectdocument": lambda obj: obj.project,
    "projects.alignmenttag": lambda obj: obj.project,
    "projects.fundingline": lambda obj: obj.project,
}
OPEN_REQUEST_STATES = frozenset({"draft", "reconsidered"})
CHANGE_RULES.update(
    {
        **dict.fromkeys(
            PROJECT_OF, (lambda obj: PROJECT_OF[_label(obj)](obj).area, PROJECT_EDITORS)
        ),
        "projects.projectlist": (lambda obj: obj.area, PLANNERS),
        "projects.priorityweights": (
            lambda obj: obj.committee.area if obj.committee else None,
            frozenset({Role.PROVINCIAL_PLANNER, Role.COMMITTEE_MEMBER}),
        ),
        "projects.budgetcalendar": (lambda obj: None, frozenset()),
        "projects.calendarstep": (lambda obj: None, frozenset()),
        "projects.areashare": (lambda obj: None, frozenset()),
    }
)


def _chain_area(obj: Any) -> Area | None:
    return CHAIN_OF[_label(obj)](obj).area  # type: ignore[no-any-return]


PUBLIC_MODELS = frozenset(
    {"geo.area", "geo.areamembership", "orgs.agency", "plans.plan", "plans.plantype"}
    | {"stats.indicator", "stats.categoryset", "stats.category", "stats.dataset"}
    | {"stats.datasetindicator", "stats.resource", "stats.observation", "stats.aggregatevalue"}
    | set(CHAIN_OF)
    | {"valuechains.requirement", "valuechains.datagap", "valuechains.priorityweights"}
    | set(EDITION_OF)
    | set(ANALYSIS_OF)
)

# (from status, to status) -> roles that may move an edition so (within the plan's area).
TRANSITION_ROLES: dict[tuple[str, str], frozenset[Role]] = {
    ("draft", "submitted"): PLANNERS,
    ("submitted", "draft"): frozenset({Role.PROVINCIAL_PLANNER, Role.COMMITTEE_MEMBER}),
    ("submitted", "approved"): frozenset({Role.COMMITTEE_MEMBER}),
    ("approved", "published"): PLANNERS,
}
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
    edition = EDITION_OF[label](obj) if label in EDITION_OF and not isinstance(obj, type) else None
    if action == Action.VIEW and label in PUBLIC_MODELS:
        # Plans are public once published; drafts are for signed-in government users.
        return edition is None or edition.status == "published" or _member(user)
    if action == Action.VIEW and label == "stats.importbatch":
        return can_view_batch(user, obj)
    if edition is not None and edition.locked:
        return False  # approved and published editions are read-only, for everyone
    if label in PROJECT_OF and action == Action.VIEW and not isinstance(obj, type):
        return can_view_project(user, PROJECT_OF[label](obj))
    if is_admin(user):
        return True
    if (
        label in PROJECT_OF
        and not isinstance(obj, type)
        and PROJECT_OF[label](obj).state not in OPEN_REQUEST_STATES
    ):
        return False  # a request under review changes only through its steps
    if action == Action.VIEW:
        if label == "orgs.membership" and isinstance(obj, Membership):
            return bool(obj.user_id == user.pk)
        return False
    rule = CHANGE_RULES.get(label)
    if rule is None or not user.is_authenticated or not user.is_active:
        return False
    scope_of, allowed_roles = rule
    if not any(m.role in allowed_roles for m in memberships(user)):
        return False
    if isinstance(obj, type):
        return True
    target = scope_of(obj)
    if target is None:
        return False
    return _in_scope(user, allowed_roles, target)


def _member(user: UserLike) -> bool:
    return is_admin(user) or (user.is_active and bool(memberships(user)))


def _in_scope(user: UserLike, allowed: frozenset[Role], target: Area | None) -> bool:
    for membership in memberships(user):
        if membership.role not in allowed:
            continue
        scope = membership.scope
        if scope is None or (
            target is not None and isinstance(scope, Area) and scope.covers(target)
        ):
            return True
    return False


def plan_content_filter(user: UserLike, edition_path: str) -> Q:
    """A filter keeping the plan content ``user`` may see in a list; ``edition_path`` leads
    from the listed model to its edition (e.g. "source__edition")."""
    if _member(user):
        return Q()
    return Q(**{f"{edition_path}__status": "published"})


def can_transition(user: UserLike, edition: Any, to_status: str) -> bool:
    """May ``user`` move ``edition`` (a plan edition) to ``to_status``?"""
    allowed = TRANSITION_ROLES.get((edition.status, to_status))
    if allowed is None or not user.is_authenticated or not user.is_active:
        return False
    return is_admin(user) or _in_scope(user, allowed, edition.plan.area)


def can_decide_referral(user: UserLike, referral: Any) -> bool:
    """The receiving plan's planners decide on a need raised to it."""
    return can(user, Action.CHANGE, referral.to_plan)


def can_load_values(user: UserLike, area: Area) -> bool:
    """May ``user`` load or enter values for ``area`` (files, the grid, the API)?"""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_admin(user) or _in_scope(user, DATA_LOADERS, area)


def can_enter_data(user: UserLike, dataset: Any) -> bool:
    """May ``user`` type values into ``dataset``'s grid? Data loaders of the agency that owns
    it, and administrators (each value's area is still checked by ``can_load_values``)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_admin(user):
        return True
    return dataset.owner_id is not None and any(
        m.agency_id == dataset.owner_id and m.role in DATA_LOADERS for m in memberships(user)
    )


def can_unlock_periods(user: UserLike) -> bool:
    """Opening a period after its entry deadline is for administrators."""
    return user.is_authenticated and user.is_active and is_admin(user)


def may_load_any(user: UserLike) -> bool:
    """Does ``user`` hold a role that loads values somewhere (to offer the import page)?"""
    return is_admin(user) or (
        user.is_active and any(m.role in DATA_LOADERS for m in memberships(user))
    )


def can_undo_batch(user: UserLike, batch: Any) -> bool:
    """Whoever loaded a batch may undo it; administrators may undo any."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_admin(user) or (batch.user_id is not None and batch.user_id == user.pk)


def can_view_batch(user: UserLike, batch: Any) -> bool:
    """A batch's page quotes the file's cells: whoever loaded it and administrators see it;
    the list of batches (``batch`` a model class) is for everyone who loads values."""
    if isinstance(batch, type):
        return may_load_any(user)
    return can_undo_batch(user, batch)


def batch_filter(user: UserLike) -> Q:
    """The import batches ``user`` sees in the list: their own, or all for administrators."""
    if is_admin(user):
        return Q()
    return Q(user_id=user.pk) if user.is_authenticated else Q(pk__in=[])


def can_view_page(user: UserLike, page: str) -> bool:
    """Pages that are not about one object (e.g. the change log)."""
    if page in ADMIN_ONLY_VIEWS:
        return is_admin(user)
    return True


def require(user: UserLike, action: Action | str, obj: Model | type[Model]) -> None:
    """Raise ``PermissionDenied`` with a readable reason unless ``can(...)``."""
    label = _label(obj)
    if label in EDITION_OF and not isinstance(obj, type) and Action(action) != Action.VIEW:
        edition = EDITION_OF[label](obj)
        if edition.locked:
            raise PermissionDenied(
                _("%(edition)s is %(status)s and read-only; start a review edition to change it.")
                % {"edition": edition, "status": edition.get_status_display()}
            )
    if not can(user, action, obj):
        what = str(obj) if not isinstance(obj, type) else str(obj._meta.verbose_name_plural)
        raise PermissionDenied(
            _("You may not %(action)s %(what)s.")
            % {"action": ACTION_WORDS[Action(action)], "what": what}
        )


def editable(user: UserLike, objects: Iterable[Model]) -> set[Any]:
    """Primary keys of ``objects`` the user may change (for showing edit buttons in lists)."""
    return {o.pk for o in objects if can(user, Action.CHANGE, o)}


def open_catalogue_filter() -> Q:
    """Datasets that open catalogue interfaces (the CKAN-compatible API) publish to anyone:
    those whose GD Catalog data category is "public"; the other categories stay off them."""
    return Q(access="public")


# The request cycle's rules (who moves, sees and reorders requests) live in their own module
# and are part of this one place: ``permissions.can_move_request`` and the rest.
from oneplan.permissions.requests import (  # noqa: E402, I001
    PUBLIC_REQUEST_STATES as PUBLIC_REQUEST_STATES,
    REQUEST_STEP_ROLES as REQUEST_STEP_ROLES,
    budget_holders as budget_holders,
    can_decide_pair as can_decide_pair,
    can_move_request as can_move_request,
    can_reorder_list as can_reorder_list,
    can_view_project as can_view_project,
    may_scan_duplicates as may_scan_duplicates,
    project_filter as project_filter,
    reviewed_agencies as reviewed_agencies,
    reviews_for as reviews_for,
    sees_requests_under_review as sees_requests_under_review,
)
