"""A plan as a document (plan facts, element rows, indicator rows), checked as a whole and
written in one transaction. The Excel template and the JSON files of the demo both read into
this, so there is one set of rules for every way a plan comes in.

Years in a document are CE; the readers convert what users type (Buddhist Era).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from oneplan import permissions
from oneplan.core.importing import ImportRejected, Problem
from oneplan.core.models import set_history_user
from oneplan.geo.models import Area
from oneplan.orgs.models import Agency
from oneplan.plans.choices import EditionStatus, ElementKind
from oneplan.plans.models import (
    Alignment,
    IndicatorAgency,
    Plan,
    PlanEdition,
    PlanElement,
    PlanIndicator,
    PlanType,
    Target,
    too_large,
)
from oneplan.plans.tree import numbering
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


@dataclass
class ImportResult:
    plan: Plan
    edition: PlanEdition
    created_plan: bool
    elements: dict[str, int]
    indicators: int
    targets: int
    new_indicators: list[str]


def split_refs(text: str) -> list[str]:
    """Codes listed in one cell, separated by commas, semicolons or new lines."""
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


class _Resolver:
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


def check(doc: PlanDocument, plan: Plan | None) -> tuple[_Resolver, list[Problem]]:
    """Every problem in ``doc`` at once (plus those its readers found)."""
    r = _Resolver(doc)
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


def _check_elements(doc: PlanDocument, r: _Resolver) -> None:
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


def _check_indicators(doc: PlanDocument, r: _Resolver) -> None:
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


def apply_document(doc: PlanDocument, user: Any = None) -> ImportResult:
    """Check ``doc`` and, when nothing is wrong, write it: the plan (created if new) and its
    draft edition, whose elements, indicators, targets and links become exactly the document's.

    ``user`` None is the command line acting as the system; otherwise permissions apply.
    Raises ``ImportRejected`` with every problem, writing nothing.
    """
    plan = Plan.objects.filter(code=doc.code).first() if doc.code else None
    r, problems = check(doc, plan)
    if problems:
        raise ImportRejected(problems)
    assert r.plan_type is not None
    assert doc.first_year is not None
    assert doc.last_year is not None
    created = plan is None
    if user is not None and plan is not None:
        # The plan as it stands decides first: a file cannot move a plan into one's own area.
        permissions.require(user, permissions.Action.CHANGE, plan)
    with transaction.atomic():
        if plan is None:
            plan = Plan(code=doc.code)
        plan.plan_type, plan.name_th, plan.name_en = r.plan_type, doc.name_th, doc.name_en
        plan.description, plan.area = doc.description, r.areas[doc.area]
        plan.owner = r.agencies.get(doc.owner) if doc.owner else None
        plan.first_year, plan.last_year = doc.first_year, doc.last_year
        plan.sample = doc.sample
        if user is not None:
            permissions.require(user, permissions.Action.ADD if created else "change", plan)
            set_history_user(plan, user)
        plan.save()
        edition = plan.latest_edition() or PlanEdition(plan=plan, number=1)
        edition.title, edition.review_year = doc.edition_title, doc.review_year
        if edition.pk is None:
            edition.status = EditionStatus.DRAFT
        set_history_user(edition, user)
        edition.save()
        counts, new_indicators = _write(doc, r, edition, user)
    return ImportResult(
        plan, edition, created, counts, len(doc_pairs(doc)), _target_count(doc), new_indicators
    )


def doc_pairs(doc: PlanDocument) -> set[tuple[str, str]]:
    return {(i.element, i.indicator) for i in doc.indicators}


def _target_count(doc: PlanDocument) -> int:
    return sum(len(i.targets) for i in doc.indicators)


def _write(
    doc: PlanDocument, r: _Resolver, edition: PlanEdition, user: Any
) -> tuple[dict[str, int], list[str]]:
    existing = {str(e.uid): e for e in edition.elements.all()}
    by_key: dict[str, PlanElement] = {}
    counts = {"created": 0, "changed": 0, "unchanged": 0, "deleted": 0}
    sibling_position: dict[str, int] = {}
    for row in _parents_first(doc.elements):
        element = existing.pop(row.uid, None) if row.uid else None
        is_new = element is None
        if element is None:
            element = PlanElement(
                edition=edition, uid=uuid.UUID(row.uid) if row.uid else uuid.uuid4()
            )
        sibling_position[row.parent] = sibling_position.get(row.parent, 0) + 1
        values = {
            "kind": row.kind,
            "name_th": row.name_th,
            "name_en": row.name_en,
            "description": row.description,
            "position": sibling_position[row.parent],
        }
        old_parent = element.parent_id
        element.parent = by_key.get(row.parent) if row.parent else None
        changed = (
            is_new
            or old_parent != element.parent_id
            or any(getattr(element, k) != v for k, v in values.items())
        )
        for k, v in values.items():
            setattr(element, k, v)
        if changed:
            set_history_user(element, user)
            element.save()
        agency_ids = sorted(r.agencies[c].pk for c in row.agencies)
        current = sorted(a.pk for a in element.agencies.all()) if not is_new else []
        if agency_ids != current:
            element.agencies.set(agency_ids)
            changed = True
        counts["created" if is_new else ("changed" if changed else "unchanged")] += 1
        by_key[row.key] = element
    for leftover in existing.values():
        set_history_user(leftover, user)
        counts["deleted"] += 1
    PlanElement.objects.filter(pk__in=[e.pk for e in existing.values()]).delete()
    elements = list(edition.elements.all())
    numbers = numbering(elements)
    for element in elements:
        element.number = numbers[element.pk]
    PlanElement.objects.bulk_update(elements, ["number"])
    _write_links(doc, r, edition, by_key)
    return counts, _write_indicators(doc, r, edition, by_key, user)


def _parents_first(rows: list[ElementRow]) -> list[ElementRow]:
    """Rows ordered so a parent is written before its children; siblings keep file order."""
    keys = {row.key: row for row in rows}

    def depth(row: ElementRow) -> int:
        d, node = 0, keys.get(row.parent)
        while node is not None:
            d, node = d + 1, keys.get(node.parent)
        return d

    return sorted(rows, key=depth)


def _write_links(
    doc: PlanDocument, r: _Resolver, edition: PlanEdition, by_key: dict[str, PlanElement]
) -> None:
    wanted = {
        (
            by_key[e.key].pk,
            r.targets[(ref.split(":", 1)[0].strip(), ref.split(":", 1)[1].strip())].pk,
        )
        for e in doc.elements
        for ref in e.aligns_to
    }
    have = {
        (a.source_id, a.target_id): a for a in Alignment.objects.filter(source__edition=edition)
    }
    Alignment.objects.filter(pk__in=[a.pk for k, a in have.items() if k not in wanted]).delete()
    Alignment.objects.bulk_create(
        [Alignment(source_id=s, target_id=t) for s, t in sorted(wanted - set(have))]
    )


def _write_indicators(
    doc: PlanDocument,
    r: _Resolver,
    edition: PlanEdition,
    by_key: dict[str, PlanElement],
    user: Any,
) -> list[str]:
    new_codes: list[str] = []
    for row in doc.indicators:
        if row.indicator not in r.indicators:
            indicator = Indicator(code=row.indicator, name_th=row.indicator_name, unit=row.unit)
            if user is not None:
                permissions.require(user, permissions.Action.ADD, Indicator)
            set_history_user(indicator, user)
            indicator.save()
            r.indicators[row.indicator] = indicator
            new_codes.append(row.indicator)
    PlanIndicator.objects.filter(element__edition=edition).delete()
    made: dict[tuple[str, str], PlanIndicator] = {}
    position: dict[str, int] = {}
    for row in doc.indicators:
        pair = (row.element, row.indicator)
        if pair in made:
            continue
        position[row.element] = position.get(row.element, 0) + 1
        made[pair] = PlanIndicator(
            element=by_key[row.element],
            indicator=r.indicators[row.indicator],
            position=position[row.element],
            baseline_year=row.baseline_year,
            baseline_value=row.baseline_value,
            data_source=row.data_source,
            outside_authority=row.outside_authority,
        )
    PlanIndicator.objects.bulk_create(list(made.values()))
    responsibilities = []
    targets = []
    for row in doc.indicators:
        pi = made[(row.element, row.indicator)]
        if not getattr(pi, "_agencies_done", False):
            codes = [row.lead_agency] if row.lead_agency else []
            codes += [c for c in dict.fromkeys(row.agencies) if c != row.lead_agency]
            responsibilities += [
                IndicatorAgency(
                    plan_indicator=pi, agency=r.agencies[c], lead=(c == row.lead_agency)
                )
                for c in codes
            ]
            pi._agencies_done = True  # type: ignore[attr-defined]
        area = r.areas[row.area or doc.area]
        targets += [
            Target(plan_indicator=pi, area=area, fiscal_year=year, value=value)
            for year, value in sorted(row.targets.items())
        ]
    IndicatorAgency.objects.bulk_create(responsibilities)
    Target.objects.bulk_create(targets, batch_size=2000)
    return new_codes
