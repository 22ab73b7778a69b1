"""Editing an edition's element tree: add, change, delete, reorder, move and renumber.

Every function checks permission through ``oneplan.permissions`` (which also refuses changes to
approved editions) and renumbers the edition afterwards, so numbers always follow the tree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.models import set_history_user
from oneplan.orgs.models import Agency
from oneplan.plans.choices import UNNUMBERED_KINDS
from oneplan.plans.models import PlanEdition, PlanElement

Move = Literal["up", "down", "in", "out"]


@dataclass(frozen=True)
class Row:
    """An element in reading order with its depth (0 for top-level elements)."""

    element: PlanElement
    depth: int


def children_map(elements: Iterable[PlanElement]) -> dict[int | None, list[PlanElement]]:
    """Children of each element (``None``: the top level) in sibling order. Works on anything
    with ``pk``, ``parent_id`` and ``position``."""
    by_parent: dict[int | None, list[PlanElement]] = defaultdict(list)
    for element in elements:
        by_parent[element.parent_id].append(element)
    for siblings in by_parent.values():
        siblings.sort(key=lambda e: (e.position, e.pk or 0))
    return by_parent


def walk(elements: Iterable[PlanElement]) -> list[Row]:
    """Depth-first reading order of an edition's elements (fetched once, no recursion in SQL)."""
    by_parent = children_map(elements)
    rows: list[Row] = []
    stack: list[tuple[PlanElement, int]] = [(e, 0) for e in reversed(by_parent.get(None, []))]
    while stack:
        element, depth = stack.pop()
        rows.append(Row(element, depth))
        stack.extend((c, depth + 1) for c in reversed(by_parent.get(element.pk, [])))
    return rows


def flat_tree(edition: PlanEdition) -> list[Row]:
    elements = edition.elements.prefetch_related("agencies")
    return walk(elements)


def numbering(elements: Iterable[PlanElement]) -> dict[int, str]:
    """Numbers from tree position: siblings count 1, 2, ... under their parent's number ("2",
    "2.1", "2.1.3"), so a number names one element of an edition. Visions stay unnumbered and
    anything under a vision counts on at the vision's own level."""
    by_parent = children_map(elements)
    numbers: dict[int, str] = {}

    def visit(parent_id: int | None, prefix: str, counter: list[int]) -> None:
        for child in by_parent.get(parent_id, []):
            if child.kind in UNNUMBERED_KINDS:
                numbers[child.pk] = ""
                visit(child.pk, prefix, counter)
                continue
            counter[0] += 1
            number = f"{prefix}.{counter[0]}" if prefix else str(counter[0])
            numbers[child.pk] = number
            visit(child.pk, number, [0])

    visit(None, "", [0])
    return numbers


def renumber(edition: PlanEdition, user: Any = None) -> int:
    """Give every element of ``edition`` the number its place in the tree implies; returns how
    many numbers changed."""
    if user is not None:
        permissions.require(user, permissions.Action.CHANGE, edition)
    elements = list(edition.elements.all())
    numbers = numbering(elements)
    changed = []
    for element in elements:
        if element.number != numbers[element.pk]:
            element.number = numbers[element.pk]
            changed.append(element)
    PlanElement.objects.bulk_update(changed, ["number"])
    return len(changed)


def _validated(element: PlanElement) -> PlanElement:
    element.full_clean(exclude=["number", "search_text"])
    return element


def add_element(
    edition: PlanEdition,
    user: Any,
    *,
    kind: str,
    name_th: str,
    parent: PlanElement | None = None,
    name_en: str = "",
    description: str = "",
    agencies: Iterable[Agency] = (),
) -> PlanElement:
    """Append a new element under ``parent`` (or at the top) and renumber."""
    element = PlanElement(
        edition=edition,
        parent=parent,
        kind=kind,
        name_th=name_th.strip(),
        name_en=name_en.strip(),
        description=description,
    )
    permissions.require(user, permissions.Action.ADD, element)
    siblings = edition.elements.filter(parent=parent)
    element.position = (max((s.position for s in siblings), default=0)) + 1
    with transaction.atomic():
        _validated(element)
        set_history_user(element, user)
        element.save()
        element.agencies.set(list(agencies))
        renumber(edition)
    element.refresh_from_db()
    return element


