"""Project pages through the test client: the list of requests and its filters, a request's
page with its parts and moves, and the project form (the project list, the meeting point and
the calendar are in ``test_pages_cycle``). The UI is Thai by default, so texts are compared
with the Thai catalogue (``thai``) or as data values and codes."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from oneplan.plans.choices import ElementKind
from oneplan.plans.tests.factories import element, indicator, plan_edition, plan_indicator
from oneplan.projects.choices import DocumentKind, FundingSource, FundingStatus
from oneplan.projects.models import (
    AlignmentTag,
    DuplicatePair,
    FundingLine,
    Project,
    ProjectDocument,
    ProjectOutput,
    RequestTransition,
)
from oneplan.projects.priority import PART_LABELS
from oneplan.projects.tests.factories import YEAR, fund, project, subdistrict
from oneplan.valuechains.models import Stage, SuccessFactor, ValueChain

pytestmark = pytest.mark.django_db
DEPARTMENT = FundingSource.DEPARTMENT


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def thai(message: str) -> str:
    """``message`` as the Thai page shows it (escaped for HTML)."""
    with translation.override("th"):
        return html.escape(gettext(message))


def codes(body: str) -> list[str]:
    return re.findall(r'<tr data-code="([^"]+)"', body)


def row(body: str, marker: str) -> str:
    """The table row carrying ``marker`` (e.g. data-row="funding-2")."""
    start = body.index(marker)
    return body[start : body.index("</tr>", start)]


# The list of requests ----------------------------------------------------------------


def test_list_filters_by_year_area_state_channel_budget_holder_and_title(cast):
    road = project("ถนนคอนกรีต หมู่ 3", state="submitted")
    weir = project("ฝายชะลอน้ำ", area_code="54", state="approved")
    later = project("ถนนลาดยาง", year=YEAR + 1, state="submitted")
    fund(weir, 300_000, source=DEPARTMENT, budget_holder="DOAE")
    planner = client_for(cast.planner_nonthaburi)

    def listed(query: str) -> set[str]:
        return set(codes(planner.get(f"/projects/?{query}").content.decode()))

    assert listed("") == {road.code, weir.code, later.code}
    assert listed("fiscal_year=&area=&state=&channel=&q=") == {road.code, weir.code, later.code}
    assert listed("fiscal_year=2569") == {road.code, weir.code}
    assert listed("area=54") == {weir.code}
    assert listed("state=approved") == {weir.code}
    assert listed("channel=province&q=ถนน") == {road.code, later.code}
    assert listed("budget_holder=MOAC") == {weir.code}
    body = planner.get("/projects/?fiscal_year=2569").content.decode()
    assert "1,300,000" in row(body, f'data-code="{weir.code}"')  # both lines, counted once
    assert "ปีงบประมาณ 2569" in body
    assert 'href="/projects/add/"' in body
    bad = planner.get("/projects/?fiscal_year=abc").content.decode()
    assert 'class="error"' in bad


def test_the_public_list_shows_approved_requests_only(cast):
    project("ร่างโครงการ")
    submitted = project("เสนอแล้ว", state="submitted")
    approved = project("อนุมัติแล้ว", state="approved")
    body = client_for().get("/projects/").content.decode()
    assert codes(body) == [approved.code]
    assert submitted.code not in body
    assert 'href="/projects/add/"' not in body
    htmx = client_for().get("/projects/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in htmx
    assert approved.code in htmx


@pytest.mark.parametrize("size", [3, 30])
def test_list_queries_do_not_grow_with_the_rows(cast, django_assert_max_num_queries, size):
    for i in range(size):
        project(f"โครงการที่ {i}", state="approved", budget_holder="DOAE")
    client = client_for(cast.planner_nonthaburi)
    with django_assert_max_num_queries(8):
        assert client.get("/projects/?fiscal_year=2569").status_code == 200


# A request's page ------------------------------------------------------------------------


@pytest.fixture
def rich(cast):
    """A Nonthaburi draft with every part filled in."""
    edition = plan_edition("12")
    issue = element(edition, ElementKind.ISSUE, "เกษตรปลอดภัยมูลค่าสูง")
    indicator("SAFE-FARMS", "จำนวนแปลงเกษตรปลอดภัย")
    kpi = plan_indicator(issue, "SAFE-FARMS")
    chain = ValueChain.objects.create(code="VC-12-X", name_th="ผักปลอดภัย", area=cast.nonthaburi)
    stage = Stage.objects.create(chain=chain, position=1, name_th="ต้นน้ำ")
    factor = SuccessFactor.objects.create(stage=stage, position=1, name_th="ดินและน้ำสะอาด")
    p = project("ส่งเสริมผักปลอดภัย", serves=(issue,), factor=factor, beneficiaries=1200)
    p.addresses.set([kpi])
    ProjectOutput.objects.create(project=p, name_th="เกษตรกรผ่านการอบรม", unit="ราย", target=300)
    AlignmentTag.objects.create(project=p, framework="sdg", code="2.4")
    ProjectDocument.objects.create(project=p, kind=DocumentKind.ESTIMATE, title="ปร.4 ผักปลอดภัย")
    fund(p, 250_000, source=DEPARTMENT, budget_holder="DOAE")
    return p


def test_the_page_shows_every_part_and_the_priority_by_part(cast, rich):
    body = client_for(cast.planner_nonthaburi).get(f"/projects/{rich.code}/").content.decode()
    for text in (
        "ส่งเสริมผักปลอดภัย",
        "สวนใหญ่",  # location
        "เกษตรปลอดภัยมูลค่าสูง",  # plan element
        "ดินและน้ำสะอาด",  # value-chain factor
        "จำนวนแปลงเกษตรปลอดภัย",  # problem indicator
        "เกษตรกรผ่านการอบรม",  # output
        "2.4",  # SDG tag
        "ปร.4 ผักปลอดภัย",  # readiness document
        "1,000,000",  # province line
        "250,000",  # department line
        "กรมส่งเสริมการเกษตร",  # its budget holder
        "สำนักงานเกษตรจังหวัดนนทบุรี",  # implementing agency
        "ปีงบประมาณ 2569",
    ):
        assert text in body, text
    assert body.count("data-part=") == len(PART_LABELS)
    for label in PART_LABELS.values():
        assert thai(str(label)) in body


def test_possible_duplicates_are_listed_with_links(cast):
    first = project("ขุดลอกคลองบางกร่าง หมู่ 3", state="approved")
    second = project("ขุดลอกคลองบางกร่าง หมู่ 5", state="approved")
    hidden = project("ขุดลอกคลองบางกร่าง (ร่าง)")
    for other, score in ((second, 0.91), (hidden, 0.88)):
        DuplicatePair.objects.create(
            fiscal_year=YEAR,
            project_a=first,
            project_b=other,
            score=score,
            reasons=[
                {"code": "title", "detail": "0.93"},
                {"code": "numbers_differ", "detail": "หมู่ 3/5"},
            ],
        )
    public = client_for().get(f"/projects/{first.code}/").content.decode()
    box = public[public.index('id="duplicates"') :]
    assert f'href="/projects/{second.code}/"' in box
    assert "0.91" in box
    assert "หมู่ 3/5" in box
    assert hidden.code not in box  # a draft stays hidden from the public
    member = client_for(cast.viewer).get(f"/projects/{second.code}/").content.decode()
    assert f'href="/projects/{first.code}/"' in member[member.index('id="duplicates"') :]


def test_only_the_moves_the_reader_may_make_are_offered(cast):
    draft = project("ร่าง")
    screened = project("ผ่านการกลั่นกรอง", state="screened")

    def offered(user, p) -> list[str]:
        page = client_for(user).get(f"/projects/{p.code}/").content.decode()
        return re.findall(r'data-move="([^"]+)"', page)

    assert offered(cast.planner_nonthaburi, draft) == ["submitted"]
    assert offered(cast.committee_member, draft) == []
    assert offered(cast.planner_phrae, draft) == []
    assert offered(cast.committee_member, screened) == ["approved", "declined"]
    assert offered(cast.planner_nonthaburi, screened) == ["draft"]
    assert offered(cast.reviewer, screened) == []


def test_a_planner_submits_a_draft(cast, rich):
    response = client_for(cast.planner_nonthaburi).post(
        f"/projects/{rich.code}/move/", {"to": "submitted"}
    )
    assert response.status_code == 302
    rich.refresh_from_db()
    assert rich.state == "submitted"
    assert RequestTransition.objects.filter(project=rich, to_state="submitted").count() == 1


def test_a_committee_move_without_its_record_shows_all_three_problems(cast):
    p = project("รอมติ", state="screened")
    body = (
        client_for(cast.committee_member)
        .post(f"/projects/{p.code}/move/", {"to": "approved", "meeting": "สาม"})
        .content.decode()
    )
    form = body[body.index('data-move="approved"') : body.index("</form>", body.index("approved"))]
    assert form.count("field-error") == 3
    for message in (
        'Write the meeting as "ครั้งที่ n/ปี" with a Buddhist-Era year, e.g. 3/2568.',
        "Give the date of the meeting.",
        "Write the committee's resolution.",
    ):
        assert thai(message) in form
    assert 'value="สาม"' in form  # what was typed stays
    p.refresh_from_db()
    assert p.state == "screened"
    done = client_for(cast.committee_member).post(
        f"/projects/{p.code}/move/",
        {
            "to": "approved",
            "meeting": "ครั้งที่ 3/2568",
            "meeting_date": "20/6/2568",
            "resolution": "เห็นชอบ",
        },
    )
    assert done.status_code == 302
    record = RequestTransition.objects.get(project=p, to_state="approved")
    assert (record.meeting, record.meeting_date) == ("3/2568", dt.date(2025, 6, 20))


def test_a_reviewer_funds_the_department_line_with_the_amount_typed(cast):
    p = project("ขอเงินกรม", state="sent", amount=None)
    line = fund(p, 1_000_000, source=DEPARTMENT, budget_holder="DOAE")
    client = client_for(cast.reviewer)
    assert f'name="amount-{line.pk}"' in client.get(f"/projects/{p.code}/").content.decode()
    too_much = client.post(
        f"/projects/{p.code}/move/", {"to": "funded", f"amount-{line.pk}": "2,000,000"}
    )
    assert "field-error" in too_much.content.decode()
    client.post(f"/projects/{p.code}/move/", {"to": "funded", f"amount-{line.pk}": "900,000"})
    line.refresh_from_db()
    assert (line.status, line.amount_approved) == (FundingStatus.FUNDED, Decimal("900000"))


def test_moves_by_outsiders_are_refused(cast):
    p = project("ร่าง")
    assert client_for().get(f"/projects/{p.code}/").status_code == 404
    assert client_for().post(f"/projects/{p.code}/move/", {"to": "submitted"}).status_code == 404
    assert (
        client_for(cast.planner_phrae).post(f"/projects/{p.code}/move/", {"to": "submitted"})
    ).status_code == 403
    public = project("อนุมัติแล้ว", state="approved")
    assert client_for().post(f"/projects/{public.code}/move/", {"to": "sent"}).status_code == 403


# The project form --------------------------------------------------------------------


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "title": "ปรับปรุงแหล่งน้ำ หมู่ที่ 5",
        "description": "ขุดลอกคลอง",
        "fiscal_year": "2569",
        "area": "12",
        "channel": "province",
        "agency": "DOAE-12",
        "locations": "120101",
        "beneficiaries": "1,500",
        "land_ready": "on",
        "funding-rows": "3",
        "funding-1-source": "province",
        "funding-1-amount_requested": "1,500,000",
        "funding-2-source": "department",
        "funding-2-agency": "DOAE",
        "funding-2-fiscal_year": "2570",
        "funding-2-amount_requested": "200,000",
        "outputs-rows": "3",
        "outputs-1-kind": "output",
        "outputs-1-name_th": "คลองที่ขุดลอก",
        "outputs-1-unit": "เมตร",
        "outputs-1-target": "1,200",
        "outputs-2-kind": "output",
        "tags-rows": "3",
        "tags-1-framework": "sdg",
        "tags-1-code": "6.4",
    }
    data.update(changes)
    return data


def test_a_planner_records_a_project_with_its_rows(cast):
    subdistrict()
    client = client_for(cast.planner_nonthaburi)
    page = client.get("/projects/add/").content.decode()
    assert 'name="funding-3-amount_requested"' in page  # three blank rows
    response = client.post("/projects/add/", form_data())
    assert response.status_code == 302
    p = Project.objects.get()
    assert response["Location"] == p.get_absolute_url()
    assert (p.fiscal_year, p.area.code, p.beneficiaries, p.land_ready) == (2026, "12", 1500, True)
    assert [(f.source, f.fiscal_year, f.amount_requested) for f in p.funding.order_by("pk")] == [
        ("province", 2026, Decimal("1500000")),
        ("department", 2027, Decimal("200000")),
    ]
    assert [o.name_th for o in p.outputs.all()] == ["คลองที่ขุดลอก"]
    assert [(t.framework, t.code) for t in p.tags.all()] == [("sdg", "6.4")]
    edit = client.get(f"/projects/{p.code}/edit/").content.decode()
    assert 'value="1,500,000"' in edit
    assert 'value="2570"' in edit


def test_a_bad_submission_shows_every_problem_at_its_field_and_saves_nothing(cast):
    subdistrict()
    bad = form_data(
        title="",
        fiscal_year="ปีหน้า",
        locations="120101 999999",
        **{
            "funding-1-source": "",
            "funding-1-amount_requested": "",  # a blank row is not sent ...
            "funding-2-amount_requested": "มาก",  # ... so this is the reader's row 1
            "funding-3-source": "department",
            "funding-3-amount_requested": "10",  # no budget holder
            "outputs-1-name_th": "",
        },
    )
    response = client_for(cast.planner_nonthaburi).post("/projects/add/", bad)
    body = response.content.decode()
    assert response.status_code == 200
    assert Project.objects.count() == 0
    assert FundingLine.objects.count() == 0
    assert thai("Give the project's title.") in body
    assert "999999" in body[body.index('name="locations"') :][:600]
    assert "field-error" in body[body.index('name="fiscal_year"') :][:600]
    assert "มาก" in row(body, 'data-row="funding-2"')
    assert "field-error" in row(body, 'data-row="funding-2"')
    assert "field-error" not in row(body, 'data-row="funding-1"')
    assert thai("Name the ministry or department whose budget is asked.") in row(
        body, 'data-row="funding-3"'
    )
    assert thai("Name the output.") in row(body, 'data-row="outputs-1"')
    assert 'value="ขุดลอกคลอง"' not in body  # description is a textarea ...
    assert "ขุดลอกคลอง" in body  # ... and keeps what was typed


def test_changing_the_area_redraws_the_form_without_saving(cast):
    subdistrict()
    edition = plan_edition("12")
    element(edition, ElementKind.ISSUE, "ประเด็นของนนทบุรี")
    body = (
        client_for(cast.admin)
        .post("/projects/add/", form_data(refresh="1", title="ยังไม่บันทึก"), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert Project.objects.count() == 0
    assert 'value="ยังไม่บันทึก"' in body
    assert "ประเด็นของนนทบุรี" in body
    assert "field-error" not in body


def test_only_editors_reach_the_form(cast):
    p = project("ร่าง")
    assert client_for().get("/projects/add/").status_code == 403
    assert client_for(cast.viewer).get("/projects/add/").status_code == 403
    assert client_for(cast.viewer).get(f"/projects/{p.code}/edit/").status_code == 403
    submitted = project("เสนอแล้ว", state="submitted")
    planner = client_for(cast.planner_nonthaburi)
    assert planner.get(f"/projects/{submitted.code}/edit/").status_code == 403
    assert planner.get(f"/projects/{p.code}/edit/").status_code == 200
