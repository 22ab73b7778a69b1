"""Review editions as copies of the last approved one, and the approval workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from oneplan.plans import editions, tree
from oneplan.plans.choices import EditionStatus as S
from oneplan.plans.choices import ElementKind as K
from oneplan.plans.models import Alignment, EditionTransition, PlanIndicator
from oneplan.plans.tests import factories as f

pytestmark = pytest.mark.django_db

MEETING_DATE = dt.date(2025, 3, 14)


def _approve(edition, user, **overrides):
    fields = {
        "committee": f.agency("KBJ-12"),
        "meeting": "ครั้งที่ ๓/๒๕๖๘",
        "meeting_date": MEETING_DATE,
        "resolution": " เห็นชอบ ",
    }
    return editions.transition(edition, user, S.APPROVED, **(fields | overrides))


@pytest.fixture
def approved(cast):
    """An approved first edition of Nonthaburi's plan with a small tree, an indicator with two
    targets and two responsible agencies, and a link to a national framework."""
    edition = f.plan_edition("12", status=S.APPROVED)
    issue = f.element(edition, K.ISSUE, "ประเด็น 1", agencies=["PO-12"])
    goal = f.element(edition, K.GOAL, "เป้าประสงค์", parent=issue)
    f.element(edition, K.APPROACH, "แนวทาง", parent=goal, agencies=["PO-12", "DOAE-12"])
    f.plan_indicator(
        goal,
        lead="DOAE-12",
        agencies=["PO-12"],
        data_source="สำนักงานสถิติ",
        targets={2024: "10.5", 2025: "12"},
    )
    framework = f.plan_edition("TH", kind=f.plan_type("NS", level="national", is_framework=True))
    strategy = f.element(framework, K.ISSUE, "ยุทธศาสตร์ชาติ")
    f.link(issue, strategy, note="serves")
    return edition


def test_start_review_copies_everything_keeping_uids(approved, cast):
    new = editions.start_review(approved.plan, cast.planner_nonthaburi, 2025, "ทบทวน 2568")
    assert (new.number, new.review_year, new.status, new.based_on) == (2, 2025, S.DRAFT, approved)
    assert f.shape(new) == f.shape(approved)
    old_by_uid = {e.uid: e for e in approved.elements.all()}
    for element in new.elements.all():
        old = old_by_uid[element.uid]
        assert element.pk != old.pk
        assert (element.kind, element.number, element.position) == (
            old.kind,
            old.number,
            old.position,
        )
        assert {a.code for a in element.agencies.all()} == {a.code for a in old.agencies.all()}
        assert (element.parent.uid if element.parent else None) == (
            old.parent.uid if old.parent else None
        )
    assert new.elements.count() == 3
    pi = PlanIndicator.objects.get(element__edition=new)
    assert pi.element.name_th == "เป้าประสงค์"
    assert pi.data_source == "สำนักงานสถิติ"
    assert sorted((t.fiscal_year, t.value) for t in pi.targets.all()) == [
        (2024, Decimal("10.5")),
        (2025, Decimal("12")),
    ]
    assert [(r.agency.code, r.lead) for r in pi.responsibilities.all()] == [
        ("DOAE-12", True),
        ("PO-12", False),
    ]
    link = Alignment.objects.get(source__edition=new)
    assert (link.source.name_th, link.target.name_th, link.note) == (
        "ประเด็น 1",
        "ยุทธศาสตร์ชาติ",
        "serves",
    )
    # The approved edition keeps its own contents.
    assert Alignment.objects.filter(source__edition=approved).count() == 1
    assert PlanIndicator.objects.filter(element__edition=approved).count() == 1


def test_review_copy_is_editable_and_independent(approved, cast):
    new = editions.start_review(approved.plan, cast.planner_nonthaburi, 2025)
    issue = new.elements.get(name_th="ประเด็น 1")
    tree.change_element(issue, cast.planner_nonthaburi, name_th="ประเด็นใหม่")
    assert approved.elements.get(uid=issue.uid).name_th == "ประเด็น 1"


def test_start_review_refused_while_latest_is_a_draft(cast):
    draft = f.plan_edition("12")
    with pytest.raises(ValidationError):
        editions.start_review(draft.plan, cast.planner_nonthaburi, 2025)
    assert draft.plan.editions.count() == 1


def test_start_review_refused_while_latest_is_submitted(cast):
    submitted = f.plan_edition("12", status=S.SUBMITTED)
    with pytest.raises(ValidationError):
        editions.start_review(submitted.plan, cast.admin, 2025)
    assert submitted.plan.editions.count() == 1


@pytest.mark.parametrize("year", [f.FIRST_YEAR - 1, f.LAST_YEAR + 1, 2568])
def test_review_year_outside_the_plan_refused(approved, cast, year):
    with pytest.raises(ValidationError):
        editions.start_review(approved.plan, cast.planner_nonthaburi, year)
    assert approved.plan.editions.count() == 1


def test_start_review_needs_a_planner_of_the_area(approved, cast):
    with pytest.raises(PermissionDenied):
        editions.start_review(approved.plan, cast.planner_phrae, 2025)
    assert approved.plan.editions.count() == 1


def test_full_workflow_records_every_transition(cast):
    edition = f.plan_edition("12")
    editions.transition(edition, cast.planner_nonthaburi, S.SUBMITTED, note=" ส่ง ")
    editions.transition(edition, cast.committee_member, S.DRAFT, note="แก้ไข")
    editions.transition(edition, cast.planner_nonthaburi, S.SUBMITTED)
    record = _approve(edition, cast.committee_member)
    editions.transition(edition, cast.planner_nonthaburi, S.PUBLISHED)
    edition.refresh_from_db()
    assert edition.status == S.PUBLISHED
    rows = list(EditionTransition.objects.filter(edition=edition).order_by("pk"))
    assert [(r.from_status, r.to_status, r.user.username) for r in rows] == [
        (S.DRAFT, S.SUBMITTED, "planner_nonthaburi"),
        (S.SUBMITTED, S.DRAFT, "committee_member"),
        (S.DRAFT, S.SUBMITTED, "planner_nonthaburi"),
        (S.SUBMITTED, S.APPROVED, "committee_member"),
        (S.APPROVED, S.PUBLISHED, "planner_nonthaburi"),
    ]
    assert rows[0].note == "ส่ง"
    assert record.pk == rows[3].pk
    assert (record.committee.code, record.meeting, record.meeting_date, record.resolution) == (
        "KBJ-12",
        "3/2568",
        MEETING_DATE,
        "เห็นชอบ",
    )


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.DRAFT, S.APPROVED),
        (S.DRAFT, S.PUBLISHED),
        (S.SUBMITTED, S.PUBLISHED),
        (S.APPROVED, S.DRAFT),
        (S.APPROVED, S.SUBMITTED),
        (S.PUBLISHED, S.DRAFT),
        (S.PUBLISHED, S.APPROVED),
        (S.DRAFT, "archived"),
    ],
)
def test_moves_outside_the_workflow_refused_even_for_admin(cast, start, to):
    edition = f.plan_edition("12", status=start)
    with pytest.raises(ValidationError):
        editions.transition(edition, cast.admin, to)
    edition.refresh_from_db()
    assert edition.status == start
    assert not EditionTransition.objects.exists()


def test_approval_by_someone_not_allowed_refused(cast):
    edition = f.plan_edition("12", status=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        _approve(edition, cast.planner_nonthaburi)
    edition.refresh_from_db()
    assert edition.status == S.SUBMITTED


@pytest.mark.parametrize(
    ("meeting", "stored"),
    [
        ("ครั้งที่ ๓/๒๕๖๘", "3/2568"),
        ("ครั้งที่3 / 2568", "3/2568"),
        ("03/2568", "3/2568"),
        (" ๑๒/๒๕๖๗ ", "12/2567"),
    ],
)
def test_meeting_normalised(meeting, stored):
    assert editions.parse_meeting(meeting) == stored


@pytest.mark.parametrize("meeting", ["3/2025", "ครั้งที่ 3/2025", "3", "three/2568", "3/68", ""])
def test_meeting_with_a_ce_year_or_malformed_refused(cast, meeting):
    with pytest.raises(ValidationError):
        editions.parse_meeting(meeting)
    edition = f.plan_edition("12", status=S.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        _approve(edition, cast.committee_member, meeting=meeting)
    assert set(caught.value.message_dict) == {"meeting"}
    edition.refresh_from_db()
    assert edition.status == S.SUBMITTED


def test_approval_reports_every_missing_field_together(cast):
    edition = f.plan_edition("12", status=S.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        editions.transition(edition, cast.committee_member, S.APPROVED, resolution="  ")
    assert set(caught.value.message_dict) == {"committee", "meeting", "meeting_date", "resolution"}
    edition.refresh_from_db()
    assert edition.status == S.SUBMITTED
    assert not EditionTransition.objects.exists()


def test_approval_committee_must_be_a_committee(cast):
    edition = f.plan_edition("12", status=S.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        _approve(edition, cast.committee_member, committee=f.agency("PO-12"))
    assert set(caught.value.message_dict) == {"committee"}


def test_approved_edition_is_read_only_even_for_admin(cast):
    edition = f.plan_edition("12", status=S.SUBMITTED)
    issue = f.element(edition, K.ISSUE, "ประเด็น")
    _approve(edition, cast.committee_member)
    edition.refresh_from_db()
    assert edition.locked
    with translation.override("en"), pytest.raises(PermissionDenied, match="read-only"):
        tree.add_element(edition, cast.admin, kind=K.ISSUE, name_th="ใหม่")
    with translation.override("en"), pytest.raises(PermissionDenied, match="read-only"):
        tree.change_element(issue, cast.admin, name_th="แก้")
    with pytest.raises(PermissionDenied):
        tree.renumber(edition, cast.admin)
    assert [e.name_th for e in edition.elements.all()] == ["ประเด็น"]


def test_published_edition_is_read_only_for_its_planner(cast):
    edition = f.plan_edition("12", status=S.PUBLISHED)
    issue = f.element(edition, K.ISSUE, "ประเด็น")
    with translation.override("en"), pytest.raises(PermissionDenied, match="read-only"):
        tree.delete_element(issue, cast.planner_nonthaburi)
    assert edition.elements.count() == 1
