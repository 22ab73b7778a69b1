"""An analysis's result as a PDF, from the plain data of ``snapshot`` built by hand, and once
from the positioning service on stored values."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.utils import translation
from django.utils.translation import gettext

from oneplan.analysis import positioning
from oneplan.analysis.choices import SECTOR_SET, NormalisationChoice
from oneplan.analysis.exports import HEADER_ROW
from oneplan.analysis.pdf import pdf_file
from oneplan.analysis.snapshot import positioning_data
from oneplan.analysis.tests.export_data import (
    DURIAN,
    FOREST,
    GROUP,
    NOTE,
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
from oneplan.testing.pdf import font_names


@pytest.fixture
def thai():
    with translation.override("th"):
        yield


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
