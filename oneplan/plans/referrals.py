"""One Plan bottom-up: a need in a village, local-government or district plan is raised to the
plan above, which adopts it, merges it with an item it already has, or returns it.

The need is never copied. Adopting or merging links the need to an element of the receiving
plan (an alignment link), so its trail from the village upward is a chain of referrals and
links on one item.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.models import set_history_user
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.plans.choices import UPWARD_ORDER, ReferralStatus
from oneplan.plans.models import Alignment, Plan, PlanElement, Referral


def _reaches(upper: Area, lower: Area) -> bool:
    """Whether a plan for ``upper`` may receive needs from a plan for ``lower``: it covers the
    lower area, or it is a local government of the district the lower area lies in."""
    if upper.covers(lower):
        return True
    return (
        upper.level == AreaLevel.LOCAL_GOVERNMENT
        and upper.parent is not None
        and upper.parent.covers(lower)
    )


def plans_above(plan: Plan) -> list[Plan]:
    """Plans a need in ``plan`` may be raised to: one level up the One Plan ladder or more,
    for an area that reaches ``plan``'s area."""
    level = plan.plan_type.level
    if level not in UPWARD_ORDER:
        return []
    higher = UPWARD_ORDER[UPWARD_ORDER.index(level) + 1 :]
    candidates = Plan.objects.filter(plan_type__level__in=higher).select_related(
        "plan_type", "area__parent"
    )
    ranked = sorted(candidates, key=lambda p: (UPWARD_ORDER.index(p.plan_type.level), p.code))
    return [p for p in ranked if _reaches(p.area, plan.area)]


def holder(element: PlanElement) -> Plan:
    """The plan that holds the need now: the last plan that adopted or merged it, else its own."""
    last = (
        element.referrals.filter(status__in=[ReferralStatus.ADOPTED, ReferralStatus.MERGED])
        .select_related("to_plan")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return last.to_plan if last else element.edition.plan


def raise_need(element: PlanElement, to_plan: Plan, user: Any, note: str = "") -> Referral:
    """Raise ``element`` from the plan holding it to ``to_plan``."""
    from_plan = holder(element)
    if not permissions.can(user, permissions.Action.CHANGE, from_plan):
        raise PermissionDenied(
            _("Only the planners of %(plan)s may raise its needs.") % {"plan": from_plan}
        )
    if to_plan not in plans_above(from_plan):
        raise ValidationError(
            _("%(to)s is not a plan above %(from)s.") % {"to": to_plan, "from": from_plan}
        )
    if element.referrals.filter(to_plan=to_plan, status=ReferralStatus.RAISED).exists():
        raise ValidationError(_("This need is already waiting for %(to)s.") % {"to": to_plan})
    referral = Referral(
        element=element,
        from_plan=from_plan,
        to_plan=to_plan,
        reason=note.strip(),
        raised_by=user,
    )
    set_history_user(referral, user)
    referral.save()
    return referral


def _decide(referral: Referral, user: Any) -> None:
    if referral.status != ReferralStatus.RAISED:
        raise ValidationError(
            _("This need was already %(status)s.") % {"status": referral.get_status_display()}
        )
    if not permissions.can_decide_referral(user, referral):
        raise PermissionDenied(
            _("Only the planners of %(plan)s decide on needs raised to it.")
            % {"plan": referral.to_plan}
        )
    referral.decided_by = user
    referral.decided_at = timezone.now()
    set_history_user(referral, user)


def _link_into(referral: Referral, element: PlanElement, user: Any, status: str) -> Referral:
    if element.edition.plan_id != referral.to_plan_id:
        raise ValidationError(_("Choose an element of %(plan)s.") % {"plan": referral.to_plan})
    _decide(referral, user)
    with transaction.atomic():
        referral.status = status
        referral.linked_element = element
        referral.save()
        # The decision is the permission for the link it implies: the need's own plan may be
        # kept by other planners than the receiving plan's.
        if not Alignment.objects.filter(source=referral.element, target=element).exists():
            alignment = Alignment(
                source=referral.element, target=element, note=referral.get_status_display()
            )
            set_history_user(alignment, user)
            alignment.save()
    return referral


def adopt(referral: Referral, element: PlanElement, user: Any) -> Referral:
    """Take the need into the receiving plan under ``element`` (e.g. an approach it serves)."""
    return _link_into(referral, element, user, ReferralStatus.ADOPTED)


def merge(referral: Referral, element: PlanElement, user: Any) -> Referral:
    """The receiving plan already has this item as ``element``: link the need to it."""
    return _link_into(referral, element, user, ReferralStatus.MERGED)


def return_need(referral: Referral, user: Any, reason: str) -> Referral:
    """Send the need back with a reason the originator will read."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the need is returned.")]})
    _decide(referral, user)
    referral.status = ReferralStatus.RETURNED
    referral.reason = reason.strip()
    referral.save()
    return referral


def trail(element: PlanElement) -> QuerySet[Referral]:
    """Where the need went, oldest first."""
    return element.referrals.select_related(
        "from_plan", "to_plan", "linked_element__edition__plan", "raised_by", "decided_by"
    ).order_by("created", "pk")


def inbox(plan: Plan) -> QuerySet[Referral]:
    """Needs raised to ``plan`` and waiting for a decision."""
    return plan.referrals_in.filter(status=ReferralStatus.RAISED).select_related(
        "element__edition__plan", "from_plan", "raised_by"
    )
