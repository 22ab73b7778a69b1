"""What the project pages share: a fiscal year from the URL, which requests a reader may see,
a priority score drawn as one bar per part, and a domain function's problems by field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_fiscal_year
from oneplan.projects.models import Project
from oneplan.projects.priority import PART_LABELS, PARTS, Priority

GENERAL = "__all__"
Problems = dict[str, list[str]]


def year_from_url(text: str) -> int:
    """A fiscal year in a URL (Buddhist Era, e.g. 2569) as stored (CE); 404 when unreadable."""
    try:
        return parse_fiscal_year(text)
    except ThaiDateError as exc:
        raise Http404(str(exc)) from exc


def visible_ids(user: permissions.UserLike, projects: Iterable[Project]) -> set[int]:
    """Primary keys of the requests ``user`` may open; the others are shown without title."""
    return {p.pk for p in projects if permissions.can_view_project(user, p)}


@dataclass(frozen=True)
class PartBar:
    """One part of a priority score: its share (0–100 % of the part) and its points."""

    key: str
    label: str
    share: float
    points: float
    most: float


def priority_bars(priority: Priority) -> list[PartBar]:
    total = sum(priority.weights.values()) or 1.0
    points = priority.contributions()
    return [
        PartBar(
            key=part,
            label=str(PART_LABELS[part]),
            share=round(100 * priority.parts[part], 1),
            points=points[part],
            most=round(100 * priority.weights[part] / total, 1),
        )
        for part in PARTS
    ]


def problems_of(exc: ValidationError) -> Problems:
    """A ``ValidationError`` by field (messages without a field under ``__all__``)."""
    if hasattr(exc, "error_dict"):
        return {key: list(messages) for key, messages in exc.message_dict.items()}
    return {GENERAL: list(exc.messages)}


def general_message(text: str) -> str:
    return text or _("You may not do this.")


def share(part: Decimal, whole: Decimal | None) -> float | None:
    """``part`` as a percentage of ``whole`` (for progress bars); None without a whole."""
    if not whole:
        return None
    return float(100 * part / whole)


def attached_analyses(project_ids: Iterable[int]) -> dict[int, int]:
    """How many saved analyses each request has attached, in one query."""
    counts: dict[int, int] = {}
    through = Project.analyses.through
    for pid in through.objects.filter(project_id__in=list(project_ids)).values_list(
        "project_id", flat=True
    ):
        counts[pid] = counts.get(pid, 0) + 1
    return counts
