"""Budget requests: who may take each step of the request cycle, who sees requests under
review, who reorders a project list and judges a candidate duplicate. Part of
``oneplan.permissions`` (re-exported there), which pages, the API and the CLI ask."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from oneplan.orgs.choices import Role
from oneplan.orgs.models import agencies_below
from oneplan.permissions import (
    PLANNERS,
    PROJECT_EDITORS,
    UserLike,
    _in_scope,
    _member,
    is_admin,
    memberships,
    roles,
)

# (from state, to state) -> roles that may move a request so. Department steps are decided
# by reviewers of the department whose budget is asked for (see ``can_move_request``).
REQUEST_STEP_ROLES: dict[tuple[str, str], frozenset[Role]] = {
    ("draft", "submitted"): PROJECT_EDITORS,
    ("submitted", "draft"): PLANNERS,
    ("submitted", "screened"): PLANNERS,
    ("screened", "draft"): PLANNERS,
    ("screened", "approved"): frozenset({Role.COMMITTEE_MEMBER}),
    ("screened", "declined"): frozenset({Role.COMMITTEE_MEMBER}),
    ("approved", "sent"): PLANNERS,
    ("sent", "funded"): frozenset({Role.DEPARTMENT_REVIEWER}),
    ("sent", "declined"): frozenset({Role.DEPARTMENT_REVIEWER}),
    ("sent", "reconsidered"): frozenset({Role.DEPARTMENT_REVIEWER}),
    ("declined", "reconsidered"): frozenset({Role.PROVINCIAL_PLANNER, Role.COMMITTEE_MEMBER}),
    ("reconsidered", "screened"): PLANNERS,
}
# Visible to anyone once the committee has approved a request; before that, to members.
PUBLIC_REQUEST_STATES = frozenset({"approved", "sent", "funded"})


def can_move_request(user: UserLike, project: Any, to_state: str) -> bool:
    """May ``user`` move ``project`` (a budget request) from its state to ``to_state``?"""
    allowed = REQUEST_STEP_ROLES.get((project.state, to_state))
    if allowed is None or not user.is_authenticated or not user.is_active:
        return False
    if is_admin(user):
        return True
    if Role.DEPARTMENT_REVIEWER in allowed:
        return reviews_for(user, project)
    return _in_scope(user, allowed, project.area)


def budget_holders(project: Any) -> set[int]:
    """Agencies whose budget a project asks for (its funding lines' budget holders)."""
    return {line.agency_id for line in project.funding.all() if line.agency_id is not None}


def reviewed_agencies(user: UserLike) -> set[int]:
    """The agencies a department reviewer speaks for: their own and every agency below it."""
    cached: set[int] | None = getattr(user, "_oneplan_reviewed", None)
    if cached is None:
        roots = {m.agency_id for m in memberships(user) if m.role == Role.DEPARTMENT_REVIEWER}
        cached = agencies_below(roots) if roots else set()
        if user.is_authenticated:
            # memo on the request user, like its memberships: lists ask once per row
            setattr(user, "_oneplan_reviewed", cached)  # noqa: B010
    return cached


def reviews_for(user: UserLike, project: Any) -> bool:
    """Is ``user`` a reviewer of a department whose budget ``project`` asks for?"""
    return bool(budget_holders(project) & reviewed_agencies(user))


def project_filter(user: UserLike) -> Q:
    """The requests ``user`` may see in lists: all for government members, approved ones for
    the public."""
    if _member(user):
        return Q()
    return Q(state__in=PUBLIC_REQUEST_STATES)


def can_view_project(user: UserLike, project: Any) -> bool:
    return project.state in PUBLIC_REQUEST_STATES or _member(user)


def can_reorder_list(user: UserLike, project_list: Any) -> bool:
    """The committee's secretariat (the area's planners) and its members reorder a list."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_admin(user) or _in_scope(
        user, frozenset({Role.PROVINCIAL_PLANNER, Role.COMMITTEE_MEMBER}), project_list.area
    )


def can_decide_pair(user: UserLike, pair: Any) -> bool:
    """A candidate duplicate pair is judged by the planners of either request's area or by a
    reviewer of a department either asks money from."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_admin(user):
        return True
    projects = (pair.project_a, pair.project_b)
    return any(_in_scope(user, PLANNERS, p.area) or reviews_for(user, p) for p in projects)


def sees_requests_under_review(user: UserLike) -> bool:
    """Government members see requests before the committee approves them (and their
    candidate duplicates); the public sees approved ones."""
    return _member(user)


def may_scan_duplicates(user: UserLike) -> bool:
    """Rescanning a year's requests for duplicates: planners, department reviewers, admins."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_admin(user) or bool(roles(user) & {Role.PROVINCIAL_PLANNER, Role.DEPARTMENT_REVIEWER})
