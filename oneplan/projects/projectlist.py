"""The annual project list (บัญชีรายการชุดโครงการ) of a province or group: its order, and the
split into within-ceiling and over-ceiling.

The order is the committee's: projects it has placed by hand (``Project.rank``) first, in
that order, then the rest by priority score. Walking down the list, a project is within the
ceiling while the running total of the amounts asked from the list's budget stays within the
ceiling; from the first project that crosses it, the rest are over the ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.projects.choices import RequestState
from oneplan.projects.models import FundingLine, Project, ProjectList, RankChange
from oneplan.projects.priority import Priority, priorities, with_priority_data

# Drafts are not yet the area's requests; what the committee declined has left the list.
LISTED_STATES = frozenset(RequestState.values) - {RequestState.DRAFT, RequestState.DECLINED}


@dataclass(frozen=True)
class Entry:
    position: int
    project: Project
    amount: Decimal
    running_total: Decimal
    within_ceiling: bool
    priority: Priority
    placed_by_hand: bool


@dataclass(frozen=True)
class ListView:
    project_list: ProjectList
    entries: list[Entry]

    @property
    def within(self) -> list[Entry]:
        return [e for e in self.entries if e.within_ceiling]

    @property
    def over(self) -> list[Entry]:
        return [e for e in self.entries if not e.within_ceiling]

    @property
    def total(self) -> Decimal:
        return sum((e.amount for e in self.entries), Decimal(0))

    @property
    def within_total(self) -> Decimal:
        return sum((e.amount for e in self.within), Decimal(0))


def listed_projects(project_list: ProjectList) -> list[Project]:
    """The requests of the list's area and year that ask for money from its budget."""
    lines = FundingLine.objects.filter(
        source=project_list.source, fiscal_year=project_list.fiscal_year
    )
    qs = (
        Project.objects.filter(
            area=project_list.area,
            fiscal_year=project_list.fiscal_year,
            state__in=LISTED_STATES,
            funding__in=lines,
        )
        .distinct()
        .select_related("agency")
        .prefetch_related(Prefetch("funding", queryset=lines, to_attr="list_lines"))
    )
    return with_priority_data(qs)


def build(project_list: ProjectList) -> ListView:
    """The list in its order with the ceiling split."""
    projects = listed_projects(project_list)
    scores = priorities(projects, project_list.committee_id)

    def order(p: Project) -> tuple[int, float, float, str]:
        placed = p.rank is not None
        return (0 if placed else 1, p.rank or 0, -scores[p.pk].score, p.code)

    entries: list[Entry] = []
    running = Decimal(0)
    crossed = False
    for position, project in enumerate(sorted(projects, key=order), start=1):
        amount = sum((line.amount_requested for line in project.list_lines), Decimal(0))  # type: ignore[attr-defined]
        running += amount
        crossed = crossed or running > project_list.ceiling
        entries.append(
            Entry(
                position=position,
                project=project,
                amount=amount,
                running_total=running,
                within_ceiling=not crossed,
                priority=scores[project.pk],
                placed_by_hand=project.rank is not None,
            )
        )
    return ListView(project_list, entries)


def reorder(
    project_list: ProjectList, user: Any, codes: list[str], reason: str
) -> list[RankChange]:
    """Put the list in the order of ``codes`` (every listed project once, as a drag and drop
    sends it) and record each project that moved, with ``reason``."""
    if not permissions.can_reorder_list(user, project_list):
        raise PermissionDenied(_("You may not reorder %(list)s.") % {"list": project_list})
    current = [e.project for e in build(project_list).entries]
    by_code = {p.code: p for p in current}
    problems: dict[str, list[str]] = {}
    if not reason.strip():
        problems["reason"] = [_("Say why the order changes.")]
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        problems.setdefault("order", []).append(
            _("Not in this list: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    missing = [c for c in by_code if c not in codes]
    if missing:
        problems.setdefault("order", []).append(
            _("Missing from the new order: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    if len(set(codes)) != len(codes):
        problems.setdefault("order", []).append(_("A project appears twice in the new order."))
    if problems:
        raise ValidationError(problems)
    before = {p.code: i for i, p in enumerate(current, start=1)}
    moved = dragged(codes, before)
    moves: list[RankChange] = []
    with transaction.atomic():
        for position, code in enumerate(codes, start=1):
            project = by_code[code]
            if code in moved:
                moves.append(
                    RankChange(
                        project_list=project_list,
                        project=project,
                        from_rank=before[code],
                        to_rank=position,
                        reason=reason.strip(),
                        user=user if getattr(user, "pk", None) else None,
                    )
                )
            project.rank = position
        Project.objects.bulk_update(current, ["rank"])
        RankChange.objects.bulk_create(moves)
    return moves


def dragged(codes: list[str], before: dict[str, int]) -> set[str]:
    """The projects that were picked up and put elsewhere: all but the longest run that kept
    its relative order (the others only shifted to make room)."""
    old = [before[c] for c in codes]
    # Longest increasing subsequence, O(n log n), remembering the chain.
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(old)
    for i, value in enumerate(old):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < value:
                lo = mid + 1
            else:
                hi = mid
        parent[i] = tail_at[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[lo] = value
            tail_at[lo] = i
    kept: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        kept.add(i)
        i = parent[i]
    return {code for i, code in enumerate(codes) if i not in kept}
