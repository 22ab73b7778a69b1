"""The statistics development plan (แผนพัฒนาสถิติระดับพื้นที่) of a province or group.

One plan covers one fiscal year (the 1-year plan) or four from a first year (the 4-year plan),
all years CE as everywhere in code (shown BE). It holds three things, read once here and
written out by ``devplan_pdf`` and ``devplan_xlsx``:

- the key statistics (ผังสถิติทางการ): the rows of the data list that are official statistics
  (flagged on the indicator or on the dataset providing it) or that are available. An official
  statistic the plan needs stays on the list whatever its status, since the chart names what
  the province relies on, and its status shows what is still short; a need that is neither
  official nor available yet is not a key statistic but a gap, and appears only among those;
- the gaps to fill: every data gap of the area whose target fiscal year falls in the plan's
  years, whatever its status (shown, so a plan printed late reports progress), ordered by
  year then priority (``gaps.priority``). Gaps without a target year are counted, not listed:
  the plan says when;
- budget totals per fiscal year, per responsible agency and agency × year; a gap without a
  budget counts as nothing, one without an agency under "no agency named".

It reads what is stored and computes the data list afresh; it writes nothing (the gap board
keeps the gaps' types in step through ``gaps.sync_gaps``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pythainlp.util import collate

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.lib.thaidate import (
    Period,
    ThaiDateError,
    ce_to_be,
    fiscal_year,
    format_fiscal_year,
    format_period,
)
from oneplan.lib.thaiparse import parse_fiscal_year
from oneplan.orgs.models import Agency
from oneplan.permissions import UserLike
from oneplan.stats.choices import Frequency, SourceType
from oneplan.stats.models import Indicator
from oneplan.valuechains import rules
from oneplan.valuechains.choices import GapStatus, RequirementStatus
from oneplan.valuechains.datalist import Row, data_list
from oneplan.valuechains.gaps import priority, weights_for
from oneplan.valuechains.models import DataGap

SPANS = (1, 4)  # the plan's lengths in fiscal years
ZERO = Decimal(0)


def thai() -> bool:
    return (get_language() or "th").startswith("th")


def shown_year(ce_year: int) -> int:
    """A year as readers count it: Buddhist Era in Thai, unchanged in English."""
    return ce_to_be(ce_year) if thai() else ce_year


def _label(choices: type[Frequency | AreaLevel | SourceType | GapStatus], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


@dataclass(frozen=True)
class KeyStatistic:
    """A line of the key statistics list: a data-list row, reduced to what the plan shows."""

    indicator: Indicator
    frequency: str
    level: str
    status: rules.Status
    official: bool
    owner: Agency | None
    dataset: str
    source_type: str
    latest_period: str

    @classmethod
    def of(cls, row: Row) -> KeyStatistic:
        return cls(
            row.indicator,
            row.frequency,
            row.level,
            row.status,
            row.official,
            row.owner,
            row.dataset,
            row.source_type,
            row.latest_period,
        )

    @property
    def frequency_label(self) -> str:
        return _label(Frequency, self.frequency)

    @property
    def level_label(self) -> str:
        return _label(AreaLevel, self.level)

    @property
    def status_label(self) -> str:
        return str(RequirementStatus(self.status.value).label)

    @property
    def source_type_label(self) -> str:
        return _label(SourceType, self.source_type) if self.source_type else ""

    @property
    def latest_label(self) -> str:
        """The latest period with a value, the way readers write it (BE years in Thai)."""
        if not self.latest_period:
            return ""
        try:
            return format_period(Period.parse(self.latest_period), "th" if thai() else "en")
        except ThaiDateError:
            return self.latest_period


@dataclass(frozen=True)
class PlannedGap:
    """A gap to fill in one of the plan's years, with its priority score (0-100; None when
    its indicator has left the data list)."""

    gap: DataGap
    score: float | None

    @property
    def indicator(self) -> Indicator:
        return self.gap.indicator

    @property
    def types(self) -> list[str]:
        return self.gap.type_labels()

    @property
    def remedy(self) -> str:
        return self.gap.get_remedy_display() if self.gap.remedy else ""

    @property
    def agency(self) -> str:
        return agency_name(self.gap.agency)

    @property
    def budget(self) -> Decimal | None:
        return self.gap.budget

    @property
    def year(self) -> int:
        assert self.gap.target_year is not None
        return self.gap.target_year

    @property
    def shown_year(self) -> int:
        return shown_year(self.year)

    @property
    def status(self) -> str:
        return _label(GapStatus, self.gap.status)


@dataclass(frozen=True)
class BudgetLine:
    """One agency's budget in each of the plan's years (CE -> baht) and over all of them."""

    agency: str
    by_year: dict[int, Decimal]
    total: Decimal


@dataclass(frozen=True)
class DevPlan:
    area: Area
    years: tuple[int, ...]  # CE fiscal years, in order
    key_statistics: list[KeyStatistic]
    gaps: list[PlannedGap]
    budget: list[BudgetLine]  # by agency name
    by_year: dict[int, Decimal]  # every agency's budget in each year
    total: Decimal
    unscheduled: int  # gaps not closed that have no target year yet
    made_on: date

    @property
    def first_year(self) -> int:
        return self.years[0]

    @property
    def last_year(self) -> int:
        return self.years[-1]

    @property
    def shown_years(self) -> list[int]:
        return [shown_year(y) for y in self.years]

    @property
    def span_label(self) -> str:
        """The years as readers name them: ปีงบประมาณ 2569–2572 (FY2026–2029 in English)."""
        label = format_fiscal_year(self.first_year, "th" if thai() else "en")
        return label if len(self.years) == 1 else f"{label}–{shown_year(self.last_year)}"

    def file_name(self, extension: str) -> str:
        """E.g. devplan-12-2569-2572.pdf (BE years, as agencies name their files)."""
        years = sorted({ce_to_be(self.first_year), ce_to_be(self.last_year)})
        return f"devplan-{self.area.code}-{'-'.join(map(str, years))}.{extension}"


def agency_name(agency: Agency | None) -> str:
    return str(agency) if agency is not None else _("no agency named")


class SpanError(ValueError):
    """A first year or a length that a plan cannot have; ``parameter`` names which."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(parameter, message)
        self.parameter = parameter
        self.message = message

    def __str__(self) -> str:
        return self.message


