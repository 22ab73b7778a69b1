"""A request's priority: a transparent score from 0 to 100 with its five parts visible.

Each part is a share from 0 to 1:
- alignment: half for serving an element of the area's plan, half for the national
  frameworks it names (three or more count in full);
- severity: how far the indicators it addresses fall short of their targets, at worst, in
  the latest year with both a target and a value (shortfall ÷ target, at most 1);
- readiness: a third each for a cost estimate attached, land ready, design ready;
- coverage: serving a value-chain success factor (1), or only a strategic issue that has a
  value chain (½);
- reach: half for beneficiaries (a log scale up to 100,000), half for locations (up to 10).
The score is the weighted mean of the parts × 100; weights come from the committee's
``PriorityWeights`` (else the default row, else the model's defaults).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from oneplan.lib.scoring import apportion
from oneplan.plans.models import PlanElement, PlanIndicator
from oneplan.projects.choices import DEFAULT_WEIGHTS, DocumentKind
from oneplan.projects.models import PriorityWeights, Project
from oneplan.stats.kpi.rules import Direction, shortfall
from oneplan.stats.kpi.status import actual_values

PARTS = ("alignment", "severity", "readiness", "coverage", "reach")
PART_LABELS = {
    "alignment": _("Alignment"),
    "severity": _("Severity"),
    "readiness": _("Readiness"),
    "coverage": _("Value-chain coverage"),
    "reach": _("Reach"),
}
FULL_FRAMEWORKS = 3
FULL_BENEFICIARIES = 100_000
FULL_LOCATIONS = 10
SEVERITY_YEARS = 4


@dataclass(frozen=True)
class Priority:
    parts: dict[str, float]
    weights: dict[str, float]

    def _raw(self) -> dict[str, float]:
        total = sum(self.weights.values())
        if total <= 0:
            return dict.fromkeys(PARTS, 0.0)
        return {p: 100 * self.weights[p] * self.parts[p] / total for p in PARTS}

    @property
    def score(self) -> float:
        return round(sum(self._raw().values()), 1)

    def contributions(self) -> dict[str, float]:
        """Each part's points of the score, in tenths that add up to the shown score."""
        return apportion(self._raw(), self.score)


def weights_for(committee_id: int | None) -> dict[str, float]:
    """The committee's weights, else the default row, else the built-in defaults."""
    # Not ``committee_id__in=[id, None]``: ``__in`` drops None, which lost the default row.
    rows = {
        w.committee_id: w
        for w in PriorityWeights.objects.filter(Q(committee_id=committee_id) | Q(committee=None))
    }
    row = rows.get(committee_id) or rows.get(None)
    if row is None:
        return dict(DEFAULT_WEIGHTS)
    return {p: float(getattr(row, p)) for p in PARTS}


def alignment_part(serves_plan: bool, frameworks: int) -> float:
    return 0.5 * serves_plan + 0.5 * min(frameworks, FULL_FRAMEWORKS) / FULL_FRAMEWORKS


def readiness_part(estimate: bool, land: bool, design: bool) -> float:
    return (estimate + land + design) / 3


def coverage_part(factor: bool, issue_with_chain: bool) -> float:
    return 1.0 if factor else 0.5 if issue_with_chain else 0.0


def reach_part(beneficiaries: int | None, locations: int) -> float:
    people = math.log10((beneficiaries or 0) + 1) / math.log10(FULL_BENEFICIARIES + 1)
    return 0.5 * min(people, 1.0) + 0.5 * min(locations, FULL_LOCATIONS) / FULL_LOCATIONS


def severity_part(gaps: Iterable[float]) -> float:
    return max((min(g, 1.0) for g in gaps), default=0.0)


def with_priority_data(projects: QuerySet[Project]) -> list[Project]:
    """Fetch what scoring needs for many projects in a fixed number of queries."""
    return list(
        projects.select_related("area").prefetch_related(
            Prefetch(
                "elements",
                queryset=PlanElement.objects.select_related("edition__plan").prefetch_related(
                    "value_chains"
                ),
            ),
            "tags",
            "documents",
            "locations",
            Prefetch(
                "addresses",
                queryset=PlanIndicator.objects.select_related("indicator").prefetch_related(
                    "targets"
                ),
            ),
        )
    )


def _gaps(projects: Sequence[Project]) -> dict[int, list[float]]:
    """Relative shortfall to target per addressed indicator, per project, in bulk per area."""
    gaps: dict[int, list[float]] = {}
    by_area: dict[int, list[Project]] = {}
    for p in projects:
        by_area.setdefault(p.area_id, []).append(p)
    for group in by_area.values():
        area = group[0].area
        indicators = {pi.indicator_id for p in group for pi in p.addresses.all()}
        years = sorted(
            {y for p in group for y in range(p.fiscal_year - SEVERITY_YEARS, p.fiscal_year + 1)}
        )
        actual = actual_values(sorted(indicators), area, years) if indicators else {}
        for p in group:
            found: list[float] = []
            for pi in p.addresses.all():
                targets = {
                    t.fiscal_year: float(t.value)
                    for t in pi.targets.all()
                    if t.area_id in (None, area.pk)
                }
                for year in range(p.fiscal_year, p.fiscal_year - SEVERITY_YEARS - 1, -1):
                    hit = actual.get((pi.indicator_id, year))
                    if hit is None or year not in targets:
                        continue
                    target = targets[year]
                    gap = shortfall(Direction(pi.indicator.direction), target, hit.value)
                    found.append(gap / abs(target) if target else float(gap > 0))
                    break
            gaps[p.pk] = found
    return gaps


def priorities(projects: Sequence[Project], committee_id: int | None = None) -> dict[int, Priority]:
    """The priority of each project (fetched ``with_priority_data``), by primary key."""
    weights = weights_for(committee_id)
    gaps = _gaps(projects)
    result: dict[int, Priority] = {}
    for p in projects:
        elements = list(p.elements.all())
        parts = {
            "alignment": alignment_part(
                any(e.edition.plan.area_id == p.area_id for e in elements) if elements else False,
                len({t.framework for t in p.tags.all()}),
            ),
            "severity": severity_part(gaps.get(p.pk, [])),
            "readiness": readiness_part(
                any(d.kind == DocumentKind.ESTIMATE for d in p.documents.all()),
                p.land_ready,
                p.design_ready,
            ),
            "coverage": coverage_part(
                p.factor_id is not None, any(e.value_chains.all() for e in elements)
            ),
            "reach": reach_part(p.beneficiaries, len(p.locations.all())),
        }
        result[p.pk] = Priority(parts=parts, weights=weights)
    return result


def committee_of(area_id: int, fiscal_year: int) -> int | None:
    """The committee whose weights score an area's requests of a year (its project list's)."""
    from oneplan.projects.models import ProjectList

    return (
        ProjectList.objects.filter(area_id=area_id, fiscal_year=fiscal_year)
        .values_list("committee_id", flat=True)
        .first()
    )
