"""The permission matrix for plan content: who may view, change or add, and who may move an
edition through the approval workflow."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from oneplan.orgs.choices import Role
from oneplan.orgs.models import Membership
from oneplan.permissions import Action, can, can_transition, plan_content_filter
from oneplan.plans.choices import EditionStatus as S
from oneplan.plans.choices import ElementKind as K
from oneplan.plans.models import Alignment, PlanElement
from oneplan.plans.tests import factories as f

pytestmark = pytest.mark.django_db

User = get_user_model()

# Objects of the matrix: an element of each edition; "add" asks about a new element there.
OBJECTS = (
    "nonthaburi_draft",  # Nonthaburi's provincial plan, draft edition (area 12)
    "phrae_draft",  # Phrae's provincial plan, draft edition (area 54)
    "national_draft",  # a national framework, draft edition (area TH)
    "published",  # Nonthaburi's provincial plan, published edition
)
# v = view, c = change, a = add. Drafts are for signed-in users with a membership; published
# editions are public and read-only for everyone; planners change their own province only.
# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    #                      N-draft P-draft TH-draft published
    "admin":              ("vca",  "vca",  "vca",   "v"),
    "planner_nonthaburi": ("vca",  "v",    "v",     "v"),
    "planner_phrae":      ("v",    "vca",  "v",     "v"),
    "statistician":       ("v",    "v",    "v",     "v"),
    "data_officer":       ("v",    "v",    "v",     "v"),
    "reviewer":           ("v",    "v",    "v",     "v"),
    "committee_member":   ("v",    "v",    "v",     "v"),
    "viewer":             ("v",    "v",    "v",     "v"),
    "no_membership":      ("",     "",     "",      "v"),  # signed in, belongs nowhere
    "anonymous":          ("",     "",     "",      "v"),
}
# fmt: on
CASES = [
    pytest.param(role, obj, action, action[0] in cells[i], id=f"{role}-{obj}-{action}")
    for role, cells in MATRIX.items()
    for i, obj in enumerate(OBJECTS)
    for action in ("view", "change", "add")
]


def _user(cast, role):
    if role == "anonymous":
        return AnonymousUser()
    if role == "no_membership":
        return User.objects.create(username="outsider")
    return getattr(cast, role)


def _editions():
    framework = f.plan_type("NS", level="national", is_framework=True)
    return {
        "nonthaburi_draft": f.plan_edition("12"),
        "phrae_draft": f.plan_edition("54"),
        "national_draft": f.plan_edition("TH", kind=framework),
        "published": f.plan_edition("12", status=S.PUBLISHED, code="PDP-12-OLD"),
    }


@pytest.mark.parametrize(("role", "obj", "action", "allowed"), CASES)
def test_permission_matrix(cast, role, obj, action, allowed):
    user = _user(cast, role)
    edition = _editions()[obj]
    existing = f.element(edition, K.ISSUE, "ประเด็น")
    target = (
        PlanElement(edition=edition, kind=K.ISSUE, name_th="ใหม่") if action == "add" else existing
    )
    assert can(user, action, target) is allowed


def _things(edition):
    """An indicator, its target, its responsibility and a link, all of ``edition``."""
    framework = f.plan_edition("TH", kind=f.plan_type("NS", level="national", is_framework=True))
    issue = f.element(edition, K.ISSUE, "ประเด็น")
    pi = f.plan_indicator(issue, targets={2024: 1}, lead="PO-12")
    link = f.link(issue, f.element(framework, K.ISSUE, "ชาติ"))
    agency = pi.responsibilities.get()
    return {"indicator": pi, "target": pi.targets.get(), "agency": agency, "link": link}


@pytest.mark.parametrize("thing", ["indicator", "target", "agency", "link"])
def test_indicators_targets_and_links_follow_their_edition(cast, thing):
    draft = _things(f.plan_edition("12"))[thing]
    anon = AnonymousUser()
    assert not can(anon, Action.VIEW, draft)
    assert can(cast.viewer, Action.VIEW, draft)
    assert can(cast.planner_nonthaburi, Action.CHANGE, draft)
    assert can(cast.planner_nonthaburi, Action.DELETE, draft)
    assert not can(cast.planner_phrae, Action.CHANGE, draft)
    assert not can(cast.statistician, Action.CHANGE, draft)


@pytest.mark.parametrize("thing", ["indicator", "target", "agency", "link"])
def test_published_indicators_targets_and_links_are_public_and_read_only(cast, thing):
    published = _things(f.plan_edition("12", status=S.PUBLISHED))[thing]
    assert can(AnonymousUser(), Action.VIEW, published)
    for user in (cast.planner_nonthaburi, cast.admin):
        assert not can(user, Action.CHANGE, published)
        assert not can(user, Action.DELETE, published)


def test_inactive_planner_cannot_change_drafts(cast):
    edition = f.plan_edition("12")
    issue = f.element(edition, K.ISSUE, "ประเด็น")
    user = User.objects.create(username="gone", is_active=False)
    Membership.objects.create(user=user, agency=f.agency("PO-12"), role=Role.PROVINCIAL_PLANNER)
    assert not can(user, Action.CHANGE, issue)
    assert not can(user, Action.ADD, PlanElement(edition=edition, kind=K.ISSUE, name_th="x"))


def test_inactive_user_with_a_membership_cannot_view_drafts(cast):
    edition = f.plan_edition("12")
    issue = f.element(edition, K.ISSUE, "ประเด็น")
    user = User.objects.create(username="gone", is_active=False)
    Membership.objects.create(user=user, agency=f.agency("PO-12"), role=Role.PROVINCIAL_PLANNER)
    assert not can(user, Action.VIEW, issue)


# Who may move an edition: (from, to) per action, then per role the plans (12 = Nonthaburi,
# 54 = Phrae) where each move is allowed.
MOVES = {
    "submit": (S.DRAFT, S.SUBMITTED),
    "approve": (S.SUBMITTED, S.APPROVED),
    "publish": (S.APPROVED, S.PUBLISHED),
    "send_back": (S.SUBMITTED, S.DRAFT),
}
# fmt: off
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    #                       submit        approve       publish       send_back
    "admin":              {"submit": ("12", "54"), "approve": ("12", "54"),
                           "publish": ("12", "54"), "send_back": ("12", "54")},
    "planner_nonthaburi": {"submit": ("12",), "approve": (),
                           "publish": ("12",), "send_back": ("12",)},
    "planner_phrae":      {"submit": ("54",), "approve": (),
                           "publish": ("54",), "send_back": ("54",)},
    "committee_member":   {"submit": (), "approve": ("12",),
                           "publish": (), "send_back": ("12",)},
    **{
        role: {"submit": (), "approve": (), "publish": (), "send_back": ()}
        for role in ("statistician", "data_officer", "reviewer", "viewer", "anonymous")
    },
}
# fmt: on
TRANSITION_CASES = [
    pytest.param(role, move, area, area in allowed[move], id=f"{role}-{move}-{area}")
    for role, allowed in TRANSITIONS.items()
    for move in MOVES
    for area in ("12", "54")
]


@pytest.mark.parametrize(("role", "move", "area", "allowed"), TRANSITION_CASES)
def test_transition_matrix(cast, role, move, area, allowed):
    start, to = MOVES[move]
    edition = f.plan_edition(area, status=start)
    assert can_transition(_user(cast, role), edition, to) is allowed


def test_committee_member_approves_a_district_plan_in_the_province(cast):
    district = f.plan_edition("1201", status=S.SUBMITTED, kind=f.plan_type("DDP", level="district"))
    assert can_transition(cast.committee_member, district, S.APPROVED)
    phrae_district = f.plan_edition(
        "5401", status=S.SUBMITTED, kind=f.plan_type("DDP", level="district")
    )
    assert not can_transition(cast.committee_member, phrae_district, S.APPROVED)


@pytest.mark.parametrize(
    ("start", "to"),
    [(S.DRAFT, S.APPROVED), (S.DRAFT, S.PUBLISHED), (S.PUBLISHED, S.DRAFT), (S.APPROVED, S.DRAFT)],
)
def test_no_one_may_skip_the_workflow(cast, start, to):
    edition = f.plan_edition("12", status=start)
    for user in (cast.admin, cast.planner_nonthaburi, cast.committee_member):
        assert not can_transition(user, edition, to), user.username


def _content():
    draft = f.plan_edition("12")
    published = f.plan_edition("54", status=S.PUBLISHED)
    framework = f.plan_edition("TH", kind=f.plan_type("NS", level="national", is_framework=True))
    target = f.element(framework, K.ISSUE, "ชาติ")
    for edition, name in ((draft, "ร่าง"), (published, "เผยแพร่")):
        f.link(f.element(edition, K.ISSUE, name), target)
    return framework


@pytest.mark.parametrize(
    ("role", "elements", "links"),
    [
        ("anonymous", ["เผยแพร่"], ["เผยแพร่"]),
        ("no_membership", ["เผยแพร่"], ["เผยแพร่"]),
        ("viewer", ["ชาติ", "ร่าง", "เผยแพร่"], ["ร่าง", "เผยแพร่"]),
        ("planner_phrae", ["ชาติ", "ร่าง", "เผยแพร่"], ["ร่าง", "เผยแพร่"]),
        ("admin", ["ชาติ", "ร่าง", "เผยแพร่"], ["ร่าง", "เผยแพร่"]),
    ],
)
def test_plan_content_filter(cast, role, elements, links):
    _content()
    user = _user(cast, role)
    shown = PlanElement.objects.filter(plan_content_filter(user, "edition"))
    assert sorted(e.name_th for e in shown) == elements
    shown_links = Alignment.objects.filter(plan_content_filter(user, "source__edition"))
    assert sorted(a.source.name_th for a in shown_links) == links
