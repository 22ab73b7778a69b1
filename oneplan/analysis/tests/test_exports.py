"""An analysis's result as a workbook and as a PDF, from the plain data of ``snapshot``: built
by hand here (no database), and once from the positioning service on stored values."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2 as pdfium
import pytest
from django.utils import translation
from django.utils.translation import gettext

from oneplan.analysis import positioning, tables
from oneplan.analysis.choices import SECTOR_SET, CriterionKey, NormalisationChoice
from oneplan.analysis.exports import HEADER_ROW, xlsx_file
from oneplan.analysis.pdf import pdf_file
from oneplan.analysis.snapshot import positioning_data
from oneplan.stats.kpi.rules import Status
from oneplan.stats.kpi.status import STATUS_LABELS
from oneplan.testing.pdf import font_names, pdf_text

DURIAN = "ทุเรียนนนท์"
ORNAMENTAL = "ไม้ดอกไม้ประดับ"
POTTERY = "เครื่องปั้นดินเผาเกาะเกร็ด"
GROUP = "กลุ่มจังหวัดภาคกลางปริมณฑล"
NOTE = "ไม่มีข้อมูลของปี 2563 ในบางสาขา"
ROAD_DEATHS = "อัตราการเสียชีวิตจากอุบัติเหตุทางถนนต่อประชากรแสนคน"
FOREST = "ร้อยละของพื้นที่ป่าไม้ต่อพื้นที่จังหวัด"
# WeasyPrint's text layer garbles SARA AM (ำ; Kozea/WeasyPrint#2841) though the page draws it
# right: once a document holds ำ, the text of its SARA AA (า) may read as ำ too. No name or
# note printed in these PDFs holds ำ.

SECTOR_VALUES = (
    "start",
    "end",
    "reference_start",
    "reference_end",
    "share",
    "growth",
    "reference_growth",
    "lq",
    "lq_start",
    "employment",
    "employment_lq",
)
SHIFT_PARTS = ("national_share", "industry_mix", "competitive")


def sector(code: str, name_th: str, name_en: str, **values: Any) -> dict[str, Any]:
    keys = [*SECTOR_VALUES, *SHIFT_PARTS, *(f"dynamic_{k}" for k in SHIFT_PARTS)]
    return {"code": code, "name_th": name_th, "name_en": name_en, **dict.fromkeys(keys), **values}


def positioning_dict() -> dict[str, Any]:
    """Nonthaburi's key products against its group, 2019–2023 (CE, as the data keeps them)."""
    return {
        "kind": "positioning",
        "area": "12",
        "area_name": "นนทบุรี",
        "reference": "G10",
        "reference_name": GROUP,
        "indicator": "PROD-VALUE",
        "unit": "ล้านบาท",
        "category_set": "PRODUCT",
        "start_year": 2019,
        "end_year": 2023,
        "sectors": [
            sector(
                "DURIAN",
                DURIAN,
                "Nonthaburi durian",
                start=420.0,
                end=530.2,
                reference_start=470.0,
                reference_end=583.9,
                share=0.2598,
                growth=0.06,
                reference_growth=0.0558,
                lq=2.1384,
                lq_start=2.0571,
                national_share=21.44,
                industry_mix=19.13,
                competitive=69.63,
                dynamic_national_share=22.1,
                dynamic_industry_mix=18.9,
                dynamic_competitive=69.2,
            ),
            sector(
                "ORNAMENTAL",
                ORNAMENTAL,
                "Ornamental plants",
                start=610.0,
                end=686.6,
                reference_start=1330.0,
                reference_end=1436.5,
                share=0.3364,
                growth=0.03,
                reference_growth=0.0194,
                lq=1.0798,
                lq_start=1.0561,
                national_share=31.14,
                industry_mix=-19.21,
                competitive=64.67,
                dynamic_national_share=31.0,
                dynamic_industry_mix=-19.0,
                dynamic_competitive=64.6,
            ),
            sector(
                "POTTERY",
                POTTERY,
                "Ko Kret pottery",
                start=180.0,
                end=218.8,
                reference_start=335.0,
                reference_end=362.2,
                share=0.1072,
                growth=0.05,
                reference_growth=0.0197,
                lq=1.3624,
                lq_start=1.2622,
                national_share=9.19,
                industry_mix=-5.57,
                competitive=35.18,
                dynamic_national_share=9.2,
                dynamic_industry_mix=-5.5,
                dynamic_competitive=35.1,
            ),
        ],
        "total": {
            "start": 1210.0,
            "end": 1435.6,
            "national_share": 61.77,
            "industry_mix": -5.65,
            "competitive": 169.48,
        },
        "dynamic_total": {"national_share": 62.3, "industry_mix": -5.6, "competitive": 168.9},
        "notes": [NOTE],
    }


