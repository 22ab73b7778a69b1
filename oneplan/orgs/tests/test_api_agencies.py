"""The agencies API: list, filters, detail, and adding or changing agencies with a token."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.orgs.choices import AgencyKind
from oneplan.orgs.models import Agency, ApiToken
from oneplan.testing.api import get_json as _get

pytestmark = pytest.mark.django_db

NONTHABURI_AGENCIES = ["DOAE-12", "KBJ-12", "NSO-12", "PO-12"]


def _codes(client, **params):
    body = _get(client, "/api/agencies", limit=1000, **params)
    assert body["count"] == len(body["results"])
    return [row["code"] for row in body["results"]]


def _auth(user):
    _, key = ApiToken.issue(user, "t")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _post(client, data, **headers):
    return client.post(
        "/api/agencies", json.dumps(data), content_type="application/json", **headers
    )


def _patch(client, code, data, **headers):
    return client.patch(
        f"/api/agencies/{code}", json.dumps(data), content_type="application/json", **headers
    )


def _office(code="PO2-12", area="12", **extra):
    return {
        "code": code,
        "kind": "provincial_office",
        "name_th": "สำนักงานใหม่",
        "parent": "OPS-MOI",
        "area": area,
        **extra,
    }


# Reads --------------------------------------------------------------------------------------


def test_list_is_ordered_by_code_with_links(cast, client):
    codes = _codes(client)
    assert codes == sorted(codes)
    assert set(codes) >= {"MOI", "OPS-MOI", "PO-12", "PO-54", "NSO", "KBJ-12"}
    row = _get(client, "/api/agencies", limit=1000)["results"][codes.index("PO-12")]
    assert row == {
        "code": "PO-12",
        "kind": "provincial_office",
        "name_th": "สำนักงานจังหวัดนนทบุรี",
        "name_en": "",
        "abbreviation": "",
        "parent": "OPS-MOI",
        "area": "12",
        "url": "/api/agencies/PO-12",
    }


def test_list_pages(cast, client):
    body = _get(client, "/api/agencies", limit=3, offset=3)
    assert len(body["results"]) == 3
    assert body["results"][0]["code"] == _codes(client)[3]
    assert "offset=6" in body["next"]
    assert "offset=0" in body["previous"]


def test_filter_by_kind(cast, client):
    assert _codes(client, kind="ministry") == ["MOAC", "MOI"]
    assert _codes(client, kind="committee") == ["KBJ-12"]


def test_invalid_kind_is_400_naming_the_parameter(cast, client):
    assert _get(client, "/api/agencies", status=400, kind="guild")["detail"].startswith("kind:")


def test_filter_by_area_gives_agencies_at_home_there(cast, client):
    assert _codes(client, area="12") == NONTHABURI_AGENCIES
    assert _codes(client, area="54") == ["PO-54"]
    assert _codes(client, area="5401") == []
    assert _codes(client, area="no-such-area") == []


def test_filter_by_area_includes_agencies_inside_it(cast, client):
    Agency.objects.create(
        code="DO-1201",
        kind=AgencyKind.DISTRICT_OFFICE,
        name_th="ที่ว่าการอำเภอ",
        area=Area.objects.get(code="1201"),
    )
    assert _codes(client, area="12") == sorted([*NONTHABURI_AGENCIES, "DO-1201"])
    assert _codes(client, area="1201") == ["DO-1201"]
    assert "DO-1201" not in _codes(client, area="54")


def test_filter_by_parent(cast, client):
    assert _codes(client, parent="OPS-MOI") == ["PO-12", "PO-54"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("สถิติ", ["NSO", "NSO-12"]),
        ("สถิตินนทบุรี", ["NSO-12"]),  # segmented: both words, wherever they stand
        ("จังหวัดแพร่", ["PO-54"]),  # the "จังหวัด" prefix is dropped from the query
        ("po-54", ["PO-54"]),
    ],
)
def test_search(cast, client, query, expected):
    assert _codes(client, q=query) == expected


def test_search_by_abbreviation(cast, client):
    Agency.objects.filter(code="NSO").update(abbreviation="สสช")
    nso = Agency.objects.get(code="NSO")
    nso.save()  # rebuilds the search text
    assert _codes(client, q="สสช") == ["NSO"]


def test_detail(cast, client):
    body = _get(client, "/api/agencies/NSO-12")
    assert body["name_th"] == "สำนักงานสถิติจังหวัดนนทบุรี"
    assert body["parent"] == "NSO"
    assert body["area"] == "12"
    assert "สำนักงานสถิติ".encode() in client.get("/api/agencies/NSO-12").content
    assert _get(client, "/api/agencies/MOI")["area"] is None


def test_unknown_agency_is_404(cast, client):
    assert _get(client, "/api/agencies/NOPE", status=404)["detail"] == "Not found"


def test_list_query_count_does_not_grow_with_page_size(cast, client):
    for i in range(12):
        Agency.objects.create(
            code=f"LG-12{i:02}",
            kind=AgencyKind.LOCAL_GOVERNMENT,
            name_th=f"เทศบาล {i}",
            parent=Agency.objects.get(code="MOI"),
            area=cast.nonthaburi,
        )
    counts = []
    for limit in (2, 15):
        with CaptureQueriesContext(connection) as queries:
            body = _get(client, "/api/agencies", area="12", limit=limit)
        assert len(body["results"]) == limit
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 4


# Writes -------------------------------------------------------------------------------------


def test_home_planner_adds_a_provincial_office(cast, client):
    response = _post(client, _office(), **_auth(cast.planner_nonthaburi))
    assert response.status_code == 201, response.content.decode()
    assert response.json()["area"] == "12"
    office = Agency.objects.get(code="PO2-12")
    assert office.parent.code == "OPS-MOI"
    assert office.history.first().history_user == cast.planner_nonthaburi
    assert _codes(client, area="12", q="สำนักงานใหม่") == ["PO2-12"]


def test_planner_cannot_add_an_office_in_another_province(cast, client):
    response = _post(client, _office("PO2-54", "54"), **_auth(cast.planner_nonthaburi))
    assert response.status_code == 403
    assert response.json()["detail"]
    assert _post(client, _office(), **_auth(cast.planner_phrae)).status_code == 403
    assert not Agency.objects.filter(code__in=["PO2-54", "PO2-12"]).exists()


def test_anonymous_cannot_add(cast, client):
    assert _post(client, _office()).status_code == 401


@pytest.mark.parametrize("user", ["planner_nonthaburi", "viewer", "data_officer", "reviewer"])
def test_only_admin_adds_national_bodies(cast, client, user):
    ministry = {"code": "MDES", "kind": "ministry", "name_th": "กระทรวงดิจิทัลฯ"}
    assert _post(client, ministry, **_auth(getattr(cast, user))).status_code == 403
    assert _post(client, ministry, **_auth(cast.admin)).status_code == 201


def test_non_planner_cannot_add_even_at_home(cast, client):
    for user in (cast.viewer, cast.statistician, cast.committee_member):
        assert _post(client, _office(), **_auth(user)).status_code == 403


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (_office(area="99"), "area"),
        (_office(parent="NOPE"), "parent"),
        (_office(area=None), "area"),  # a provincial office needs its province
        (_office(kind="guild"), "kind"),
        (_office(name_th=""), "name_th"),
        (_office(parent="PO-54"), "parent"),  # an office cannot belong to an office
    ],
)
def test_bad_payloads_are_422_naming_the_field(cast, client, payload, field):
    response = _post(client, payload, **_auth(cast.admin))
    assert response.status_code == 422, response.content.decode()
    assert f"{field}:" in response.json()["detail"]


def test_missing_thai_name_is_422(cast, client):
    payload = _office()
    del payload["name_th"]
    response = _post(client, payload, **_auth(cast.planner_nonthaburi))
    assert response.status_code == 422
    assert "name_th" in response.content.decode()


def test_duplicate_code_is_rejected(cast, client):
    response = _post(client, _office("PO-12"), **_auth(cast.planner_nonthaburi))
    assert response.status_code == 422
    assert "code:" in response.json()["detail"]


def test_home_planner_changes_own_office(cast, client):
    response = _patch(
        client,
        "PO-12",
        {"name_en": "Nonthaburi Provincial Office"},
        **_auth(cast.planner_nonthaburi),
    )
    assert response.status_code == 200, response.content.decode()
    office = Agency.objects.get(code="PO-12")
    assert office.name_en == "Nonthaburi Provincial Office"
    assert office.history.first().history_user == cast.planner_nonthaburi


@pytest.mark.parametrize(
    ("user", "code"),
    [
        ("planner_nonthaburi", "PO-54"),
        ("planner_phrae", "PO-12"),
        ("planner_nonthaburi", "MOI"),
        ("viewer", "PO-12"),
        ("statistician", "NSO-12"),
    ],
)
def test_patch_outside_scope_is_403(cast, client, user, code):
    response = _patch(client, code, {"name_en": "X"}, **_auth(getattr(cast, user)))
    assert response.status_code == 403
    assert Agency.objects.get(code=code).name_en != "X"


def test_patch_without_auth_is_401(cast, client):
    assert _patch(client, "PO-12", {"name_en": "X"}).status_code == 401


def test_admin_changes_a_ministry(cast, client):
    response = _patch(client, "MOI", {"abbreviation": "มท."}, **_auth(cast.admin))
    assert response.status_code == 200
    assert response.json()["abbreviation"] == "มท."


def test_new_district_office_is_within_reach_of_home_planner(cast, client):
    Area.objects.get_or_create(
        code="1202",
        defaults={"level": AreaLevel.DISTRICT, "name_th": "บางกรวย", "parent": cast.nonthaburi},
    )
    payload = {
        "code": "DO-1202",
        "kind": "district_office",
        "name_th": "ที่ว่าการอำเภอบางกรวย",
        "area": "1202",
    }
    assert _post(client, payload, **_auth(cast.planner_phrae)).status_code == 403
    assert _post(client, payload, **_auth(cast.planner_nonthaburi)).status_code == 201


def test_planner_cannot_add_a_ministry_at_home(client, cast):
    """National bodies are kept by administrators, whatever home area they name."""
    _, key = ApiToken.issue(cast.planner_nonthaburi, "t")
    response = client.post(
        "/api/agencies",
        {"code": "MIN-12", "kind": "ministry", "name_th": "กระทรวงทดลอง", "area": "12"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 403
    assert not Agency.objects.filter(code="MIN-12").exists()
