"""The Area–Function meeting point: a department sees the area requests addressed to it, and
an area sees what each department did with its requests.

A request is addressed to a department once the committee has approved it and one of its
funding lines asks that department's budget (or that of a unit below it). Alignment with the
department's own strategy is a ``ministry`` tag on the request, or a plan element it serves
linked to an element of a plan the department (or a unit below it) owns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from oneplan.geo.models import Area, AreaMembership
from oneplan.orgs.models import Agency, agencies_below
from oneplan.plans.models import Alignment
from oneplan.projects.choices import Framework, RequestState
from oneplan.projects.models import AreaShare, FundingLine, Project
from oneplan.projects.priority import Priority, committee_of, priorities, with_priority_data

ADDRESSED_STATES = frozenset(
    {
        RequestState.APPROVED,
        RequestState.SENT,
        RequestState.FUNDED,
        RequestState.DECLINED,
        RequestState.RECONSIDERED,
    }
)
ZERO = Decimal(0)


@dataclass
class Addressed:
    project: Project
    lines: list[FundingLine]
    aligned: bool
    priority: Priority

    @property
    def requested(self) -> Decimal:
        return sum((line.amount_requested for line in self.lines), ZERO)

    @property
    def approved(self) -> Decimal:
        return sum((line.amount_approved or ZERO for line in self.lines), ZERO)


@dataclass
class DepartmentView:
    agency: Agency
    fiscal_year: int
    by_area: dict[Area, list[Addressed]] = field(default_factory=dict)
    groups: dict[Area, list[Area]] = field(default_factory=dict)
    share: AreaShare | None = None

    @property
    def requests(self) -> list[Addressed]:
        return [r for rows in self.by_area.values() for r in rows]

    @property
    def requested(self) -> Decimal:
        return sum((r.requested for r in self.requests), ZERO)

    @property
    def funded(self) -> Decimal:
        return sum(
            (r.approved for r in self.requests if r.project.state == RequestState.FUNDED), ZERO
        )

    @property
    def reserved(self) -> Decimal | None:
        if self.share is None:
            return None
        return (self.share.total_budget * self.share.percent / 100).quantize(Decimal("0.01"))

    @property
    def used_share(self) -> float | None:
        """The part of the reserve for area requests already funded (0–1, may exceed 1)."""
        reserved = self.reserved
        return float(self.funded / reserved) if reserved else None


def _aligned_projects(projects: list[Project], owners: set[int]) -> set[int]:
    """Requests serving an element linked to a plan of ``owners`` (the department's tree)."""
    elements = {e.pk: p.pk for p in projects for e in p.elements.all()}
    linked = Alignment.objects.filter(
        source_id__in=elements, target__edition__plan__owner_id__in=owners
    ).values_list("source_id", flat=True)
    return {elements[s] for s in linked}


def department_view(agency: Agency, fiscal_year: int) -> DepartmentView:
    """Every area request addressed to ``agency`` for ``fiscal_year``, by area."""
    tree = agencies_below({agency.pk})
    lines = FundingLine.objects.filter(agency_id__in=tree, fiscal_year=fiscal_year)
    qs = (
        Project.objects.filter(state__in=ADDRESSED_STATES, funding__in=lines)
        .distinct()
        .order_by("area__code", "code")
        .prefetch_related(Prefetch("funding", queryset=lines, to_attr="addressed_lines"))
    )
    projects = with_priority_data(qs)
    scores: dict[int, Priority] = {}
    by_list: dict[tuple[int, int], list[Project]] = defaultdict(list)
    for p in projects:
        by_list[p.area_id, p.fiscal_year].append(p)
    for (area_id, year), group in by_list.items():
        # Scored as on the area's own list, with its committee's weights.
        scores.update(priorities(group, committee_of(area_id, year)))
    aligned = _aligned_projects(projects, tree)
    view = DepartmentView(
        agency=agency,
        fiscal_year=fiscal_year,
        share=AreaShare.objects.filter(agency=agency, fiscal_year=fiscal_year).first(),
    )
    by_area: dict[Area, list[Addressed]] = defaultdict(list)
    for p in projects:
        by_area[p.area].append(
            Addressed(
                project=p,
                lines=p.addressed_lines,  # type: ignore[attr-defined]
                aligned=p.pk in aligned
                or any(t.framework == Framework.MINISTRY for t in p.tags.all()),
                priority=scores[p.pk],
            )
        )
    view.by_area = dict(sorted(by_area.items(), key=lambda kv: kv[0].code))
    provinces = [a for a in view.by_area if a.level == "province"]
    for link in (
        AreaMembership.objects.current()
        .filter(member__in=provinces, container__level="province_group")
        .select_related("container", "member")
    ):
        view.groups.setdefault(link.container, []).append(link.member)
    return view


@dataclass(frozen=True)
class Outcome:
    agency: Agency
    line: FundingLine
    project: Project


def area_outcomes(area: Area, fiscal_year: int) -> dict[Agency, list[Outcome]]:
    """What each department did with ``area``'s requests of ``fiscal_year``: accepted
    (funded), declined or still open, by department."""
    lines = (
        FundingLine.objects.filter(
            project__area=area, fiscal_year=fiscal_year, agency__isnull=False
        )
        .exclude(project__state=RequestState.DRAFT)
        .select_related("agency", "project")
        .order_by("agency__code", "project__code")
    )
    result: dict[Agency, list[Outcome]] = defaultdict(list)
    for line in lines:
        assert line.agency is not None
        result[line.agency].append(Outcome(line.agency, line, line.project))
    return dict(result)
