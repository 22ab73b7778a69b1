"""The plans API: plan lists and filters, editions and their elements, targets, alignment
links, and adding elements, moving editions and linking elements with a token."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from oneplan.geo.models import Area
from oneplan.orgs.models import Agency, ApiToken
from oneplan.plans.editions import copy_edition_contents
from oneplan.plans.models import (
    Alignment,
    EditionTransition,
    IndicatorAgency,
    Plan,
    PlanEdition,
    PlanElement,
    PlanIndicator,
    PlanType,
    Target,
)
from oneplan.plans.tree import renumber
from oneplan.stats.models import Indicator
from oneplan.testing.api import get_json as _get

pytestmark = pytest.mark.django_db


def _plan(code, type_code, area, first, last, owner=None, status="draft"):
    plan = Plan.objects.create(
        code=code,
        plan_type=PlanType.objects.get(code=type_code),
        name_th=f"แผน {code}",
        area=Area.objects.get(code=area),
        owner=Agency.objects.get(code=owner) if owner else None,
        first_year=first,
        last_year=last,
    )
    return plan, PlanEdition.objects.create(plan=plan, status=status)


def _element(edition, kind, name, position, parent=None, agencies=()):
    element = PlanElement.objects.create(
        edition=edition, kind=kind, name_th=name, position=position, parent=parent
    )
    element.agencies.set(Agency.objects.filter(code__in=agencies))
    return element


@pytest.fixture
def plans(cast):
    """P12-A (published edition 1, draft review edition 2), P12-B and P1201 (drafts), P54
    (published, FY 2018-2022) and the framework UP (published, area TH)."""
    kinds = ["vision", "issue", "goal", "project"]
    for code, level in [("PROV", "province"), ("PROV-Y", "province"), ("DIST", "district")]:
        PlanType.objects.create(code=code, name_th=code, level=level, element_kinds=kinds)
    PlanType.objects.create(code="FW", name_th="กรอบ", level="national", is_framework=True)
    _, up = _plan("UP", "FW", "TH", 2018, 2037, status="published")
    up_goal = _element(up, "goal", "เป้าหมายชาติ", 1)
    plan, first = _plan("P12-A", "PROV", "12", 2023, 2027, "PO-12", "published")
    Plan.objects.filter(pk=plan.pk).update(name_th="แผนพัฒนาจังหวัดนนทบุรี")
    _element(first, "issue", "สังคมสูงวัย", 2, agencies=["PO-12"])  # created first, read last
    issue = _element(first, "issue", "เศรษฐกิจเกษตร", 1)
    goal = _element(first, "goal", "รายได้เกษตรกรเพิ่มขึ้น", 1, issue, ["PO-12"])
    Alignment.objects.create(source=goal, target=up_goal)
    income = Indicator.objects.create(code="IND-1", name_th="รายได้", unit="บาท")
    pi = PlanIndicator.objects.create(element=goal, indicator=income)
    IndicatorAgency.objects.create(plan_indicator=pi, agency=Agency.objects.get(code="DOAE-12"))
    IndicatorAgency.objects.create(
        plan_indicator=pi, agency=Agency.objects.get(code="NSO-12"), lead=True
    )
    for area, year, value in [("12", 2025, 100), ("12", 2026, 110), ("1201", 2026, 9)]:
        Target.objects.create(
            plan_indicator=pi, area=Area.objects.get(code=area), fiscal_year=year, value=value
        )
    renumber(first)
    review = PlanEdition.objects.create(plan=plan, number=2, review_year=2025, based_on=first)
    copy_edition_contents(first, review)
    Target.objects.filter(plan_indicator__element__edition=review).update(value=Decimal("1.5"))
    _plan("P12-B", "PROV-Y", "12", 2026, 2026)
    _, district = _plan("P1201", "DIST", "1201", 2023, 2027)
    _element(district, "project", "ถนนเพื่อการเกษตร", 1, agencies=["DOAE-12"])
    _plan("P54", "PROV", "54", 2018, 2022, "PO-54", "published")
    return plan


def _codes(client, url="/api/plans", **params):
    body = _get(client, url, limit=1000, **params)
    assert body["count"] == len(body["results"])
    return [row["code"] for row in body["results"]]


def _auth(user):
    _, key = ApiToken.issue(user, "t")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


# Plans --------------------------------------------------------------------------------------


def test_area_gives_the_provinces_own_plans_with_a_count(plans, client):
    body = _get(client, "/api/plans", area="12")
    assert body["count"] == 2
    assert [row["code"] for row in body["results"]] == ["P12-A", "P12-B"]
    assert body["results"][0] == {
        "code": "P12-A",
        "name_th": "แผนพัฒนาจังหวัดนนทบุรี",
        "name_en": "",
        "plan_type": "PROV",
        "level": "province",
        "area": "12",
        "owner": "PO-12",
        "first_fiscal_year": "FY2023",
        "last_fiscal_year": "FY2027",
        "first_fiscal_year_be": 2566,
        "last_fiscal_year_be": 2570,
        "sample": False,
        "url": "/api/plans/P12-A",
    }


def test_within_adds_the_plans_of_areas_inside(plans, client):
    body = _get(client, "/api/plans", within="12", limit=2)
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert "offset=2" in body["next"]
    assert _codes(client, within="12") == ["P12-A", "P12-B", "P1201"]
    assert _codes(client, within="54") == ["P54"]
    assert _codes(client, within="1201") == ["P1201"]
    assert _codes(client, within="no-such-area") == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "district"}, ["P1201"]),
        ({"level": "province", "area": "54"}, ["P54"]),
        ({"plan_type": "PROV"}, ["P12-A", "P54"]),
        ({"agency": "PO-12"}, ["P12-A"]),  # owner and named on elements: listed once
        ({"agency": "DOAE-12"}, ["P1201"]),  # named on an element only
        ({"agency": "PO-54"}, ["P54"]),
        ({"fiscal_year": "2569"}, ["P12-A", "P12-B", "P1201", "UP"]),
        ({"fiscal_year": "FY2026"}, ["P12-A", "P12-B", "P1201", "UP"]),
        ({"fiscal_year": "ปีงบประมาณ 2569"}, ["P12-A", "P12-B", "P1201", "UP"]),
        ({"fiscal_year": "๒๕๖๕"}, ["P54", "UP"]),
        ({"fiscal_year": "2569", "area": "12"}, ["P12-A", "P12-B"]),
    ],
)
def test_plan_filters(plans, client, params, expected):
    assert _codes(client, **params) == expected


@pytest.mark.parametrize(
    ("params", "status", "word"),
    [
        ({"level": "planet"}, 400, "level:"),
        ({"limit": 0}, 422, "limit"),
        ({"offset": -1}, 422, "offset"),
    ],
)
def test_bad_plan_filters_are_refused(plans, client, params, status, word):
    response = client.get("/api/plans", params)
    assert response.status_code == status, response.content.decode()
    assert word in response.content.decode()


def test_an_unreadable_fiscal_year_is_400(plans, client):
    assert _get(client, "/api/plans", status=400, fiscal_year="ปีหน้า")["detail"].startswith(
        "fiscal_year:"
    )


def test_plan_detail_lists_editions(plans, client):
    body = _get(client, "/api/plans/P12-A")
    assert body["description"] == ""
    assert body["editions"] == [
        {
            "number": 1,
            "status": "published",
            "title": "",
            "review_fiscal_year_be": None,
            "url": "/api/plans/P12-A/editions/1/elements",
        },
        {
            "number": 2,
            "status": "draft",
            "title": "",
            "review_fiscal_year_be": 2568,
            "url": "/api/plans/P12-A/editions/2/elements",
        },
    ]
    assert _get(client, "/api/plans/NOPE", status=404) == {"detail": "Not found"}


def test_thai_comes_back_as_utf8_not_escapes(plans, client):
    for url in ("/api/plans?area=12", "/api/plans/P12-A", "/api/targets", "/api/alignments"):
        content = client.get(url).content
        assert b"\\u0e" not in content.lower(), url
    assert "แผนพัฒนาจังหวัดนนทบุรี".encode() in client.get("/api/plans/P12-A").content
    elements = client.get("/api/plans/P12-A/editions/1/elements").content
    assert "เศรษฐกิจเกษตร".encode() in elements


# Elements -----------------------------------------------------------------------------------


def test_elements_come_in_reading_order(plans, client):
    rows = _get(client, "/api/plans/P12-A/editions/1/elements")["results"]
    assert [(r["number"], r["name_th"], r["kind"]) for r in rows] == [
        ("1", "เศรษฐกิจเกษตร", "issue"),
        ("1.1", "รายได้เกษตรกรเพิ่มขึ้น", "goal"),
        ("2", "สังคมสูงวัย", "issue"),
    ]
    assert rows[1]["parent"] == rows[0]["id"]
    assert (rows[1]["plan"], rows[1]["edition"], rows[1]["agencies"]) == ("P12-A", 1, ["PO-12"])


def test_a_draft_edition_is_for_signed_in_members(plans, client, cast):
    assert client.get("/api/plans/P12-A/editions/2/elements").status_code == 403
    assert client.get("/api/plans/P1201/editions/1/elements").status_code == 403
    assert client.get("/api/plans/P12-A/editions/9/elements").status_code == 404
    client.force_login(cast.viewer)
    assert _get(client, "/api/plans/P12-A/editions/2/elements")["count"] == 3


# Targets and links --------------------------------------------------------------------------


def test_anonymous_users_see_published_targets_only(plans, client, cast):
    rows = _get(client, "/api/targets", limit=1000)["results"]
    assert [(r["plan"], r["edition"], r["area"], r["fiscal_year_be"]) for r in rows] == [
        ("P12-A", 1, "12", 2568),
        ("P12-A", 1, "12", 2569),
        ("P12-A", 1, "1201", 2569),
    ]
    assert rows[0]["value"] == "100.0000"
    assert (rows[0]["fiscal_year"], rows[0]["indicator"]) == ("FY2025", "IND-1")
    assert (rows[0]["lead_agency"], rows[0]["agencies"]) == ("NSO-12", ["DOAE-12", "NSO-12"])
    client.force_login(cast.viewer)
    assert _get(client, "/api/targets")["count"] == 6
    assert _get(client, "/api/targets", edition=2)["count"] == 3


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"plan": "P12-A"}, 3),
        ({"plan": "P54"}, 0),
        ({"indicator": "IND-1"}, 3),
        ({"indicator": "IND-9"}, 0),
        ({"area": "1201"}, 1),
        ({"fiscal_year": "2569"}, 2),
        ({"fiscal_year": "FY2025"}, 1),
        ({"fiscal_year": "ปีงบประมาณ ๒๕๖๘"}, 1),
        ({"fiscal_year": "2569", "area": "12"}, 1),
        ({"agency": "DOAE-12"}, 3),
        ({"agency": "PO-12"}, 0),
    ],
)
def test_target_filters(plans, client, params, count):
    assert _get(client, "/api/targets", **params)["count"] == count


def test_alignments_list_published_links_to_anonymous_users(plans, client, cast):
    rows = _get(client, "/api/alignments")["results"]
    assert [
        (r["source_plan"], r["source_number"], r["target_plan"], r["target_number"]) for r in rows
    ] == [("P12-A", "1.1", "UP", "")]
    assert _get(client, "/api/alignments", target_plan="UP")["count"] == 1
    assert _get(client, "/api/alignments", plan="P54")["count"] == 0
    client.force_login(cast.viewer)
    assert _get(client, "/api/alignments", plan="P12-A")["count"] == 2
    assert _get(client, "/api/alignments", area="12")["count"] == 2


# Writes -------------------------------------------------------------------------------------

DRAFT = "/api/plans/P12-A/editions/2/elements"


def test_planner_adds_an_element(plans, client, cast):
    parent = PlanElement.objects.get(edition__number=2, number="1")
    payload = {"kind": "goal", "name_th": "ผลผลิตต่อไร่สูงขึ้น", "parent": parent.pk}
    response = _post(client, DRAFT, {**payload, "agencies": ["DOAE-12"]}, **_auth(cast.admin))
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert (body["number"], body["parent"], body["agencies"]) == ("1.2", parent.pk, ["DOAE-12"])
    assert "ผลผลิตต่อไร่สูงขึ้น".encode() in response.content
    response = _post(client, DRAFT, payload, **_auth(cast.planner_nonthaburi))
    assert response.status_code == 201, response.content.decode()
    element = PlanElement.objects.get(pk=response.json()["id"])
    assert element.number == "1.3"
    assert element.history.first().history_user == cast.planner_nonthaburi


def test_writes_need_a_token_and_the_right_province(plans, client, cast):
    payload = {"kind": "issue", "name_th": "ประเด็นใหม่"}
    assert _post(client, DRAFT, payload).status_code == 401
    assert _post(client, DRAFT, payload, HTTP_AUTHORIZATION="Token wrong").status_code == 401
    response = _post(client, DRAFT, payload, **_auth(cast.planner_phrae))
    assert response.status_code == 403
    assert response.json()["detail"]
    locked = "/api/plans/P12-A/editions/1/elements"
    assert _post(client, locked, payload, **_auth(cast.planner_nonthaburi)).status_code == 403
    assert not PlanElement.objects.filter(name_th="ประเด็นใหม่").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "planet"}, "kind:"),
        ({"kind": "activity"}, "kind:"),  # not a kind this plan type holds
        ({"name_th": "  "}, "name_th:"),
        ({"parent": 999999}, "parent:"),
        ({"agencies": ["PO-12", "NOPE"]}, "agencies: unknown NOPE"),
    ],
)
def test_invalid_elements_are_422_naming_the_field(plans, client, cast, change, field):
    payload = {"kind": "issue", "name_th": "ประเด็นใหม่", **change}
    response = _post(client, DRAFT, payload, **_auth(cast.planner_nonthaburi))
    assert response.status_code == 422, response.content.decode()
    assert field in response.json()["detail"]
    assert PlanElement.objects.filter(edition__number=2).count() == 3


def _move(client, user, to, code="P1201", **extra):
    url = f"/api/plans/{code}/editions/1/transitions"
    return _post(client, url, {"to": to, **extra}, **_auth(user))


def test_an_edition_goes_from_draft_to_approved(plans, client, cast):
    assert _move(client, cast.planner_phrae, "submitted").status_code == 403
    response = _move(client, cast.planner_nonthaburi, "submitted")
    assert response.status_code == 201, response.content.decode()
    assert (response.json()["from_status"], response.json()["to_status"]) == (
        "draft",
        "submitted",
    )
    response = _move(client, cast.committee_member, "approved")
    assert response.status_code == 422
    detail = response.json()["detail"]
    for field in ("committee:", "meeting:", "meeting_date:", "resolution:"):
        assert field in detail
    approval = {
        "committee": "KBJ-12",
        "meeting": "ครั้งที่ ๓/๒๕๖๙",
        "meeting_date": "15 ม.ค. 2569",
        "resolution": "เห็นชอบ",
    }
    bad = _move(client, cast.committee_member, "approved", **{**approval, "meeting": "สาม"})
    assert bad.status_code == 422
    assert list(bad.json()) == ["detail"]
    response = _move(client, cast.committee_member, "approved", **approval)
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert (body["committee"], body["meeting"], body["meeting_date"]) == (
        "KBJ-12",
        "3/2569",
        "2026-01-15",
    )
    assert Plan.objects.get(code="P1201").latest_edition().status == "approved"
    assert EditionTransition.objects.filter(edition__plan__code="P1201").count() == 2


def test_a_transition_the_rules_do_not_allow_is_422(plans, client, cast):
    assert _move(client, cast.planner_nonthaburi, "published").status_code == 422
    assert _move(client, cast.planner_nonthaburi, "nonsense").status_code == 422
    assert _post(client, "/api/plans/P1201/editions/1/transitions", {"to": "x"}).status_code == 401


def test_linking_elements(plans, client, cast):
    source = PlanElement.objects.get(edition__number=2, number="2")
    target = PlanElement.objects.get(edition__plan__code="UP")
    payload = {"source": source.pk, "target": target.pk, "note": "หนุนเสริม"}
    assert _post(client, "/api/alignments", payload).status_code == 401
    assert _post(client, "/api/alignments", payload, **_auth(cast.planner_phrae)).status_code == 403
    response = _post(client, "/api/alignments", payload, **_auth(cast.planner_nonthaburi))
    assert response.status_code == 201, response.content.decode()
    assert response.json()["target_plan"] == "UP"
    again = _post(client, "/api/alignments", payload, **_auth(cast.planner_nonthaburi))
    assert again.status_code == 422
    own = {"source": source.pk, "target": PlanElement.objects.get(edition__number=2, number="1").pk}
    response = _post(client, "/api/alignments", own, **_auth(cast.planner_nonthaburi))
    assert response.status_code == 422
    assert "target:" in response.json()["detail"]
    missing = {"source": 999999, "target": target.pk}
    assert _post(client, "/api/alignments", missing, **_auth(cast.admin)).status_code == 404
    assert Alignment.objects.filter(source=source).count() == 1
