"""The plan workbook: export, read back and re-import without loss; every problem of a bad
workbook reported at once with its sheet, row and column, and nothing written."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import load_workbook

from oneplan.core.importing import ImportRejected
from oneplan.geo.models import Area
from oneplan.orgs.models import Agency
from oneplan.plans.choices import ElementKind
from oneplan.plans.editions import copy_edition_contents
from oneplan.plans.importer import apply_document
from oneplan.plans.models import (
    Alignment,
    IndicatorAgency,
    Plan,
    PlanEdition,
    PlanElement,
    PlanIndicator,
    PlanType,
    Target,
)
from oneplan.plans.tree import renumber
from oneplan.plans.workbook import (
    ELEMENT_COLUMNS,
    ELEMENT_SHEET,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    PLAN_FIELDS,
    PLAN_SHEET,
    read_workbook,
    write_workbook,
)
from oneplan.stats.models import Indicator

pytestmark = pytest.mark.django_db

YEARS_BE = ["2566", "2567", "2568", "2569", "2570"]
ELEMENT_COUNT = 5
TARGETS = ["100", "110.5", "120", "130", "140"]


@pytest.fixture
def plan(cast):
    """P12 (area 12, FY 2023-2027) aligned to the framework UP, with a joint indicator."""
    fw_type = PlanType.objects.create(
        code="FW-T", name_th="กรอบทดสอบ", level="national", element_kinds=["goal"]
    )
    ptype = PlanType.objects.create(
        code="PROV-T",
        name_th="แผนจังหวัดทดสอบ",
        level="province",
        element_kinds=["vision", "issue", "goal", "project"],
    )
    th = Area.objects.get(code="TH")
    up = Plan.objects.create(
        code="UP", plan_type=fw_type, name_th="แผนบน", area=th, first_year=2018, last_year=2037
    )
    up_edition = PlanEdition.objects.create(plan=up, status="published")
    up_goals = [
        PlanElement.objects.create(
            edition=up_edition, kind="goal", number=str(n), position=n, name_th=f"เป้าหมายบน {n}"
        )
        for n in (1, 2)
    ]
    plan = Plan.objects.create(
        code="P12",
        plan_type=ptype,
        name_th="แผนพัฒนาจังหวัดนนทบุรี",
        name_en="Nonthaburi development plan",
        area=cast.nonthaburi,
        owner=Agency.objects.get(code="PO-12"),
        first_year=2023,
        last_year=2027,
    )
    edition = PlanEdition.objects.create(plan=plan, title="ฉบับทดสอบ", review_year=2024)

    def element(kind, name, position, parent=None, agencies=()):
        e = PlanElement.objects.create(
            edition=edition, kind=kind, name_th=name, position=position, parent=parent
        )
        e.agencies.set(Agency.objects.filter(code__in=agencies))
        return e

    element("vision", "นนทบุรีเมืองน่าอยู่", 1)
    issue = element("issue", "เศรษฐกิจ", 2, agencies=["PO-12"])
    goal = element("goal", "รายได้เพิ่มขึ้น", 1, issue, ["DOAE-12", "NSO-12"])
    element("project", "โครงการตลาดเกษตร", 1, goal, ["DOAE-12"])
    second = element("issue", "สังคม", 3)
    renumber(edition)
    Alignment.objects.create(source=issue, target=up_goals[0])
    Alignment.objects.create(source=goal, target=up_goals[1])
    income, elderly, *_ = [
        Indicator.objects.create(code=f"IND-{n}", name_th=f"ตัวชี้วัด {n}", unit="คน")
        for n in range(1, 6)
    ]
    pi = PlanIndicator.objects.create(
        element=goal,
        indicator=income,
        position=1,
        baseline_year=2022,
        baseline_value=Decimal("12.5"),
        data_source="สำนักงานสถิติจังหวัด",
        outside_authority=True,
    )
    IndicatorAgency.objects.create(plan_indicator=pi, agency=Agency.objects.get(code="DOAE-12"))
    IndicatorAgency.objects.create(
        plan_indicator=pi, agency=Agency.objects.get(code="NSO-12"), lead=True
    )
    values = {"12": TARGETS, "1201": [None, 7, 7, None, None]}
    for code, targets in values.items():
        area = Area.objects.get(code=code)
        for year, value in zip(range(2023, 2028), targets, strict=True):
            if value is not None:
                Target.objects.create(plan_indicator=pi, area=area, fiscal_year=year, value=value)
    PlanIndicator.objects.create(element=second, indicator=elderly)
    return plan


def export(plan_code: str) -> bytes:
    buffer = io.BytesIO()
    edition = Plan.objects.get(code=plan_code).latest_edition()
    assert edition is not None
    write_workbook(edition, buffer)
    return buffer.getvalue()


def cells(data: bytes) -> dict[str, list[list[object]]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book}


def edited(data: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(data))
    change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def load(data: bytes):
    return apply_document(read_workbook(io.BytesIO(data), "plan.xlsx"))


def counts():
    models = (Plan, PlanEdition, PlanElement, PlanIndicator, Target, Alignment, Indicator)
    return [m.objects.count() for m in models]


def test_export_has_thai_headers_and_buddhist_era_years(plan):
    sheets = cells(export("P12"))
    assert list(sheets) == [PLAN_SHEET, ELEMENT_SHEET, INDICATOR_SHEET]
    facts = {row[0]: row[1] for row in sheets[PLAN_SHEET][1:]}
    assert list(facts) == list(PLAN_FIELDS.values())
    assert facts["รหัสแผน"] == "P12"
    assert (facts["ปีงบประมาณเริ่มต้น"], facts["ปีงบประมาณสิ้นสุด"]) == ("2566", "2570")
    assert facts["ปีงบประมาณที่ทบทวน"] == "2567"
    assert sheets[ELEMENT_SHEET][0] == list(ELEMENT_COLUMNS.values())
    elements = sheets[ELEMENT_SHEET][1:]
    assert [(r[0], r[1], r[3]) for r in elements] == [
        ("1", None, None),
        ("2", None, "1"),
        ("2.1", "2", "1.1"),
        ("2.1.1", "2.1", "1.1.1"),
        ("3", None, "2"),
    ]
    with translation.override("th"):
        labels = [
            str(ElementKind(k).label) for k in ("vision", "issue", "goal", "project", "issue")
        ]
    assert [r[2] for r in elements] == labels
    assert all(re.search("[\u0e01-\u0e4e]", label) for label in labels), labels
    assert elements[1][7:9] == ["PO-12", "UP:1"]
    assert elements[2][7:9] == ["DOAE-12, NSO-12", "UP:2"]
    header = sheets[INDICATOR_SHEET][0]
    assert header == [*INDICATOR_COLUMNS.values(), *YEARS_BE]
    rows = sheets[INDICATOR_SHEET][1:]
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("2.1", "IND-1", "12"),
        ("2.1", "IND-1", "1201"),
        ("3", "IND-2", "12"),
    ]
    assert rows[0][5:11] == ["2565", 12.5, "NSO-12", "DOAE-12", "สำนักงานสถิติจังหวัด", "ใช่"]
    assert rows[0][11:] == [100, 110.5, 120, 130, 140]
    assert rows[1][11:] == [None, 7, 7, None, None]
    assert rows[2][5:] == [None] * 11  # no baseline, agencies or targets


def test_round_trip_into_a_new_plan_gives_the_same_workbook(plan):
    first = export("P12")
    doc = read_workbook(io.BytesIO(first))
    assert doc.problems == []
    assert (doc.first_year, doc.last_year, doc.review_year) == (2023, 2027, 2024)
    assert doc.indicators[0].baseline_year == 2022
    assert doc.indicators[0].targets == dict(
        zip(range(2023, 2028), map(Decimal, TARGETS), strict=True)
    )
    doc.code = "P12-COPY"
    result = apply_document(doc)
    assert result.created_plan
    assert result.elements == {"created": ELEMENT_COUNT, "changed": 0, "unchanged": 0, "deleted": 0}
    assert (result.indicators, result.targets, result.new_indicators) == (2, 7, [])
    a, b = cells(first), cells(export("P12-COPY"))
    assert a[PLAN_SHEET][1] == ["รหัสแผน", "P12"]
    assert b[PLAN_SHEET][1] == ["รหัสแผน", "P12-COPY"]
    b[PLAN_SHEET][1][1] = "P12"
    for sheet in (a, b):
        for row in sheet[ELEMENT_SHEET][1:]:
            row[9] = None
    assert a == b
    copy = Plan.objects.get(code="P12-COPY").latest_edition()
    lead = IndicatorAgency.objects.get(plan_indicator__element__edition=copy, lead=True)
    assert lead.agency.code == "NSO-12"
    assert Alignment.objects.filter(source__edition=copy).count() == 2


def test_reimporting_into_the_same_plan_changes_nothing(plan):
    first = export("P12")
    history = PlanElement.history.count()
    result = load(first)
    assert not result.created_plan
    assert result.edition == plan.latest_edition()
    assert result.elements == {"created": 0, "changed": 0, "unchanged": 5, "deleted": 0}
    assert PlanElement.history.count() == history
    assert PlanElement.objects.filter(edition__plan=plan).count() == ELEMENT_COUNT
    assert cells(export("P12")) == cells(first)


def test_a_removed_row_is_deleted_on_import(plan):
    result = load(edited(export("P12"), lambda b: b[ELEMENT_SHEET].delete_rows(5)))  # 2.1.1
    assert result.elements == {"created": 0, "changed": 0, "unchanged": 4, "deleted": 1}
    assert not PlanElement.objects.filter(edition__plan=plan, kind="project").exists()


# Problems -----------------------------------------------------------------------------------


def append(ws, values: dict[str, object]) -> int:
    row = ws.max_row + 1
    for column, value in values.items():
        ws[f"{column}{row}"] = value
    return row


def rejected(data: bytes):
    before = counts()
    doc = read_workbook(io.BytesIO(data), "plan.xlsx")
    with pytest.raises(ImportRejected) as info:
        apply_document(doc)
    assert counts() == before
    return info.value.problems


def test_every_problem_is_reported_with_its_place_and_nothing_is_written(plan):
    expected: list[tuple[str, int, str, str]] = []
    E, I = ELEMENT_SHEET, INDICATOR_SHEET  # noqa: E741

    def spoil(book):
        el, ind = book[ELEMENT_SHEET], book[INDICATOR_SHEET]
        el["K1"] = "สีโปรด"
        expected.append((E, 1, "K (สีโปรด)", "unknown column"))
        for values, column, message in [
            ({"C": "ดาวเคราะห์", "E": "ก"}, "C (ประเภท)", "unknown kind 'ดาวเคราะห์'"),
            ({"C": "activity", "E": "ก"}, "C (ประเภท)", "holds no 'activity'"),
            ({"C": "goal"}, "E (ชื่อ)", "the Thai name is missing"),
            ({"A": "1", "C": "goal", "E": "ก"}, "A (ลำดับ)", "key '1' is used twice (also row 2)"),
            ({"B": "99", "C": "goal", "E": "ก"}, "B (อยู่ภายใต้)", "no element has the key '99'"),
            ({"C": "goal", "E": "ก", "H": "NOPE"}, "H (หน่วยงานรับผิดชอบ)", "unknown agency NOPE"),
            ({"C": "goal", "E": "ก", "I": "NOPLAN:1"}, "I (สอดคล้องกับ)", "unknown plan 'NOPLAN'"),
            ({"C": "goal", "E": "ก", "I": "UP:9"}, "I (สอดคล้องกับ)", "UP has no element 9"),
            ({"C": "goal", "E": "ก", "I": "P12:1"}, "I (สอดคล้องกับ)", "does not align to itself"),
        ]:
            if "A" not in values:
                values["A"] = str(el.max_row + 10)
            expected.append((E, append(el, values), column, message))
        ind["Q1"] = "2575"
        ind["G3"] = 99  # the 1201 row of IND-1 with another baseline than row 2
        expected.append((I, 3, "G (ค่าฐาน)", "differs from row 2 for the same indicator"))
        for values, column, message in [
            ({"A": "1", "B": "IND-3", "E": "9999"}, "E (พื้นที่)", "unknown area '9999'"),
            ({"A": "1", "B": "IND-4", "E": "5401"}, "E (พื้นที่)", "outside the plan's area 12"),
            ({"A": "1", "B": "IND-5", "F": "ปีหน้า"}, "F (ปีฐาน)", "expected a year such as 2568"),
            ({"A": "2", "B": "IND-5", "L": "abc"}, "L (2566)", "'abc' is not a number"),
            ({"A": "2", "B": "IND-4", "M": 1.23456}, "M (2567)", "more than 4 decimal places"),
            ({"A": "2", "B": "IND-3", "Q": 5}, "Q (2575)", "outside the plan's years"),
            ({"A": "3", "B": "IND-2", "E": "12"}, "E (พื้นที่)", "already appear in row 4"),
            ({"A": "2", "B": "NO-IND"}, "B (รหัสตัวชี้วัด)", "unknown indicator 'NO-IND'"),
            ({"A": "7", "B": "IND-3"}, "A (องค์ประกอบ)", "no element has the key '7'"),
            ({"A": "3", "B": "IND-4", "H": "NOBODY"}, "H (หน่วยงานหลัก)", "unknown agency NOBODY"),
            ({"A": "3", "B": "IND-5", "K": "บางที"}, "K (นอกอำนาจหน้าที่)", "not 'บางที'"),
        ]:
            expected.append((I, append(ind, values), column, message))

    problems = rejected(edited(export("P12"), spoil))
    found = sorted((p.sheet, p.row, p.column) for p in problems)
    assert found == sorted((s, r, c) for s, r, c, _ in expected), "\n".join(map(str, problems))
    for sheet, row, column, message in expected:
        [problem] = [p for p in problems if (p.sheet, p.row, p.column) == (sheet, row, column)]
        assert message in problem.message
        assert problem.file == "plan.xlsx"
        assert problem.message


def test_reader_problems_reach_apply_document(plan):
    data = edited(export("P12"), lambda b: b[PLAN_SHEET].cell(9, 2, "ปีไหนก็ได้"))
    place = [(PLAN_SHEET, 9, "B (ปีงบประมาณเริ่มต้น)")]
    assert [(p.sheet, p.row, p.column) for p in read_workbook(io.BytesIO(data)).problems] == place
    assert [(p.sheet, p.row, p.column) for p in rejected(data)] == place


def test_a_missing_sheet_is_named(plan):
    data = edited(export("P12"), lambda b: b.remove(b[INDICATOR_SHEET]))
    with pytest.raises(ImportRejected) as info:
        read_workbook(io.BytesIO(data), "plan.xlsx")
    [problem] = info.value.problems
    assert problem.sheet == INDICATOR_SHEET
    assert problem.message == f"the sheet {INDICATOR_SHEET!r} is missing"


def test_a_missing_required_column_is_reported(plan):
    data = edited(export("P12"), lambda b: b[ELEMENT_SHEET].delete_cols(5))
    first, *rows = rejected(data)
    assert (first.sheet, first.row, first.column) == (ELEMENT_SHEET, 1, "ชื่อ")
    assert first.message == "this column is missing"
    assert [(p.row, p.message) for p in rows] == [
        (n, "the Thai name is missing") for n in range(2, 2 + ELEMENT_COUNT)
    ]


def test_an_approved_plan_is_not_overwritten(plan):
    data = export("P12")
    PlanEdition.objects.filter(plan=plan).update(status="approved")
    [problem] = rejected(data)
    assert (problem.sheet, problem.column) == (PLAN_SHEET, "B (รหัสแผน)")
    assert "edition 1 of P12 is approved" in problem.message
    assert "start a review edition" in problem.message


def test_thai_digits_and_thousands_separators_are_accepted(plan):
    def change(book):
        ws = book[INDICATOR_SHEET]
        ws["L2"], ws["M2"], ws["N2"] = "๑๒๓", "1,234.5", " 2,000 "

    load(edited(export("P12"), change))
    targets = Target.objects.filter(plan_indicator__element__edition__plan=plan, area__code="12")
    assert list(targets.order_by("fiscal_year").values_list("value", flat=True)) == [
        Decimal(v) for v in ("123", "1234.5", "2000", "130", "140")
    ]


@pytest.mark.parametrize("data", [b"not a workbook at all", b"PK\x03\x04broken zip", b""])
def test_a_file_that_is_not_a_workbook_gives_one_problem(data):
    with pytest.raises(ImportRejected) as info:
        read_workbook(io.BytesIO(data), "notes.xlsx")
    [problem] = info.value.problems
    assert problem.file == "notes.xlsx"
    assert problem.message.startswith("not an Excel workbook (.xlsx)")


# Permissions --------------------------------------------------------------------------------


def test_only_the_plans_own_planners_import_it(plan, cast):
    data = export("P12")
    history = PlanElement.history.count()
    for user in (cast.planner_phrae, cast.viewer, cast.statistician):
        with pytest.raises(PermissionDenied):
            apply_document(read_workbook(io.BytesIO(data)), user)
    assert PlanElement.history.count() == history
    result = apply_document(read_workbook(io.BytesIO(data)), cast.planner_nonthaburi)
    assert result.elements["unchanged"] == ELEMENT_COUNT


def test_changing_the_area_does_not_let_another_province_in(plan, cast):
    doc = read_workbook(io.BytesIO(export("P12")))
    doc.area = "54"  # and the targets on the plan's area
    doc.indicators = [i for i in doc.indicators if i.area != "1201"]
    for row in doc.indicators:
        row.area = ""
    with pytest.raises(PermissionDenied):
        apply_document(doc, cast.planner_phrae)
    assert Plan.objects.get(code="P12").area.code == "12"


def test_an_agency_listed_twice_is_not_a_crash(plan):
    def change(book):
        book[INDICATOR_SHEET]["I2"] = book[INDICATOR_SHEET]["I3"] = "DOAE-12, DOAE-12"

    doc = read_workbook(io.BytesIO(edited(export("P12"), change)))
    problems = []
    try:
        apply_document(doc)
    except ImportRejected as exc:
        problems = exc.problems
    if problems:  # reported, or else merged
        assert [(p.row, p.column) for p in problems] == [(r, "I (หน่วยงานร่วม)") for r in (2, 3)]
    else:
        pi = PlanIndicator.objects.get(element__edition__plan=plan, indicator__code="IND-1")
        assert sorted(r.agency.code for r in pi.responsibilities.all()) == ["DOAE-12", "NSO-12"]


def test_reimport_keeps_links_on_the_edition_they_point_to(plan):
    up = Plan.objects.get(code="UP")
    review = PlanEdition.objects.create(plan=up, number=2, based_on=up.latest_edition())
    copy_edition_contents(review.based_on, review)
    links = Alignment.objects.filter(source__edition__plan=plan)
    before = sorted(links.values_list("target__edition__number", "target__number"))
    assert before == [(1, "1"), (1, "2")]
    load(export("P12"))
    assert sorted(links.values_list("target__edition__number", "target__number")) == before
