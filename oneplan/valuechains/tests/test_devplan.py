"""The statistics development plan: what it holds (1-year and 4-year), the workbook read back
with openpyxl, the PDF read back and rendered with pdfium, the downloads and the command."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pypdfium2 as pdfium
import pytest
from django.core.management import call_command
from django.urls import include, path
from django.utils import translation
from django.utils.translation import gettext, pgettext

from oneplan.geo.models import Area
from oneplan.orgs.models import Agency
from oneplan.plans.choices import EditionStatus, ElementKind
from oneplan.plans.tests import factories as pf
from oneplan.stats.models import Dataset, DatasetIndicator, Indicator, Observation
from oneplan.stats.tests.factories import indicator
from oneplan.testing.pdf import font_names, pdf_text
from oneplan.valuechains import devplan_views
from oneplan.valuechains.choices import GapStatus, Remedy
from oneplan.valuechains.devplan import SpanError, development_plan, read_span
from oneplan.valuechains.devplan_pdf import write_pdf
from oneplan.valuechains.devplan_xlsx import write_xlsx
from oneplan.valuechains.gaps import sync_gaps
from oneplan.valuechains.models import DataGap

TODAY = date(2026, 1, 15)  # fiscal year 2026 = ปีงบประมาณ 2569
LONG_NAME = "สัดส่วนมูลค่าผลผลิตทุเรียนนนท์ที่ผ่านการรับรองมาตรฐานการปฏิบัติทางการเกษตรที่ดี"
THAI_FONTS = ("Sarabun", "Laksaman", "Garuda", "Loma", "Norasi", "Kinnari", "Waree", "Noto")

urlpatterns = [
    path("devplan/<str:area_code>.xlsx", devplan_views.devplan_xlsx),
    path("devplan/<str:area_code>.pdf", devplan_views.devplan_pdf),
    path("", include("oneplan.urls")),
]


def provide(code: str, owner: str) -> None:
    dataset = Dataset.objects.create(
        code=f"ds-{code.lower()}",
        name_th=f"ชุดข้อมูล {code}",
        owner=Agency.objects.get(code=owner),
        official=code == "GPP-CAP",
    )
    DatasetIndicator.objects.create(
        dataset=dataset,
        indicator=Indicator.objects.get(code=code),
        frequency="year",
        min_area_level="province",
    )


def observe(code: str, period: str, value: float) -> None:
    Observation.objects.create(
        indicator=Indicator.objects.get(code=code),
        area=Area.objects.get(code="12"),
        period=period,
        start=date(int(period), 1, 1),
        value=value,
    )


def plan_gap(code: str, **fields) -> None:
    gap = DataGap.objects.get(area__code="12", indicator__code=code)
    for name, value in fields.items():
        setattr(gap, name, Agency.objects.get(code=value) if name == "agency" else value)
    gap.save()


@pytest.fixture
def nonthaburi_plan(reference_db, cast):
    """Nonthaburi's published plan needing seven indicators: two available (one official),
    one official but missing, four gaps with remedies in 2569, 2570 and 2573 (BE), one gap
    not yet scheduled."""
    indicator("GPP-CAP", name_th="ผลิตภัณฑ์มวลรวมจังหวัดต่อหัว", unit="บาท", official=True)
    indicator("WATER", name_th="ปริมาณน้ำประปาที่ผลิตได้", unit="ลูกบาศก์เมตร")
    indicator("TOURISTS", name_th="จำนวนนักท่องเที่ยว", unit="คน", official=True)
    indicator("DURIAN", name_th=LONG_NAME, unit="ร้อยละ")
    indicator("OTOP", name_th="รายได้จากการจำหน่ายสินค้าหนึ่งตำบลหนึ่งผลิตภัณฑ์", unit="บาท")
    indicator("LABOUR", name_th="จำนวนผู้มีงานทำในภาคเกษตร", unit="คน")
    indicator("WASTE", name_th="ปริมาณขยะมูลฝอยชุมชน", unit="ตัน")
    edition = pf.plan_edition("12")
    vision = pf.element(edition, ElementKind.VISION, "นนทบุรีเมืองน่าอยู่")
    issue = pf.element(edition, ElementKind.ISSUE, "เศรษฐกิจสร้างสรรค์", parent=vision)
    pf.plan_indicator(vision, "GPP-CAP", targets={2026: 350000})
    for code in ("WATER", "TOURISTS", "DURIAN", "OTOP", "LABOUR", "WASTE"):
        pf.plan_indicator(issue, code)
    edition.status = EditionStatus.PUBLISHED
    edition.save()
    provide("GPP-CAP", "NSO-12")
    provide("WATER", "PO-12")
    provide("DURIAN", "DOAE-12")  # provided but no value yet: incomplete
    observe("GPP-CAP", "2025", 412000)
    observe("WATER", "2025", 98.5)
    area = Area.objects.get(code="12")
    sync_gaps(area, today=TODAY)
    note = "สำรวจสวนทุเรียนทุกอำเภอร่วมกับสำนักงานเกษตรอำเภอและวิสาหกิจชุมชนผู้ปลูกทุเรียน"
    plan_gap(
        "DURIAN",
        remedy=Remedy.COLLECT,
        agency="DOAE-12",
        budget=Decimal(150000),
        target_year=2026,
        note=note,
    )
    plan_gap("OTOP", remedy=Remedy.ASSIGN_OWNER, budget=Decimal("20000.50"), target_year=2026)
    plan_gap(
        "TOURISTS",
        remedy=Remedy.COLLECT,
        agency="NSO-12",
        budget=Decimal(500000),
        target_year=2027,
        status=GapStatus.PLANNED,
    )
    plan_gap("LABOUR", remedy=Remedy.ASK_CENTRAL, agency="NSO-12", budget=80000, target_year=2030)
    return area


@pytest.fixture
def thai():
    with translation.override("th"):
        yield


def test_key_statistics_are_official_or_available(nonthaburi_plan):
    plan = development_plan(nonthaburi_plan, 2026, today=TODAY)
    key = {k.indicator.code: k for k in plan.key_statistics}
    assert list(key) == ["GPP-CAP", "TOURISTS", "WATER"]
    assert key["GPP-CAP"].status == "available"
    assert key["GPP-CAP"].official
    assert key["GPP-CAP"].owner.code == "NSO-12"
    assert key["TOURISTS"].status == "missing"  # official, still short: shown with its status
    assert not key["WATER"].official  # available, not official
    # Needs neither official nor available are gaps only.
    assert not {"DURIAN", "OTOP", "LABOUR", "WASTE"} & set(key)


def test_one_year_plan_holds_that_years_gaps(nonthaburi_plan):
    plan = development_plan(nonthaburi_plan, 2026, years=1, today=TODAY)
    assert plan.years == (2026,)
    # Within a year, the higher priority first: OTOP is missing, DURIAN only incomplete.
    assert [g.indicator.code for g in plan.gaps] == ["OTOP", "DURIAN"]
    assert plan.gaps[0].score > plan.gaps[1].score
    durian = plan.gaps[1]
    assert durian.agency == "สำนักงานเกษตรจังหวัดนนทบุรี"
    assert "low_coverage" in durian.gap.types
    assert plan.by_year == {2026: Decimal("170000.50")}
    assert plan.total == Decimal("170000.50")
    assert plan.unscheduled == 1  # WASTE
    with translation.override("th"):
        assert plan.span_label == "ปีงบประมาณ 2569"
        assert [g.shown_year for g in plan.gaps] == [2569, 2569]
    assert plan.file_name("pdf") == "devplan-12-2569.pdf"


def test_four_year_plan_totals_budget_per_year_and_agency(nonthaburi_plan, thai):
    plan = development_plan(nonthaburi_plan, 2026, years=4, today=TODAY)
    assert plan.years == (2026, 2027, 2028, 2029)
    assert plan.shown_years == [2569, 2570, 2571, 2572]
    assert plan.span_label == "ปีงบประมาณ 2569–2572"
    assert [g.indicator.code for g in plan.gaps] == ["OTOP", "DURIAN", "TOURISTS"]  # not 2573
    lines = {line.agency: line for line in plan.budget}
    # Thai dictionary order, the gap without an agency last.
    assert list(lines) == [
        "สำนักงานเกษตรจังหวัดนนทบุรี",
        "สำนักงานสถิติจังหวัดนนทบุรี",
        gettext("no agency named"),
    ]
    assert lines["สำนักงานสถิติจังหวัดนนทบุรี"].by_year[2027] == Decimal(500000)
    assert plan.by_year == {
        2026: Decimal("170000.50"),
        2027: Decimal(500000),
        2028: Decimal(0),
        2029: Decimal(0),
    }
    assert plan.total == Decimal("670000.50")
    assert sum(line.total for line in plan.budget) == plan.total


def test_plan_length_is_one_or_four_years(nonthaburi_plan):
    with pytest.raises(ValueError, match="1 or 4"):
        development_plan(nonthaburi_plan, 2026, years=2)


def test_span_is_read_as_users_write_it():
    assert read_span("2569", "4") == (2026, 4)
    assert read_span("ปีงบประมาณ 2570", None) == (2027, 1)
    assert read_span(None, None, today=date(2025, 10, 1)) == (2026, 1)  # FY2569 has begun
    with pytest.raises(SpanError) as bad_year:
        read_span("next year", "1")
    assert bad_year.value.parameter == "year"
    with pytest.raises(SpanError) as bad_length:
        read_span("2569", "3")
    assert bad_length.value.parameter == "years"


def test_workbook_reads_back_with_thai_headers_and_be_years(nonthaburi_plan, thai, tmp_path):
    plan = development_plan(nonthaburi_plan, 2026, years=4, today=TODAY)
    target = tmp_path / "plan.xlsx"
    write_xlsx(plan, target)
    book = openpyxl.load_workbook(target)
    key, gaps, budget = book.worksheets
    assert "นนทบุรี" in key["A1"].value
    assert "ปีงบประมาณ 2569–2572" in key["A1"].value
    assert [c.value for c in key[2]][:2] == ["รหัส", "ตัวชี้วัด"]
    assert [key.cell(r, 1).value for r in range(3, key.max_row + 1)] == [
        "GPP-CAP",
        "TOURISTS",
        "WATER",
    ]
    assert key["B3"].value == "ผลิตภัณฑ์มวลรวมจังหวัดต่อหัว"
    assert key["F3"].value == pgettext("data status", "Available")
    assert key["G3"].value == "✓"
    assert key["K3"].value == "พ.ศ. 2568"  # latest value, calendar year 2025
    rows = list(gaps.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[7]) for r in rows] == [
        (2569, "OTOP", 20000.5),
        (2569, "DURIAN", 150000),
        (2570, "TOURISTS", 500000),
    ]
    assert gaps["H3"].number_format == "#,##0.00"
    header = [c.value for c in budget[2]]
    assert header[0] == "หน่วยงาน"
    assert header[1:5] == [2569, 2570, 2571, 2572]
    table = {r[0]: r[1:] for r in budget.iter_rows(min_row=3, values_only=True)}
    assert table["สำนักงานสถิติจังหวัดนนทบุรี"] == (0, 500000, 0, 0, 500000)
    total = table[gettext("Total")]
    assert total == (170000.5, 500000, 0, 0, 670000.5)


@pytest.fixture
def pdf(nonthaburi_plan, thai):
    plan = development_plan(nonthaburi_plan, 2026, years=4, today=TODAY)
    buffer = io.BytesIO()
    write_pdf(plan, buffer)
    return pdfium.PdfDocument(buffer.getvalue())


def test_pdf_holds_the_thai_text(pdf):
    text = pdf_text(pdf).replace("\r\n", "")  # lines wrapped in table cells, joined
    assert gettext("Statistics development plan") in text
    assert "นนทบุรี · ปีงบประมาณ 2569–2572" in text
    assert "ผลิตภัณฑ์มวลรวมจังหวัดต่อหัว" in text  # an indicator's Thai name
    assert "670,000.50" in text  # the total budget
    assert "\ufffd" not in text  # no unknown glyphs
    assert "\u25cc" not in text  # no dotted circles for marks without a base


@pytest.mark.xfail(
    strict=True,
    reason="WeasyPrint gives the two glyphs HarfBuzz draws for SARA AM (ำ) an empty and a "
    "shared ToUnicode entry, so copied text loses the ำ (Kozea/WeasyPrint#2841); the page "
    "itself is right",
)
def test_pdf_text_keeps_sara_am(pdf):
    assert "สำนักงานสถิติจังหวัดนนทบุรี" in pdf_text(pdf).replace("\r\n", "")


def test_pdf_embeds_a_thai_font(pdf):
    names = font_names(pdf)
    assert any(thai in name for name in names for thai in THAI_FONTS), names


def boxes(page: pdfium.PdfPage, word: str) -> list[tuple[float, float, float, float]]:
    """The ink boxes (left, bottom, right, top) of ``word``'s characters, first occurrence."""
    text = page.get_textpage()
    start = text.get_text_range().index(word)
    return [text.get_charbox(i) for i in range(start, start + len(word))]


