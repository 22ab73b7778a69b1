"""Results of each kind as plain data (the shapes of ``analysis.snapshot``), built by hand for
the export tests: Thai names without ำ, since the PDF tests read the text layer back
(WeasyPrint#2841)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pypdfium2 as pdfium

from oneplan.analysis.choices import CriterionKey, NormalisationChoice
from oneplan.analysis.exports import xlsx_file
from oneplan.analysis.pdf import pdf_file
from oneplan.stats.kpi.rules import Status
from oneplan.testing.pdf import pdf_text

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
        "custom_label": label,  # labels the committee typed, shown as typed
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


def book(data: dict[str, Any]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_file(data)))


def read(data: dict[str, Any], title: str | None = None) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(pdf_file(data, title))


def text_of(document: pdfium.PdfDocument) -> str:
    text = pdf_text(document).replace("\r\n", "")  # lines wrapped in table cells, joined
    assert "\ufffd" not in text  # no unknown glyphs
    assert "\u25cc" not in text  # no dotted circles for marks without a base
    return text
