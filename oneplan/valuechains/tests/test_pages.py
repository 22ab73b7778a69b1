"""Value-chain pages: the list, the canvas with data statuses, editing over HTMX (errors at the
field, refusals with 403), copying a template, the workbook and the printable page."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from oneplan.projects.tests.factories import project
from oneplan.valuechains.choices import RequirementStatus
from oneplan.valuechains.models import Requirement, Stage, SuccessFactor, ValueChain
from oneplan.valuechains.tests import chains
from oneplan.valuechains.workbook import HEADER_ROW

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def durian(cast, tmp_path):
    """Nonthaburi's durian chain: DURIAN-AREA has data, TRADE and AGVAL have no dataset."""
    made = chains.chain("VC-12-DURIAN", cast.nonthaburi, element=chains.issue("12"))
    chains.provide(tmp_path, "DURIAN-AREA")
    return made


def statuses(body: str) -> dict[str, set[str]]:
    """Indicator code -> the statuses its lines on the cards show."""
    found: dict[str, set[str]] = {}
    for code, status in re.findall(r'data-indicator="([^"]+)" data-status="([^"]+)"', body):
        found.setdefault(code, set()).add(status)
    return found


def test_list_groups_chains_by_area_and_keeps_templates_apart(cast, durian):
    chains.chain("VC-DURIAN", name_th="แม่แบบทุเรียน")
    chains.chain("VC-54-RICE", cast.phrae, name_th="ข้าวแพร่")
    body = client_for().get("/valuechains/").content.decode()
    by_area, library = body.split('id="templates"')
    assert 'data-area="12"' in by_area
    assert 'data-area="54"' in by_area
    assert by_area.index('data-area="12"') < by_area.index('data-area="54"')
    assert "ห่วงโซ่คุณค่าทุเรียน" in by_area
    assert "แม่แบบทุเรียน" not in by_area
    assert 'data-code="VC-DURIAN"' in library
    assert "/valuechains/VC-DURIAN/copy/" not in body  # anonymous: nothing to copy into
    planner_body = client_for(cast.planner_nonthaburi).get("/valuechains/").content.decode()
    assert "/valuechains/VC-DURIAN/copy/" in planner_body


def test_list_queries_do_not_grow_with_the_chains(cast, django_assert_max_num_queries):
    for n in range(8):
        chains.chain(f"VC-12-{n}", cast.nonthaburi)
    client = client_for(cast.planner_nonthaburi)
    with django_assert_max_num_queries(8):
        response = client.get("/valuechains/")
    assert response.content.decode().count('href="/valuechains/VC-12-') == 8


@pytest.mark.parametrize("size", [1, 6])
def test_canvas_queries_do_not_grow_with_the_chain(cast, django_assert_max_num_queries, size):
    layout = {
        f"ขั้น {s}": {f"ปัจจัย {s}.{f}": [f"I-{s}-{f}", f"J-{s}-{f}"] for f in range(size)}
        for s in range(size)
    }
    chains.chain("VC-12-BIG", cast.nonthaburi, layout=layout, element=chains.issue("12"))
    client = client_for(cast.planner_nonthaburi)
    client.get("/valuechains/")  # the session is written once, outside the count
    for url in ("/valuechains/VC-12-BIG/", "/valuechains/VC-12-BIG/print/"):
        with django_assert_max_num_queries(20):
            body = client.get(url).content.decode()
        assert body.count('data-status="missing"') >= 2 * size * size


