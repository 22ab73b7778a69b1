"""Who may move a budget request, change it, see it, reorder a project list and judge a
duplicate pair."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from oneplan.orgs.choices import Role
from oneplan.orgs.models import Agency, Membership
from oneplan.permissions import (
    REQUEST_STEP_ROLES,
    Action,
    can,
    can_decide_pair,
    can_move_request,
    can_reorder_list,
    can_view_project,
    project_filter,
)
from oneplan.projects.choices import FundingSource, PairDecision
from oneplan.projects.models import DuplicatePair, Project
from oneplan.projects.tests.factories import YEAR, project, project_list

pytestmark = pytest.mark.django_db

User = get_user_model()

# Who may make each move of a Nonthaburi request asking DOAE's budget. a = admin,
# n = planner_nonthaburi, p = planner_phrae, s = statistician, d = data_officer,
# r = reviewer (DOAE), c = committee_member (KBJ-12), v = viewer, o = anonymous.
# fmt: off
MOVES: dict[tuple[str, str], str] = {
    ("draft",        "submitted"):    "an",
    ("submitted",    "draft"):        "an",
    ("submitted",    "screened"):     "an",
    ("screened",     "draft"):        "an",
    ("screened",     "approved"):     "ac",
    ("screened",     "declined"):     "ac",
    ("approved",     "sent"):         "an",
    ("sent",         "funded"):       "ar",
    ("sent",         "declined"):     "ar",
    ("sent",         "reconsidered"): "ar",
    ("declined",     "reconsidered"): "anc",
    ("reconsidered", "screened"):     "an",
}
# fmt: on
USERS = {
    "a": "admin",
    "n": "planner_nonthaburi",
    "p": "planner_phrae",
    "s": "statistician",
    "d": "data_officer",
    "r": "reviewer",
    "c": "committee_member",
    "v": "viewer",
    "o": "anonymous",
}
CASES = [
    pytest.param(
        from_state,
        to_state,
        name,
        letter in MOVES[from_state, to_state],
        id=f"{from_state}-{to_state}-{name}",
    )
    for from_state, to_state in MOVES
    for letter, name in USERS.items()
]


def user_named(cast, name: str):
    return AnonymousUser() if name == "anonymous" else getattr(cast, name)


def doae_request(state: str = "draft", area_code: str = "12", **kw) -> Project:
    return project(
        state=state,
        area_code=area_code,
        source=FundingSource.DEPARTMENT,
        budget_holder=kw.pop("budget_holder", "DOAE"),
        **kw,
    )


def test_the_matrix_covers_every_step_of_the_cycle():
    assert set(MOVES) == set(REQUEST_STEP_ROLES)


@pytest.mark.parametrize(("from_state", "to_state", "name", "allowed"), CASES)
def test_request_step_matrix(cast, from_state, to_state, name, allowed):
    p = doae_request(from_state)
    assert can_move_request(user_named(cast, name), p, to_state) is allowed


@pytest.mark.parametrize("to_state", ["funded", "draft", "screened", "submitted", "approved"])
def test_no_one_moves_a_request_outside_the_cycle(cast, to_state):
    p = doae_request("funded")
    assert not can_move_request(cast.admin, p, to_state)


def test_the_phrae_planner_cannot_touch_a_nonthaburi_request(cast):
    for from_state, to_state in REQUEST_STEP_ROLES:
        p = doae_request(from_state)
        assert not can_move_request(cast.planner_phrae, p, to_state), (from_state, to_state)
    draft = doae_request("draft")
    assert not can(cast.planner_phrae, Action.CHANGE, draft)
    assert not can(cast.planner_phrae, Action.DELETE, draft)


def test_the_phrae_planner_moves_phrae_requests(cast):
    p = doae_request("draft", area_code="54", locations=())
    assert can_move_request(cast.planner_phrae, p, "submitted")
    assert not can_move_request(cast.planner_nonthaburi, p, "submitted")


def test_a_reviewer_of_another_department_cannot_fund(cast):
    other = User.objects.create(username="nso_reviewer")
    Membership.objects.create(
        user=other, agency=Agency.objects.get(code="NSO"), role=Role.DEPARTMENT_REVIEWER
    )
    p = doae_request("sent")
    for to_state in ("funded", "declined", "reconsidered"):
        assert not can_move_request(other, p, to_state)
        assert can_move_request(cast.reviewer, p, to_state)


def test_a_department_reviewer_decides_for_its_provincial_offices_budget(cast):
    p = doae_request("sent", budget_holder="DOAE-12")
    assert can_move_request(cast.reviewer, p, "funded")


def test_a_reviewer_cannot_fund_a_request_asking_only_the_province_s_budget(cast):
    p = project(state="sent")  # one line from the province's budget, no budget holder
    assert not can_move_request(cast.reviewer, p, "funded")
    assert can_move_request(cast.admin, p, "funded")


def test_an_inactive_reviewer_cannot_fund(cast):
    p = doae_request("sent")
    cast.reviewer.is_active = False
    cast.reviewer.save()
    reviewer = User.objects.get(username="reviewer")
    assert not can_move_request(reviewer, p, "funded")


def test_the_administrator_makes_every_move(cast):
    for from_state, to_state in REQUEST_STEP_ROLES:
        assert can_move_request(cast.admin, doae_request(from_state), to_state)


# Changing a request's content ------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "planner_may", "admin_may"),
    [
        ("draft", True, True),
        ("reconsidered", True, True),
        ("submitted", False, True),
        ("screened", False, True),
        ("approved", False, True),
        ("funded", False, True),
    ],
)
def test_a_request_s_content_changes_while_draft_or_reconsidered(
    cast, state, planner_may, admin_may
):
    p = doae_request(state)
    line = p.funding.get()
    assert can(cast.planner_nonthaburi, Action.CHANGE, p) is planner_may
    assert can(cast.planner_nonthaburi, Action.CHANGE, line) is planner_may
    assert can(cast.admin, Action.CHANGE, p) is admin_may


@pytest.mark.parametrize(
    "name",
    [
        "planner_phrae",
        "statistician",
        "data_officer",
        "reviewer",
        "committee_member",
        "viewer",
        "anonymous",
    ],
)
def test_others_cannot_change_a_draft_request(cast, name):
    assert not can(user_named(cast, name), Action.CHANGE, doae_request("draft"))


# Seeing requests -------------------------------------------------------------------------

STATES = [
    "draft",
    "submitted",
    "screened",
    "approved",
    "sent",
    "funded",
    "declined",
    "reconsidered",
]


def test_anonymous_visitors_see_approved_sent_and_funded_requests_only(cast):
    for state in STATES:
        doae_request(state, title=f"คำขอ {state}")
    anonymous = AnonymousUser()
    seen = Project.objects.filter(project_filter(anonymous)).values_list("state", flat=True)
    assert sorted(seen) == ["approved", "funded", "sent"]
    viewable = {p.state for p in Project.objects.all() if can_view_project(anonymous, p)}
    assert viewable == {"approved", "sent", "funded"}
    assert {p.state for p in Project.objects.all() if can(anonymous, Action.VIEW, p)} == {
        "approved",
        "sent",
        "funded",
    }


def test_a_signed_in_user_without_a_membership_sees_what_the_public_sees(cast):
    for state in STATES:
        doae_request(state, title=f"คำขอ {state}")
    outsider = User.objects.create(username="outsider")
    seen = Project.objects.filter(project_filter(outsider)).values_list("state", flat=True)
    assert sorted(seen) == ["approved", "funded", "sent"]


@pytest.mark.parametrize("name", ["viewer", "planner_phrae", "statistician", "reviewer", "admin"])
def test_government_members_see_every_request(cast, name):
    for state in STATES:
        doae_request(state, title=f"คำขอ {state}")
    user = getattr(cast, name)
    assert Project.objects.filter(project_filter(user)).count() == len(STATES)
    assert all(can_view_project(user, p) for p in Project.objects.all())


# Reordering a project list -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "on_nonthaburi", "on_phrae"),
    [
        ("admin", True, True),
        ("planner_nonthaburi", True, False),
        ("planner_phrae", False, True),
        ("committee_member", True, False),
        ("statistician", False, False),
        ("data_officer", False, False),
        ("reviewer", False, False),
        ("viewer", False, False),
        ("anonymous", False, False),
    ],
)
def test_who_may_reorder_a_project_list(cast, name, on_nonthaburi, on_phrae):
    user = user_named(cast, name)
    assert can_reorder_list(user, project_list("12")) is on_nonthaburi
    assert can_reorder_list(user, project_list("54")) is on_phrae


# Judging a duplicate pair --------------------------------------------------------------------


def pair_of(first: Project, second: Project) -> DuplicatePair:
    low, high = sorted((first, second), key=lambda p: p.pk)
    return DuplicatePair.objects.create(
        project_a=low, project_b=high, fiscal_year=YEAR, score=0.8, decision=PairDecision.UNDECIDED
    )


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("admin", True),
        ("planner_nonthaburi", True),
        ("planner_phrae", True),
        ("reviewer", True),
        ("committee_member", False),
        ("statistician", False),
        ("data_officer", False),
        ("viewer", False),
        ("anonymous", False),
    ],
)
def test_who_may_judge_a_pair_across_two_provinces(cast, name, allowed):
    nonthaburi = project("ถนนสายหลัก", state="submitted")
    phrae = doae_request("submitted", area_code="54", title="ถนนสายหลัก", locations=())
    assert can_decide_pair(user_named(cast, name), pair_of(nonthaburi, phrae)) is allowed


def test_a_reviewer_judges_only_pairs_asking_their_department(cast):
    pair = pair_of(project("ถนน ก"), project("ถนน ข"))  # both from the province's budget
    assert not can_decide_pair(cast.reviewer, pair)
    assert not can_decide_pair(cast.planner_phrae, pair)
    assert can_decide_pair(cast.planner_nonthaburi, pair)