def change_element(element: PlanElement, user: Any, **fields: Any) -> PlanElement:
    """Change an element's kind, names, description or agencies."""
    permissions.require(user, permissions.Action.CHANGE, element)
    agencies = fields.pop("agencies", None)
    for name, value in fields.items():
        if name not in {"kind", "name_th", "name_en", "description"}:
            raise ValueError(f"{name} cannot be changed here")
        setattr(element, name, value.strip() if isinstance(value, str) else value)
    with transaction.atomic():
        _validated(element)
        set_history_user(element, user)
        element.save()
        if agencies is not None:
            element.agencies.set(list(agencies))
        renumber(element.edition)
    element.refresh_from_db()
    return element


def delete_element(element: PlanElement, user: Any) -> None:
    """Delete an element with everything under it, then renumber."""
    permissions.require(user, permissions.Action.DELETE, element)
    edition = element.edition
    with transaction.atomic():
        set_history_user(element, user)
        element.delete()
        renumber(edition)


def _reposition(siblings: list[PlanElement]) -> None:
    for i, sibling in enumerate(siblings, start=1):
        sibling.position = i
    PlanElement.objects.bulk_update(siblings, ["position", "parent"])


def move_element(element: PlanElement, user: Any, move: Move) -> PlanElement:
    """Reorder among siblings (up, down), indent under the previous sibling (in) or move out to
    the parent's level, just after the parent (out)."""
    permissions.require(user, permissions.Action.CHANGE, element)
    edition = element.edition
    with transaction.atomic():
        siblings = list(edition.elements.filter(parent_id=element.parent_id))
        siblings.sort(key=lambda e: (e.position, e.pk))
        index = next(i for i, s in enumerate(siblings) if s.pk == element.pk)
        if move in ("up", "down"):
            other = index - 1 if move == "up" else index + 1
            if 0 <= other < len(siblings):
                siblings[index], siblings[other] = siblings[other], siblings[index]
            _reposition(siblings)
        elif move == "in":
            if index == 0:
                raise ValidationError(_("There is no element above to move this one into."))
            new_parent = siblings[index - 1]
            children = list(new_parent.children.order_by("position", "pk"))
            siblings.pop(index)
            element.parent = new_parent
            _validated(element)
            _reposition(siblings)
            _reposition([*children, element])
        elif move == "out":
            parent = element.parent
            if parent is None:
                raise ValidationError(_("The element is already at the top level."))
            siblings.pop(index)
            upper = list(edition.elements.filter(parent_id=parent.parent_id))
            upper.sort(key=lambda e: (e.position, e.pk))
            at = next(i for i, s in enumerate(upper) if s.pk == parent.pk)
            element.parent = parent.parent
            _validated(element)
            upper.insert(at + 1, element)
            _reposition(siblings)
            _reposition(upper)
        else:
            raise ValueError(f"unknown move {move}")
        renumber(edition)
    element.refresh_from_db()
    return element


def move_under(
    element: PlanElement, user: Any, parent: PlanElement | None, position: int | None = None
) -> PlanElement:
    """Move ``element`` under ``parent`` (``None``: top level) at ``position`` (1-based; default
    last) and renumber."""
    permissions.require(user, permissions.Action.CHANGE, element)
    edition = element.edition
    with transaction.atomic():
        old = [
            s
            for s in edition.elements.filter(parent_id=element.parent_id).order_by("position", "pk")
            if s.pk != element.pk
        ]
        element.parent = parent
        _validated(element)
        new = [
            s
            for s in edition.elements.filter(parent=parent).order_by("position", "pk")
            if s.pk != element.pk
        ]
        at = len(new) if position is None else max(0, min(position - 1, len(new)))
        new.insert(at, element)
        _reposition(old)
        _reposition(new)
        renumber(edition)
    element.refresh_from_db()
    return element
