"""The yearly request cycle: one function moves a request a step, for pages and API alike.

draft → submitted → screened → approved by the committee (meeting, resolution) → sent to the
department → funded / declined / reconsidered. Who may make each move is in
``oneplan.permissions``; what each move needs, and what it changes, is here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.models import set_history_user
from oneplan.lib.thainum import NumberError, parse_number
from oneplan.plans.editions import read_decision
from oneplan.projects.choices import (
    TRANSITIONS,
    FundingStatus,
    PairDecision,
    RequestState,
)
from oneplan.projects.models import DuplicatePair, FundingLine, Project, RequestTransition

Problems = dict[str, list[str]]
LEAVES_LIST = frozenset({RequestState.DRAFT, RequestState.DECLINED, RequestState.RECONSIDERED})


def state_label(state: str) -> str:
    return str(RequestState(state).label) if state in RequestState.values else state


def readiness_problems(project: Project) -> Problems:
    """What a request lacks before it can be submitted (all at once, by field)."""
    problems: Problems = {}
    lines = list(project.funding.all())
    if not lines:
        problems["funding"] = [_("Add at least one funding line with the amount requested.")]
    elif not any(line.amount_requested > 0 for line in lines):
        problems["funding"] = [_("The amount requested is zero on every funding line.")]
    if project.agency_id is None:
        problems["agency"] = [_("Name the implementing agency.")]
    if not project.elements.exists() and project.factor_id is None:
        problems["elements"] = [
            _("Say which plan element or value-chain factor the project serves.")
        ]
    if not project.locations.exists():
        problems["locations"] = [_("Give at least one location.")]
    return problems


def department_lines(project: Project, user: Any) -> list[FundingLine]:
    """The funding lines the acting reviewer decides on (all of them for an administrator)."""
    lines = list(project.funding.all())
    if permissions.is_admin(user):
        return [line for line in lines if line.agency_id is not None] or lines
    mine = permissions.reviewed_agencies(user)
    return [line for line in lines if line.agency_id in mine]


def _read_amounts(
    lines: list[FundingLine], amounts: dict[int, Any] | None, problems: Problems
) -> dict[int, Decimal]:
    """Approved amounts per line: as given, else the amount requested."""
    read: dict[int, Decimal] = {}
    for line in lines:
        raw = (amounts or {}).get(line.pk)
        if raw in (None, ""):
            read[line.pk] = line.amount_requested
            continue
        try:
            value = parse_number(raw)
        except NumberError:
            problems.setdefault("amounts", []).append(
                _("Line %(line)s: %(value)s is not an amount.") % {"line": line.pk, "value": raw}
            )
            continue
        if value is None or value < 0 or value > line.amount_requested:
            problems.setdefault("amounts", []).append(
                _("Line %(line)s: the amount approved must be between 0 and %(max)s.")
                % {"line": line.pk, "max": f"{line.amount_requested:,.2f}"}
            )
            continue
        read[line.pk] = value
    return read


def funded_duplicates(project: Project) -> list[DuplicatePair]:
    """Pairs marked duplicate whose other request is already funded."""
    pairs = DuplicatePair.objects.filter(
        Q(project_a=project) | Q(project_b=project), decision=PairDecision.DUPLICATE
    ).select_related("project_a", "project_b")
    return [p for p in pairs if p.other(project).state == RequestState.FUNDED]


def move_request(
    project: Project,
    user: Any,
    to_state: str,
    *,
    meeting: str = "",
    meeting_date: dt.date | None = None,
    resolution: str = "",
    note: str = "",
    amounts: dict[int, Any] | None = None,
    override_reason: str = "",
) -> RequestTransition:
    """Move ``project`` to ``to_state``, check what the step needs, update its funding lines
    and record who did it, when, and the committee's decision. Every problem is reported at
    once (a ``ValidationError`` by field) and nothing is saved when there is one."""
    if to_state not in TRANSITIONS.get(project.state, frozenset()):
        raise ValidationError(
            _("A request that is %(from)s cannot become %(to)s.")
            % {"from": state_label(project.state), "to": state_label(to_state)}
        )
    if not permissions.can_move_request(user, project, to_state):
        raise PermissionDenied(
            _("You may not move %(project)s to %(to)s.")
            % {"project": project.code, "to": state_label(to_state)}
        )
    problems: Problems = {}
    record = RequestTransition(
        project=project,
        from_state=project.state,
        to_state=to_state,
        user=user if getattr(user, "pk", None) else None,
        note=note.strip(),
    )
    committee_step = project.state == RequestState.SCREENED and to_state in (
        RequestState.APPROVED,
        RequestState.DECLINED,
    )
    department_step = project.state == RequestState.SENT
    if to_state == RequestState.SUBMITTED:
        problems.update(readiness_problems(project))
    if committee_step:
        record.meeting, decision_problems = read_decision(meeting, meeting_date, resolution)
        problems.update(decision_problems)
        record.meeting_date = meeting_date
        record.resolution = resolution.strip()
    if to_state in (RequestState.DECLINED, RequestState.RECONSIDERED, RequestState.DRAFT) and (
        not note.strip() and not committee_step
    ):
        problems["note"] = [_("Say why.")]
    lines: list[FundingLine] = []
    approved: dict[int, Decimal] = {}
    clashes: list[DuplicatePair] = []
    if department_step:
        lines = department_lines(project, user)
        if to_state == RequestState.FUNDED:
            approved = _read_amounts(lines, amounts, problems)
            clashes = funded_duplicates(project)
            if clashes and not override_reason.strip():
                problems["override_reason"] = [
                    _(
                        "%(others)s, marked as a duplicate of this request, is already funded; "
                        "give a reason to fund both."
                    )
                    % {"others": ", ".join(p.other(project).code for p in clashes)}
                ]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        _apply_to_lines(project, to_state, committee_step, lines, approved)
        for pair in clashes:
            pair.override_reason = override_reason.strip()
            pair.save(update_fields=["override_reason"])
        if clashes:
            record.note = "\n".join(filter(None, [record.note, override_reason.strip()]))
        project.state = to_state
        if to_state in LEAVES_LIST:
            project.rank = None  # off the list; back in, it is placed by score again
        set_history_user(project, user)
        project.save(update_fields=["state", "rank", "last_updated"])
        record.save()
    return record


def _apply_to_lines(
    project: Project,
    to_state: str,
    committee_step: bool,
    lines: list[FundingLine],
    approved: dict[int, Decimal],
) -> None:
    """Funding lines follow the request: the committee approves or declines them all, a
    department funds or declines its own, reconsidering reopens them."""
    now = timezone.now()
    if committee_step:
        status = (
            FundingStatus.APPROVED if to_state == RequestState.APPROVED else FundingStatus.DECLINED
        )
        project.funding.update(status=status, last_updated=now)
    elif to_state == RequestState.FUNDED:
        for line in lines:
            line.status = FundingStatus.FUNDED
            line.amount_approved = approved[line.pk]
            line.last_updated = now
        FundingLine.objects.bulk_update(lines, ["status", "amount_approved", "last_updated"])
    elif to_state == RequestState.DECLINED:
        FundingLine.objects.filter(pk__in=[line.pk for line in lines]).update(
            status=FundingStatus.DECLINED, amount_approved=0, last_updated=now
        )
    elif to_state == RequestState.RECONSIDERED:
        project.funding.update(
            status=FundingStatus.REQUESTED, amount_approved=None, last_updated=now
        )


def allowed_moves(project: Project, user: Any) -> list[str]:
    """The states ``user`` may move ``project`` to now (for buttons and the API)."""
    return [
        state
        for state in sorted(TRANSITIONS.get(project.state, frozenset()))
        if permissions.can_move_request(user, project, state)
    ]
