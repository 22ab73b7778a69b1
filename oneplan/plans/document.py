"""A plan as a document (plan facts, element rows, indicator rows) and the checks of a whole
document against itself and the database; ``plans.importer`` writes a document that passes.
The Excel template and the JSON files of the demo both read into this, so there is one set of
rules for every way a plan comes in.

Years in a document are CE; the readers convert what users type (Buddhist Era).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from oneplan.core.importing import Problem
from oneplan.geo.models import Area
from oneplan.orgs.models import Agency
from oneplan.plans.choices import ElementKind
from oneplan.plans.models import (
    Plan,
    PlanElement,
    PlanType,
    too_large,
)
from oneplan.stats.models import Indicator

MAX_PLACES = 4


@dataclass
class Place:
    """Where a value came from, for problem reports."""

    sheet: str
    row: int | None
    columns: dict[str, str] = field(default_factory=dict)

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


@dataclass
class ElementRow:
    key: str
    parent: str
    kind: str
    name_th: str
    number: str = ""
    name_en: str = ""
    description: str = ""
    agencies: list[str] = field(default_factory=list)
    aligns_to: list[str] = field(default_factory=list)
    uid: str = ""
    place: Place = field(default_factory=lambda: Place("elements", None))


@dataclass
class IndicatorRow:
    element: str
    indicator: str
    indicator_name: str = ""
    unit: str = ""
    area: str = ""
    baseline_year: int | None = None
    baseline_value: Decimal | None = None
    lead_agency: str = ""
    agencies: list[str] = field(default_factory=list)
    data_source: str = ""
    outside_authority: bool = False
    targets: dict[int, Decimal] = field(default_factory=dict)
    place: Place = field(default_factory=lambda: Place("indicators", None))


@dataclass
class PlanDocument:
    file: str
    code: str
    plan_type: str
    name_th: str
    area: str
    first_year: int | None
    last_year: int | None
    name_en: str = ""
    description: str = ""
    owner: str = ""
    edition_title: str = ""
    review_year: int | None = None
    sample: bool = False
    elements: list[ElementRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    place: Place = field(default_factory=lambda: Place("plan", None))
    problems: list[Problem] = field(default_factory=list)

    def problem(self, place: Place, column: str, message: str) -> None:
        self.problems.append(
            Problem(self.file, place.row, place.column(column), message, place.sheet)
        )


def split_refs(text: str) -> list[str]:
    """Codes listed in one cell, separated by commas, semicolons or new lines."""
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


class Resolver:
    """Looks up every code a document names in a few queries, remembering what is missing."""

    def __init__(self, doc: PlanDocument) -> None:
        agency_codes = {doc.owner} | {c for e in doc.elements for c in e.agencies}
        for i in doc.indicators:
            agency_codes |= {i.lead_agency, *i.agencies}
        self.agencies = {a.code: a for a in Agency.objects.filter(code__in=agency_codes)}
        area_codes = {doc.area} | {i.area for i in doc.indicators}
        self.areas = {a.code: a for a in Area.objects.filter(code__in=area_codes)}
        self.indicators = {
            i.code: i
            for i in Indicator.objects.filter(code__in={r.indicator for r in doc.indicators})
        }
        self.plan_type = PlanType.objects.filter(code=doc.plan_type).first()
        plan_codes = {ref.split(":", 1)[0].strip() for e in doc.elements for ref in e.aligns_to}
        self.targets: dict[tuple[str, str], PlanElement] = {}
        for plan in Plan.objects.filter(code__in=plan_codes):
            edition = plan.current_edition()
            if edition is None:
                continue
            for element in edition.elements.all():
                if element.number:
                    self.targets.setdefault((plan.code, element.number), element)
                self.targets[(plan.code, f"#{element.uid}")] = element
        self.plans = set(Plan.objects.filter(code__in=plan_codes).values_list("code", flat=True))


def check(doc: PlanDocument, plan: Plan | None) -> tuple[Resolver, list[Problem]]:
    """Every problem in ``doc`` at once (plus those its readers found)."""
    r = Resolver(doc)
    p, add = doc.place, doc.problem
    if not doc.code:
        add(p, "code", "the plan code is missing")
    if r.plan_type is None:
        add(p, "plan_type", f"unknown plan type {doc.plan_type!r}")
    if not doc.name_th:
        add(p, "name_th", "the plan's Thai name is missing")
    if doc.area not in r.areas:
        add(p, "area", f"unknown area {doc.area!r}")
    if doc.owner and doc.owner not in r.agencies:
        add(p, "owner", f"unknown agency {doc.owner!r}")
    years_ok = doc.first_year is not None and doc.last_year is not None
    if years_ok and doc.last_year < doc.first_year:  # type: ignore[operator]
        add(p, "last_year", "the last fiscal year comes before the first")
    if plan is not None:
        latest = plan.latest_edition()
        if latest is not None and latest.locked:
            add(
                p,
                "code",
                f"edition {latest.number} of {plan.code} is {latest.status}; "
                "start a review edition before importing",
            )
    _check_elements(doc, r)
    _check_indicators(doc, r)
    return r, doc.problems


def _check_elements(doc: PlanDocument, r: Resolver) -> None:
    keys: dict[str, ElementRow] = {}
    uids: set[str] = set()
    allowed = r.plan_type.element_kinds if r.plan_type else []
    for e in doc.elements:
        p = e.place
        if not e.key:
            doc.problem(p, "key", "the element's key is missing")
        elif e.key in keys:
            doc.problem(p, "key", f"key {e.key!r} is used twice (also row {keys[e.key].place.row})")
        else:
            keys[e.key] = e
        if e.kind not in ElementKind.values:
            doc.problem(p, "kind", f"unknown kind {e.kind!r}")
        elif allowed and e.kind not in allowed:
            doc.problem(p, "kind", f"a plan of this type holds no {e.kind!r}")
        if not e.name_th:
            doc.problem(p, "name_th", "the Thai name is missing")
        missing = [c for c in e.agencies if c not in r.agencies]
        if missing:
            doc.problem(p, "agencies", f"unknown agency {', '.join(missing)}")
        if e.uid:
            try:
                uuid.UUID(e.uid)
            except ValueError:
                doc.problem(p, "uid", f"{e.uid!r} is not an element id")
            if e.uid in uids:
                doc.problem(p, "uid", f"id {e.uid} is used twice")
            uids.add(e.uid)
        for ref in e.aligns_to:
            plan_code, _, number = ref.partition(":")
            plan_code, number = plan_code.strip(), number.strip()
            if not number:
                doc.problem(p, "aligns_to", f"{ref!r}: write PLAN:number, e.g. NS:2")
            elif plan_code not in r.plans:
                doc.problem(p, "aligns_to", f"{ref!r}: unknown plan {plan_code!r}")
            elif plan_code == doc.code:
                doc.problem(p, "aligns_to", f"{ref!r}: a plan does not align to itself")
            elif (plan_code, number) not in r.targets:
                doc.problem(p, "aligns_to", f"{ref!r}: {plan_code} has no element {number}")
    for e in doc.elements:
        if e.parent and e.parent not in keys:
            doc.problem(e.place, "parent", f"no element has the key {e.parent!r}")
    for e in doc.elements:  # cycles
        seen, node = {e.key}, keys.get(e.parent)
        while node is not None:
            if node.key in seen:
                doc.problem(e.place, "parent", "the element is inside itself")
                break
            seen.add(node.key)
            node = keys.get(node.parent)


def _check_indicators(doc: PlanDocument, r: Resolver) -> None:
    keys = {e.key for e in doc.elements}
    first: dict[tuple[str, str], IndicatorRow] = {}
    seen: dict[tuple[str, str, str], int | None] = {}
    plan_area = r.areas.get(doc.area)
    years = (
        set(range(doc.first_year, doc.last_year + 1))
        if doc.first_year is not None and doc.last_year is not None
        else set()
    )
    for i in doc.indicators:
        p = i.place
        if i.element not in keys:
            doc.problem(p, "element", f"no element has the key {i.element!r}")
        if not i.indicator:
            doc.problem(p, "indicator", "the indicator code is missing")
        elif i.indicator not in r.indicators and not i.indicator_name:
            doc.problem(
                p, "indicator", f"unknown indicator {i.indicator!r}; give its name to register it"
            )
        area_code = i.area or doc.area
        area = r.areas.get(area_code)
        if area is None:
            doc.problem(p, "area", f"unknown area {area_code!r}")
        elif plan_area is not None and not plan_area.covers(area):
            doc.problem(p, "area", f"{area_code} is outside the plan's area {doc.area}")
        for column, codes in (("lead_agency", [i.lead_agency]), ("agencies", i.agencies)):
            missing = [c for c in codes if c and c not in r.agencies]
            if missing:
                doc.problem(p, column, f"unknown agency {', '.join(missing)}")
        key3 = (i.element, i.indicator, area_code)
        if key3 in seen:
            doc.problem(p, "area", f"this indicator and area already appear in row {seen[key3]}")
        seen[key3] = p.row
        numbers: list[tuple[str, Decimal | None]] = [("baseline_value", i.baseline_value)]
        numbers += [(f"year:{year}", value) for year, value in i.targets.items()]
        for column, value in numbers:
            if value is not None and _too_precise(value):
                doc.problem(p, column, f"{value} has more than {MAX_PLACES} decimal places")
            if value is not None and too_large(value):
                doc.problem(p, column, f"{value} is too large (at most 15 significant digits)")
        for year in i.targets:
            if years and year not in years:
                doc.problem(p, f"year:{year}", "this fiscal year is outside the plan's years")
        pair = (i.element, i.indicator)
        if pair in first:
            lead = first[pair]
            for name in (
                "baseline_year",
                "baseline_value",
                "lead_agency",
                "agencies",
                "data_source",
                "outside_authority",
            ):
                if getattr(i, name) != getattr(lead, name):
                    doc.problem(
                        p, name, f"differs from row {lead.place.row} for the same indicator"
                    )
        else:
            first[pair] = i


def _too_precise(value: Decimal) -> bool:
    exponent = value.normalize().as_tuple().exponent
    return isinstance(exponent, int) and -exponent > MAX_PLACES
