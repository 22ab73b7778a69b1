"""The plan workbook template: read into a ``PlanDocument`` and write any edition back.

Three sheets (docs/user/plan-workbook.md describes every column):
* แผน (plan): one fact per row, label in column A and value in column B;
* องค์ประกอบแผน (elements): one row per element, parents before or after their children;
* ตัวชี้วัดและค่าเป้าหมาย (indicators): one row per element × indicator × area, one column per
  fiscal year of the plan (Buddhist Era) holding the target.
Headers may be the Thai labels written here or the English field names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import Prefetch
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment as CellAlignment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.core.importing import ImportRejected, Problem
from oneplan.lib.thaidate import ThaiDateError, ce_to_be
from oneplan.lib.thainum import NumberError, parse_number
from oneplan.lib.thaiparse import parse_fiscal_year, parse_year
from oneplan.plans.choices import ElementKind
from oneplan.plans.document import ElementRow, IndicatorRow, Place, PlanDocument, split_refs
from oneplan.plans.models import Alignment, IndicatorAgency, PlanEdition, PlanIndicator
from oneplan.plans.tree import walk

PLAN_SHEET = "แผน"
ELEMENT_SHEET = "องค์ประกอบแผน"
INDICATOR_SHEET = "ตัวชี้วัดและค่าเป้าหมาย"

PLAN_FIELDS = {
    "code": "รหัสแผน",
    "plan_type": "ประเภทแผน",
    "name_th": "ชื่อแผน",
    "name_en": "ชื่อแผนภาษาอังกฤษ",
    "description": "รายละเอียด",
    "area": "พื้นที่",
    "owner": "หน่วยงานเจ้าของแผน",
    "first_year": "ปีงบประมาณเริ่มต้น",
    "last_year": "ปีงบประมาณสิ้นสุด",
    "edition": "ฉบับที่",
    "edition_title": "ชื่อฉบับ",
    "review_year": "ปีงบประมาณที่ทบทวน",
    "status": "สถานะ",
    "sample": "ข้อมูลตัวอย่าง",
}
ELEMENT_COLUMNS = {
    "key": "ลำดับ",
    "parent": "อยู่ภายใต้",
    "kind": "ประเภท",
    "number": "เลขที่",
    "name_th": "ชื่อ",
    "name_en": "ชื่อภาษาอังกฤษ",
    "description": "รายละเอียด",
    "agencies": "หน่วยงานรับผิดชอบ",
    "aligns_to": "สอดคล้องกับ",
    "uid": "รหัสองค์ประกอบ",
}
INDICATOR_COLUMNS = {
    "element": "องค์ประกอบ",
    "indicator": "รหัสตัวชี้วัด",
    "indicator_name": "ชื่อตัวชี้วัด",
    "unit": "หน่วยนับ",
    "area": "พื้นที่",
    "baseline_year": "ปีฐาน",
    "baseline_value": "ค่าฐาน",
    "lead_agency": "หน่วยงานหลัก",
    "agencies": "หน่วยงานร่วม",
    "data_source": "แหล่งข้อมูล",
    "outside_authority": "นอกอำนาจหน้าที่",
}
REQUIRED_ELEMENT = ("key", "kind", "name_th")
REQUIRED_INDICATOR = ("element", "indicator")
YES = {"ใช่", "yes", "y", "true", "1", "x", "✓", "มี"}
NO = {"", "ไม่", "ไม่ใช่", "no", "n", "false", "0", "-"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _kind_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for kind in ElementKind:
        names[kind.value.casefold()] = kind.value
        for language in ("th", "en"):
            with translation.override(language):
                names[str(kind.label).casefold()] = kind.value
    return names


def _lookup(fields: dict[str, str]) -> dict[str, str]:
    """Header text (Thai label or English name, any case) -> field name."""
    found = {label.casefold(): name for name, label in fields.items()}
    found.update({name.casefold(): name for name in fields})
    return found


# --- reading ------------------------------------------------------------------------------


def read_workbook(source: str | Path | IO[bytes], name: str | None = None) -> PlanDocument:
    """Read a plan workbook; problems the reading finds are kept on the document."""
    file = name or (Path(source).name if isinstance(source, str | Path) else "workbook")
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportRejected(
            [Problem(file, None, "", f"not an Excel workbook (.xlsx): {exc}")]
        ) from exc
    missing = [s for s in (PLAN_SHEET, ELEMENT_SHEET, INDICATOR_SHEET) if s not in book.sheetnames]
    if missing:
        raise ImportRejected(
            [Problem(file, None, "", f"the sheet {s!r} is missing", s) for s in missing]
        )
    doc = PlanDocument(file, "", "", "", "", None, None)
    _read_plan(doc, book[PLAN_SHEET])
    _read_elements(doc, book[ELEMENT_SHEET])
    _read_indicators(doc, book[INDICATOR_SHEET])
    book.close()
    return doc


def _rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(_text(v) for v in row):
            yield number, row


def _read_plan(doc: PlanDocument, sheet: Any) -> None:
    labels = _lookup(PLAN_FIELDS)
    values: dict[str, tuple[int, Any]] = {}
    for number, row in _rows(sheet):
        label = _text(row[0]).casefold() if row else ""
        name = labels.get(label)
        if name is None:
            if number > 1:
                doc.problems.append(
                    Problem(doc.file, number, "A", f"unknown field {_text(row[0])!r}", PLAN_SHEET)
                )
            continue
        values[name] = (number, row[1] if len(row) > 1 else None)

    def get(name: str) -> str:
        return _text(values.get(name, (0, None))[1])

    doc.place = Place(PLAN_SHEET, None, {n: f"B ({PLAN_FIELDS[n]})" for n in PLAN_FIELDS})
    doc.code, doc.plan_type, doc.name_th = get("code"), get("plan_type"), get("name_th")
    doc.name_en, doc.description = get("name_en"), get("description")
    doc.area, doc.owner, doc.edition_title = get("area"), get("owner"), get("edition_title")
    doc.sample = get("sample").casefold() in YES
    for name in ("first_year", "last_year", "review_year"):
        text = get(name)
        if not text:
            if name != "review_year":
                _plan_problem(doc, values, name, "the fiscal year is missing")
            continue
        try:
            setattr(doc, name, parse_fiscal_year(text))
        except ThaiDateError as exc:
            _plan_problem(doc, values, name, str(exc))


def _plan_problem(
    doc: PlanDocument, values: dict[str, tuple[int, Any]], name: str, message: str
) -> None:
    row = values.get(name, (None, None))[0]
    doc.problems.append(Problem(doc.file, row, f"B ({PLAN_FIELDS[name]})", message, PLAN_SHEET))


def _header(
    doc: PlanDocument, sheet_name: str, row: tuple[Any, ...], fields: dict[str, str]
) -> tuple[dict[str, int], dict[str, str], dict[int, int]]:
    """Map a header row to field positions; also fiscal-year columns (for indicators)."""
    lookup = _lookup(fields)
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    years: dict[int, int] = {}
    for index, cell in enumerate(row):
        text = _text(cell)
        if not text:
            continue
        letter = get_column_letter(index + 1)
        name = lookup.get(text.casefold())
        if name is not None:
            columns[name] = index
            names[name] = f"{letter} ({text})"
            continue
        if fields is INDICATOR_COLUMNS:
            try:
                year = parse_fiscal_year(text)
            except ThaiDateError:
                pass
            else:
                years[year] = index
                names[f"year:{year}"] = f"{letter} ({text})"
                continue
        doc.problems.append(
            Problem(doc.file, 1, f"{letter} ({text})", "unknown column", sheet_name)
        )
    return columns, names, years


def _table(
    doc: PlanDocument, sheet: Any, name: str, fields: dict[str, str], required: tuple[str, ...]
) -> tuple[Iterator[tuple[int, tuple[Any, ...]]], dict[str, int], dict[str, str], dict[int, int]]:
    """The data rows of a sheet with its header read: field positions, the names problems use
    for each field's column, and fiscal-year columns; a missing required column is a problem."""
    rows = _rows(sheet)
    header = next(rows, None)
    if header is None:
        return iter(()), {}, {}, {}
    columns, names, years = _header(doc, name, header[1], fields)
    for need in required:
        names.setdefault(need, fields[need])
        if need not in columns:
            doc.problems.append(Problem(doc.file, 1, fields[need], "this column is missing", name))
    return rows, columns, names, years


