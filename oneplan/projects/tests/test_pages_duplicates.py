"""The duplicate review page: pairs side by side, decisions, a rescan."""

from __future__ import annotations

import pytest
from django.test import Client

from oneplan.projects.models import DuplicatePair
from oneplan.projects.tests.factories import YEAR, project

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(cast) -> DuplicatePair:
    a = project("พัฒนาคุณภาพการผลิตทุเรียนนนท์", state="submitted")
    b = project("ส่งเสริมการผลิตทุเรียนนนท์คุณภาพ", state="submitted", channel="department")
    return DuplicatePair.objects.create(
        fiscal_year=YEAR,
        project_a=a,
        project_b=b,
        score=0.91,
        reasons=[{"code": "title", "detail": "0.88"}, {"code": "same_area", "detail": "120101"}],
    )


def test_members_see_pairs_side_by_side_with_reasons(
    cast, pair, django_assert_max_num_queries
) -> None:
    client = Client()
    client.force_login(cast.viewer)
    with django_assert_max_num_queries(12):
        page = client.get("/projects/duplicates/2569/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "พัฒนาคุณภาพการผลิตทุเรียนนนท์" in text
    assert "ส่งเสริมการผลิตทุเรียนนนท์คุณภาพ" in text
    assert "0.91" in text
    assert "ปีงบประมาณ 2569" in text
    assert 'class="pj-decide"' not in text  # a viewer may not judge


def test_the_public_cannot_see_requests_under_review(pair) -> None:
    assert Client().get("/projects/duplicates/2569/").status_code == 403


def test_a_planner_marks_a_pair_and_the_decision_is_kept(cast, pair) -> None:
    client = Client()
    client.force_login(cast.planner_nonthaburi)
    page = client.get("/projects/duplicates/2569/").content.decode()
    assert 'class="pj-decide"' in page
    answer = client.post(
        f"/projects/duplicates/2569/{pair.pk}", {"decision": "duplicate", "note": "งานเดียวกัน"}
    )
    assert answer.status_code == 302
    pair.refresh_from_db()
    assert pair.decision == "duplicate"
    assert pair.note == "งานเดียวกัน"
    assert pair.decided_by == cast.planner_nonthaburi
    shown = client.get("/projects/duplicates/2569/?decision=duplicate").content.decode()
    assert "งานเดียวกัน" in shown
    assert "0.91" in shown


def test_another_province_may_not_judge(cast, pair) -> None:
    client = Client()
    client.force_login(cast.planner_phrae)
    answer = client.post(f"/projects/duplicates/2569/{pair.pk}", {"decision": "distinct"})
    assert answer.status_code == 403
    pair.refresh_from_db()
    assert pair.decision == "undecided"


def test_rescan_from_the_page(cast, pair) -> None:
    client = Client()
    client.force_login(cast.planner_nonthaburi)
    answer = client.post("/projects/duplicates/2569/scan", follow=True)
    assert answer.status_code == 200
    # the engine does not pair these two different titles; the undecided pair is dropped
    assert not DuplicatePair.objects.filter(pk=pair.pk).exists()
    viewer = Client()
    viewer.force_login(cast.viewer)
    assert viewer.post("/projects/duplicates/2569/scan").status_code == 403


def test_a_reviewer_s_page_does_not_grow_with_the_pairs(
    cast, django_assert_max_num_queries
) -> None:
    for n in range(6):
        a = project(f"ก{n}", state="sent", source="department", budget_holder="DOAE")
        b = project(f"ข{n}", state="sent", source="department", budget_holder="DOAE")
        DuplicatePair.objects.create(fiscal_year=YEAR, project_a=a, project_b=b, score=0.8)
    client = Client()
    client.force_login(cast.reviewer)
    client.get("/projects/duplicates/2569/")  # the session is written once, outside the count
    with django_assert_max_num_queries(9):
        page = client.get("/projects/duplicates/2569/")
    assert page.content.decode().count('class="pj-decide"') == 6