def test_canvas_shows_stages_in_order_with_cards_and_coloured_indicators(cast, durian):
    durian.stages.filter(name_th="ต้นน้ำ").update(position=9)  # now the last column
    response = client_for().get("/valuechains/VC-12-DURIAN/")
    assert response.status_code == 200
    body = response.content.decode()
    columns = re.findall(r'<section class="vc-stage" data-stage="\d+" aria-label="([^"]+)"', body)
    assert columns == ["กลางน้ำ", "ปลายน้ำ", "ต้นน้ำ"]
    assert body.count('<article class="vc-card"') == 4
    upstream = body.split('aria-label="ต้นน้ำ"')[1]
    assert upstream.index("พันธุ์ดีและพื้นที่ปลูก") < upstream.index("ระบบน้ำ")
    assert statuses(body) == {
        "DURIAN-AREA": {"available"},
        "TRADE": {"missing"},
        "AGVAL": {"missing"},
    }
    for value, label in RequirementStatus.choices:
        assert f'data-status="{value}"><span class="vc-swatch"></span>{label}' in body
    assert body.count("ยังไม่มี") >= 4  # every card says no project serves it yet (Thai UI)
    assert 'name="name_th"' not in body  # anonymous: no editing


def test_a_template_shows_no_data_status(cast, durian):
    chains.chain("VC-DURIAN")
    body = client_for(cast.planner_nonthaburi).get("/valuechains/VC-DURIAN/").content.decode()
    assert 'data-indicator="TRADE"' in body
    assert "data-status=" not in body
    assert "/valuechains/VC-DURIAN/copy/" in body
    assert 'name="name_th"' not in body  # templates are kept by administrators


