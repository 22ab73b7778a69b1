"""Pages: home structure, area and agency pages, Thai by default, the admin-only change log."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from oneplan.geo.models import Area
from oneplan.orgs.models import Agency

pytestmark = pytest.mark.django_db


def test_home_lists_regions_groups_and_provinces_in_thai(client, reference_db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "th"
    assert "โครงสร้างพื้นที่เพื่อการวางแผนของประเทศไทย" in html
    assert html.count('class="card"') == 18
    assert "กลุ่มจังหวัดภาคกลางตอนบน 1" in html
    # Bangkok is listed apart, in no group.
    assert "จังหวัดที่ไม่อยู่ในกลุ่มจังหวัด" in html
    assert 'href="/areas/10/"' in html


def test_home_query_count_is_constant(client, reference_db, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/")


def test_english_when_the_reader_chooses_it(client, reference_db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/areas/12/").content.decode()
    assert "Upper Central 1 Province Group" in html
    assert "<h1>Nonthaburi" in html


def test_area_page_shows_parent_children_group_and_region(client, reference_db):
    html = client.get("/areas/1202/").content.decode()
    assert "บางกรวย" in html
    assert 'href="/areas/12/"' in html  # parent
    assert 'href="/areas/120201/"' in html  # a subdistrict inside
    assert 'id="area-group"' in html
    assert "ภาคกลางตอนบน 1" in html
    assert 'id="area-region"' in html
    assert "ภาคกลาง" in html


def test_group_page_lists_its_members(client, reference_db):
    html = client.get("/areas/G10/").content.decode()
    for name in ("นนทบุรี", "ปทุมธานี", "พระนครศรีอยุธยา", "สระบุรี"):
        assert name in html


def test_area_page_with_boundary_draws_a_map(client, cast):
    Area.objects.filter(code="12").update(
        boundary={"type": "Polygon", "coordinates": [[[100, 13], [101, 13], [101, 14], [100, 13]]]}
    )
    html = client.get("/areas/12/").content.decode()
    assert 'id="map"' in html
    assert "leaflet.js" in html
    assert '"Polygon"' in html
    assert 'id="map"' not in client.get("/areas/54/").content.decode()


def test_unknown_area_is_404(client, cast):
    assert client.get("/areas/99/").status_code == 404


def test_area_list_filters_and_htmx_fragment(client, reference_db):
    full = client.get("/areas/", {"level": "district", "q": "บางกรวย"})
    assert full.status_code == 200
    assert "<html" in full.content.decode()
    fragment = client.get("/areas/", {"q": "อำเภอบางกรวย"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "/areas/1202/" in fragment


def test_area_list_query_count(client, reference_db, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/areas/", {"level": "subdistrict"})


def test_agency_pages(client, cast):
    assert "กรมส่งเสริมการเกษตร" in client.get("/agencies/", {"q": "ส่งเสริมการเกษตร"}).content.decode()
    html = client.get(Agency.objects.get(code="DOAE").get_absolute_url()).content.decode()
    assert "สำนักงานเกษตรจังหวัดนนทบุรี" in html  # its provincial office
    # People are shown to administrators only.
    assert "planner_nonthaburi" not in client.get("/agencies/PO-12/").content.decode()
    client.force_login(cast.admin)
    assert "planner_nonthaburi" in client.get("/agencies/PO-12/").content.decode()


def test_change_log_is_for_admins_only(client, cast):
    area = Area.objects.get(code="1201")
    area.name_en = "Mueang Nonthaburi (renamed)"
    area._history_user = cast.planner_nonthaburi
    area.save()
    url = reverse("core:changes")
    assert client.get(url).status_code == 403
    client.force_login(cast.planner_nonthaburi)
    assert client.get(url).status_code == 403
    client.force_login(cast.admin)
    html = client.get(url).content.decode()
    assert "Mueang Nonthaburi (renamed)" in html
    assert "planner_nonthaburi" in html
    assert "<del>" in html  # before → after is shown


def test_login_page_in_thai(client, cast):
    html = client.get("/accounts/login/").content.decode()
    assert "เข้าสู่ระบบ" in html
    response = client.post("/accounts/login/", {"username": "viewer", "password": "wrong"})
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
