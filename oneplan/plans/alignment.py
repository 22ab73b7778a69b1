"""Alignment links between plans, and the matrix of a plan's issues against a framework."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.models import set_history_user
from oneplan.plans.choices import ElementKind
from oneplan.plans.models import Alignment, Plan, PlanEdition, PlanElement
from oneplan.plans.tree import walk

# How far the matrix follows links upward (province -> group -> region -> framework).
MAX_HOPS = 4


def link(source: PlanElement, target: PlanElement, user: Any, note: str = "") -> Alignment:
    """Record that ``source`` serves ``target`` (an element of another plan)."""
    alignment = Alignment(source=source, target=target, note=note.strip())
    permissions.require(user, permissions.Action.ADD, alignment)
    alignment.full_clean(validate_constraints=False)
    set_history_user(alignment, user)
    try:
        with transaction.atomic():
            alignment.save()
    except IntegrityError as exc:
        raise ValidationError(_("These two elements are already linked.")) from exc
    return alignment


def unlink(alignment: Alignment, user: Any) -> None:
    permissions.require(user, permissions.Action.DELETE, alignment)
    set_history_user(alignment, user)
    alignment.delete()


class Reach(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"


@dataclass
class Matrix:
    """Rows: this edition's issues (or top elements); columns: the framework's items."""

    edition: PlanEdition
    framework: PlanEdition
    rows: list[PlanElement]
    columns: list[PlanElement]
    cells: dict[tuple[int, int], Reach] = field(default_factory=dict)

    def cell(self, row: PlanElement, column: PlanElement) -> Reach | None:
        return self.cells.get((row.pk, column.pk))

    def unaligned_rows(self) -> list[PlanElement]:
        return [r for r in self.rows if not any((r.pk, c.pk) in self.cells for c in self.columns)]


def _branch_roots(
    elements: list[PlanElement], kinds: tuple[str, ...]
) -> tuple[list[PlanElement], dict[int, int]]:
    """The elements that head the matrix (the first kind present among ``kinds``, else the
    top-level elements) and, for every element, the head it lies under."""
    rows = walk(elements)
    present = {r.element.kind for r in rows}
    head_kind = next((k for k in kinds if k in present), None)
    heads: list[PlanElement] = []
    head_of: dict[int, int] = {}
    current: list[tuple[int, int]] = []  # (depth, head pk) stack
    for row in rows:
        while current and current[-1][0] >= row.depth:
            current.pop()
        element = row.element
        is_head = element.kind == head_kind if head_kind else row.depth == 0
        if is_head:
            heads.append(element)
            current.append((row.depth, element.pk))
        if current:
            head_of[element.pk] = current[-1][1]
    return heads, head_of


ROW_KINDS = (ElementKind.ISSUE, ElementKind.STRATEGY, ElementKind.GOAL)
COLUMN_KINDS = (
    ElementKind.STRATEGY,
    ElementKind.MASTER_PLAN,
    ElementKind.MILESTONE,
    ElementKind.GOAL,
    ElementKind.ISSUE,
)


def matrix(edition: PlanEdition, framework: Plan | PlanEdition) -> Matrix:
    """Which of this edition's issues serve which items of ``framework``: directly (a link from
    the issue or anything under it to the item or anything under it) or indirectly (through
    links of intermediate plans, e.g. province issue -> group issue -> master plan)."""
    target_edition = framework if isinstance(framework, PlanEdition) else _shown(framework)
    own = list(edition.elements.all())
    rows, row_of = _branch_roots(own, ROW_KINDS)
    theirs = list(target_edition.elements.all())
    columns, column_of = _branch_roots(theirs, COLUMN_KINDS)
    result = Matrix(edition, target_edition, rows, columns)

    up: dict[int, set[int]] = defaultdict(set)
    for source_id, target_id in Alignment.objects.values_list("source_id", "target_id"):
        up[source_id].add(target_id)
    # Targets reached from each row: hop 1 is direct, later hops are indirect. Links from an
    # element of an intermediate plan count from the element itself only.
    for element in own:
        row = row_of.get(element.pk)
        if row is None:
            continue
        frontier = set(up.get(element.pk, ()))
        seen: set[int] = set()
        for hop in range(1, MAX_HOPS + 1):
            reach = Reach.DIRECT if hop == 1 else Reach.INDIRECT
            for target_id in frontier:
                column = column_of.get(target_id)
                if column is not None and result.cells.get((row, column)) != Reach.DIRECT:
                    result.cells[(row, column)] = reach
            seen |= frontier
            frontier = {t for f in frontier for t in up.get(f, ()) if t not in seen}
            if not frontier:
                break
    return result


def _shown(plan: Plan) -> PlanEdition:
    """The edition of ``plan`` that others align to (see ``Plan.current_edition``)."""
    edition = plan.current_edition()
    if edition is None:
        raise ValidationError(_("%(plan)s has no edition yet.") % {"plan": plan})
    return edition


def frameworks() -> list[Plan]:
    """Plans that others align to (national strategy, master plans, NESDP, SDGs, ...)."""
    return list(
        Plan.objects.filter(plan_type__is_framework=True).select_related("plan_type", "area")
    )
