"""The areas API: list, filters, paging, detail, OpenAPI document and token-guarded writes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.orgs.models import ApiToken
from oneplan.testing.api import get_json as _get

pytestmark = pytest.mark.django_db


def _codes(client, **params):
    body = _get(client, "/api/areas", limit=1000, **params)
    return [row["code"] for row in body["results"]]


# Reads over the reference geography ---------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "count"),
    [
        ("province", 77),
        ("region", 6),
        ("province_group", 18),
        ("district", 928),
        ("subdistrict", 7436),
    ],
)
def test_list_counts_per_level(reference_db, client, level, count):
    body = _get(client, "/api/areas", level=level, limit=5)
    assert body["count"] == count
    assert len(body["results"]) == 5
    assert {row["level"] for row in body["results"]} == {level}


def test_detail_of_nonthaburi_has_group_and_region(
    reference_db, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        body = _get(client, "/api/areas/12")
    assert body["code"] == "12"
    assert body["name_th"] == "นนทบุรี"
    assert body["level"] == "province"
    assert body["group"]["code"] == "G10"
    assert "ภาคกลางตอนบน 1" in body["group"]["name_th"]
    assert body["region"]["code"] == "R-C"
    assert body["parent"] == "TH"
    assert [a["code"] for a in body["ancestors"]] == ["TH"]
    assert body["children_count"] == 6
    assert body["url"] == "/api/areas/12"


def test_detail_of_a_group_lists_its_members(reference_db, client):
    body = _get(client, "/api/areas/G10")
    assert [m["code"] for m in body["members"]] == ["12", "13", "14", "19"]
    assert body["region"]["code"] == "R-C"


def test_unknown_area_is_404(reference_db, client):
    assert _get(client, "/api/areas/9999", status=404) == {"detail": "Not found"}


def test_filter_by_parent(reference_db, client):
    assert _codes(client, parent="12") == ["1201", "1202", "1203", "1204", "1205", "1206"]


def test_filter_by_group(reference_db, client):
    assert _codes(client, group="G10", level="province") == ["12", "13", "14", "19"]
    districts = _codes(client, group="G10", level="district")
    assert districts
    assert {code[:2] for code in districts} == {"12", "13", "14", "19"}


def test_filter_by_region(reference_db, client):
    assert _codes(client, region="R-C", level="province_group") == ["G10", "G11", "G12", "G13"]
    provinces = _codes(client, region="R-C", level="province")
    assert len(provinces) == 16
    assert "12" in provinces
    assert "54" not in provinces


def test_unknown_group_gives_nothing(reference_db, client):
    assert _get(client, "/api/areas", group="G99")["count"] == 0
    assert _get(client, "/api/areas", group="R-C")["count"] == 0  # a region is not a group


def test_filter_by_code_prefix(reference_db, client):
    assert _codes(client, code_prefix="12", level="district") == [f"120{i}" for i in range(1, 7)]


@pytest.mark.parametrize("query", ["บางกรวย", "อำเภอบางกรวย", "Bang Kruai"])
def test_search_finds_bang_kruai(reference_db, client, query):
    codes = _codes(client, q=query)
    assert "1202" in codes
    assert all(code.startswith("1202") for code in codes)


def test_search_in_english_is_case_blind(reference_db, client):
    codes = _codes(client, q="nonthaburi", level="province")
    assert codes == ["12"]


def test_search_is_segmented_into_words(reference_db, client):
    # The words of "เมืองนนทบุรี" in the other order: no substring match, but every word is there.
    assert "1201" in _codes(client, q="นนทบุรีเมือง", level="district")


def test_invalid_level_is_400_naming_the_parameter(reference_db, client):
    body = _get(client, "/api/areas", status=400, level="planet")
    assert body["detail"].startswith("level:")


def test_paging_links(reference_db, client):
    body = _get(client, "/api/areas", level="province", limit=10, offset=20)
    assert body["results"][0]["code"] == _codes(client, level="province")[20]
    assert len(body["results"]) == 10
    assert "offset=30" in body["next"]
    assert "offset=10" in body["previous"]
    assert "level=province" in body["next"]
    assert "limit=10" in body["previous"]
    first = _get(client, "/api/areas", level="province", limit=10)
    assert first["previous"] is None
    last = _get(client, "/api/areas", level="province", limit=10, offset=70)
    assert len(last["results"]) == 7
    assert last["next"] is None


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"limit": 1000}, 200),
        ({"limit": 1001}, 422),
        ({"limit": 0}, 422),
        ({"offset": -1}, 422),
        ({"offset": 10**12}, 422),
        ({"offset": 10**30}, 422),
        ({"limit": "many"}, 422),
    ],
)
def test_paging_bounds(reference_db, client, params, status):
    response = client.get("/api/areas", params)
    assert response.status_code == status


def test_thai_is_raw_utf8(reference_db, client):
    response = client.get("/api/areas/12")
    assert "นนทบุรี".encode() in response.content
    assert b"\\u0e19" not in response.content.lower()
    assert response["Content-Type"].startswith("application/json")


def test_list_query_count_does_not_grow_with_page_size(reference_db, client):
    counts = []
    for limit in (5, 200):
        with CaptureQueriesContext(connection) as queries:
            body = _get(client, "/api/areas", level="district", limit=limit)
        assert len(body["results"]) == limit
        assert all(row["parent"] for row in body["results"])
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 3


def test_filtered_list_stays_within_query_budget(
    reference_db, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        _get(client, "/api/areas", group="G10", q="บาง", limit=200)


def test_openapi_lists_paths_and_filters(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert {"/api/areas", "/api/areas/{code}", "/api/agencies"} <= set(doc["paths"])
    params = {p["name"] for p in doc["paths"]["/api/areas"]["get"]["parameters"]}
    assert {"level", "parent", "group", "region", "code_prefix", "q", "limit", "offset"} <= params
    agency_params = {p["name"] for p in doc["paths"]["/api/agencies"]["get"]["parameters"]}
    assert {"kind", "parent", "area", "q"} <= agency_params
    assert "patch" in doc["paths"]["/api/areas/{code}"]


# Writes (cast) ------------------------------------------------------------------------------


def _auth(user, **token_fields):
    token, key = ApiToken.issue(user, "t")
    if token_fields:
        ApiToken.objects.filter(pk=token.pk).update(**token_fields)
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _patch(client, code, data, **headers):
    return client.patch(
        f"/api/areas/{code}", json.dumps(data), content_type="application/json", **headers
    )


def _post(client, data, **headers):
    return client.post("/api/areas", json.dumps(data), content_type="application/json", **headers)


def test_patch_without_auth_is_401(cast, client):
    assert _patch(client, "1201", {"name_en": "Mueang"}).status_code == 401
    assert Area.objects.get(code="1201").name_en != "Mueang"


def test_patch_by_home_planner_is_recorded(cast, client):
    response = _patch(
        client, "1201", {"name_en": "Mueang Nonthaburi"}, **_auth(cast.planner_nonthaburi)
    )
    assert response.status_code == 200, response.content.decode()
    assert response.json()["name_en"] == "Mueang Nonthaburi"
    area = Area.objects.get(code="1201")
    assert area.name_en == "Mueang Nonthaburi"
    latest = area.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == cast.planner_nonthaburi


def test_patch_with_bearer_scheme_and_last_used(cast, client):
    headers = _auth(cast.planner_nonthaburi)
    headers["HTTP_AUTHORIZATION"] = headers["HTTP_AUTHORIZATION"].replace("Token", "Bearer")
    assert _patch(client, "1201", {"postal_codes": "11000"}, **headers).status_code == 200
    assert ApiToken.objects.get(user=cast.planner_nonthaburi).last_used is not None


def test_patch_by_other_province_planner_is_403(cast, client):
    response = _patch(client, "1201", {"name_en": "X"}, **_auth(cast.planner_phrae))
    assert response.status_code == 403
    assert response.json()["detail"]
    assert Area.objects.get(code="1201").name_en != "X"


def test_planner_cannot_rename_own_province(cast, client):
    response = _patch(client, "12", {"name_en": "X"}, **_auth(cast.planner_nonthaburi))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("token_fields", "header"),
    [
        ({"expires": timezone.now() - dt.timedelta(hours=1)}, None),
        ({}, "Token not-a-key"),
        ({}, "Basic abc"),
    ],
)
def test_bad_tokens_are_401(cast, client, token_fields, header):
    headers = _auth(cast.planner_nonthaburi, **token_fields)
    if header:
        headers["HTTP_AUTHORIZATION"] = header
    assert _patch(client, "1201", {"name_en": "X"}, **headers).status_code == 401


def test_token_of_inactive_user_is_401(cast, client):
    headers = _auth(cast.planner_nonthaburi)
    type(cast.planner_nonthaburi).objects.filter(pk=cast.planner_nonthaburi.pk).update(
        is_active=False
    )
    assert _patch(client, "1201", {"name_en": "X"}, **headers).status_code == 401


def test_session_login_can_write(cast, client):
    client.force_login(cast.planner_phrae)
    assert _patch(client, "5401", {"name_en": "Mueang Phrae"}).status_code == 200
    assert Area.objects.get(code="5401").history.first().history_user == cast.planner_phrae


def _subdistrict_120101():
    parent = Area.objects.get(code="1201")
    return Area.objects.get_or_create(
        code="120101",
        defaults={"level": AreaLevel.SUBDISTRICT, "name_th": "สวนใหญ่", "parent": parent},
    )[0]


def _village_payload():
    return {"code": "12010101", "name_th": "บ้านท่าน้ำ", "name_en": "Ban Tha Nam"}


def test_post_village_by_home_planner_is_201(cast, client):
    _subdistrict_120101()
    response = _post(client, _village_payload(), **_auth(cast.planner_nonthaburi))
    assert response.status_code == 201, response.content.decode()
    assert response.json()["parent"] == "120101"
    village = Area.objects.get(code="12010101")
    assert village.level == AreaLevel.VILLAGE
    assert village.history.first().history_user == cast.planner_nonthaburi
    assert _post(client, _village_payload(), **_auth(cast.planner_nonthaburi)).status_code == 409


def test_post_village_by_other_planner_is_403(cast, client):
    _subdistrict_120101()
    assert _post(client, _village_payload(), **_auth(cast.planner_phrae)).status_code == 403
    assert _post(client, _village_payload()).status_code == 401
    assert not Area.objects.filter(code="12010101").exists()


def test_post_province_by_planner_is_403(cast, client):
    payload = {"code": "97", "name_th": "จังหวัดใหม่"}
    assert _post(client, payload, **_auth(cast.planner_nonthaburi)).status_code == 403


def test_post_without_thai_name_is_422_naming_the_field(cast, client):
    _subdistrict_120101()
    payload = _village_payload()
    del payload["name_th"]
    response = _post(client, payload, **_auth(cast.planner_nonthaburi))
    assert response.status_code == 422
    assert "name_th" in response.content.decode()
    payload["name_th"] = ""
    response = _post(client, payload, **_auth(cast.planner_nonthaburi))
    assert response.status_code == 422
    assert "name_th" in response.json()["detail"]
    assert not Area.objects.filter(code="12010101").exists()


def test_post_without_existing_parent_is_422(cast, client):
    payload = {"code": "12019999", "name_th": "บ้านไกล"}
    response = _post(client, payload, **_auth(cast.admin))
    assert response.status_code == 422
    assert response.json()["detail"].startswith("parent:")


def test_session_write_needs_the_csrf_token(cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.planner_nonthaburi)
    assert _patch(browser, "1201", {"name_en": "X"}).status_code == 403
    assert Area.objects.get(code="1201").name_en != "X"


@pytest.mark.parametrize(("parent", "status"), [("1201", 201), ("5401", 403), ("", 422)])
def test_post_local_government_checks_the_given_parent(cast, client, parent, status):
    payload = {
        "code": "LAO-X",
        "level": "local_government",
        "name_th": "อบต.ทดสอบ",
        "parent": parent,
    }
    response = _post(client, payload, **_auth(cast.planner_nonthaburi))
    assert response.status_code == status, response.content.decode()
    assert Area.objects.filter(code="LAO-X").exists() is (status == 201)
