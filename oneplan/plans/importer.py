"""Writing a checked ``PlanDocument``: the plan (created if new) and its draft edition, whose
elements, indicators, targets and links become exactly the document's, in one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from oneplan import permissions
from oneplan.core.importing import ImportRejected
from oneplan.core.models import set_history_user
from oneplan.plans.choices import EditionStatus
from oneplan.plans.document import ElementRow, PlanDocument, Resolver, check
from oneplan.plans.models import (
    Alignment,
    IndicatorAgency,
    Plan,
    PlanEdition,
    PlanElement,
    PlanIndicator,
    Target,
)
from oneplan.plans.tree import numbering
from oneplan.stats.models import Indicator


@dataclass
class ImportResult:
    plan: Plan
    edition: PlanEdition
    created_plan: bool
    elements: dict[str, int]
    indicators: int
    targets: int
    new_indicators: list[str]


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
    doc: PlanDocument, r: Resolver, edition: PlanEdition, user: Any
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
    doc: PlanDocument, r: Resolver, edition: PlanEdition, by_key: dict[str, PlanElement]
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
    r: Resolver,
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
