"""One Plan bottom-up: a village need raised to the plans above, adopted, merged or returned."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from oneplan.geo.choices import AreaLevel
from oneplan.plans import referrals
from oneplan.plans.choices import ElementKind as K
from oneplan.plans.choices import PlanLevel, ReferralStatus
from oneplan.plans.models import Alignment, PlanElement, Referral
from oneplan.plans.tests import factories as f

pytestmark = pytest.mark.django_db

KINDS = [K.ISSUE, K.GOAL, K.APPROACH, K.PROJECT, K.NEED]


def _plan(area_code, level, code):
    kind = f.plan_type(f"T-{level}", level=level, kinds=KINDS)
    edition = f.plan_edition(area_code, kind=kind, code=code)
    return edition.plan, edition


@pytest.fixture
def ladder(cast):
    """Phrae's ladder from village 54010403 up to a province group, and plans that are not
    above it (Nonthaburi, and a local government of another district of Phrae)."""
    f.village_areas()
    f.area("5402", AreaLevel.DISTRICT, "54", "ร้องกวาง")
    f.area("L540201", AreaLevel.LOCAL_GOVERNMENT, "5402", "อบต. อื่น")
    f.province_group("GT54", "54")
    plans = {}
    for key, area_code, level in [
        ("village", "54010403", PlanLevel.VILLAGE),
        ("local", "L540104", PlanLevel.LOCAL_GOVERNMENT),
        ("other_local", "L540201", PlanLevel.LOCAL_GOVERNMENT),
        ("district", "5401", PlanLevel.DISTRICT),
        ("province", "54", PlanLevel.PROVINCE),
        ("group", "GT54", PlanLevel.PROVINCE_GROUP),
        ("nonthaburi", "12", PlanLevel.PROVINCE),
    ]:
        plan, edition = _plan(area_code, level, f"P-{key}")
        plans[key] = plan
        plans[f"{key}_item"] = f.element(edition, K.APPROACH, f"แนวทาง {key}")
    plans["need"] = f.element(plans["village"].latest_edition(), K.NEED, "ถนนเข้าหมู่บ้าน")
    return plans


def _codes(plans):
    return [p.code for p in plans]


def test_plans_above_a_village(ladder):
    above = referrals.plans_above(ladder["village"])
    assert _codes(above) == ["P-local", "P-district", "P-province", "P-group"]


def test_plans_above_a_local_government_and_higher(ladder):
    assert _codes(referrals.plans_above(ladder["local"])) == ["P-district", "P-province", "P-group"]
    assert _codes(referrals.plans_above(ladder["district"])) == ["P-province", "P-group"]
    assert _codes(referrals.plans_above(ladder["province"])) == ["P-group"]
    assert _codes(referrals.plans_above(ladder["nonthaburi"])) == []


def test_plans_above_stop_at_the_one_plan_ladder(ladder):
    national = _plan("TH", PlanLevel.NATIONAL, "P-national")[0]
    assert referrals.plans_above(national) == []
    assert national not in referrals.plans_above(ladder["group"])


def test_raise_need(ladder, cast):
    referral = referrals.raise_need(ladder["need"], ladder["local"], cast.planner_phrae, " ด่วน ")
    assert (referral.from_plan, referral.to_plan, referral.status) == (
        ladder["village"],
        ladder["local"],
        ReferralStatus.RAISED,
    )
    assert (referral.reason, referral.raised_by) == ("ด่วน", cast.planner_phrae)
    assert list(referrals.inbox(ladder["local"])) == [referral]
    assert list(referrals.inbox(ladder["district"])) == []


@pytest.mark.parametrize("to", ["nonthaburi", "other_local", "village"])
def test_raise_to_a_plan_not_above_refused(ladder, cast, to):
    with pytest.raises(ValidationError):
        referrals.raise_need(ladder["need"], ladder[to], cast.planner_phrae)
    assert not Referral.objects.exists()


def test_raise_by_a_planner_of_another_province_refused(ladder, cast):
    with pytest.raises(PermissionDenied):
        referrals.raise_need(ladder["need"], ladder["local"], cast.planner_nonthaburi)
    assert not Referral.objects.exists()


def test_raise_twice_to_the_same_plan_refused_while_waiting(ladder, cast):
    referrals.raise_need(ladder["need"], ladder["local"], cast.planner_phrae)
    with pytest.raises(ValidationError):
        referrals.raise_need(ladder["need"], ladder["local"], cast.planner_phrae)
    assert Referral.objects.count() == 1
    # Waiting at one plan does not stop a raise to another plan above.
    referrals.raise_need(ladder["need"], ladder["district"], cast.planner_phrae)
    assert Referral.objects.count() == 2


def test_adopt_links_the_need_without_copying_it(ladder, cast):
    referral = referrals.raise_need(ladder["need"], ladder["local"], cast.planner_phrae)
    elements_before = PlanElement.objects.count()
    decided = referrals.adopt(referral, ladder["local_item"], cast.planner_phrae)
    decided.refresh_from_db()
    assert decided.status == ReferralStatus.ADOPTED
    assert decided.linked_element == ladder["local_item"]
    assert decided.decided_by == cast.planner_phrae
    assert decided.decided_at is not None
    assert PlanElement.objects.count() == elements_before
    assert [(a.source, a.target) for a in Alignment.objects.all()] == [
        (ladder["need"], ladder["local_item"])
    ]
    assert list(referrals.inbox(ladder["local"])) == []


def test_holder_moves_up_after_adoption(ladder, cast):
    need = ladder["need"]
    assert referrals.holder(need) == ladder["village"]
    first = referrals.raise_need(need, ladder["local"], cast.planner_phrae)
    assert referrals.holder(need) == ladder["village"]  # raised is not yet adopted
    referrals.adopt(first, ladder["local_item"], cast.planner_phrae)
    assert referrals.holder(need) == ladder["local"]
    second = referrals.raise_need(need, ladder["district"], cast.planner_phrae)
    assert second.from_plan == ladder["local"]
    # The local government holds it now: a raise back to it is not a raise upward.
    with pytest.raises(ValidationError):
        referrals.raise_need(need, ladder["local"], cast.planner_phrae)
    referrals.merge(second, ladder["district_item"], cast.planner_phrae)
    assert referrals.holder(need) == ladder["district"]
    assert [(r.from_plan.code, r.to_plan.code) for r in referrals.trail(need)] == [
        ("P-village", "P-local"),
        ("P-local", "P-district"),
    ]
    assert sorted(a.target.name_th for a in need.links_up.all()) == [
        "แนวทาง district",
        "แนวทาง local",
    ]


def test_merge_with_an_existing_link_adds_no_second_link(ladder, cast):
    f.link(ladder["need"], ladder["district_item"])
    referral = referrals.raise_need(ladder["need"], ladder["district"], cast.planner_phrae)
    referrals.merge(referral, ladder["district_item"], cast.planner_phrae)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.MERGED
    assert Alignment.objects.count() == 1


def test_adopt_under_an_element_of_another_plan_refused(ladder, cast):
    referral = referrals.raise_need(ladder["need"], ladder["local"], cast.planner_phrae)
    with pytest.raises(ValidationError):
        referrals.adopt(referral, ladder["district_item"], cast.planner_phrae)
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == (ReferralStatus.RAISED, None)
    assert not Alignment.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_requires_a_reason(ladder, cast, reason):
    referral = referrals.raise_need(ladder["need"], ladder["local"], cast.planner_phrae)
    with pytest.raises(ValidationError) as caught:
        referrals.return_need(referral, cast.planner_phrae, reason)
    assert "reason" in caught.value.message_dict
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RAISED


def test_return_need(ladder, cast):
    referral = referrals.raise_need(ladder["need"], ladder["local"], cast.planner_phrae)
    referrals.return_need(referral, cast.planner_phrae, " งบไม่พอ ")
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == (ReferralStatus.RETURNED, "งบไม่พอ")
    assert referral.decided_by == cast.planner_phrae
    assert referrals.holder(ladder["need"]) == ladder["village"]
    assert not Alignment.objects.exists()
    # Once returned, the need may be raised again.
    again = referrals.raise_need(ladder["need"], ladder["local"], cast.planner_phrae)
    assert again.status == ReferralStatus.RAISED


@pytest.mark.parametrize("first", ["adopt", "return"])
def test_deciding_twice_refused(ladder, cast, first):
    referral = referrals.raise_need(ladder["need"], ladder["local"], cast.planner_phrae)
    if first == "adopt":
        referrals.adopt(referral, ladder["local_item"], cast.planner_phrae)
    else:
        referrals.return_need(referral, cast.planner_phrae, "ไม่ใช่")
    with pytest.raises(ValidationError):
        referrals.merge(referral, ladder["local_item"], cast.planner_phrae)
    with pytest.raises(ValidationError):
        referrals.return_need(referral, cast.planner_phrae, "อีกครั้ง")
    referral.refresh_from_db()
    expected = ReferralStatus.ADOPTED if first == "adopt" else ReferralStatus.RETURNED
    assert referral.status == expected
    assert Alignment.objects.count() == (1 if first == "adopt" else 0)


@pytest.mark.parametrize("decide", ["adopt", "merge", "return"])
def test_planner_of_another_province_cannot_decide(ladder, cast, decide):
    referral = referrals.raise_need(ladder["need"], ladder["local"], cast.planner_phrae)
    if decide == "return":
        with pytest.raises(PermissionDenied):
            referrals.return_need(referral, cast.planner_nonthaburi, "ไม่เอา")
    else:
        with pytest.raises(PermissionDenied):
            getattr(referrals, decide)(referral, ladder["local_item"], cast.planner_nonthaburi)
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == (ReferralStatus.RAISED, None)
    assert not Alignment.objects.exists()


def test_viewer_and_committee_member_cannot_decide(ladder, cast):
    referral = referrals.raise_need(ladder["need"], ladder["province"], cast.planner_phrae)
    for user in (cast.viewer, cast.committee_member, cast.statistician):
        with pytest.raises(PermissionDenied):
            referrals.adopt(referral, ladder["province_item"], user)
    referrals.adopt(referral, ladder["province_item"], cast.admin)
    assert referrals.holder(ladder["need"]) == ladder["province"]
