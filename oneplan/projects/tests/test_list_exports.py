"""The annual project list as a workbook and as a PDF, and the command that writes either."""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from oneplan.orgs.models import Agency
from oneplan.projects import listexport
from oneplan.projects.listexport import write_xlsx
from oneplan.projects.listpdf import write_pdf
from oneplan.projects.priority import PART_LABELS, PARTS
from oneplan.projects.projectlist import build
from oneplan.projects.tests.factories import project, project_list, subdistrict
from oneplan.testing.pdf import font_names, pdf_text

pytestmark = pytest.mark.django_db

ROAD = "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3 ตำบลสวนใหญ่"
DURIAN = "พัฒนาศักยภาพเกษตรกรผู้ปลูกทุเรียนนนท์สู่มาตรฐานการปฏิบัติทางการเกษตรที่ดี"
MARKET = "ปรับปรุงตลาดชุมชนริมเจ้าพระยา"
# WeasyPrint's text layer loses SARA AM (ำ, as in ตำบล; Kozea/WeasyPrint#2841, see
# valuechains' test_pdf_text_keeps_sara_am), though the page draws it: read the road up to it.
ROAD_READ = "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3"
THAI_FONTS = ("Sarabun", "Laksaman", "Garuda", "Loma", "Norasi", "Kinnari", "Waree", "Noto")


@pytest.fixture
def thai():
    with translation.override("th"):
        yield


@pytest.fixture
def nonthaburi_list(cast):
    """Nonthaburi's 2569 list, ceiling 2.5M: the road (2M) placed first by hand, then the
    durian project (1M, ready and with beneficiaries) and the market (0.3M) by score. Only
    the road fits; the durian project crosses the ceiling and the market follows it."""
    pl = project_list("12", 2_500_000, committee=Agency.objects.get(code="KBJ-12"))
    project(ROAD, state="submitted", amount=2_000_000, rank=1)
    project(
        DURIAN,
        state="screened",
        amount=1_000_000,
        agency="DOAE-12",
        land_ready=True,
        design_ready=True,
        beneficiaries=5000,
        # 120199 is no real code, so no reference load has renamed it
        locations=(subdistrict(), subdistrict("120199", "บางกร่าง")),
    )
    project(MARKET, state="submitted", amount=300_000, agency="PO-12")
    project("โครงการร่างที่ยังไม่ส่ง", amount=50_000)  # a draft: not in the list
    return pl


def test_view_splits_at_the_ceiling(nonthaburi_list):
    view = build(nonthaburi_list)
    assert [e.project.name_th for e in view.entries] == [ROAD, DURIAN, MARKET]
    assert [e.within_ceiling for e in view.entries] == [True, False, False]
    assert view.entries[1].priority.score > view.entries[2].priority.score
    assert listexport.file_name(view, "pdf") == "project-list-12-2569.pdf"


def test_workbook_keeps_the_order_and_the_split(nonthaburi_list, thai, tmp_path):
    target = tmp_path / "list.xlsx"
    write_xlsx(build(nonthaburi_list), target)
    sheet = openpyxl.load_workbook(target).active
    title = sheet["A1"].value
    assert "นนทบุรี" in title
    assert "ปีงบประมาณ 2569" in title
    assert "ก.บ.จ. นนทบุรี" in title
    assert [sheet.cell(r, 6).value for r in range(2, 6)] == [2500000, 3300000, 2000000, 1300000]
    assert sheet["F2"].number_format == "#,##0.00"
    header = [c.value for c in sheet[7]]
    assert header[:3] == [gettext("Order"), gettext("code").capitalize(), gettext("Project")]
    assert header[8:13] == [str(PART_LABELS[p]) for p in PARTS]
    assert sheet.freeze_panes == "A8"
    rows = list(sheet.iter_rows(min_row=8, values_only=True))
    within, over = gettext("Within the ceiling"), gettext("Over the ceiling")
    assert [r[0] for r in rows] == [
        within,
        1,
        gettext("Subtotal: %(section)s") % {"section": within},
        over,
        2,
        3,
        gettext("Subtotal: %(section)s") % {"section": over},
    ]
    road, durian, market = rows[1], rows[4], rows[5]
    assert (road[2], road[5], road[6]) == (ROAD, 2000000, 2000000)
    assert (durian[2], durian[5], durian[6]) == (DURIAN, 1000000, 3000000)
    assert (market[2], market[5], market[6]) == (MARKET, 300000, 3300000)
    assert rows[2][5] == 2000000
    assert rows[6][5] == 1300000
    assert all(isinstance(r[5], int | float) for r in (road, durian, market))
    assert sheet.cell(9, 6).number_format == "#,##0.00"
    assert durian[3] == "สำนักงานเกษตรจังหวัดนนทบุรี"
    assert durian[4] == "สวนใหญ่, บางกร่าง"
    assert durian[7] == pytest.approx(sum(durian[8:13]), abs=0.15)  # the parts add up
    assert durian[7] > market[7]
    assert road[-1] == gettext("Yes")
    assert durian[-1] == gettext("No")
    assert durian[-2] == gettext("Screened")


