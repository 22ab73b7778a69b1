"""The budget calendar: each step's deadline, who is late, and reminders to them.

A request is late for a step when the step's deadline has passed and the request has not yet
reached the step's state in the cycle's order. Declined and funded requests are never late;
a request being reconsidered counts as submitted again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from oneplan.geo.models import Area
from oneplan.orgs.choices import Role
from oneplan.orgs.models import Membership, agencies_below
from oneplan.projects.choices import CYCLE_ORDER, RequestState
from oneplan.projects.models import BudgetCalendar, CalendarStep, Project

PROGRESS = {state: i for i, state in enumerate(CYCLE_ORDER)}
PROGRESS[RequestState.RECONSIDERED] = PROGRESS[RequestState.SUBMITTED]
CLOSED = frozenset({RequestState.DECLINED, RequestState.FUNDED})


def reached(project_state: str, step_state: str) -> bool:
    if project_state in CLOSED:
        return True
    return PROGRESS[project_state] >= PROGRESS[step_state]


@dataclass
class StepView:
    step: CalendarStep
    done: bool
    late: bool
    days_left: int
    waiting: list[Project] = field(default_factory=list)
    # Who must act: an area (its planners or committee) or a department (its reviewers).
    by_actor: dict[str, list[Project]] = field(default_factory=dict)


def _actor(project: Project, step: CalendarStep) -> str:
    if step.role == Role.DEPARTMENT_REVIEWER:
        holders = [line.agency for line in project.funding.all() if line.agency is not None]
        return ", ".join(sorted({str(a) for a in holders})) or str(project.area)
    return str(project.area)


def timeline(calendar: BudgetCalendar, today: dt.date, area: Area | None = None) -> list[StepView]:
    """The calendar's steps in date order with the requests each is still waiting for."""
    projects = Project.objects.filter(fiscal_year=calendar.fiscal_year).select_related("area")
    if area is not None:
        projects = projects.filter(area=area)
    projects = projects.prefetch_related("funding__agency")
    views = []
    listed = list(projects)
    for step in calendar.steps.all():
        waiting = [p for p in listed if not reached(p.state, step.state)]
        if step.role == Role.DEPARTMENT_REVIEWER:
            # A department's step waits only for requests asking a department's budget.
            waiting = [p for p in waiting if any(ln.agency_id for ln in p.funding.all())]
        by_actor: dict[str, list[Project]] = defaultdict(list)
        for p in waiting:
            by_actor[_actor(p, step)].append(p)
        views.append(
            StepView(
                step=step,
                done=not waiting and step.due <= today,
                late=bool(waiting) and step.due < today,
                days_left=(step.due - today).days,
                waiting=waiting,
                by_actor=dict(by_actor),
            )
        )
    return views


def current_calendar(today: dt.date) -> BudgetCalendar | None:
    """The calendar of the fiscal year being prepared: the nearest with a step still ahead,
    else the latest."""
    ahead = BudgetCalendar.objects.filter(steps__due__gte=today).order_by("fiscal_year").first()
    return ahead or BudgetCalendar.objects.order_by("-fiscal_year").first()


def _recipients(role: str, projects: list[Project]) -> dict[str, list[Project]]:
    """E-mail address -> the late requests that person must act on."""
    found: dict[str, list[Project]] = defaultdict(list)
    members = list(
        Membership.objects.active()
        .filter(role=role)
        .exclude(user__email="")
        .select_related("user", "agency__area", "area")
    )
    for m in members:
        if role == Role.DEPARTMENT_REVIEWER:
            mine = agencies_below({m.agency_id})
            hits = [p for p in projects if any(line.agency_id in mine for line in p.funding.all())]
        else:
            scope = m.scope
            hits = [
                p
                for p in projects
                if scope is None or (isinstance(scope, Area) and scope.covers(p.area))
            ]
        if hits:
            found[m.user.email].extend(hits)
    return found


def send_reminders(calendar: BudgetCalendar, today: dt.date) -> int:
    """E-mail whoever holds the acting role for each late step's waiting requests; returns the
    number of messages sent."""
    sent = 0
    for view in timeline(calendar, today):
        if not view.late:
            continue
        for email, projects in _recipients(view.step.role, view.waiting).items():
            lines = "\n".join(f"- {p.code} {p.name_th} ({p.get_state_display()})" for p in projects)
            subject = _("Late for %(step)s (deadline %(due)s)") % {
                "step": view.step.name_th,
                "due": view.step.due.strftime("%d/%m/") + str(view.step.due.year + 543),
            }
            send_mail(subject, lines, settings.DEFAULT_FROM_EMAIL, [email])
            sent += 1
    return sent
