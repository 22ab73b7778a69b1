"""The gap board: gaps kept in step with the data list, and their priority.

``sync_gaps`` is the only writer of a gap's types and of its automatic closing: a need that is
missing or incomplete gets a gap (or its types updated, and a gap closed by data reopened);
a gap whose need is now met, or no longer needed, closes by itself.

Priority (0–100) is a weighted mean of four parts, each between 0 and 1, with the weights of
the area (``PriorityWeights``):
- centrality: 1 for a headline indicator (on the plan's top element), 2/3 on a strategic
  issue, 1/3 below it (goals, approaches, value-chain stages and success factors);
- reach: the plan elements needing it, 1 from five up (n / 5 below);
- severity: 1 when missing, 0.5 when incomplete;
- target: 1 when a target of the plan depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.geo.models import Area
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_fiscal_year
from oneplan.orgs.models import Agency
from oneplan.permissions import UserLike
from oneplan.stats.models import Indicator
from oneplan.valuechains import rules
from oneplan.valuechains.choices import GapStatus, Remedy
from oneplan.valuechains.datalist import CENTRALITY, Row, data_list
from oneplan.valuechains.models import DataGap, PriorityWeights

REACH_FULL = 5
SEVERITY = {rules.Status.MISSING: 1.0, rules.Status.INCOMPLETE: 0.5, rules.Status.AVAILABLE: 0.0}
PARTS = ("centrality", "reach", "severity", "target")


@dataclass(frozen=True)
class Priority:
    parts: dict[str, float]  # each 0-1
    weights: dict[str, float]

    @property
    def score(self) -> float:
        total = sum(self.weights.values())
        if not total:
            return 0.0
        return round(100 * sum(self.parts[p] * self.weights[p] for p in PARTS) / total, 1)

    def contributions(self) -> dict[str, float]:
        """Each part's share of the score, in score points (they add up to it)."""
        total = sum(self.weights.values()) or 1.0
        return {p: round(100 * self.parts[p] * self.weights[p] / total, 1) for p in PARTS}


def weights_for(area: Area) -> dict[str, float]:
    saved = PriorityWeights.objects.filter(area=area).first() or PriorityWeights()
    return {p: float(getattr(saved, p)) for p in PARTS}


def priority(rows: list[Row], weights: dict[str, float]) -> Priority:
    """The priority of the gap on an indicator whose data-list rows are ``rows``."""
    gaps = [r for r in rows if r.status != rules.Status.AVAILABLE] or rows
    elements = set().union(*(r.elements for r in rows))
    parts = {
        "centrality": max(CENTRALITY[r.centrality] for r in rows),
        "reach": min(len(elements) / REACH_FULL, 1.0),
        "severity": max(SEVERITY[r.status] for r in gaps),
        "target": 1.0 if any(r.has_target for r in rows) else 0.0,
    }
    return Priority(parts, weights)


@dataclass(frozen=True)
class Synced:
    opened: int
    updated: int
    closed: int


def sync_gaps(area: Area, user: UserLike | None = None, today: date | None = None) -> Synced:
    """Bring ``area``'s gaps in step with its data list."""
    rows = data_list(area, user, today)
    short: dict[int, list[str]] = {}
    for row in rows:
        if row.status != rules.Status.AVAILABLE:
            reasons = short.setdefault(row.indicator.pk, [])
            reasons.extend(r.value for r in row.reasons if r.value not in reasons)
    opened = updated = closed = 0
    with transaction.atomic():
        gaps = DataGap.objects.select_for_update().filter(area=area)
        existing = {g.indicator_id: g for g in gaps}
        for indicator_id, types in short.items():
            gap = existing.get(indicator_id)
            if gap is None:
                DataGap.objects.create(area=area, indicator_id=indicator_id, types=types)
                opened += 1
                continue
            reopen = gap.status == GapStatus.CLOSED and gap.closed_by_data
            if gap.types != types or reopen:
                gap.types = types
                if reopen:
                    gap.status, gap.closed_by_data = GapStatus.OPEN, False
                gap.save()
                updated += 1
        for indicator_id, gap in existing.items():
            if indicator_id not in short and gap.status != GapStatus.CLOSED:
                gap.status, gap.closed_by_data = GapStatus.CLOSED, True
                gap.save()
                closed += 1
    return Synced(opened, updated, closed)


# Where a gap may go from each status: one step on, or back to open.
MOVES = {
    GapStatus.OPEN: {GapStatus.PLANNED},
    GapStatus.PLANNED: {GapStatus.IN_PROGRESS, GapStatus.OPEN},
    GapStatus.IN_PROGRESS: {GapStatus.CLOSED, GapStatus.OPEN},
    GapStatus.CLOSED: {GapStatus.OPEN},
}
EDITABLE = ("remedy", "proxy_id", "agency_id", "budget", "target_year", "status", "note")


