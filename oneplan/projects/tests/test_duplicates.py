"""Duplicate requests in the database: scanning a year, keeping decisions, the API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client

from oneplan.projects.choices import PairDecision
from oneplan.projects.duplicates import decide, reason_text, scan
from oneplan.projects.models import DuplicatePair
from oneplan.projects.tests.factories import YEAR, project, subdistrict

pytestmark = pytest.mark.django_db

DURIAN = "โครงการพัฒนาคุณภาพการผลิตทุเรียนนนท์"
DURIAN_AGAIN = "พัฒนาคุณภาพการผลิตทุเรียนนนท์ ประจำปีงบประมาณ พ.ศ. 2569 (งบกรม)"
ROAD = "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านบางไผ่ หมู่ที่ {n} ตำบลบางรักน้อย"
DESCRIPTION = "ส่งเสริมเกษตรกรผู้ปลูกทุเรียนนนท์ให้ได้มาตรฐาน GAP และฟื้นฟูสวนทุเรียน"


@pytest.fixture
def planted(cast):
    """The province's and the department's durian requests (one work asked twice), two road
    requests that differ only in the village number, and an unrelated draft."""
    place = subdistrict("120104", "บางกระสอ")
    province = project(DURIAN, description=DESCRIPTION, state="submitted", locations=(place,))
    department = project(
        DURIAN_AGAIN,
        description=DESCRIPTION + " งบประมาณ 1,950,000 บาท",
        state="submitted",
        channel="department",
        source="department",
        budget_holder="DOAE",
        locations=(place,),
    )
    road3 = project(ROAD.format(n=3), state="screened", agency="PO-12")
    road5 = project(ROAD.format(n=5), state="screened", agency="PO-12")
    project(DURIAN, description=DESCRIPTION, state="draft", locations=(place,))
    return province, department, road3, road5


def _pairs():
    return {(p.project_a.name_th, p.project_b.name_th) for p in DuplicatePair.objects.all()}


def test_scan_finds_the_planted_pair_and_not_the_template_twins(planted) -> None:
    province, department, _road3, _road5 = planted
    result = scan(YEAR)
    assert result.compared == 4  # the draft is not compared
    pair = DuplicatePair.objects.get()
    assert {pair.project_a_id, pair.project_b_id} == {province.pk, department.pk}
    assert pair.project_a_id < pair.project_b_id
    assert 0.75 <= pair.score <= 1
    codes = [r["code"] for r in pair.reasons]
    assert "title" in codes
    assert "same_area" in codes


def test_other_fiscal_years_are_never_paired(cast) -> None:
    project(DURIAN, description=DESCRIPTION, state="submitted")
    project(DURIAN, description=DESCRIPTION, state="submitted", year=YEAR + 1)
    assert scan(YEAR).found == 0
    assert scan(YEAR + 1).found == 0


def test_a_rescan_keeps_decisions_and_drops_vanished_undecided_pairs(cast, planted) -> None:
    _province, _department, road3, road5 = planted
    scan(YEAR)
    pair = DuplicatePair.objects.get()
    decide(pair, cast.planner_nonthaburi, PairDecision.DISTINCT, "คนละกลุ่มเกษตรกร")
    kept = DuplicatePair.objects.create(
        fiscal_year=YEAR, project_a=road3, project_b=road5, score=0.8, reasons=[]
    )
    result = scan(YEAR)
    assert result.new == 0
    assert result.dropped == 1  # the undecided road pair the engine does not find
    assert not DuplicatePair.objects.filter(pk=kept.pk).exists()
    pair.refresh_from_db()
    assert pair.decision == PairDecision.DISTINCT
    assert pair.note == "คนละกลุ่มเกษตรกร"
    assert pair.decided_by == cast.planner_nonthaburi


def test_who_may_judge_a_pair(cast, planted) -> None:
    scan(YEAR)
    pair = DuplicatePair.objects.get()
    with pytest.raises(PermissionDenied):
        decide(pair, cast.planner_phrae, PairDecision.DUPLICATE)
    with pytest.raises(PermissionDenied):
        decide(pair, cast.viewer, PairDecision.DUPLICATE)
    decide(pair, cast.reviewer, PairDecision.DUPLICATE)  # the department asked for money
    assert pair.decision == PairDecision.DUPLICATE
    with pytest.raises(ValidationError) as caught:
        decide(pair, cast.reviewer, "same")
    assert list(caught.value.message_dict) == ["decision"]


def test_reasons_read_in_thai() -> None:
    assert reason_text({"code": "same_agency", "detail": ""}) == "หน่วยงานดำเนินการเดียวกัน"
    assert reason_text({"code": "title", "detail": "0.93"}) == "ชื่อโครงการคล้ายกัน 0.93"


def test_command_scans_a_buddhist_era_year(planted, capsys) -> None:
    call_command("scan_duplicates", "--year", "2569")
    assert "4 requests compared, 1 pairs found (1 new" in capsys.readouterr().out


def test_api_lists_to_members_and_records_a_decision(cast, planted) -> None:
    scan(YEAR)
    assert Client().get("/api/duplicates").status_code == 403
    client = Client()
    client.force_login(cast.planner_nonthaburi)
    listed = client.get("/api/duplicates?fiscal_year=2569&area=12").json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert row["fiscal_year_be"] == 2569
    assert row["decision"] == "undecided"
    assert any(r.startswith("ชื่อโครงการคล้ายกัน") for r in row["reasons"])
    answer = client.patch(
        f"/api/duplicates/{row['id']}",
        data=json.dumps({"decision": "duplicate", "note": "งานเดียวกัน"}),
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["decision"] == "duplicate"
    assert client.post("/api/duplicates/scan?fiscal_year=2569").json()["found"] == 1
    phrae = Client()
    phrae.force_login(cast.planner_phrae)
    refused = phrae.patch(
        f"/api/duplicates/{row['id']}",
        data=json.dumps({"decision": "distinct"}),
        content_type="application/json",
    )
    assert refused.status_code == 403