def _read_elements(doc: PlanDocument, sheet: Any) -> None:
    rows, columns, names, _years = _table(
        doc, sheet, ELEMENT_SHEET, ELEMENT_COLUMNS, REQUIRED_ELEMENT
    )
    kinds = _kind_names()
    for number, row in rows:
        cell = _getter(row, columns)
        place = Place(ELEMENT_SHEET, number, names)
        kind_text = cell("kind")
        kind = kinds.get(kind_text.casefold(), "")
        element = ElementRow(
            key=cell("key"),
            parent=cell("parent"),
            kind=kind,
            name_th=cell("name_th"),
            number=cell("number"),
            name_en=cell("name_en"),
            description=cell("description"),
            agencies=split_refs(cell("agencies")),
            aligns_to=split_refs(cell("aligns_to")),
            uid=cell("uid"),
            place=place,
        )
        if not kind:
            doc.problem(
                place, "kind", f"unknown kind {kind_text!r}" if kind_text else "the kind is missing"
            )
            element.kind = ElementKind.GOAL  # checked no further
        doc.elements.append(element)


def _getter(row: tuple[Any, ...], columns: dict[str, int]) -> Any:
    def cell(name: str, raw: bool = False) -> Any:
        index = columns.get(name)
        value = row[index] if index is not None and index < len(row) else None
        return value if raw else _text(value)

    return cell


