"""The data list (บัญชีรายการข้อมูล) of a province or group, computed, never typed: every
indicator its plan and value chains need, with what the catalogue and the stored values offer
and the status ``rules.judge`` gives. A fixed number of queries whatever the list's length."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Max
from django.db.models.functions import Length
from django.utils import timezone

from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period
from oneplan.orgs.models import Agency
from oneplan.permissions import UserLike
from oneplan.plans.choices import ElementKind
from oneplan.plans.models import PlanIndicator, Target
from oneplan.stats.choices import Frequency
from oneplan.stats.filtersets import PERIOD_TYPES
from oneplan.stats.kpi.status import edition_for, plan_for_area
from oneplan.stats.models import AggregateValue, DatasetIndicator, Indicator, Observation
from oneplan.valuechains import rules
from oneplan.valuechains.models import PriorityWeights, Requirement

# How central a need is, for the priority score: on the plan's top element (a headline
# indicator), on a strategic issue, or below (goals, approaches, stages, success factors).
HEADLINE, ISSUE, FACTOR = "headline", "issue", "factor"
CENTRALITY = {HEADLINE: 1.0, ISSUE: 2 / 3, FACTOR: 1 / 3}


@dataclass
class Row:
    """One line of the data list: an indicator needed at a frequency and area level."""

    indicator: Indicator
    frequency: str
    level: str
    needed_by: list[str] = field(default_factory=list)
    centrality: str = FACTOR
    elements: set[int] = field(default_factory=set)  # plan elements needing it
    outside_authority: bool = False
    has_target: bool = False
    agency: Agency | None = None  # answering for the requirement
    owner: Agency | None = None  # owning the data (the best providing dataset's)
    dataset: str = ""
    source_type: str = ""
    provided_frequency: str = ""
    provided_level: str = ""
    official: bool = False
    latest_period: str = ""
    coverage: float | None = None
    status: rules.Status = rules.Status.MISSING
    reasons: tuple[rules.Reason, ...] = ()

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.indicator.pk, self.frequency, self.level)


def limits_for(area: Area) -> rules.Limits:
    weights = PriorityWeights.objects.filter(area=area).first()
    if weights is None:
        return rules.Limits()
    return rules.Limits(coverage=weights.coverage_threshold, periods_late=weights.periods_late)


def data_list(area: Area, user: UserLike | None = None, today: date | None = None) -> list[Row]:
    """The data list of ``area``, ordered by status (missing first) then indicator code."""
    rows: dict[tuple[int, str, str], Row] = {}
    _plan_needs(area, user, rows)
    _requirement_needs(area, rows)
    if not rows:
        return []
    _supply(area, rows.values(), today or timezone.localdate(), limits_for(area))
    order = {rules.Status.MISSING: 0, rules.Status.INCOMPLETE: 1, rules.Status.AVAILABLE: 2}
    return sorted(rows.values(), key=lambda r: (order[r.status], r.indicator.code, r.level))


def _row(rows: dict[tuple[int, str, str], Row], indicator: Indicator, freq: str, level: str) -> Row:
    key = (indicator.pk, freq or indicator.frequency, level or indicator.min_area_level)
    if key not in rows:
        rows[key] = Row(indicator, key[1], key[2])
    return rows[key]


def _more_central(a: str, b: str) -> str:
    return a if CENTRALITY[a] >= CENTRALITY[b] else b


def _plan_needs(area: Area, user: UserLike | None, rows: dict[tuple[int, str, str], Row]) -> None:
    from django.contrib.auth.models import AnonymousUser

    plan = plan_for_area(area)
    edition = edition_for(plan, user or AnonymousUser()) if plan else None
    if edition is None:
        return
    uses = (
        PlanIndicator.objects.filter(element__edition=edition)
        .select_related("indicator", "element")
        .prefetch_related("responsibilities__agency")
    )
    targeted = set(
        Target.objects.filter(plan_indicator__element__edition=edition).values_list(
            "plan_indicator__indicator_id", flat=True
        )
    )
    for use in uses:
        element = use.element
        row = _row(rows, use.indicator, "", "")
        row.needed_by.append(f"{element.number} {element.name_th}".strip())
        row.elements.add(element.pk)
        kind = (
            HEADLINE
            if element.parent_id is None
            else ISSUE
            if element.kind == ElementKind.ISSUE
            else FACTOR
        )
        row.centrality = _more_central(row.centrality, kind) if row.needed_by[1:] else kind
        row.outside_authority |= use.outside_authority
        row.has_target |= use.indicator_id in targeted
        lead = next((r.agency for r in use.responsibilities.all()), None)
        row.agency = row.agency or lead


def _requirement_needs(area: Area, rows: dict[tuple[int, str, str], Row]) -> None:
    needs = Requirement.objects.filter(area=area).select_related(
        "indicator", "element", "stage__chain", "factor__stage__chain", "agency"
    )
    for need in needs:
        row = _row(rows, need.indicator, need.frequency, need.area_level)
        fresh = not row.needed_by
        if need.factor is not None:
            label, kind = f"{need.factor.stage.chain.name_th} › {need.factor}", FACTOR
        elif need.stage is not None:
            label, kind = f"{need.stage.chain.name_th} › {need.stage}", FACTOR
        else:
            element = need.element
            assert element is not None
            label = f"{element.number} {element.name_th}".strip()
            kind = ISSUE if element.kind == ElementKind.ISSUE else FACTOR
            row.elements.add(element.pk)
        row.needed_by.append(label)
        row.centrality = kind if fresh else _more_central(row.centrality, kind)
        row.outside_authority |= need.outside_authority
        row.agency = row.agency or need.agency


def _supply(area: Area, rows: Any, today: date, limits: rules.Limits) -> None:
    rows = list(rows)
    ids = {r.indicator.pk for r in rows}
    providers: dict[int, list[DatasetIndicator]] = defaultdict(list)
    for provided in DatasetIndicator.objects.filter(indicator_id__in=ids).select_related(
        "dataset__owner"
    ):
        providers[provided.indicator_id].append(provided)
    latest = _latest_values(area, {r.indicator for r in rows})
    for row in rows:
        offered = providers.get(row.indicator.pk, [])
        supply = rules.Supply(
            providers=tuple(
                rules.Provider(p.frequency, p.min_area_level, p.dataset.owner_id is not None)
                for p in offered
            ),
        )
        period, coverage = latest.get(row.indicator.pk, (None, None))
        if period is not None:
            supply = rules.Supply(supply.providers, Period.parse(period).end, coverage)
            row.latest_period, row.coverage = period, coverage
        verdict = rules.judge(
            rules.Need(row.frequency, row.level, row.outside_authority), supply, today, limits
        )
        row.status, row.reasons = verdict.status, verdict.reasons
        best = _best(offered)
        if best is not None:
            row.owner, row.dataset = best.dataset.owner, best.dataset.code
            row.source_type, row.official = best.dataset.source_type, best.dataset.official
            row.provided_frequency, row.provided_level = best.frequency, best.min_area_level
        row.official |= row.indicator.official


def _best(offered: list[DatasetIndicator]) -> DatasetIndicator | None:
    """The providing dataset shown beside a row: owned first, then most often, then finest."""
    if not offered:
        return None
    return max(
        offered,
        key=lambda p: (
            p.dataset.owner_id is not None,
            rules.PER_YEAR[p.frequency],
            rules.DEPTH[p.min_area_level],
        ),
    )


def _latest_values(area: Area, indicators: set[Indicator]) -> dict[int, tuple[str, float]]:
    """Each indicator's latest total at ``area`` at its own frequency: the period code and the
    share of expected base values behind it (1 for a value typed for the area itself)."""
    by_frequency: dict[str, list[int]] = defaultdict(list)
    for indicator in indicators:
        by_frequency[indicator.frequency].append(indicator.pk)
    found: dict[int, tuple[date, str, float]] = {}
    for frequency, ids in by_frequency.items():
        for model in (Observation, AggregateValue):
            rows = (
                model.objects.filter(area=area, indicator_id__in=ids, disaggregation="")
                .annotate(_period_length=Length("period"))
                .filter(PERIOD_TYPES[Frequency(frequency)])
            )
            starts = dict(
                rows.values("indicator_id")
                .annotate(latest=Max("start"))
                .values_list("indicator_id", "latest")
            )
            if not starts:
                continue
            fields = ["indicator_id", "period", "start"]
            if model is AggregateValue:
                fields += ["count", "expected"]
            at_latest = rows.filter(start__in=set(starts.values())).values_list(*fields)
            for pk, period, start, *counts in at_latest:
                if start != starts[pk]:
                    continue
                share = 1.0 if not counts else (counts[0] / counts[1] if counts[1] else 0.0)
                # A typed value for the area wins over a roll-up of the same period.
                if pk not in found or start > found[pk][0]:
                    found[pk] = (start, period, share)
    return {pk: (period, share) for pk, (_start, period, share) in found.items()}
