"""The forms of a request's page that move it a step: one per move the reader may make now.

What each move asks for follows ``workflow.move_request``: a committee decision asks the
meeting, its date and the resolution; a department's funding asks the approved amount of
each of its funding lines (and a reason when a duplicate is already funded); declining,
reconsidering and returning to draft ask why. ``workflow`` checks all of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_date
from oneplan.projects import workflow
from oneplan.projects.choices import RequestState
from oneplan.projects.models import FundingLine, Project
from oneplan.projects.views.common import GENERAL, Problems

# Forward steps first, then the ones that send a request back.
ORDER: list[str] = [
    RequestState.SUBMITTED,
    RequestState.SCREENED,
    RequestState.APPROVED,
    RequestState.SENT,
    RequestState.FUNDED,
    RequestState.RECONSIDERED,
    RequestState.DECLINED,
    RequestState.DRAFT,
]
BUTTONS: dict[str, Promise] = {
    RequestState.SUBMITTED: _("Submit the request"),
    RequestState.SCREENED: _("Mark as screened"),
    RequestState.APPROVED: _("Record the committee's approval"),
    RequestState.SENT: _("Send to the department"),
    RequestState.FUNDED: _("Record the funding"),
    RequestState.RECONSIDERED: _("Reconsider"),
    RequestState.DECLINED: _("Decline"),
    RequestState.DRAFT: _("Return to draft"),
}
BACKWARD = frozenset({RequestState.DECLINED, RequestState.DRAFT})
# Problems of a submission that name parts of the request, not fields of the move form.
READINESS_LABELS: dict[str, Promise] = {
    "funding": _("Funding lines"),
    "agency": _("Implementing agency"),
    "elements": _("Plan elements served"),
    "locations": _("Locations"),
}
FIELDS = ("meeting", "meeting_date", "resolution", "note", "override_reason")


@dataclass
class MoveForm:
    """One move's form: what it asks for, as typed, with the problems found."""

    to: str
    button: str
    committee: bool = False
    funding: bool = False
    asks_note: bool = False
    backward: bool = False
    lines: list[FundingLine] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    amounts: dict[int, str] = field(default_factory=dict)
    errors: Problems = field(default_factory=dict)
    missing: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def general(self) -> list[str]:
        return self.errors.get(GENERAL, [])

    @property
    def rows(self) -> list[tuple[FundingLine, str]]:
        """The department's funding lines with the amount typed for each."""
        return [(line, self.amounts.get(line.pk, "")) for line in self.lines]


def move_form(project: Project, user: Any, to: str) -> MoveForm:
    committee = project.state == RequestState.SCREENED and to in (
        RequestState.APPROVED,
        RequestState.DECLINED,
    )
    funding = project.state == RequestState.SENT and to == RequestState.FUNDED
    form = MoveForm(
        to=to,
        button=str(BUTTONS.get(to, to)),
        committee=committee,
        funding=funding,
        asks_note=to in (RequestState.DECLINED, RequestState.RECONSIDERED, RequestState.DRAFT)
        and not committee,
        backward=to in BACKWARD,
    )
    if funding:
        # The lines this reviewer decides on, as ``move_request`` picks them.
        form.lines = workflow.department_lines(project, user)
        form.clashes = [p.other(project).code for p in workflow.funded_duplicates(project)]
    return form


def move_forms(project: Project, user: Any, bound: MoveForm | None = None) -> list[MoveForm]:
    """A form per allowed move, in the cycle's order; ``bound`` replaces its blank twin."""
    allowed = workflow.allowed_moves(project, user)
    forms = [move_form(project, user, to) for to in sorted(allowed, key=ORDER.index)]
    return [bound if bound is not None and bound.to == f.to else f for f in forms]


def read_move(form: MoveForm, post: QueryDict) -> dict[str, Any]:
    """The keyword arguments of ``move_request`` from what was typed (kept on ``form``)."""
    form.values = {name: post.get(name, "").strip() for name in FIELDS}
    form.amounts = {line.pk: post.get(f"amount-{line.pk}", "").strip() for line in form.lines}
    meeting_date: dt.date | None = None
    if form.committee and form.values["meeting_date"]:
        try:
            meeting_date = parse_date(form.values["meeting_date"])
        except ThaiDateError as exc:
            form.errors["meeting_date"] = [str(exc)]
    return {
        "meeting": form.values["meeting"],
        "meeting_date": meeting_date,
        "resolution": form.values["resolution"],
        "note": form.values["note"],
        "amounts": {pk: text for pk, text in form.amounts.items() if text},
        "override_reason": form.values["override_reason"],
    }


def take_problems(form: MoveForm, problems: Problems) -> None:
    """Put ``move_request``'s problems on the form; an unreadable date keeps its own message."""
    for key, messages in problems.items():
        if key == "meeting_date" and key in form.errors:
            continue
        if key in READINESS_LABELS:
            form.missing.append((str(READINESS_LABELS[key]), messages))
        elif key in FIELDS or key == "amounts":
            form.errors.setdefault(key, []).extend(messages)
        else:
            form.errors.setdefault(GENERAL, []).extend(messages)
