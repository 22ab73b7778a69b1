"""The request cycle: moving a budget request step by step with ``move_request``, what each
step needs, what it does to the funding lines, and the moves each user is offered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from oneplan.plans.choices import ElementKind
from oneplan.plans.models import PlanElement
from oneplan.plans.tests.factories import element, plan_edition
from oneplan.projects.choices import FundingSource, FundingStatus, PairDecision
from oneplan.projects.models import DuplicatePair, FundingLine, RequestTransition
from oneplan.projects.tests.factories import YEAR, fund, project
from oneplan.projects.workflow import allowed_moves, move_request

pytestmark = pytest.mark.django_db

MEETING_DATE = dt.date(2025, 6, 20)
COMMITTEE = {
    "meeting": "ครั้งที่ ๓/๒๕๖๘",
    "meeting_date": MEETING_DATE,
    "resolution": " เห็นชอบให้บรรจุในบัญชีรายการชุดโครงการ ",
}
DEPARTMENT = FundingSource.DEPARTMENT
ISSUE = "เกษตรปลอดภัย"


def department_request(state: str = "draft", amount: float = 1_000_000, **kw):
    """A Nonthaburi request asking DOAE's budget for ``amount``, serving a plan element."""
    issue = PlanElement.objects.filter(name_th=ISSUE).first() or element(
        plan_edition("12"), ElementKind.ISSUE, ISSUE
    )
    return project(
        state=state, amount=amount, source=DEPARTMENT, budget_holder="DOAE", serves=(issue,), **kw
    )


def statuses(p) -> list[tuple[str | None, str, Decimal | None]]:
    return [
        (line.agency.code if line.agency else None, line.status, line.amount_approved)
        for line in FundingLine.objects.filter(project=p).select_related("agency").order_by("pk")
    ]