def read_span(year: str | None, years: str | None, today: date | None = None) -> tuple[int, int]:
    """The first fiscal year (CE) and the length of a plan from what a user typed: a fiscal
    year as written in Thai ("2569", "ปีงบประมาณ 2569"; the current one when blank) and
    "1" or "4" (1 when blank)."""
    first = fiscal_year(today or timezone.localdate())
    if year and year.strip():
        try:
            first = parse_fiscal_year(year)
        except ThaiDateError:
            raise SpanError(
                "year",
                _("“year” must be a fiscal year such as 2569, not “%(value)s”.") % {"value": year},
            ) from None
    length = (years or "1").strip()
    if length not in {str(n) for n in SPANS}:
        raise SpanError("years", _("“years” must be 1 or 4, not “%(value)s”.") % {"value": years})
    return first, int(length)


def development_plan(
    area: Area,
    first_year: int,
    years: int = 1,
    user: UserLike | None = None,
    today: date | None = None,
) -> DevPlan:
    """The statistics development plan of ``area`` for ``years`` (1 or 4) fiscal years from
    ``first_year`` (CE); ``user`` decides which plan edition the data list reads."""
    if years not in SPANS:
        raise ValueError(f"a development plan covers 1 or 4 fiscal years, not {years}")
    span = tuple(range(first_year, first_year + years))
    today = today or timezone.localdate()
    rows = data_list(area, user, today)
    key = [KeyStatistic.of(r) for r in rows if r.official or r.status == rules.Status.AVAILABLE]
    key.sort(key=lambda k: (k.indicator.code, rules.DEPTH.get(k.level, 0), k.frequency))

    by_indicator: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_indicator[row.indicator.pk].append(row)
    weights = weights_for(area)
    stored = DataGap.objects.filter(area=area).select_related("indicator", "agency", "proxy")
    planned = []
    unscheduled = 0
    for gap in stored:
        if gap.target_year is None:
            unscheduled += gap.status != GapStatus.CLOSED
            continue
        if gap.target_year not in span:
            continue
        needs = by_indicator.get(gap.indicator_id)
        planned.append(PlannedGap(gap, priority(needs, weights).score if needs else None))
    planned.sort(key=lambda p: (p.year, -(p.score or 0), p.indicator.code))

    lines, by_year = _budget(planned, span)
    return DevPlan(
        area=area,
        years=span,
        key_statistics=key,
        gaps=planned,
        budget=lines,
        by_year=by_year,
        total=sum(by_year.values(), ZERO),
        unscheduled=unscheduled,
        made_on=today,
    )


def _budget(
    planned: list[PlannedGap], span: tuple[int, ...]
) -> tuple[list[BudgetLine], dict[int, Decimal]]:
    cells: dict[int | None, dict[int, Decimal]] = defaultdict(lambda: dict.fromkeys(span, ZERO))
    names: dict[int | None, str] = {}
    for p in planned:
        cells[p.gap.agency_id][p.year] += p.budget or ZERO
        names[p.gap.agency_id] = p.agency
    # Thai dictionary order (leading vowels are skipped), the gaps without an agency last.
    order = {name: i for i, name in enumerate(collate(list(set(names.values()))))}
    agencies = sorted(cells, key=lambda pk: (pk is None, order[names[pk]], pk or 0))
    lines = [BudgetLine(names[a], cells[a], sum(cells[a].values(), ZERO)) for a in agencies]
    by_year = {y: sum((line.by_year[y] for line in lines), ZERO) for y in span}
    return lines, by_year
