"""An analysis's result as a workbook, from the plain data of ``snapshot`` built by hand (no
database)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext

from oneplan.analysis import tables
from oneplan.analysis.choices import CriterionKey, NormalisationChoice
from oneplan.analysis.exports import HEADER_ROW, xlsx_file
from oneplan.analysis.tests.export_data import (
    DURIAN,
    FOREST,
    GROUP,
    NOTE,
    ORNAMENTAL,
    POTTERY,
    ROAD_DEATHS,
    book,
    champion_dict,
    positioning_dict,
    problems_dict,
    read,
    text_of,
)
from oneplan.stats.kpi.rules import Status
from oneplan.stats.kpi.status import STATUS_LABELS


@pytest.fixture
def thai():
    with translation.override("th"):
        yield


def row_of(sheet, value: Any, column: int = 1) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, column).value == value)


def test_positioning_workbook(thai):
    wb = book(positioning_dict())
    assert wb.sheetnames == [gettext("Inputs")]
    sheet = wb.active
    assert sheet["A1"].value == f"{gettext('Positioning')}: นนทบุรี 2562–2566"
    assert [sheet.cell(r, 1).value for r in range(2, 6)] == [
        gettext("Area"),
        gettext("Reference"),
        gettext("Measure"),
        gettext("Years"),
    ]
    assert [sheet.cell(r, 2).value for r in range(2, 6)] == [
        "นนทบุรี",
        GROUP,
        "PROD-VALUE (ล้านบาท)",
        "2562–2566",
    ]
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:5] == [
        gettext("Code"),
        gettext("Thai name"),
        gettext("English name"),
        gettext("Area %(year)s") % {"year": 2562},
        gettext("Area %(year)s") % {"year": 2566},
    ]
    assert gettext("LQ %(year)s") % {"year": 2562} in header
    assert gettext("Share %(year)s") % {"year": 2566} in header
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    durian = dict(zip(header, sheet[HEADER_ROW + 1], strict=True))
    assert durian[gettext("Thai name")].value == DURIAN
    assert durian[gettext("Area %(year)s") % {"year": 2566}].value == 530.2
    assert durian[gettext("Area %(year)s") % {"year": 2566}].number_format == "#,##0.0"
    assert durian[gettext("Share %(year)s") % {"year": 2566}].value == 0.2598
    assert durian[gettext("Share %(year)s") % {"year": 2566}].number_format == "0.0%"
    assert durian[gettext("LQ %(year)s") % {"year": 2566}].value == 2.1384
    assert durian[gettext("Competitive effect")].value == 69.63
    assert durian[gettext("Dynamic: competitive effect")].value == 69.2
    assert durian[gettext("Employment %(year)s") % {"year": 2566}].value is None
    total = row_of(sheet, gettext("Total (shift-share)"), 2)
    assert total == HEADER_ROW + 4
    cells = dict(zip(header, sheet[total], strict=True))
    assert cells[gettext("Area %(year)s") % {"year": 2566}].value == 1435.6
    assert cells[gettext("Competitive effect")].value == 169.48
    assert cells[gettext("Competitive effect")].font.bold
    notes = row_of(sheet, gettext("Notes"))
    assert notes > total
    assert sheet.cell(notes + 1, 1).value == NOTE


def test_champion_workbook(thai):
    wb = book(champion_dict())
    assert wb.sheetnames == [gettext("Ranking"), gettext("Criteria"), gettext("Inputs")]
    ranking, criteria, inputs = (wb[name] for name in wb.sheetnames)
    assert ranking["A1"].value == f"{gettext('Product Champion')}: นนทบุรี 2562–2566"
    assert ranking["B5"].value == "2562–2566"
    header = [c.value for c in ranking[HEADER_ROW]]
    lq = {"criterion": "ดัชนีความเชี่ยวชาญ (LQ)"}
    assert header[:8] == [
        gettext("Rank"),
        gettext("Code"),
        gettext("Name"),
        gettext("Value chain"),
        gettext("Score"),
        gettext("%(criterion)s: points") % lq,
        gettext("%(criterion)s: value") % lq,
        gettext("%(criterion)s: normalised") % lq,
    ]
    assert header[-1] == gettext("Without a value")
    rows = list(ranking.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 3, values_only=True))
    assert [r[:3] for r in rows] == [
        (1, "DURIAN", DURIAN),
        (2, "POTTERY", POTTERY),
        (3, "ORNAMENTAL", ORNAMENTAL),
    ]
    pottery = rows[1]
    assert pottery[4] == 53.3
    assert pottery[5:8] == (7.9, 1.3624, 0.2655)
    assert ranking.cell(HEADER_ROW + 2, 5).number_format == "0.0"
    growth = header.index(gettext("%(criterion)s: value") % {"criterion": "อัตราการเติบโต"})
    assert ranking.cell(HEADER_ROW + 2, growth + 1).number_format == "0.0%"
    assert rows[2][-1] == "ศักยภาพทางการตลาด"  # the ornamental plants have no typed score
    assert (
        rows[2][header.index(gettext("%(criterion)s: value") % {"criterion": "ศักยภาพทางการตลาด"})]
        is None
    )
    # The criteria, and the inputs without a header block of their own.
    assert [c.value for c in criteria[1]][:5] == [
        gettext("Criterion"),
        gettext("Source of the value"),
        gettext("Weight"),
        gettext("Share of the weights"),
        gettext("Normalisation"),
    ]
    assert [c.value for c in criteria[4]] == [
        "ศักยภาพทางการตลาด",
        str(CriterionKey.MANUAL.label),
        50,
        0.5,
        str(NormalisationChoice.SCALE.label),
        gettext("Yes"),
        1,
        5,
    ]
    assert criteria["B2"].value == str(CriterionKey.LQ.label)
    assert criteria["G2"].value is None  # min–max has no declared scale
    assert inputs["A1"].value == gettext("Code")
    assert inputs["B2"].value == DURIAN
    assert inputs.freeze_panes == "A2"


def test_problems_workbook(thai):
    wb = book(problems_dict())
    assert wb.sheetnames == [gettext("Ranking")]
    sheet = wb.active
    assert sheet["A1"].value == f"{gettext('Problem ranking')}: นนทบุรี ปีงบประมาณ 2569"
    assert sheet["A3"].value == gettext("Fiscal year")
    assert sheet["B3"].value == "ปีงบประมาณ 2569"
    assert sheet["B4"].value == gettext("%(plan)s, edition %(number)s") % {
        "plan": "PDP-12-2566",
        "number": 2,
    }
    assert sheet["B5"].value == "G10: 12, 13, 14, 19"
    header = [c.value for c in sheet[HEADER_ROW]]
    gap = {"criterion": str(CriterionKey.GAP.label)}
    assert header[:6] == [
        gettext("Rank"),
        gettext("Indicator code"),
        gettext("Indicator"),
        gettext("Unit"),
        gettext("Plan element"),
        gettext("Fiscal year"),
    ]
    assert header[12:14] == [
        gettext("%(criterion)s: value") % gap,
        gettext("%(criterion)s: points") % gap,
    ]
    road = dict(zip(header, sheet[HEADER_ROW + 1], strict=True))
    assert road[gettext("Indicator")].value == ROAD_DEATHS
    assert road[gettext("Fiscal year")].value == "ปีงบประมาณ 2569"
    assert road[gettext("Value")].value == 24.6
    assert road[gettext("Target")].value == 18
    assert road[gettext("Peers' average")].value == 20.15
    assert road[gettext("Change per year")].value == 0.062
    assert road[gettext("Change per year")].number_format == "0.0%"
    assert road[gettext("Status")].value == str(STATUS_LABELS[Status.OFF_TRACK])
    assert road[gettext("Score")].value == 64.2
    assert road[gettext("%(criterion)s: points") % gap].value == 18.3
    forest = [c.value for c in sheet[HEADER_ROW + 2]]
    assert forest[2] == FOREST
    assert forest[8:10] == [None, None]  # no peers' values, no trend
    assert sheet.max_row == HEADER_ROW + 2  # no notes


def test_problems_without_a_plan(thai):
    """What ``problem_result`` gives for an area without a plan: no ranking, a note."""
    note = "ไม่มีแผนที่มีตัวชี้วัดและค่าเป้าหมายของพื้นที่นี้"
    data = {
        **problems_dict(),
        "fiscal_year": 0,
        "plan": None,
        "edition": None,
        "peers_of": None,
        "peers": ["12"],
        "ranking": [],
        "notes": [note],
    }
    sheet = book(data).active
    assert sheet["A1"].value == f"{gettext('Problem ranking')}: นนทบุรี –"
    assert (sheet["B3"].value, sheet["B4"].value, sheet["B5"].value) == ("–", "–", "12")
    assert sheet.cell(HEADER_ROW, 1).value == gettext("Rank")
    assert sheet.cell(HEADER_ROW + 3, 1).value == note
    text = text_of(read(data))
    assert gettext("Nothing to show.") in text
    assert note in text


def test_workbook_in_english_keeps_common_era():
    with translation.override("en"):
        sheet = book(champion_dict()).active
        assert sheet["A1"].value == "Product Champion: นนทบุรี 2019–2023"
        assert sheet["A2"].value == "Area"
        problems = book(problems_dict()).active
        assert problems["B3"].value == "FY2026"


def test_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind"):
        xlsx_file({**positioning_dict(), "kind": "forecast"})


def test_file_names():
    assert tables.file_name(champion_dict(), "xlsx") == "analysis-champion-12-2566.xlsx"
    assert tables.file_name(problems_dict(), "pdf") == "analysis-problems-12-2569.pdf"
    assert tables.file_name({**problems_dict(), "fiscal_year": 0}, "pdf") == (
        "analysis-problems-12.pdf"
    )
