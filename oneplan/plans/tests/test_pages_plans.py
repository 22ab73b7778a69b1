"""Plan pages: what they show, bounded query counts, and who may post to the editing views."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from oneplan.plans.choices import EditionStatus, ElementKind
from oneplan.plans.models import PlanElement
from oneplan.plans.tests import factories as f

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def big_edition(issues: int, goals: int):
    edition = f.plan_edition("12")
    for i in range(issues):
        issue = f.element(edition, ElementKind.ISSUE, f"ประเด็น {i}", agencies=["PO-12"])
        for g in range(goals):
            goal = f.element(edition, ElementKind.GOAL, f"เป้าประสงค์ {i}.{g}", parent=issue)
            f.plan_indicator(goal, f"I-{i}-{g}", lead="PO-12", targets={2023: 1, 2024: 2})
    return edition


@pytest.mark.parametrize("size", [(2, 2), (6, 5)])
def test_edition_page_queries_do_not_grow_with_the_tree(cast, django_assert_max_num_queries, size):
    edition = big_edition(*size)
    client = client_for(cast.planner_nonthaburi)
    with django_assert_max_num_queries(16):
        response = client.get(f"/plans/editions/{edition.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<tr class="kind-goal"') == size[0] * size[1]
    assert 'data-move="up"' in body  # the planner may edit


def test_element_page_queries_are_bounded(cast, django_assert_max_num_queries):
    edition = big_edition(1, 1)
    goal = edition.elements.get(kind=ElementKind.GOAL)
    for n in range(5):
        f.plan_indicator(goal, f"X-{n}", lead="PO-12", agencies=["NSO-12"], targets={2023: n})
    with django_assert_max_num_queries(30):
        response = client_for(cast.planner_nonthaburi).get(f"/plans/elements/{goal.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('name="t:12:2023"') == 6


def test_plan_list_filters_by_level_and_buddhist_era_year(cast):
    f.plan_edition("12", status=EditionStatus.PUBLISHED)
    f.plan_edition("54", status=EditionStatus.PUBLISHED, first_year=2018, last_year=2022)
    client = client_for()
    body = client.get("/plans/?fiscal_year=2569").content.decode()
    assert "PDP-12-2023" in body
    assert "PDP-54-2018" not in body
    body = client.get("/plans/?within=54", HTTP_HX_REQUEST="true").content.decode()
    assert "PDP-54-2018" in body
    assert "<html" not in body  # the HTMX request gets the table only


def test_anonymous_visitors_see_published_editions_only(cast):
    draft = f.plan_edition("12")
    published = f.plan_edition("54", status=EditionStatus.PUBLISHED)
    client = client_for()
    assert client.get(f"/plans/editions/{draft.pk}/").status_code == 403
    assert client.get(f"/plans/editions/{published.pk}/").status_code == 200
    assert client.get(f"/plans/editions/{published.pk}/export.xlsx").status_code == 200
    assert client.get(f"/plans/editions/{draft.pk}/export.xlsx").status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [("planner_nonthaburi", 200), ("planner_phrae", 403), ("viewer", 403), ("reviewer", 403)],
)
def test_only_the_areas_planner_may_add_elements(cast, who, status):
    edition = f.plan_edition("12")
    response = client_for(getattr(cast, who)).post(
        f"/plans/editions/{edition.pk}/add/", {"kind": ElementKind.ISSUE, "name_th": "ใหม่"}
    )
    assert response.status_code == status
    assert edition.elements.filter(name_th="ใหม่").exists() == (status == 200)


def test_a_refused_add_answers_with_the_tree_and_the_reason(cast):
    edition = f.plan_edition("12")
    client = client_for(cast.planner_nonthaburi)
    response = client.post(
        f"/plans/editions/{edition.pk}/add/", {"kind": "master_plan", "name_th": "ผิดประเภท"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not PlanElement.objects.filter(name_th="ผิดประเภท").exists()


def test_approval_form_records_the_meeting_in_buddhist_era(cast):
    edition = f.plan_edition("12", status=EditionStatus.SUBMITTED)
    client = client_for(cast.committee_member)
    response = client.post(
        f"/plans/editions/{edition.pk}/transition/",
        {
            "to": "approved",
            "committee": "KBJ-12",
            "meeting": "ครั้งที่ ๒/๒๕๖๘",
            "meeting_date": "30 มิ.ย. 2568",
            "resolution": "เห็นชอบ",
        },
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    record = edition.transitions.get()
    assert (edition.status, record.meeting, str(record.meeting_date)) == (
        "approved",
        "2/2568",
        "2025-06-30",
    )


def test_targets_form_reports_every_problem_and_writes_nothing(cast):
    edition = f.plan_edition("12")
    goal = f.element(edition, ElementKind.GOAL, "เป้า")
    pi = f.plan_indicator(goal, lead="PO-12", targets={2023: 5})
    client = client_for(cast.planner_nonthaburi)
    response = client.post(
        f"/plans/indicators/{pi.pk}/targets/",
        {"t:12:2023": "๑,๒๐๐", "t:12:2024": "abc", "new_area": "99", "new:2025": "3"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 2, messages
    assert any("abc" in m for m in messages)
    assert any("99" in m for m in messages)
    assert [t.value for t in pi.targets.all()] == [5]  # unchanged: nothing half-written
    client.post(f"/plans/indicators/{pi.pk}/targets/", {"t:12:2023": "๑,๒๐๐", "t:12:2024": "7.5"})
    assert sorted((t.fiscal_year, float(t.value)) for t in pi.targets.all()) == [
        (2023, 1200.0),
        (2024, 7.5),
    ]


def test_matrix_and_checklist_download_as_workbooks(cast):
    framework_type = f.plan_type("FW", kinds=[ElementKind.GOAL], is_framework=True)
    framework = f.edition(f.plan("TH", kind=framework_type), status=EditionStatus.PUBLISHED)
    goal = f.element(framework, ElementKind.GOAL, "เป้าหมายชาติ")
    edition = f.plan_edition("12")
    issue = f.element(edition, ElementKind.ISSUE, "ประเด็น")
    f.link(issue, goal)
    client = client_for(cast.planner_nonthaburi)
    response = client.get(f"/plans/editions/{edition.pk}/matrix/?framework=FW-TH-2023&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "1 เป้าหมายชาติ"
    assert sheet["A3"].value == "1 ประเด็น"
    assert sheet["B3"].value == "●"
    response = client.get(f"/plans/editions/{edition.pk}/checklist/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert any(row[2] == "ประเด็น" for row in rows[2:])  # the issue has no indicator


def test_a_committee_of_another_province_cannot_approve(cast):
    from oneplan.orgs.models import Agency

    Agency.objects.create(code="KBJ-54", kind="committee", name_th="ก.บ.จ. แพร่", area=cast.phrae)
    edition = f.plan_edition("12", status=EditionStatus.SUBMITTED)
    response = client_for(cast.admin).post(
        f"/plans/editions/{edition.pk}/transition/",
        {
            "to": "approved",
            "committee": "KBJ-54",
            "meeting": "1/2568",
            "meeting_date": "1 ต.ค. 2567",
            "resolution": "เห็นชอบ",
        },
        follow=True,
    )
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SUBMITTED
    assert any("KBJ" in str(m) or "แพร่" in str(m) for m in response.context["messages"])


def test_plan_page_queries_do_not_grow_with_waiting_needs(cast, django_assert_max_num_queries):
    from oneplan.plans import referrals

    areas = f.village_areas()
    village_type = f.plan_type("VIL", level="village", kinds=[ElementKind.NEED])
    village = f.edition(f.plan(areas["village"].code, kind=village_type))
    province = f.plan_edition("54")
    f.element(province, ElementKind.ISSUE, "ประเด็น")
    for n in range(6):
        need = f.element(village, ElementKind.NEED, f"ความต้องการ {n}")
        referrals.raise_need(need, province.plan, cast.planner_phrae)
    client = client_for(cast.planner_phrae)
    with django_assert_max_num_queries(14):
        response = client.get(f"/plans/{province.plan.code}/")
    body = response.content.decode()
    assert body.count('name="action"') == 6
    assert body.count("1 ประเด็น") == 6  # the one element offered in each decision form