def criterion(pk: int, key: str, label: str, weight: float, normalisation: str, **more: Any):
    return {
        "id": pk,
        "key": key,
        "label": label,
        "weight": weight,
        "normalisation": normalisation,
        "higher_is_better": True,
        "scale_low": 0.0,
        "scale_high": 1.0,
        **more,
    }


def champion_dict() -> dict[str, Any]:
    criteria = [
        criterion(1, CriterionKey.LQ, "ดัชนีความเชี่ยวชาญ (LQ)", 30.0, NormalisationChoice.MINMAX),
        criterion(2, CriterionKey.GROWTH, "อัตราการเติบโต", 20.0, NormalisationChoice.MINMAX),
        criterion(
            3,
            CriterionKey.MANUAL,
            "ศักยภาพทางการตลาด",
            50.0,
            NormalisationChoice.SCALE,
            scale_low=1.0,
            scale_high=5.0,
        ),
    ]
    ranking = [
        {
            "rank": 1,
            "code": "DURIAN",
            "name_th": DURIAN,
            "name_en": "Nonthaburi durian",
            "value_chain": "VC-12-DURIAN",
            "score": 100.0,
            "contributions": {"1": 30.0, "2": 20.0, "3": 50.0},
            "raw": {"1": 2.1384, "2": 0.06, "3": 5.0},
            "normalised": {"1": 1.0, "2": 1.0, "3": 1.0},
            "missing": [],
        },
        {
            "rank": 2,
            "code": "POTTERY",
            "name_th": POTTERY,
            "name_en": "Ko Kret pottery",
            "value_chain": "VC-12-OTOP",
            "score": 53.3,
            "contributions": {"1": 7.9, "2": 13.3, "3": 32.1},  # 37.5 rounded down
            "raw": {"1": 1.3624, "2": 0.05, "3": 4.0},
            "normalised": {"1": 0.2655, "2": 0.6667, "3": 0.75},
            "missing": [],
        },
        {
            "rank": 3,
            "code": "ORNAMENTAL",
            "name_th": ORNAMENTAL,
            "name_en": "Ornamental plants",
            "value_chain": None,
            "score": 0.0,
            "contributions": {"1": 0.0, "2": 0.0, "3": 0.0},
            "raw": {"1": 1.0798, "2": 0.03, "3": None},
            "normalised": {"1": 0.0, "2": 0.0, "3": None},
            "missing": ["3"],
        },
    ]
    return {**positioning_dict(), "kind": "champion", "criteria": criteria, "ranking": ranking}


def problem(rank: int, code: str, name: str, **values: Any) -> dict[str, Any]:
    return {
        "rank": rank,
        "plan_indicator": rank * 10,
        "indicator": code,
        "name_th": name,
        "element": "ประเด็นการพัฒนาที่ 2 สังคมคุณภาพและปลอดภัย",
        "unit": "คน",
        "direction": "lower",
        "year": 2026,
        "status": Status.OFF_TRACK.value,
        "missing": [],
        **values,
    }