def refused(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# The happy path ------------------------------------------------------------------------


def test_a_request_goes_from_draft_to_funded(cast):
    p = department_request()
    move_request(p, cast.planner_nonthaburi, "submitted")
    move_request(p, cast.planner_nonthaburi, "screened")
    approval = move_request(p, cast.committee_member, "approved", **COMMITTEE)
    assert statuses(p) == [("DOAE", FundingStatus.APPROVED, None)]
    move_request(p, cast.planner_nonthaburi, "sent")
    line = p.funding.get()
    move_request(p, cast.reviewer, "funded", amounts={line.pk: "900,000"})

    p.refresh_from_db()
    assert p.state == "funded"
    assert statuses(p) == [("DOAE", FundingStatus.FUNDED, Decimal("900000.00"))]
    steps = list(
        RequestTransition.objects.filter(project=p).values_list(
            "from_state", "to_state", "user__username"
        )
    )
    assert steps == [
        ("draft", "submitted", "planner_nonthaburi"),
        ("submitted", "screened", "planner_nonthaburi"),
        ("screened", "approved", "committee_member"),
        ("approved", "sent", "planner_nonthaburi"),
        ("sent", "funded", "reviewer"),
    ]
    approval.refresh_from_db()
    assert (approval.meeting, approval.meeting_date, approval.resolution) == (
        "3/2568",
        MEETING_DATE,
        "เห็นชอบให้บรรจุในบัญชีรายการชุดโครงการ",
    )


def test_the_committee_step_needs_a_meeting_its_date_and_a_resolution(cast):
    p = department_request(state="screened")
    problems = refused(
        lambda: move_request(
            p, cast.committee_member, "approved", meeting="ประชุมครั้งหน้า", resolution=" "
        )
    )
    assert set(problems) == {"meeting", "meeting_date", "resolution"}
    p.refresh_from_db()
    assert p.state == "screened"
    assert not RequestTransition.objects.exists()


# Funding: the approved amounts -----------------------------------------------------------


def test_funding_approves_the_amount_requested_by_default(cast):
    p = department_request(state="sent", amount=750_000)
    move_request(p, cast.reviewer, "funded")
    assert statuses(p) == [("DOAE", FundingStatus.FUNDED, Decimal("750000.00"))]


def test_funding_takes_a_blank_amount_as_the_amount_requested(cast):
    p = department_request(state="sent", amount=750_000)
    move_request(p, cast.reviewer, "funded", amounts={p.funding.get().pk: ""})
    assert statuses(p) == [("DOAE", FundingStatus.FUNDED, Decimal("750000.00"))]


def test_funding_reports_every_bad_amount_at_once_and_saves_nothing(cast):
    p = department_request(state="sent", amount=1_000_000)
    fund(p, 200_000, source=DEPARTMENT, budget_holder="DOAE")
    fund(p, 300_000, source=DEPARTMENT, budget_holder="DOAE")
    over, negative, text = p.funding.order_by("pk")
    amounts = {over.pk: "1,000,000.01", negative.pk: "-1", text.pk: "abc"}

    problems = refused(lambda: move_request(p, cast.reviewer, "funded", amounts=amounts))

    assert list(problems) == ["amounts"]
    assert len(problems["amounts"]) == 3
    for line, message in zip((over, negative, text), problems["amounts"], strict=True):
        assert str(line.pk) in message
    assert "abc" in problems["amounts"][2]
    p.refresh_from_db()
    assert p.state == "sent"
    assert {s for _, s, _ in statuses(p)} == {FundingStatus.REQUESTED}
    assert not RequestTransition.objects.exists()


def test_funding_accepts_the_whole_amount_and_zero(cast):
    p = department_request(state="sent", amount=1_000_000)
    fund(p, 200_000, source=DEPARTMENT, budget_holder="DOAE")
    whole, nothing = p.funding.order_by("pk")
    move_request(p, cast.reviewer, "funded", amounts={whole.pk: "1,000,000.00", nothing.pk: "0"})
    assert [a for _, _, a in statuses(p)] == [Decimal("1000000.00"), Decimal("0.00")]


def test_funding_reports_nan_as_not_an_amount(cast):
    # Decimal("NaN") parses, and comparing it with a bound raises InvalidOperation.
    p = department_request(state="sent")
    problems = refused(
        lambda: move_request(p, cast.reviewer, "funded", amounts={p.funding.get().pk: "NaN"})
    )
    assert list(problems) == ["amounts"]


# Submitting --------------------------------------------------------------------------------


def test_submitting_an_incomplete_request_lists_every_missing_part_and_saves_nothing(cast):
    p = project(agency=None, amount=None, locations=())

    problems = refused(lambda: move_request(p, cast.planner_nonthaburi, "submitted"))

    assert set(problems) == {"funding", "agency", "elements", "locations"}
    p.refresh_from_db()
    assert p.state == "draft"
    assert not RequestTransition.objects.exists()


def test_submitting_with_only_zero_amounts_is_refused(cast):
    p = department_request(amount=0)
    problems = refused(lambda: move_request(p, cast.planner_nonthaburi, "submitted"))
    assert list(problems) == ["funding"]


def test_a_value_chain_factor_is_enough_instead_of_a_plan_element(cast):
    from oneplan.valuechains.models import Stage, SuccessFactor, ValueChain

    chain = ValueChain.objects.create(code="durian-12", name_th="ทุเรียน", area=cast.nonthaburi)
    stage = Stage.objects.create(chain=chain, position=1, name_th="ต้นน้ำ")
    factor = SuccessFactor.objects.create(stage=stage, position=1, name_th="พันธุ์ดี")
    p = project(factor=factor)
    move_request(p, cast.planner_nonthaburi, "submitted")
    p.refresh_from_db()
    assert p.state == "submitted"


# Moves that are not in the cycle, or not the user's -----------------------------------------


@pytest.mark.parametrize(
    ("state", "to"),
    [
        ("draft", "funded"),
        ("draft", "approved"),
        ("funded", "reconsidered"),
        ("approved", "screened"),
    ],
)
def test_a_move_outside_the_cycle_is_refused_even_for_an_administrator(cast, state, to):
    p = department_request(state=state)
    with pytest.raises(ValidationError) as caught:
        move_request(p, cast.admin, to, **COMMITTEE, note="x")
    assert not hasattr(caught.value, "error_dict")  # one message, not a problem by field
    p.refresh_from_db()
    assert p.state == state
    assert not RequestTransition.objects.exists()


def test_a_move_by_someone_without_the_role_is_denied(cast):
    p = department_request(state="screened")
    with pytest.raises(PermissionDenied):
        move_request(p, cast.planner_nonthaburi, "approved", **COMMITTEE)
    p.refresh_from_db()
    assert p.state == "screened"


# Declining and reconsidering ----------------------------------------------------------------


def test_a_committee_decline_declines_every_funding_line(cast):
    p = department_request(state="screened")
    fund(p, 500_000)  # the province's own budget too
    move_request(p, cast.committee_member, "declined", **COMMITTEE)
    p.refresh_from_db()
    assert p.state == "declined"
    assert statuses(p) == [
        ("DOAE", FundingStatus.DECLINED, None),
        (None, FundingStatus.DECLINED, None),
    ]
    assert RequestTransition.objects.get(project=p).meeting == "3/2568"


def test_a_department_decline_needs_a_note(cast):
    p = department_request(state="sent")
    problems = refused(lambda: move_request(p, cast.reviewer, "declined", note="  "))
    assert list(problems) == ["note"]
    p.refresh_from_db()
    assert p.state == "sent"


def test_a_department_declines_only_its_own_lines(cast):
    p = department_request(state="sent")
    fund(p, 400_000, source=DEPARTMENT, budget_holder="NSO")
    fund(p, 500_000)
    FundingLine.objects.filter(project=p).update(status=FundingStatus.APPROVED)

    record = move_request(p, cast.reviewer, "declined", note="ซ้ำซ้อนกับงบปกติ")

    assert record.note == "ซ้ำซ้อนกับงบปกติ"
    assert statuses(p) == [
        ("DOAE", FundingStatus.DECLINED, Decimal("0.00")),
        ("NSO", FundingStatus.APPROVED, None),
        (None, FundingStatus.APPROVED, None),
    ]


def test_a_department_funds_only_its_own_lines(cast):
    p = department_request(state="sent", amount=1_000_000)
    fund(p, 400_000, source=DEPARTMENT, budget_holder="NSO")
    FundingLine.objects.filter(project=p).update(status=FundingStatus.APPROVED)
    move_request(p, cast.reviewer, "funded")
    assert statuses(p) == [
        ("DOAE", FundingStatus.FUNDED, Decimal("1000000.00")),
        ("NSO", FundingStatus.APPROVED, None),
    ]


def test_reconsidering_reopens_every_funding_line(cast):
    p = department_request(state="sent")
    fund(p, 500_000)
    FundingLine.objects.filter(project=p).update(
        status=FundingStatus.DECLINED, amount_approved=Decimal(0)
    )
    move_request(p, cast.reviewer, "reconsidered", note="ขอข้อมูลเพิ่ม")
    p.refresh_from_db()
    assert p.state == "reconsidered"
    assert statuses(p) == [
        ("DOAE", FundingStatus.REQUESTED, None),
        (None, FundingStatus.REQUESTED, None),
    ]


def test_a_declined_request_is_reconsidered_then_screened_again(cast):
    p = department_request(state="declined")
    move_request(p, cast.planner_nonthaburi, "reconsidered", note="ทบทวนตามมติ")
    move_request(p, cast.planner_nonthaburi, "screened")
    p.refresh_from_db()
    assert p.state == "screened"


def test_sending_back_to_draft_needs_a_note(cast):
    p = department_request(state="submitted")
    assert list(refused(lambda: move_request(p, cast.planner_nonthaburi, "draft"))) == ["note"]
    move_request(p, cast.planner_nonthaburi, "draft", note="แก้ไขพื้นที่")
    p.refresh_from_db()
    assert p.state == "draft"


# Funding a duplicate --------------------------------------------------------------------------


@pytest.fixture
def duplicate(cast):
    """A request marked as a duplicate of another that is already funded."""
    funded = department_request(state="funded", title="ถนนสายเดียวกัน")
    sent = department_request(state="sent", title="ถนนสายเดียวกัน (ซ้ำ)")
    low, high = sorted((funded, sent), key=lambda p: p.pk)
    pair = DuplicatePair.objects.create(
        project_a=low,
        project_b=high,
        decision=PairDecision.DUPLICATE,
        fiscal_year=YEAR,
        score=0.9,
    )
    return {"funded": funded, "sent": sent, "pair": pair}


def test_funding_a_duplicate_of_a_funded_request_needs_a_reason(cast, duplicate):
    sent = duplicate["sent"]
    problems = refused(lambda: move_request(sent, cast.reviewer, "funded", override_reason=" "))
    assert list(problems) == ["override_reason"]
    assert duplicate["funded"].code in problems["override_reason"][0]
    sent.refresh_from_db()
    assert sent.state == "sent"


def test_funding_a_duplicate_with_a_reason_stores_it_on_the_pair(cast, duplicate):
    sent = duplicate["sent"]
    reason = "คนละช่วงของถนน ต่อเนื่องกัน"
    record = move_request(sent, cast.reviewer, "funded", override_reason=f" {reason} ")
    sent.refresh_from_db()
    duplicate["pair"].refresh_from_db()
    assert sent.state == "funded"
    assert duplicate["pair"].override_reason == reason
    assert reason in record.note


@pytest.mark.parametrize(
    "decision", [PairDecision.DISTINCT, PairDecision.OVERLAPPING, PairDecision.UNDECIDED]
)
def test_a_pair_not_judged_duplicate_needs_no_reason(cast, duplicate, decision):
    DuplicatePair.objects.update(decision=decision)
    move_request(duplicate["sent"], cast.reviewer, "funded")
    duplicate["sent"].refresh_from_db()
    assert duplicate["sent"].state == "funded"


def test_a_duplicate_not_yet_funded_needs_no_reason(cast, duplicate):
    duplicate["funded"].state = "sent"
    duplicate["funded"].save()
    move_request(duplicate["sent"], cast.reviewer, "funded")
    duplicate["sent"].refresh_from_db()
    assert duplicate["sent"].state == "funded"


# The moves offered ------------------------------------------------------------------------------

# fmt: off
OFFERED = {
    #  state          user                   moves offered (sorted)
    ("draft",        "planner_nonthaburi"): ["submitted"],
    ("draft",        "planner_phrae"):      [],
    ("draft",        "committee_member"):   [],
    ("submitted",    "planner_nonthaburi"): ["draft", "screened"],
    ("submitted",    "admin"):              ["draft", "screened"],
    ("submitted",    "reviewer"):           [],
    ("screened",     "committee_member"):   ["approved", "declined"],
    ("screened",     "planner_nonthaburi"): ["draft"],
    ("screened",     "admin"):              ["approved", "declined", "draft"],
    ("sent",         "reviewer"):           ["declined", "funded", "reconsidered"],
    ("sent",         "planner_nonthaburi"): [],
    ("declined",     "committee_member"):   ["reconsidered"],
    ("declined",     "viewer"):             [],
    ("funded",       "admin"):              [],
}
# fmt: on


@pytest.mark.parametrize(("state", "user"), list(OFFERED), ids=lambda v: v)
def test_allowed_moves_are_the_moves_the_user_may_make_now(cast, state, user):
    p = department_request(state=state)
    assert allowed_moves(p, getattr(cast, user)) == OFFERED[state, user]