def test_pdf_stacks_thai_vowels_and_tone_marks(pdf):
    """Shaped, not set side by side: in ที่ the vowel sits over its consonant and the tone
    mark over the vowel; in บุ the vowel hangs below."""
    page = pdf[1]
    base, vowel, tone = boxes(page, "ที่ดี")[:3]
    assert vowel[0] < base[2]  # over the consonant, not beside it
    assert vowel[2] > base[0]
    assert vowel[1] >= base[3] - 0.5
    assert tone[0] < vowel[2]  # on top of the vowel
    assert tone[1] >= vowel[3] - 0.5
    consonant, below = boxes(pdf[0], "บุ")
    assert below[0] < consonant[2]  # under the consonant
    assert below[3] <= consonant[1] + 0.5


def test_pdf_breaks_thai_lines_between_words(pdf):
    """The long indicator name wraps in its narrow column, and every break falls between
    two Thai words (a break inside a word would split a syllable or a compound)."""
    from pythainlp.tokenize import word_tokenize

    assert "\u0e33" not in LONG_NAME

    # WeasyPrint's text layer may give SARA AA (า) the text of SARA AM (ำ), whose glyphs share
    # it (Kozea/WeasyPrint#2841, see test_pdf_text_keeps_sara_am); the drawn page is right.
    # The long name has no ำ, so reading every ำ as า undoes that and keeps the check exact.
    text = pdf_text(pdf).replace("\u0e33", "\u0e32").replace("\u0e4d", "")
    lines = text.replace("\r", "").split("\n")
    first = next(i for i, line in enumerate(lines) if LONG_NAME[:10] in line)
    pieces = [lines[first][lines[first].index(LONG_NAME[:10]) :]]
    for line in lines[first + 1 :]:
        if len("".join(pieces)) >= len(LONG_NAME):
            break
        pieces.append(line)
    assert "".join(pieces) == LONG_NAME
    assert len(pieces) > 1  # it did wrap
    breaks = {len("".join(pieces[:i])) for i in range(1, len(pieces))}
    words = word_tokenize(LONG_NAME, engine="newmm")
    boundaries = {len("".join(words[:i])) for i in range(len(words) + 1)}
    assert breaks <= boundaries, (pieces, words)


