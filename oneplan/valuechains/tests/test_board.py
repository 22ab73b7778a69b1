"""The data list and gap board pages: what they show, and working a gap from the page."""

from __future__ import annotations

import pytest
from django.test import Client

from oneplan.valuechains.gaps import sync_gaps
from oneplan.valuechains.models import DataGap
from oneplan.valuechains.tests.conftest import provide

pytestmark = pytest.mark.usefixtures("reference_db")


def test_the_data_list_page_shows_each_row_s_computed_status(nonthaburi, cast):
    provide("GPP")
    page = Client().get("/valuechains/areas/12/data-list/").content.decode()
    assert 'data-indicator="GPP" data-status="incomplete"' in page
    assert 'data-indicator="TRADE" data-status="missing"' in page
    assert "ทุเรียนนนท์ › พันธุ์ดี" in page  # the chain's factor as "needed by"
    only = Client().get("/valuechains/areas/12/data-list/?status=missing").content.decode()
    assert 'data-status="incomplete"' not in only


def test_a_planner_works_a_gap_from_the_board(nonthaburi, cast):
    sync_gaps(cast.nonthaburi)
    gap = DataGap.objects.get(indicator__code="GPP")
    client = Client()
    client.force_login(cast.planner_nonthaburi)
    board = client.get("/valuechains/areas/12/gaps/").content.decode()
    assert 'class="gap-form"' in board
    post = {
        "gap": gap.pk,
        "remedy": "collect",
        "agency": "NSO-12",
        "budget": "120,000",
        "target_year": "2570",
        "status": "planned",
    }
    page = client.post("/valuechains/areas/12/gaps/", post, follow=True).content.decode()
    gap.refresh_from_db()
    assert (gap.remedy, gap.budget, gap.target_year, gap.status) == (
        "collect",
        120000,
        2027,
        "planned",
    )
    assert "GPP" in page


def test_every_problem_on_the_board_is_shown_and_nothing_saved(nonthaburi, cast):
    sync_gaps(cast.nonthaburi)
    gap = DataGap.objects.get(indicator__code="GPP")
    client = Client()
    client.force_login(cast.statistician)
    post = {
        "gap": gap.pk,
        "remedy": "proxy",
        "agency": "NOPE",
        "budget": "lots",
        "target_year": "ปีหน้า",
        "status": "closed",
        "note": "x",
    }
    page = client.post("/valuechains/areas/12/gaps/", post, follow=True).content.decode()
    for field in ("GPP · agency:", "GPP · budget:", "GPP · target_year:", "GPP · status:"):
        assert field in page
    gap.refresh_from_db()
    assert (gap.remedy, gap.status, gap.note) == ("", "open", "")


def test_others_see_the_board_but_cannot_work_it(nonthaburi, cast):
    sync_gaps(cast.nonthaburi)
    gap = DataGap.objects.get(indicator__code="GPP")
    client = Client()
    client.force_login(cast.planner_phrae)
    board = client.get("/valuechains/areas/12/gaps/").content.decode()
    assert 'data-gap="GPP"' in board
    assert 'class="gap-form"' not in board
    response = client.post("/valuechains/areas/12/gaps/", {"gap": gap.pk, "remedy": "collect"})
    assert response.status_code == 403
    assert Client().post("/valuechains/areas/12/gaps/", {"sync": "1"}).status_code == 403


def test_bringing_the_board_up_to_date_opens_the_gaps(nonthaburi, cast):
    client = Client()
    client.force_login(cast.planner_nonthaburi)
    page = client.post("/valuechains/areas/12/gaps/", {"sync": "1"}, follow=True)
    assert DataGap.objects.filter(area=cast.nonthaburi).count() == 4
    assert 'data-gap="TRADE"' in page.content.decode()