def _read_indicators(doc: PlanDocument, sheet: Any) -> None:
    rows, columns, names, years = _table(
        doc, sheet, INDICATOR_SHEET, INDICATOR_COLUMNS, REQUIRED_INDICATOR
    )
    for number, row in rows:
        cell = _getter(row, columns)
        place = Place(INDICATOR_SHEET, number, names)
        item = IndicatorRow(
            element=cell("element"),
            indicator=cell("indicator"),
            indicator_name=cell("indicator_name"),
            unit=cell("unit"),
            area=cell("area"),
            lead_agency=cell("lead_agency"),
            agencies=split_refs(cell("agencies")),
            data_source=cell("data_source"),
            place=place,
        )
        year_text = cell("baseline_year")
        if year_text:
            try:
                item.baseline_year = parse_year(year_text)
            except ThaiDateError as exc:
                doc.problem(place, "baseline_year", str(exc))
        item.baseline_value = _number(doc, place, "baseline_value", cell("baseline_value", True))
        flag = cell("outside_authority").casefold()
        if flag in YES:
            item.outside_authority = True
        elif flag not in NO:
            doc.problem(place, "outside_authority", f"write ใช่ or leave blank, not {flag!r}")
        for year, index in years.items():
            value = row[index] if index < len(row) else None
            target = _number(doc, place, f"year:{year}", value)
            if target is not None:
                item.targets[year] = target
        doc.indicators.append(item)


def _number(doc: PlanDocument, place: Place, column: str, value: Any) -> Decimal | None:
    try:
        return parse_number(value)
    except NumberError as exc:
        doc.problem(place, column, str(exc))
        return None


