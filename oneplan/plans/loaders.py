"""Plan types and plans from JSON files (the national frameworks OnePlan ships, the demo).

A JSON plan nests its elements (``children``) and lists each element's ``indicators``; years
are Buddhist Era as people write them. It becomes a ``PlanDocument``, so the same checks as
the Excel template apply.
"""

from __future__ import annotations

import datetime as dt
import json
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.db import transaction

from oneplan.core.importing import ImportRejected, Problem
from oneplan.core.models import set_history_user
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thainum import NumberError, parse_number
from oneplan.lib.thaiparse import parse_date, parse_fiscal_year, parse_year
from oneplan.orgs.models import Agency
from oneplan.plans.choices import EditionStatus
from oneplan.plans.document import ElementRow, IndicatorRow, Place, PlanDocument
from oneplan.plans.importer import ImportResult, apply_document
from oneplan.plans.models import EditionTransition, Plan, PlanType

DATA = Path(__file__).resolve().parent / "data"
PLAN_TYPES = DATA / "plan_types.json"
FRAMEWORKS = DATA / "frameworks.json"
TYPE_FIELDS = (
    "name_th",
    "name_en",
    "description",
    "level",
    "cycle_years",
    "reviewed_yearly",
    "is_framework",
    "is_action_plan",
    "element_kinds",
    "sort_order",
)


def load_plan_types(path: Path = PLAN_TYPES) -> int:
    """Create or update plan types from ``path``; returns how many changed."""
    changed = 0
    with transaction.atomic():
        for item in json.loads(path.read_text(encoding="utf-8"))["plan_types"]:
            obj = PlanType.objects.filter(code=item["code"]).first() or PlanType(code=item["code"])
            values = {f: item[f] for f in TYPE_FIELDS if f in item}
            if obj.pk and all(getattr(obj, f) == v for f, v in values.items()):
                continue
            for f, v in values.items():
                setattr(obj, f, v)
            obj.full_clean()
            obj.save()
            changed += 1
    return changed


def _year(doc: PlanDocument, place: Place, column: str, value: Any, fiscal: bool) -> int | None:
    if value in (None, ""):
        return None
    try:
        return (parse_fiscal_year if fiscal else parse_year)(str(value))
    except ThaiDateError as exc:
        doc.problem(place, column, str(exc))
        return None


def _number(doc: PlanDocument, place: Place, column: str, value: Any) -> Any:
    try:
        return parse_number(value)
    except NumberError as exc:
        doc.problem(place, column, str(exc))
        return None


def document_from_json(item: dict[str, Any], file: str) -> PlanDocument:
    doc = PlanDocument(
        file=file,
        code=item.get("code", ""),
        plan_type=item.get("plan_type", ""),
        name_th=item.get("name_th", ""),
        name_en=item.get("name_en", ""),
        description=item.get("description", ""),
        area=str(item.get("area", "")),
        owner=item.get("owner", ""),
        first_year=None,
        last_year=None,
        edition_title=item.get("edition_title", ""),
        sample=bool(item.get("sample", False)),
        place=Place(f"plan {item.get('code', '?')}", None),
    )
    doc.first_year = _year(doc, doc.place, "first_year", item.get("first_year"), True)
    doc.last_year = _year(doc, doc.place, "last_year", item.get("last_year"), True)
    doc.review_year = _year(doc, doc.place, "review_year", item.get("review_year"), True)

    def visit(elements: list[dict[str, Any]], parent: str) -> None:
        for n, element in enumerate(elements, start=1):
            key = f"{parent}.{n}" if parent else str(n)
            place = Place(f"plan {doc.code}, element {key}", None)
            doc.elements.append(
                ElementRow(
                    key=key,
                    parent=parent,
                    kind=element.get("kind", ""),
                    name_th=element.get("name_th", ""),
                    name_en=element.get("name_en", ""),
                    description=element.get("description", ""),
                    agencies=list(element.get("agencies", [])),
                    aligns_to=list(element.get("aligns_to", [])),
                    place=place,
                )
            )
            for indicator in element.get("indicators", []):
                _indicator(doc, key, indicator, place)
            visit(element.get("children", []), key)

    visit(item.get("elements", []), "")
    return doc


def _indicator(doc: PlanDocument, key: str, item: dict[str, Any], place: Place) -> None:
    by_area: dict[str, dict[str, Any]] = {"": item.get("targets", {})}
    by_area.update(item.get("area_targets", {}))
    for area, targets in by_area.items():
        row = IndicatorRow(
            element=key,
            indicator=item.get("code", ""),
            indicator_name=item.get("name_th", ""),
            unit=item.get("unit", ""),
            area=area,
            baseline_year=_year(doc, place, "baseline_year", item.get("baseline_year"), False),
            baseline_value=_number(doc, place, "baseline_value", item.get("baseline_value")),
            lead_agency=item.get("lead", ""),
            agencies=list(item.get("agencies", [])),
            data_source=item.get("data_source", ""),
            outside_authority=bool(item.get("outside_authority", False)),
            place=place,
        )
        for year, value in targets.items():
            fy = _year(doc, place, f"target {year}", year, True)
            number = _number(doc, place, f"target {year}", value)
            if fy is not None and number is not None:
                row.targets[fy] = number
        doc.indicators.append(row)


def load_plan_file(path: Path, user: Any = None) -> list[ImportResult]:
    """Load every plan in a JSON file that is not there yet, with its status and approval.

    Plans already present are left alone, so loading again changes nothing.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    results = []
    problems: list[Problem] = []
    with transaction.atomic():
        for item in data["plans"]:
            if Plan.objects.filter(code=item.get("code", "")).exists():
                continue
            doc = document_from_json(item, path.name)
            try:
                result = apply_document(doc, user)
            except ImportRejected as exc:
                problems.extend(exc.problems)
                continue
            _settle(result, item, user)
            results.append(result)
        if problems:
            raise ImportRejected(problems)
    return results


def _settle(result: ImportResult, item: dict[str, Any], user: Any) -> None:
    """Bring a loaded edition to the file's status, recording the approval it names."""
    status = item.get("status", EditionStatus.DRAFT)
    approval = item.get("approval") or {}
    edition = result.edition
    path = [
        EditionStatus.DRAFT,
        EditionStatus.SUBMITTED,
        EditionStatus.APPROVED,
        EditionStatus.PUBLISHED,
    ]
    for before, after in pairwise(path):
        if path.index(status) < path.index(after):
            break
        record = EditionTransition(edition=edition, from_status=before, to_status=after, user=user)
        if after == EditionStatus.APPROVED and approval:
            record.committee = Agency.objects.get(code=approval["committee"])
            record.meeting = approval["meeting"]
            record.meeting_date = _date(approval.get("date"))
            record.resolution = approval.get("resolution", "")
        record.save()
    edition.status = status
    set_history_user(edition, user)
    edition.save(update_fields=["status", "last_updated"])


def _date(text: str | None) -> dt.date | None:
    return parse_date(text) if text else None
