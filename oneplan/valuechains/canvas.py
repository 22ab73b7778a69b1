"""A value chain read whole for its canvas, print page and workbook: stages in order, their
success factors, and each indicator a factor needs with the data status the area's data list
gives it (templates have no area, so no status). A fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch

from oneplan import permissions
from oneplan.permissions import UserLike
from oneplan.projects.models import Project
from oneplan.valuechains import rules
from oneplan.valuechains.choices import RequirementStatus
from oneplan.valuechains.datalist import Row, data_list
from oneplan.valuechains.models import Requirement, Stage, SuccessFactor, ValueChain

# Worst first: an indicator needed twice shows the status of its weaker line.
SEVERITY = {rules.Status.MISSING: 0, rules.Status.INCOMPLETE: 1, rules.Status.AVAILABLE: 2}


@dataclass
class Need:
    """An indicator on a card (or on a stage), with its data-list line when the chain has an
    area."""

    requirement: Requirement
    row: Row | None = None

    @property
    def indicator(self) -> Any:
        return self.requirement.indicator

    @property
    def status(self) -> str:
        return self.row.status.value if self.row is not None else ""

    @property
    def status_label(self) -> str:
        return str(RequirementStatus(self.status).label) if self.status else ""


@dataclass
class Card:
    factor: SuccessFactor
    needs: list[Need]
    forms: dict[str, Any] = field(default_factory=dict)  # the page's forms for this card


@dataclass
class Column:
    stage: Stage
    cards: list[Card]
    needs: list[Need]  # indicators needed by the stage as a whole
    forms: dict[str, Any] = field(default_factory=dict)


@dataclass
class Canvas:
    chain: ValueChain
    columns: list[Column]

    @property
    def needs(self) -> list[Need]:
        return [n for c in self.columns for n in (*c.needs, *(n for k in c.cards for n in k.needs))]

    @property
    def counts(self) -> dict[str, int]:
        """How many indicators of the chain have each status (for the legend)."""
        found = Counter(n.status for n in self.needs if n.status)
        return {s.value: found.get(s.value, 0) for s in rules.Status}

    @property
    def factor_count(self) -> int:
        return sum(len(c.cards) for c in self.columns)


def _rows_for(chain: ValueChain, user: UserLike | None) -> dict[Any, Row]:
    """The area's data-list lines by exact key and, for other needs of the same indicator, by
    indicator id (the worst line)."""
    if chain.area is None:
        return {}
    found: dict[Any, Row] = {}
    for row in data_list(chain.area, user):
        found[row.key] = row
        kept = found.get(row.indicator.pk)
        if kept is None or SEVERITY[row.status] < SEVERITY[kept.status]:
            found[row.indicator.pk] = row
    return found


def _need(requirement: Requirement, rows: dict[Any, Row]) -> Need:
    indicator = requirement.indicator
    key = (
        indicator.pk,
        requirement.frequency or indicator.frequency,
        requirement.area_level or indicator.min_area_level,
    )
    return Need(requirement, rows.get(key) or rows.get(indicator.pk))


def build_canvas(chain: ValueChain, user: UserLike | None = None) -> Canvas:
    """The chain's stages, factors and needed indicators, with statuses for ``user`` (whose
    view of the plan decides which plan indicators are needed too)."""
    needs = Requirement.objects.select_related("indicator").order_by("indicator__code", "pk")
    stages = chain.stages.prefetch_related(
        Prefetch(
            "factors",
            queryset=SuccessFactor.objects.prefetch_related(
                Prefetch("requirements", needs),
                # The requests serving the factor that this reader may see.
                Prefetch(
                    "projects",
                    Project.objects.filter(
                        permissions.project_filter(user or AnonymousUser())
                    ).order_by("-fiscal_year", "code"),
                    to_attr="serving",
                ),
            ),
        ),
        Prefetch("requirements", needs.filter(factor__isnull=True)),
    )
    rows = _rows_for(chain, user)
    columns = [
        Column(
            stage,
            [
                Card(factor, [_need(r, rows) for r in factor.requirements.all()])
                for factor in stage.factors.all()
            ],
            [_need(r, rows) for r in stage.requirements.all()],
        )
        for stage in stages
    ]
    return Canvas(chain, columns)