def test_workbook_with_nothing_over_the_ceiling(cast, thai, tmp_path):
    pl = project_list("12", 5_000_000)
    project(ROAD, state="submitted", amount=2_000_000)
    target = tmp_path / "list.xlsx"
    write_xlsx(build(pl), target)
    rows = list(openpyxl.load_workbook(target).active.iter_rows(min_row=8, values_only=True))
    assert [r[0] for r in rows][:3] == [gettext("Within the ceiling"), 1, rows[2][0]]
    assert rows[3][0] == gettext("Over the ceiling")
    assert rows[4][5] == 0  # the over-ceiling subtotal


@pytest.fixture
def pdf(nonthaburi_list, thai):
    buffer = io.BytesIO()
    write_pdf(build(nonthaburi_list), buffer)
    return pdfium.PdfDocument(buffer.getvalue())


def test_pdf_holds_the_list(pdf):
    text = pdf_text(pdf).replace("\r\n", "")  # lines wrapped in table cells, joined
    assert listexport.list_name() in text
    assert "นนทบุรี · ปีงบประมาณ 2569" in text
    assert "ก.บ.จ. นนทบุรี" in text
    assert gettext("Within the ceiling") in text
    assert gettext("Over the ceiling") in text
    assert ROAD_READ in text
    assert MARKET in text
    assert "2,500,000.00" in text  # the ceiling
    assert "3,300,000.00" in text  # the total, and the running total of the last project
    assert "1,300,000.00" in text  # the over-ceiling subtotal
    assert f"{gettext('Page')} 1/1" in text
    assert "\ufffd" not in text  # no unknown glyphs
    assert "\u25cc" not in text  # no dotted circles for marks without a base
    # The road in the within-ceiling section, the durian project and the market after it.
    road = text.index(ROAD_READ)
    within = text.rindex(gettext("Within the ceiling"), 0, road)
    over = text.index(gettext("Over the ceiling"), road)
    assert within < road < over < text.index(DURIAN[:20]) < text.index(MARKET)
    assert text.index("2,000,000.00", road) < over  # the within-ceiling subtotal


def test_pdf_embeds_a_thai_font(pdf):
    names = font_names(pdf)
    assert any(thai in name for name in names for thai in THAI_FONTS), names


def test_pdf_stacks_thai_tone_marks(pdf):
    """In ที่ (of หมู่ที่ 3) the vowel sits over its consonant and the tone mark over it."""
    page = pdf[0]
    text = page.get_textpage()
    start = text.get_text_range().index("ที่ 3")
    base, vowel, tone = (text.get_charbox(i) for i in range(start, start + 3))
    assert vowel[0] < base[2]
    assert vowel[2] > base[0]
    assert vowel[1] >= base[3] - 0.5
    assert tone[0] < vowel[2]
    assert tone[1] >= vowel[3] - 0.5


def test_pdf_page_is_drawn(pdf):
    image = pdf[0].render(scale=2).to_pil()
    shots = os.environ.get("ONEPLAN_SHOTS")
    if shots:  # for a person to look at: ONEPLAN_SHOTS=/tmp/shots pytest ...
        Path(shots).mkdir(parents=True, exist_ok=True)
        image.save(Path(shots) / "project_list_pdf.png")
    gray = image.convert("L")
    width, height = gray.size
    assert width > height  # landscape
    band = gray.crop((0, 0, width, height // 8))
    bbox = band.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert bbox is not None  # the title
    assert bbox[0] < width * 0.1  # starting at the left margin


def test_command_writes_either_format(nonthaburi_list, tmp_path):
    out = io.StringIO()
    target = tmp_path / "l.pdf"
    call_command("project_list", "12", "--year", "2569", "--output", target, stdout=out)
    assert target.read_bytes().startswith(b"%PDF")
    assert "projects: 3 (1 within the ceiling), requested: 3,300,000.00 baht" in out.getvalue()
    target = tmp_path / "l.xlsx"
    call_command("project_list", "12", "--year", "ปีงบประมาณ 2569", "-o", str(target), stdout=out)
    assert "ปีงบประมาณ 2569" in openpyxl.load_workbook(target).active["A1"].value


def test_command_says_when_there_is_no_list(nonthaburi_list, tmp_path):
    target = tmp_path / "l.pdf"
    with pytest.raises(CommandError, match=r"แพร่ \(54\) has no project list for fiscal year 2569"):
        call_command("project_list", "54", "--year", "2569", "--output", target)
    with pytest.raises(CommandError, match="no project list for fiscal year 2570"):
        call_command("project_list", "12", "--year", "2570", "--output", target)
    with pytest.raises(CommandError, match="fiscal year such as 2569"):
        call_command("project_list", "12", "--year", "soon", "--output", target)
    with pytest.raises(CommandError, match="no area"):
        call_command("project_list", "99", "--year", "2569", "--output", target)
    assert not target.exists()