def read_gap_input(sent: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A gap change as people type it (codes, a Buddhist-Era fiscal year, a budget that may
    hold thousands separators) turned into model values for ``update_gap``, with a problem
    per field that could not be read. Only the fields present in ``sent`` change."""
    changes: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name in ("remedy", "status", "note"):
        if name in sent:
            changes[name] = sent[name] or ""
    if "budget" in sent:
        budget = str(sent["budget"] or "").replace(",", "").strip()
        try:
            changes["budget"] = Decimal(budget) if budget else None
        except ArithmeticError:
            problems["budget"] = _("%(value)s is not a number.") % {"value": sent["budget"]}
    if "target_year" in sent:
        text = str(sent["target_year"] or "").strip()
        try:
            changes["target_year"] = parse_fiscal_year(text) if text else None
        except ThaiDateError as exc:
            problems["target_year"] = str(exc)
    for name, model in (("agency", Agency), ("proxy", Indicator)):
        if name in sent:
            code = str(sent[name] or "").strip()
            found = model.objects.filter(code=code).first() if code else None
            if code and found is None:
                problems[name] = _("No %(kind)s with code %(code)s.") % {"kind": name, "code": code}
            changes[f"{name}_id"] = found.pk if found else None
    return changes, problems


def update_gap(
    gap: DataGap, user: UserLike, changes: dict[str, Any], problems: dict[str, str] | None = None
) -> DataGap:
    """Change what will be done about a gap (pages and API alike); every problem is reported
    at once by field (with ``problems`` the caller found reading the input), and nothing is
    saved when there is one."""
    permissions.require(user, permissions.Action.CHANGE, gap)
    problems = dict(problems or {})
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        problems["__all__"] = _("These fields cannot be changed: %(names)s") % {
            "names": ", ".join(unknown)
        }
    status = changes.get("status", gap.status)
    if status not in GapStatus.values:
        problems["status"] = _("Unknown status %(value)s.") % {"value": status}
    elif status != gap.status and status not in MOVES[GapStatus(gap.status)]:
        problems["status"] = _("A gap cannot move from %(old)s to %(new)s.") % {
            "old": GapStatus(gap.status).label,
            "new": GapStatus(status).label,
        }
    remedy = changes.get("remedy", gap.remedy)
    if remedy and remedy not in Remedy.values:
        problems["remedy"] = _("Unknown remedy %(value)s.") % {"value": remedy}
    if remedy == Remedy.PROXY and not changes.get("proxy_id", gap.proxy_id):
        problems["proxy_id"] = _("Name the proxy indicator.")
    budget = changes.get("budget", gap.budget)
    if budget is not None and Decimal(str(budget)) < 0:
        problems["budget"] = _("A budget cannot be negative.")
    year = changes.get("target_year", gap.target_year)
    if year is not None and not 2000 <= int(year) <= 2100:
        problems["target_year"] = _("The target fiscal year is out of range.")
    for name, model, message in (
        ("agency_id", Agency, _("No such agency.")),
        ("proxy_id", Indicator, _("No such indicator.")),
    ):
        pk = changes.get(name)
        if pk is not None and not model.objects.filter(pk=pk).exists():
            problems[name] = message
    if problems:
        raise ValidationError(problems)
    for name, value in changes.items():
        setattr(gap, name, value)
    if status == GapStatus.CLOSED and "status" in changes:
        gap.closed_by_data = False  # closed by hand
    gap.save()
    return gap


@dataclass(frozen=True)
class SharedGap:
    """An indicator missing or incomplete in several provinces of a group: a candidate for
    one remedy at group level."""

    indicator: Indicator
    provinces: list[Area]
    types: list[str]


def shared_gaps(group: Area, least: int = 2) -> list[SharedGap]:
    """Unclosed gaps on the same indicator in ``least`` or more of ``group``'s member
    provinces today, most shared first."""
    from oneplan.geo.choices import AreaLevel

    members = Area.objects.within(group).filter(level=AreaLevel.PROVINCE)
    by_indicator: dict[int, list[DataGap]] = {}
    for gap in (
        DataGap.objects.filter(area__in=members)
        .exclude(status=GapStatus.CLOSED)
        .select_related("indicator", "area")
        .order_by("area__code")
    ):
        by_indicator.setdefault(gap.indicator_id, []).append(gap)
    shared = [
        SharedGap(
            gaps[0].indicator,
            [g.area for g in gaps],
            sorted({t for g in gaps for t in g.types}),
        )
        for gaps in by_indicator.values()
        if len(gaps) >= least
    ]
    return sorted(shared, key=lambda s: (-len(s.provinces), s.indicator.code))