@pytest.mark.parametrize("who", ["planner_nonthaburi", "statistician"])
def test_nonthaburi_planner_and_statistician_add_a_stage(cast, durian, who):
    response = client_for(getattr(cast, who)).post(
        "/valuechains/VC-12-DURIAN/stages/", {"name_th": "การบริโภค", "name_en": ""}, **HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # the canvas fragment only
    assert 'aria-label="การบริโภค"' in body
    assert chains.stage_names(durian)[-1] == "การบริโภค"


@pytest.mark.parametrize("who", ["planner_phrae", None, "viewer"])
def test_others_may_not_change_nonthaburis_chain(cast, durian, who):
    client = client_for(getattr(cast, who) if who else None)
    stage = durian.stages.get(position=1)
    factor = stage.factors.get(position=1)
    need = factor.requirements.get()
    posts = [
        ("/valuechains/VC-12-DURIAN/stages/", {"name_th": "x"}),
        (f"/valuechains/stages/{stage.pk}/edit/", {"name_th": "x"}),
        (f"/valuechains/stages/{stage.pk}/move/", {"move": "right"}),
        (f"/valuechains/stages/{stage.pk}/delete/", {}),
        (f"/valuechains/stages/{stage.pk}/factors/", {"name_th": "x"}),
        (f"/valuechains/factors/{factor.pk}/edit/", {"name_th": "x"}),
        (f"/valuechains/factors/{factor.pk}/move/", {"move": "down"}),
        (f"/valuechains/factors/{factor.pk}/indicators/", {"indicator": "TRADE"}),
        (f"/valuechains/factors/{factor.pk}/delete/", {}),
        (f"/valuechains/indicators/{need.pk}/remove/", {}),
    ]
    for url, data in posts:
        assert client.post(url, data, **HTMX).status_code == 403, url
    assert chains.stage_names(durian) == ["ต้นน้ำ", "กลางน้ำ", "ปลายน้ำ"]
    assert Requirement.objects.filter(factor__stage__chain=durian).count() == 4
    assert client.get("/valuechains/VC-12-DURIAN/").status_code == 200  # reading is open


def test_a_blank_name_comes_back_at_its_field(cast, durian):
    client = client_for(cast.planner_nonthaburi)
    response = client.post("/valuechains/VC-12-DURIAN/stages/", {"name_th": "  "}, **HTMX)
    body = response.content.decode()
    assert re.search(r'id="new-stage-name_th-errors" role="alert">[^<]+</span>', body)
    assert re.search(
        r'<details class="vc-add" open><summary>[^<]*</summary>\s*<form[^>]+/stages/', body
    )
    assert durian.stages.count() == 3
    # without HTMX the whole page comes back with the error
    page = client.post("/valuechains/VC-12-DURIAN/stages/", {"name_th": ""})
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    assert 'id="new-stage-name_th-errors"' in page.content.decode()


def test_rename_move_and_delete_stages(cast, durian):
    client = client_for(cast.planner_nonthaburi)
    upstream = durian.stages.get(name_th="ต้นน้ำ")
    client.post(
        f"/valuechains/stages/{upstream.pk}/edit/", {"name_th": "ต้นทาง", "name_en": "Inputs"}
    )
    client.post(f"/valuechains/stages/{upstream.pk}/move/", {"move": "right"}, **HTMX)
    assert chains.stage_names(durian) == ["กลางน้ำ", "ต้นทาง", "ปลายน้ำ"]
    client.post(f"/valuechains/stages/{upstream.pk}/move/", {"move": "left"}, **HTMX)
    client.post(f"/valuechains/stages/{upstream.pk}/move/", {"move": "left"}, **HTMX)  # no-op
    assert chains.stage_names(durian) == ["ต้นทาง", "กลางน้ำ", "ปลายน้ำ"]
    assert Stage.objects.get(pk=upstream.pk).name_en == "Inputs"
    response = client.post(f"/valuechains/stages/{upstream.pk}/delete/", **HTMX)
    assert 'aria-label="ต้นทาง"' not in response.content.decode()
    assert chains.stage_names(durian) == ["กลางน้ำ", "ปลายน้ำ"]
    assert list(durian.stages.values_list("position", flat=True)) == [1, 2]
    assert not SuccessFactor.objects.filter(name_th="ระบบน้ำ").exists()  # its cards went too


def test_add_rename_move_and_delete_success_factors(cast, durian):
    client = client_for(cast.planner_nonthaburi)
    upstream, midstream, _ = durian.stages.order_by("position")
    response = client.post(
        f"/valuechains/stages/{midstream.pk}/factors/",
        {"name_th": "มาตรฐาน GAP", "description": "สวนผ่านการรับรอง"},
        **HTMX,
    )
    assert "มาตรฐาน GAP" in response.content.decode()
    assert chains.factor_names(midstream) == ["การแปรรูป", "มาตรฐาน GAP"]
    gap = midstream.factors.get(name_th="มาตรฐาน GAP")
    client.post(f"/valuechains/factors/{gap.pk}/move/", {"move": "up"}, **HTMX)
    assert chains.factor_names(midstream) == ["มาตรฐาน GAP", "การแปรรูป"]
    client.post(f"/valuechains/factors/{gap.pk}/move/", {"move": "left"}, **HTMX)
    assert chains.factor_names(upstream) == ["พันธุ์ดีและพื้นที่ปลูก", "ระบบน้ำ", "มาตรฐาน GAP"]
    assert chains.factor_names(midstream) == ["การแปรรูป"]
    response = client.post(f"/valuechains/factors/{gap.pk}/edit/", {"name_th": ""}, **HTMX)
    assert f'id="factor-{gap.pk}-name_th-errors"' in response.content.decode()
    client.post(f"/valuechains/factors/{gap.pk}/edit/", {"name_th": "เกษตรกรได้รับรอง GAP"}, **HTMX)
    gap.refresh_from_db()
    assert (gap.name_th, gap.description) == ("เกษตรกรได้รับรอง GAP", "")
    client.post(f"/valuechains/factors/{gap.pk}/delete/", **HTMX)
    assert chains.factor_names(upstream) == ["พันธุ์ดีและพื้นที่ปลูก", "ระบบน้ำ"]


def test_a_factor_cannot_move_past_the_last_stage(cast, durian):
    downstream = durian.stages.get(position=3)
    factor = downstream.factors.get()
    response = client_for(cast.planner_nonthaburi).post(
        f"/valuechains/factors/{factor.pk}/move/", {"move": "right"}, **HTMX
    )
    assert 'class="error" role="alert"' in response.content.decode()
    assert SuccessFactor.objects.get(pk=factor.pk).stage == downstream


def test_add_and_remove_indicators_on_a_card(cast, durian):
    client = client_for(cast.planner_nonthaburi)
    water = SuccessFactor.objects.get(name_th="ระบบน้ำ")
    chains.indicator("WATER")
    response = client.post(
        f"/valuechains/factors/{water.pk}/indicators/",
        {"indicator": "WATER", "frequency": "month", "area_level": "district"},
        **HTMX,
    )
    body = response.content.decode()
    assert statuses(body)["WATER"] == {"missing"}
    need = water.requirements.get()
    assert (need.area, need.indicator.code, need.frequency, need.area_level) == (
        cast.nonthaburi,
        "WATER",
        "month",
        "district",
    )
    # the same indicator twice, and an unknown code, are refused at the field
    for code, message in [("WATER", "อยู่ในปัจจัยแห่งความสำเร็จนี้แล้ว"), ("NOPE", "ไม่อยู่ในทะเบียนตัวชี้วัด")]:
        body = client.post(
            f"/valuechains/factors/{water.pk}/indicators/", {"indicator": code}, **HTMX
        ).content.decode()
        errors = re.search(rf'id="need-{water.pk}-indicator-errors" role="alert">([^<]+)<', body)
        assert errors is not None, code
        assert message in errors.group(1)
    assert water.requirements.count() == 1
    client.post(f"/valuechains/indicators/{need.pk}/remove/", **HTMX)
    assert not water.requirements.exists()


def test_copy_to_my_province_page(cast):
    chains.chain("VC-DURIAN")
    issue = chains.issue("12", "เศรษฐกิจพอเพียง: ทุเรียน")
    client = client_for(cast.planner_nonthaburi)
    body = client.get("/valuechains/VC-DURIAN/copy/").content.decode()
    assert f'<option value="{cast.nonthaburi.pk}" selected>12 · นนทบุรี</option>' in body
    assert f'value="{cast.phrae.pk}"' not in body  # only areas the planner plans for
    assert f'<option value="{issue.pk}" selected>1 เศรษฐกิจพอเพียง: ทุเรียน</option>' in body
    assert 'value="VC-12-DURIAN"' in body
    data = {
        "area": cast.nonthaburi.pk,
        "element": issue.pk,
        "code": "VC-12-DURIAN",
        "name_th": "ทุเรียนนนท์",
    }
    response = client.post("/valuechains/VC-DURIAN/copy/", data)
    assert response.status_code == 302
    assert response["Location"] == "/valuechains/VC-12-DURIAN/"
    copy = ValueChain.objects.get(code="VC-12-DURIAN")
    assert (copy.name_th, copy.element, copy.area) == ("ทุเรียนนนท์", issue, cast.nonthaburi)
    assert Requirement.objects.filter(factor__stage__chain=copy, area=cast.nonthaburi).count() == 4
    again = client.post("/valuechains/VC-DURIAN/copy/", data).content.decode()
    assert re.search(r'id="id_code-errors" role="alert">[^<]*VC-12-DURIAN', again)


def test_copy_is_refused_outside_ones_areas(cast):
    chains.chain("VC-DURIAN")
    data = {"area": cast.nonthaburi.pk, "code": "VC-12-X", "name_th": "x"}
    body = client_for(cast.planner_phrae).post("/valuechains/VC-DURIAN/copy/", data)
    assert 'id="id_area-errors" role="alert">' in body.content.decode()  # 12 is not offered
    assert not ValueChain.objects.filter(area=cast.nonthaburi).exists()
    assert client_for().get("/valuechains/VC-DURIAN/copy/").status_code == 403
    assert client_for(cast.viewer).post("/valuechains/VC-DURIAN/copy/", data).status_code == 403


def test_start_an_empty_chain_with_three_stages(cast):
    issue = chains.issue("12")
    response = client_for(cast.statistician).post(
        "/valuechains/new/",
        {"area": cast.nonthaburi.pk, "element": issue.pk, "code": "VC-12-RICE", "name_th": "ข้าว"},
    )
    assert response.status_code == 302
    made = ValueChain.objects.get(code="VC-12-RICE")
    assert chains.stage_names(made) == ["ต้นน้ำ", "กลางน้ำ", "ปลายน้ำ"]
    bad = client_for(cast.statistician).post(
        "/valuechains/new/", {"area": cast.nonthaburi.pk, "code": "มี ช่องว่าง", "name_th": "x"}
    )
    assert 'id="id_code-errors"' in bad.content.decode()
    new = client_for(cast.statistician).post(
        "/valuechains/new/", {"area": cast.nonthaburi.pk, "code": "new", "name_th": "x"}
    )
    assert 'id="id_code-errors"' in new.content.decode()  # would hide the page /new/
    assert ValueChain.objects.count() == 1


def test_workbook_lists_every_indicator_with_its_status(cast, durian):
    response = client_for().get("/valuechains/VC-12-DURIAN/export.xlsx")
    assert response.status_code == 200
    assert 'filename="VC-12-DURIAN.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "ห่วงโซ่คุณค่าทุเรียน"
    assert sheet["B2"].value == "นนทบุรี"
    rows = [
        tuple(c.value for c in row[:6])
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1)
        if any(c.value for c in row)
    ]
    with translation.override("th"):
        have, lack = str(RequirementStatus.AVAILABLE.label), str(RequirementStatus.MISSING.label)
    name = "ตัวชี้วัด DURIAN-AREA"
    assert rows == [
        ("ต้นน้ำ", "พันธุ์ดีและพื้นที่ปลูก", "DURIAN-AREA", name, None, have),
        ("ต้นน้ำ", "ระบบน้ำ", None, None, None, None),
        ("กลางน้ำ", "การแปรรูป", "AGVAL", "ตัวชี้วัด AGVAL", None, lack),
        ("ปลายน้ำ", "ตลาดพรีเมียม", "DURIAN-AREA", name, None, have),
        ("ปลายน้ำ", "ตลาดพรีเมียม", "TRADE", "ตัวชี้วัด TRADE", None, lack),
    ]
    assert sheet.cell(HEADER_ROW + 3, 6).fill.fgColor.rgb.endswith("FED7D7")
    assert sheet.cell(HEADER_ROW + 1, 7).value == "ds-durian-area"


def test_printable_page_has_print_styles_and_the_table(cast, durian):
    body = client_for().get("/valuechains/VC-12-DURIAN/print/").content.decode()
    assert "oneplan/valuechains.css" in body
    assert "oneplan/site.css" in body  # the Sarabun web font
    table = body.split('<table class="vc-table">')[1]
    assert table.count("<tr>") == 5  # header and four needs
    assert 'class="vc-missing"' in table
    assert "window.print()" in body


def test_a_card_lists_the_requests_serving_its_factor(cast, durian):
    factor = SuccessFactor.objects.filter(stage__chain=durian).first()
    project("ส่งเสริมพันธุ์ทุเรียนดี", state="approved", factor=factor)
    project("ร่างที่ยังไม่เปิดเผย", state="draft", factor=factor)
    body = client_for().get("/valuechains/VC-12-DURIAN/").content.decode()
    assert 'data-project="P2569-12-0001"' in body
    assert "ส่งเสริมพันธุ์ทุเรียนดี" in body
    assert "ร่างที่ยังไม่เปิดเผย" not in body  # drafts are for signed-in members
    body = client_for(cast.viewer).get("/valuechains/VC-12-DURIAN/").content.decode()
    assert "ร่างที่ยังไม่เปิดเผย" in body