def problems_dict() -> dict[str, Any]:
    return {
        "kind": "problems",
        "area": "12",
        "area_name": "นนทบุรี",
        "fiscal_year": 2026,
        "plan": "PDP-12-2566",
        "edition": 2,
        "peers_of": "G10",
        "peers": ["12", "13", "14", "19"],
        "weights": {"gap": 50.0, "behind": 25.0, "worsening": 25.0},
        "ranking": [
            problem(
                1,
                "ROAD-DEATH",
                ROAD_DEATHS,
                value=24.6,
                target=18.0,
                peer_average=20.15,
                change=0.062,
                score=64.2,
                parts={"gap": 0.3667, "behind": 0.2208, "worsening": 0.62},
                contributions={"gap": 18.3, "behind": 5.5, "worsening": 15.5},
            ),
            problem(
                2,
                "FOREST",
                FOREST,
                unit="ร้อยละ",
                direction="higher",
                value=3.1,
                target=3.5,
                peer_average=None,
                change=None,
                status=Status.ON_TRACK.value,
                score=5.7,
                parts={"gap": 0.1143, "behind": None, "worsening": None},
                contributions={"gap": 5.7, "behind": 0.0, "worsening": 0.0},
                missing=["behind", "worsening"],
            ),
        ],
        "notes": [],
    }


@pytest.fixture
def thai():
    with translation.override("th"):
        yield


def book(data: dict[str, Any]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_file(data)))


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


def read(data: dict[str, Any], title: str | None = None) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(pdf_file(data, title))


def text_of(document: pdfium.PdfDocument) -> str:
    text = pdf_text(document).replace("\r\n", "")  # lines wrapped in table cells, joined
    assert "\ufffd" not in text  # no unknown glyphs
    assert "\u25cc" not in text  # no dotted circles for marks without a base
    return text


@pytest.fixture
def pdf_headings_in_english():
    """The PDF tests read the text layer back, which WeasyPrint#2841 garbles around ำ; the Thai
    headings are full of it (ตำแหน่ง, น้ำหนัก), so the PDFs these tests read are headed in
    English. The Thai rendering is checked by the fonts embedded and on the rendered page."""
    with translation.override("en"):
        yield


@pytest.fixture
def champion_pdf(pdf_headings_in_english):
    return read(champion_dict(), "การวิเคราะห์สินค้าเด่น จังหวัดนนทบุรี")


def test_champion_pdf_holds_the_ranking_criteria_and_inputs(champion_pdf):
    text = text_of(champion_pdf)
    assert "การวิเคราะห์สินค้าเด่น จังหวัดนนทบุรี" in text
    assert gettext("Product Champion") in text
    assert GROUP in text
    assert "2019–2023" in text  # English headings: CE years
    assert "PROD-VALUE (ล้านบาท)" in text
    for heading in (gettext("Ranking"), gettext("Criteria and weights")):
        assert heading in text
    # Best first; each criterion's points with the raw value under them.
    ranking = text.index(gettext("Ranking"))
    criteria = text.index(gettext("Criteria and weights"))
    inputs = text.index(gettext("Positioning by sector or product"))
    assert ranking < text.index(DURIAN, ranking) < text.index(POTTERY, ranking) < criteria
    assert "ดัชนีความเชี่ยวชาญ (LQ)" in text[ranking:criteria]
    assert "53.3" in text[ranking:criteria]
    assert "32.1" in text[ranking:criteria]
    assert "1.36" in text[ranking:criteria]  # the pottery's LQ, under its points
    assert "6.0%" in text[ranking:criteria]  # the durian's growth
    # The criteria with their weights and normalisation.
    assert "ศักยภาพทางการตลาด" in text[criteria:inputs]
    assert "50.0%" in text[criteria:inputs]  # its share of the weights
    assert str(NormalisationChoice.SCALE.label) in text[criteria:inputs]
    # The inputs: LQ, share, growth, shift-share parts and their total.
    assert "2.14" in text[inputs:]
    assert "26.0%" in text[inputs:]
    assert "69.63" in text[inputs:]
    assert "-19.21" in text[inputs:]
    assert gettext("Total (shift-share)") in text[inputs:]
    assert "169.48" in text[inputs:]
    assert gettext("Shift-share, dynamic") in text[inputs:]
    assert "Nonthaburi durian" in text
    assert f"{gettext('Notes')}: {NOTE}" in text