# --- writing ------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def _header_cells(sheet: Worksheet, labels: Iterable[str]) -> list[Any]:
    cells = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = CellAlignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def _value(number: Decimal | None) -> int | float | None:
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def write_workbook(edition: PlanEdition, target: str | Path | IO[bytes]) -> None:
    """Write ``edition`` in the template; reading the file back gives the same plan."""
    plan = edition.plan
    book = Workbook(write_only=True)
    _write_plan(book, edition)
    elements = list(edition.elements.prefetch_related("agencies"))
    rows = walk(elements)
    keys = _outline_keys(rows)
    links: dict[int, list[str]] = {}
    targets = Alignment.objects.filter(source__edition=edition).select_related(
        "target__edition__plan"
    )
    numbers_seen: dict[tuple[int, str], int] = {}
    for link in targets.order_by("target__edition__plan__code", "target__position", "target_id"):
        t = link.target
        key = (t.edition_id, t.number)
        if key not in numbers_seen:
            numbers_seen[key] = t.edition.elements.filter(number=t.number).count()
        ref = t.number if t.number and numbers_seen[key] == 1 else f"#{t.uid}"
        links.setdefault(link.source_id, []).append(f"{t.edition.plan.code}:{ref}")
    sheet = book.create_sheet(ELEMENT_SHEET)
    sheet.freeze_panes = "A2"
    for index, width in enumerate((8, 8, 16, 8, 60, 40, 40, 24, 24, 38), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(_header_cells(sheet, ELEMENT_COLUMNS.values()))
    with translation.override("th"):
        for row in rows:
            e = row.element
            sheet.append(
                [
                    keys[e.pk],
                    keys.get(e.parent_id, "") if e.parent_id else "",
                    str(ElementKind(e.kind).label),
                    e.number,
                    e.name_th,
                    e.name_en,
                    e.description,
                    ", ".join(sorted(a.code for a in e.agencies.all())),
                    ", ".join(links.get(e.pk, [])),
                    str(e.uid),
                ]
            )
    _write_indicators(book, edition, rows, keys)
    book.save(target)
    del plan


def _outline_keys(rows: list[Any]) -> dict[int, str]:
    keys: dict[int, str] = {}
    counters: dict[int | None, int] = {}
    for row in rows:
        e = row.element
        counters[e.parent_id] = counters.get(e.parent_id, 0) + 1
        prefix = keys.get(e.parent_id, "") if e.parent_id else ""
        keys[e.pk] = f"{prefix}.{counters[e.parent_id]}" if prefix else str(counters[e.parent_id])
    return keys


def _write_plan(book: Workbook, edition: PlanEdition) -> None:
    plan = edition.plan
    sheet = book.create_sheet(PLAN_SHEET)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 70
    sheet.append(_header_cells(sheet, ["รายการ", "ค่า"]))
    values: dict[str, Any] = {
        "code": plan.code,
        "plan_type": plan.plan_type.code,
        "name_th": plan.name_th,
        "name_en": plan.name_en,
        "description": plan.description,
        "area": plan.area.code,
        "owner": plan.owner.code if plan.owner else "",
        "first_year": str(ce_to_be(plan.first_year)),
        "last_year": str(ce_to_be(plan.last_year)),
        "edition": edition.number,
        "edition_title": edition.title,
        "review_year": str(ce_to_be(edition.review_year)) if edition.review_year else "",
        "status": edition.status,
        "sample": "ใช่" if plan.sample else "",
    }
    for name, label in PLAN_FIELDS.items():
        sheet.append([label, values[name]])


def _write_indicators(
    book: Workbook, edition: PlanEdition, rows: list[Any], keys: dict[int, str]
) -> None:
    plan = edition.plan
    years = plan.fiscal_years
    sheet = book.create_sheet(INDICATOR_SHEET)
    sheet.freeze_panes = "C2"
    labels = [*INDICATOR_COLUMNS.values(), *(str(ce_to_be(y)) for y in years)]
    sheet.append(_header_cells(sheet, labels))
    order = {row.element.pk: i for i, row in enumerate(rows)}
    indicators = list(
        PlanIndicator.objects.filter(element__edition=edition)
        .select_related("indicator")
        .prefetch_related(
            "targets__area",
            Prefetch("responsibilities", queryset=IndicatorAgency.objects.select_related("agency")),
        )
    )
    indicators.sort(key=lambda pi: (order[pi.element_id], pi.position, pi.pk))
    for pi in indicators:
        by_area: dict[str, dict[int, Decimal]] = {}
        for t in pi.targets.all():
            by_area.setdefault(t.area.code, {})[t.fiscal_year] = t.value
        areas = sorted(by_area, key=lambda code: (code != plan.area.code, code)) or [plan.area.code]
        lead = next((r.agency.code for r in pi.responsibilities.all() if r.lead), "")
        others = sorted(r.agency.code for r in pi.responsibilities.all() if not r.lead)
        for area in areas:
            values = by_area.get(area, {})
            sheet.append(
                [
                    keys[pi.element_id],
                    pi.indicator.code,
                    pi.indicator.name_th,
                    pi.indicator.unit,
                    area,
                    str(ce_to_be(pi.baseline_year)) if pi.baseline_year else "",
                    _value(pi.baseline_value),
                    lead,
                    ", ".join(others),
                    pi.data_source,
                    "ใช่" if pi.outside_authority else "",
                    *(_value(values.get(y)) for y in years),
                ]
            )


def export_filename(edition: PlanEdition) -> str:
    stamp = dt.date.today().isoformat()
    return f"{edition.plan.code}-edition-{edition.number}-{stamp}.xlsx"
