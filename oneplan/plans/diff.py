"""Side-by-side differences between two editions of a plan, matched by element uid."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from django.utils.translation import gettext_lazy as _

from oneplan.lib.thaidate import format_be_year
from oneplan.plans.models import PlanEdition, PlanElement, PlanIndicator
from oneplan.plans.tree import Row, walk


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass
class Side:
    element: PlanElement
    depth: int
    parent_uid: UUID | None
    agencies: tuple[str, ...]
    indicators: tuple[str, ...]


@dataclass
class DiffRow:
    change: Change
    old: Side | None
    new: Side | None
    fields: list[str] = field(default_factory=list)

    @property
    def field_labels(self) -> list[str]:
        return [str(FIELD_LABELS[f]) for f in self.fields]


COMPARED = ("kind", "number", "name_th", "name_en", "description")
FIELD_LABELS = {
    "kind": _("kind"),
    "number": _("number"),
    "name_th": _("Thai name"),
    "name_en": _("English name"),
    "description": _("description"),
    "parent": _("place in the tree"),
    "agencies": _("responsible agencies"),
    "indicators": _("indicators and targets"),
}


def _indicator_lines(pi: PlanIndicator) -> list[str]:
    head = f"{pi.indicator.code} {pi.indicator.name_th}"
    lines = [head]
    if pi.baseline_year or pi.baseline_value is not None:
        year = format_be_year(pi.baseline_year) if pi.baseline_year else ""
        lines.append(f"{head} · baseline {year} = {_num(pi.baseline_value)}")
    for t in sorted(pi.targets.all(), key=lambda t: (t.area.code, t.fiscal_year)):
        lines.append(f"{head} · {t.area.code} {format_be_year(t.fiscal_year)} = {_num(t.value)}")
    return lines


def _num(value: object) -> str:
    if value is None:
        return "-"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sides(edition: PlanEdition) -> tuple[list[Row], dict[UUID, Side]]:
    elements = list(edition.elements.prefetch_related("agencies"))
    uid_of = {e.pk: e.uid for e in elements}
    lines: dict[int, list[str]] = {}
    indicators = PlanIndicator.objects.filter(element__edition=edition).select_related("indicator")
    for pi in indicators.prefetch_related("targets__area").order_by("position", "pk"):
        lines.setdefault(pi.element_id, []).extend(_indicator_lines(pi))
    rows = walk(elements)
    sides = {
        r.element.uid: Side(
            r.element,
            r.depth,
            uid_of.get(r.element.parent_id) if r.element.parent_id else None,
            tuple(sorted(a.code for a in r.element.agencies.all())),
            tuple(lines.get(r.element.pk, [])),
        )
        for r in rows
    }
    return rows, sides


def compare(old: PlanEdition, new: PlanEdition) -> list[DiffRow]:
    """Every element of either edition, in the new edition's reading order with removed
    elements after the element that preceded them in the old one."""
    old_rows, old_sides = _sides(old)
    new_rows, new_sides = _sides(new)
    result: list[DiffRow] = []
    for row in new_rows:
        uid = row.element.uid
        after = new_sides[uid]
        before = old_sides.get(uid)
        if before is None:
            result.append(DiffRow(Change.ADDED, None, after))
            continue
        fields = [f for f in COMPARED if getattr(before.element, f) != getattr(after.element, f)]
        if before.parent_uid != after.parent_uid:
            fields.append("parent")
        if before.agencies != after.agencies:
            fields.append("agencies")
        if before.indicators != after.indicators:
            fields.append("indicators")
        result.append(
            DiffRow(Change.CHANGED if fields else Change.UNCHANGED, before, after, fields)
        )
    # Removed elements go after their old predecessor's place in the result.
    position = {r.new.element.uid: i for i, r in enumerate(result) if r.new}
    inserts: list[tuple[int, int, DiffRow]] = []
    previous_index = -1
    for n, row in enumerate(old_rows):
        uid = row.element.uid
        if uid in new_sides:
            previous_index = position[uid]
            continue
        inserts.append((previous_index, n, DiffRow(Change.REMOVED, old_sides[uid], None)))
    for index, _n, diff_row in sorted(inserts, key=lambda t: (t[0], t[1]), reverse=True):
        result.insert(index + 1, diff_row)
    return result


def summary(rows: list[DiffRow]) -> dict[str, int]:
    counts = {c.value: 0 for c in Change}
    for row in rows:
        counts[row.change.value] += 1
    return counts