def test_pdf_renders_the_title(pdf):
    page = pdf[0]
    image = page.render(scale=1).to_pil().convert("L")
    width, height = image.size
    assert image.getextrema()[0] < 100  # something dark: not a blank page
    # The title sits in the top band of the page: dark pixels there, from left to right.
    band = image.crop((0, 0, width, height // 8))
    dark = sum(1 for value in band.get_flattened_data() if value < 128)
    assert dark > 500
    bbox = band.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert bbox is not None
    assert bbox[0] < width * 0.1  # starting at the left margin


def test_downloads_read_the_span_in_be(nonthaburi_plan, client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/devplan/12.xlsx?year=2569&years=4")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="devplan-12-2569-2572.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.worksheets[2].cell(2, 2).value == 2569
    response = client.get("/devplan/12.pdf?year=2569")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("query", "parameter"), [("year=soon", "year"), ("year=2569&years=2", "years")]
)
def test_downloads_name_the_bad_parameter(nonthaburi_plan, client, settings, query, parameter):
    settings.ROOT_URLCONF = __name__
    response = client.get(f"/devplan/12.pdf?{query}")
    assert response.status_code == 400
    assert f"“{parameter}”" in response.content.decode()


def test_unknown_area_is_not_found(nonthaburi_plan, client, settings):
    settings.ROOT_URLCONF = __name__
    assert client.get("/devplan/99.xlsx").status_code == 404


def test_command_writes_either_format(nonthaburi_plan, tmp_path):
    out = io.StringIO()
    target = tmp_path / "plan.xlsx"
    call_command("devplan", "12", "--year", "2569", "--years", "4", "-o", str(target), stdout=out)
    assert openpyxl.load_workbook(target).worksheets[1]["A3"].value == 2569
    assert "key statistics: 3, gaps: 3, budget: 670,000.50 baht" in out.getvalue()
    target = tmp_path / "plan.out"
    call_command("devplan", "12", "--format", "pdf", "--output", str(target), stdout=out)
    assert target.read_bytes().startswith(b"%PDF")


def test_plan_reads_in_a_fixed_number_of_queries(nonthaburi_plan, django_assert_max_num_queries):
    # 13 today (the data list's, the weights, the gaps): none per gap or per statistic.
    with django_assert_max_num_queries(14):
        plan = development_plan(nonthaburi_plan, 2026, years=4, today=TODAY)
        [(g.agency, g.gap.proxy, g.types) for g in plan.gaps]
        [(k.owner, k.dataset) for k in plan.key_statistics]
