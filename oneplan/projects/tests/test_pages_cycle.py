"""The project list (บัญชีรายการชุดโครงการ) with its ceiling split, reordering and downloads; the
meeting point with departments, an area's outcomes and the budget calendar, through the test
client (helpers shared with ``test_pages``)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from oneplan.projects.choices import FundingSource
from oneplan.projects.models import (
    AreaShare,
    BudgetCalendar,
    CalendarStep,
    FundingLine,
    Project,
    RankChange,
)
from oneplan.projects.tests.factories import YEAR, fund, project, project_list
from oneplan.projects.tests.test_pages import client_for, codes, thai
from oneplan.projects.views import calendar as calendar_views

pytestmark = pytest.mark.django_db
DEPARTMENT = FundingSource.DEPARTMENT

# The annual project list -------------------------------------------------------------


@pytest.fixture
def listed(cast):
    """Ceiling 2.5 million; three requests of 1 million: the third crosses it."""
    pl = project_list(ceiling=2_500_000)
    made = [project(f"โครงการลำดับ {i}", state="screened", land_ready=i == 0) for i in range(3)]
    return pl, made


def test_the_list_splits_at_the_ceiling(cast, listed):
    _, made = listed
    body = client_for(cast.planner_nonthaburi).get("/projects/lists/12/2569/").content.decode()
    divider = body.index("data-divider")
    order = codes(body)
    assert len(order) == 3
    assert all(body.index(f'data-code="{c}"') < divider for c in order[:2])
    assert body.index(f'data-code="{order[2]}"') > divider
    assert "2,500,000" in body[divider : divider + 300]
    assert order[0] == made[0].code  # land ready: the highest score
    assert 'name="reason"' in body
    assert "Sortable.min.js" in body
    assert "format=xlsx" in body


@pytest.mark.parametrize("size", [3, 30])
def test_list_queries_do_not_grow_with_the_list(cast, django_assert_max_num_queries, size):
    project_list(ceiling=2_500_000)
    for i in range(size):
        project(f"โครงการ {i}", state="screened")
    client = client_for(cast.planner_nonthaburi)
    with django_assert_max_num_queries(20):
        assert client.get("/projects/lists/12/2569/").status_code == 200


def test_a_reorder_with_a_reason_is_saved_and_shown(cast, listed):
    _, made = listed
    order = [made[2].code, made[0].code, made[1].code]
    client = client_for(cast.planner_nonthaburi)
    response = client.post(
        "/projects/lists/12/2569/order", {"order": order, "reason": "มติที่ประชุม ก.บ.จ."}
    )
    assert response.status_code == 302
    assert [Project.objects.get(code=c).rank for c in order] == [1, 2, 3]
    move = RankChange.objects.get()
    assert (move.project.code, move.from_rank, move.to_rank) == (made[2].code, 3, 1)
    body = client.get("/projects/lists/12/2569/").content.decode()
    assert codes(body) == order
    assert "มติที่ประชุม ก.บ.จ." in body
    assert body.count("pj-hand") >= 3


def test_a_reorder_without_a_reason_shows_the_problem(cast, listed):
    _, made = listed
    order = [m.code for m in reversed(made)]
    response = client_for(cast.committee_member).post(
        "/projects/lists/12/2569/order", {"order": order, "reason": " "}
    )
    assert response.status_code == 200
    assert thai("Say why the order changes.") in response.content.decode()
    assert not Project.objects.filter(rank__isnull=False).exists()
    assert not RankChange.objects.exists()


def test_outsiders_may_not_reorder(cast, listed):
    _, made = listed
    order = {"order": [m.code for m in reversed(made)], "reason": "ลองดู"}
    for user in (None, cast.viewer, cast.planner_phrae, cast.reviewer):
        assert client_for(user).post("/projects/lists/12/2569/order", order).status_code == 403
    public = client_for().get("/projects/lists/12/2569/").content.decode()
    assert 'name="reason"' not in public
    assert "โครงการลำดับ" not in public  # screened requests are not public yet
    assert "format=xlsx" not in public
    assert client_for().get("/projects/lists/12/2569/file?format=xlsx").status_code == 403
    assert client_for().get("/projects/lists/12/2599/").status_code == 404


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pdf", "application/pdf"),
    ],
)
def test_the_list_downloads(cast, listed, kind, content_type):
    response = client_for(cast.planner_nonthaburi).get(
        f"/projects/lists/12/2569/file?format={kind}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f'filename="project-list-12-2569.{kind}"' in response["Content-Disposition"]
    assert len(response.content) > 1000


# The meeting point and the outcomes -----------------------------------------------------


def test_the_meeting_point_totals_the_department_requests(cast, django_assert_max_num_queries):
    funded = project("ส่งเสริมทุเรียน", state="funded", amount=None)
    line = fund(funded, 1_000_000, source=DEPARTMENT, budget_holder="DOAE-12")
    FundingLine.objects.filter(pk=line.pk).update(status="funded", amount_approved=800_000)
    fund(
        project("ตลาดเกษตร", state="sent", amount=None),
        500_000,
        source=DEPARTMENT,
        budget_holder="DOAE",
    )
    fund(project("ร่างยังไม่ส่ง", amount=None), 700_000, source=DEPARTMENT, budget_holder="DOAE")
    client = client_for(cast.reviewer)
    body = client.get("/projects/meeting/DOAE/2569/").content.decode()
    assert codes(body) == sorted(codes(body))
    assert len(codes(body)) == 2
    assert re.search(r"data-requested>1,500,000<", body)
    assert re.search(r"data-funded>800,000<", body)
    assert thai("not set") in body
    AreaShare.objects.create(
        agency=line.agency.parent, fiscal_year=YEAR, total_budget=10_000_000, percent=10
    )
    with django_assert_max_num_queries(20):
        body = client.get("/projects/meeting/DOAE/2569/").content.decode()
    assert re.search(r"data-reserved>1,000,000<", body)
    assert re.search(r"data-used>80.0%<", body)


def test_outcomes_show_what_each_department_did(cast):
    for title, status, approved in (
        ("ได้รับงบ", "funded", 900_000),
        ("ไม่ได้รับงบ", "declined", 0),
        ("รอพิจารณา", "requested", None),
    ):
        p = project(title, state="sent", amount=None)
        line = fund(p, 1_000_000, source=DEPARTMENT, budget_holder="DOAE")
        FundingLine.objects.filter(pk=line.pk).update(status=status, amount_approved=approved)
    body = client_for().get("/projects/areas/12/2569/outcomes/").content.decode()
    section = body[body.index('data-agency="DOAE"') :]
    assert "ได้รับงบ" in section[section.index('data-outcome="funded"') :][:800]
    assert "ไม่ได้รับงบ" in section[section.index('data-outcome="declined"') :][:800]
    assert "รอพิจารณา" in section[section.index('data-outcome="open"') :][:800]
    assert "900,000" in section


# The budget calendar -----------------------------------------------------------------


def test_the_calendar_marks_late_steps_and_who_must_act(cast, monkeypatch):
    cal = BudgetCalendar.objects.create(fiscal_year=YEAR)
    for position, (name, state, role, due) in enumerate(
        [
            ("จังหวัดเสนอโครงการ", "submitted", "provincial_planner", dt.date(2025, 1, 15)),
            ("ก.บ.จ. อนุมัติ", "approved", "committee_member", dt.date(2025, 3, 1)),
            ("กรมพิจารณางบ", "funded", "department_reviewer", dt.date(2025, 9, 1)),
        ],
        start=1,
    ):
        CalendarStep.objects.create(
            calendar=cal, position=position, name_th=name, state=state, role=role, due=due
        )
    draft = project("ยังเป็นร่าง")
    project("อนุมัติแล้ว", state="approved")
    monkeypatch.setattr(calendar_views, "today", lambda: dt.date(2025, 4, 1))
    body = client_for(cast.planner_nonthaburi).get("/projects/calendar/2569/").content.decode()
    statuses = re.findall(r'data-step="(\d)" data-status="(\w+)"', body)
    assert statuses == [("1", "late"), ("2", "late"), ("3", "upcoming")]
    assert "15 มกราคม 2568" in body
    assert draft.code in body
    public = client_for().get("/projects/calendar/2569/?area=12").content.decode()
    assert draft.code not in public
    assert client_for().get("/projects/calendar/2569/?area=XX").status_code == 404