def test_champion_pdf_embeds_sarabun(champion_pdf):
    names = font_names(champion_pdf)
    assert any("Sarabun" in name for name in names), names


def test_pdf_page_is_landscape(champion_pdf):
    image = champion_pdf[0].render(scale=1.5).to_pil()
    shots = os.environ.get("ONEPLAN_SHOTS")
    if shots:  # for a person to look at: ONEPLAN_SHOTS=/tmp/shots pytest ...
        Path(shots).mkdir(parents=True, exist_ok=True)
        image.save(Path(shots) / "analysis_pdf.png")
    assert image.width > image.height


def test_problems_pdf(pdf_headings_in_english):
    text = text_of(read(problems_dict()))
    assert f"{gettext('Problem ranking')}: นนทบุรี FY2026" in text
    assert gettext("%(plan)s, edition %(number)s") % {"plan": "PDP-12-2566", "number": 2} in text
    assert text.index(ROAD_DEATHS) < text.index(FOREST)
    assert "ROAD-DEATH · คน · FY2026" in text
    assert "64.2" in text
    assert "20.15" in text
    assert "6.2%" in text
    assert str(STATUS_LABELS[Status.OFF_TRACK]) in text
    assert gettext("Points by part") in text
    assert "18.3" in text
    assert gettext("Notes") not in text


def test_positioning_pdf(pdf_headings_in_english):
    document = read(positioning_dict())
    text = text_of(document)
    assert f"{gettext('Positioning')}: นนทบุรี 2019–2023" in text
    assert gettext("Ranking") not in text
    assert DURIAN in text
    assert "2.06" in text  # the durian's LQ in 2562
    assert any("Sarabun" in name for name in font_names(document))


@pytest.mark.django_db
def test_exports_of_a_computed_positioning(cast, thai):
    """Values stored for Nonthaburi and the country, read and lined up by the service."""
    from oneplan.stats.models import CategorySet, Indicator, Observation

    gpp, sectors = Indicator.objects.get(code="GPP"), CategorySet.objects.get(code=SECTOR_SET)
    country = cast.nonthaburi.parent
    values = {
        (cast.nonthaburi, 2019): {"A": 10.0, "L": 40.0},
        (cast.nonthaburi, 2023): {"A": 9.0, "L": 60.0},
        (country, 2019): {"A": 800.0, "L": 400.0},
        (country, 2023): {"A": 880.0, "L": 480.0},
    }
    for (area, year), by_sector in values.items():
        for code, value in by_sector.items():
            Observation.objects.create(
                indicator=gpp,
                area=area,
                period=str(year),
                start=dt.date(year, 1, 1),
                disaggregation=f"{SECTOR_SET}={code}",
                value=value,
            )
    pos = positioning.compute(cast.nonthaburi, country, gpp, sectors, 2019, 2023)
    data = positioning_data(pos)
    sheet = book(data).active
    header = [c.value for c in sheet[HEADER_ROW]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    estate = dict(zip(header, rows["L"], strict=True))
    assert estate[gettext("Area %(year)s") % {"year": 2566}] == 60
    lq = (60 / 69) / (480 / 1360)
    assert estate[gettext("LQ %(year)s") % {"year": 2566}] == pytest.approx(lq, abs=1e-4)
    assert estate[gettext("Growth (CAGR)")] == pytest.approx((60 / 40) ** 0.25 - 1, abs=1e-4)
    assert sheet["B3"].value == "ประเทศไทย"
    text = text_of(pdfium.PdfDocument(pdf_file(data)))
    # Other sectors' names hold ำ (การทำเหมืองแร่), so the text layer may read า as ำ: the
    # English name and the values are read instead.
    assert "L · Real estate activities" in text
    assert "60.0" in text
    assert f"{lq:.2f}" in text
