"""The projects API: recording requests, steps, lists, the meeting point, the calendar."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from oneplan.orgs.models import Agency, ApiToken, Membership
from oneplan.projects.models import (
    AreaShare,
    BudgetCalendar,
    CalendarStep,
    Project,
    RankChange,
)
from oneplan.projects.tests.factories import YEAR, project, project_list

pytestmark = pytest.mark.django_db

NEW = {
    "title": "ขุดลอกคลองบางกรวย",
    "fiscal_year": "ปีงบประมาณ ๒๕๖๙",
    "area": "12",
    "agency": "DOAE-12",
    "locations": ["1201"],
    "beneficiaries": "1,500",
    "funding": [
        {"source": "province", "amount_requested": "1,500,000"},
        {"source": "department", "agency": "DOAE", "amount_requested": 500000},
    ],
    "tags": [{"framework": "sdg", "code": "6.1"}],
    "outputs": [{"name_th": "คลองที่ขุดลอก", "unit": "กิโลเมตร", "target": "3.5"}],
}


def _token(user) -> dict[str, Any]:
    _, key = ApiToken.issue(user, "t")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _post(client, path, body, **headers):
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def test_record_a_request_with_thai_digits_separators_and_lists(cast) -> None:
    answer = _post(Client(), "/api/projects", NEW, **_token(cast.planner_nonthaburi))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["code"] == "P2569-12-0001"
    assert body["fiscal_year"] == YEAR
    assert body["fiscal_year_be"] == 2569
    assert body["state"] == "draft"
    assert body["beneficiaries"] == 1500
    lines = {f["source"]: f for f in body["funding"]}
    assert lines["province"]["amount_requested"] == "1500000.00"
    assert lines["department"]["amount_requested"] == "500000.00"
    assert lines["department"]["agency"] == "DOAE"
    assert body["amount_requested"] == "2000000.00"
    assert body["outputs"][0]["target"] == "3.5000"
    assert body["allowed_moves"] == ["submitted"]
    assert set(body["priority"]["parts"]) == {
        "alignment",
        "severity",
        "readiness",
        "coverage",
        "reach",
    }


def test_every_problem_is_reported_at_once_and_nothing_is_saved(cast) -> None:
    bad = {
        "title": "",
        "fiscal_year": "ปีหน้า",
        "area": "99",
        "locations": ["54"],
        "funding": [
            {"source": "bank", "amount_requested": "abc"},
            {"source": "department", "amount_requested": "-5"},
        ],
        "tags": [{"framework": "sdg", "code": "1"}, {"framework": "sdg", "code": "1"}],
    }
    answer = _post(Client(), "/api/projects", bad, **_token(cast.planner_nonthaburi))
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    for key in (
        "title:",
        "fiscal_year:",
        "area:",
        "funding[1].source:",
        "funding[1].amount_requested:",
        "funding[2].agency:",
        "funding[2].amount_requested:",
        "tags[2]:",
    ):
        assert key in detail, key
    assert not Project.objects.exists()


def test_locations_must_lie_in_the_area(cast) -> None:
    answer = _post(
        Client(), "/api/projects", {**NEW, "locations": ["5401"]}, **_token(cast.planner_nonthaburi)
    )
    assert answer.status_code == 422
    assert "locations:" in answer.json()["detail"]
    assert "5401" in answer.json()["detail"]


def test_planners_record_only_in_their_own_area(cast) -> None:
    assert _post(Client(), "/api/projects", NEW, **_token(cast.planner_phrae)).status_code == 403
    assert _post(Client(), "/api/projects", NEW).status_code == 401


def test_patch_changes_a_draft_but_not_a_submitted_request(cast) -> None:
    draft = project()
    headers = _token(cast.planner_nonthaburi)
    client = Client()
    answer = client.patch(
        f"/api/projects/{draft.code}",
        data=json.dumps({"title": "ชื่อใหม่", "land_ready": True}),
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 200
    assert answer.json()["title"] == "ชื่อใหม่"
    assert answer.json()["readiness"]["land"] is True
    submitted = project(state="submitted")
    refused = client.patch(
        f"/api/projects/{submitted.code}",
        data=json.dumps({"title": "x"}),
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 403


def test_the_cycle_through_the_api(cast) -> None:
    p = project(source="department", budget_holder="DOAE", locations=None)
    p.elements.set([])
    headers = _token(cast.planner_nonthaburi)
    client = Client()
    refused = _post(client, f"/api/projects/{p.code}/transitions", {"to": "submitted"}, **headers)
    assert refused.status_code == 422
    assert "elements:" in refused.json()["detail"]
    p.factor = None
    p.save()
    from oneplan.plans.choices import ElementKind
    from oneplan.plans.tests.factories import element, plan_edition

    p.elements.set([element(plan_edition("12"), ElementKind.ISSUE, "เศรษฐกิจ")])
    for to in ("submitted", "screened"):
        assert (
            _post(client, f"/api/projects/{p.code}/transitions", {"to": to}, **headers).status_code
            == 201
        )
    committee = _token(cast.committee_member)
    missing = _post(client, f"/api/projects/{p.code}/transitions", {"to": "approved"}, **committee)
    assert missing.status_code == 422
    assert all(k in missing.json()["detail"] for k in ("meeting:", "meeting_date:", "resolution:"))
    approved = _post(
        client,
        f"/api/projects/{p.code}/transitions",
        {
            "to": "approved",
            "meeting": "ครั้งที่ ๒/๒๕๖๘",
            "meeting_date": "27 ก.พ. 2568",
            "resolution": "เห็นชอบ",
        },
        **committee,
    )
    assert approved.status_code == 201
    assert approved.json()["meeting"] == "2/2568"
    assert approved.json()["meeting_date"] == "2025-02-27"
    assert (
        _post(client, f"/api/projects/{p.code}/transitions", {"to": "sent"}, **headers).status_code
        == 201
    )
    line = p.funding.get()
    funded = _post(
        client,
        f"/api/projects/{p.code}/transitions",
        {"to": "funded", "amounts": {str(line.pk): "800,000"}},
        **_token(cast.reviewer),
    )
    assert funded.status_code == 201
    detail = Client().get(f"/api/projects/{p.code}").json()  # funded: public
    assert detail["state"] == "funded"
    assert detail["funding"][0]["amount_approved"] == "800000.00"
    assert [t["to_state"] for t in detail["transitions"]] == [
        "submitted",
        "screened",
        "approved",
        "sent",
        "funded",
    ]


def test_drafts_are_hidden_from_the_public(cast) -> None:
    draft = project("ร่าง")
    project("อนุมัติแล้ว", state="approved")
    public = Client().get("/api/projects").json()
    assert [r["title"] for r in public["results"]] == ["อนุมัติแล้ว"]
    assert Client().get(f"/api/projects/{draft.code}").status_code == 404
    member = Client()
    member.force_login(cast.viewer)
    assert member.get("/api/projects").json()["count"] == 2


def test_filters_read_buddhist_era_years_and_budget_holders(cast) -> None:
    project("กรม", source="department", budget_holder="DOAE-12", state="approved")
    project("จังหวัด", state="approved")
    project("ปีหน้า", year=YEAR + 1, state="approved")
    client = Client()
    assert client.get("/api/projects?fiscal_year=2569").json()["count"] == 2
    by_ministry = client.get("/api/projects?budget_holder=MOAC").json()["results"]
    assert [r["title"] for r in by_ministry] == ["กรม"]
    assert client.get("/api/projects?fiscal_year=soon").status_code == 400


def test_project_list_and_reorder(cast) -> None:
    a = project("ก", amount=2_000_000, state="screened")
    b = project("ข", amount=1_000_000, state="screened")
    project_list(ceiling=2_500_000)
    assert Client().get("/api/project-lists/12/2569").status_code == 403  # under review
    client = Client()
    client.force_login(cast.viewer)
    listed = client.get("/api/project-lists/12/2569").json()
    assert listed["fiscal_year_be"] == 2569
    assert [e["within_ceiling"] for e in listed["entries"]] == [True, False]
    order = [e["code"] for e in reversed(listed["entries"])]
    headers = _token(cast.planner_nonthaburi)
    no_reason = _post(
        client, "/api/project-lists/12/2569/order", {"order": order, "reason": ""}, **headers
    )
    assert no_reason.status_code == 422
    moved = _post(
        client, "/api/project-lists/12/2569/order", {"order": order, "reason": "พร้อมกว่า"}, **headers
    )
    assert moved.status_code == 200
    assert [e["code"] for e in moved.json()["entries"]] == order
    assert RankChange.objects.get().reason == "พร้อมกว่า"
    assert {a.code, b.code} == set(order)
    assert (
        _post(
            Client(),
            "/api/project-lists/12/2569/order",
            {"order": order, "reason": "x"},
            **_token(cast.planner_phrae),
        ).status_code
        == 403
    )
    assert client.get("/api/project-lists/12/2570").status_code == 404


def test_meeting_point_counts_the_reserve_used(cast) -> None:
    p = project(source="department", budget_holder="DOAE", state="funded")
    p.funding.update(amount_approved=600_000, status="funded")
    project("ยังไม่ถึงกรม", source="department", budget_holder="DOAE", state="screened")
    AreaShare.objects.create(
        agency=Agency.objects.get(code="DOAE"),
        fiscal_year=YEAR,
        total_budget=10_000_000,
        percent=15,
    )
    assert Client().get("/api/meeting-point?agency=DOAE&fiscal_year=2569").status_code == 403
    client = Client()
    client.force_login(cast.reviewer)
    body = client.get("/api/meeting-point?agency=DOAE&fiscal_year=2569").json()
    assert body["count"] == 1
    assert body["funded"] == "600000.00"
    assert body["reserved"] == "1500000.00"
    assert body["used_share"] == pytest.approx(0.4)
    assert client.get("/api/meeting-point?agency=NOPE&fiscal_year=2569").status_code == 400


def test_calendar_marks_late_steps_and_who_must_act(cast, monkeypatch) -> None:
    cal = BudgetCalendar.objects.create(fiscal_year=YEAR)
    CalendarStep.objects.create(
        calendar=cal,
        name_th="ส่งคำขอ",
        state="submitted",
        role="provincial_planner",
        due=dt.date(2024, 12, 20),
    )
    late = project("ช้า")
    Membership.objects.update(valid_from=dt.date(2020, 1, 1))  # members before "today" below
    client = Client()
    client.force_login(cast.viewer)
    monkeypatch.setattr(
        "oneplan.projects.api.lists.timezone.localdate", lambda: dt.date(2025, 1, 5)
    )
    body = client.get("/api/budget-calendar/2569").json()
    (step,) = body["steps"]
    assert step["late"] is True
    assert step["due_be"] == "20/12/2567"
    assert step["by_actor"] == {"นนทบุรี": [late.code]}


def test_funding_lines_of_drafts_are_for_members(cast) -> None:
    late = project("ร่าง")
    member = Client()
    member.force_login(cast.viewer)
    lines = member.get("/api/funding-lines?fiscal_year=2569&source=province").json()
    assert lines["count"] == 1
    assert lines["results"][0]["project"] == late.code
    assert Client().get("/api/funding-lines").json()["count"] == 0  # a draft's lines are not public


def test_openapi_lists_the_projects_paths() -> None:
    doc = Client().get("/api/openapi.json").json()
    assert {
        "/api/projects",
        "/api/projects/{code}",
        "/api/projects/{code}/transitions",
        "/api/project-lists/{area}/{year}",
        "/api/project-lists/{area}/{year}/order",
        "/api/funding-lines",
        "/api/meeting-point",
        "/api/budget-calendar/{year}",
        "/api/duplicates",
        "/api/duplicates/scan",
        "/api/duplicates/{pair_id}",
    } <= set(doc["paths"])
