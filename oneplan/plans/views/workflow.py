"""Approvals, review editions and decisions on needs raised to a plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan.core.views import report_invalid
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_date, parse_fiscal_year
from oneplan.orgs.models import Agency
from oneplan.plans import editions, referrals
from oneplan.plans.models import Plan, PlanEdition, PlanElement, Referral


@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(PlanEdition.objects.select_related("plan__area"), pk=pk)
    post = request.POST
    committee = Agency.objects.filter(code=post.get("committee", "")).first()
    meeting_date = None
    if post.get("meeting_date", "").strip():
        try:
            meeting_date = parse_date(post["meeting_date"])
        except ThaiDateError as exc:
            messages.error(request, _("Meeting date: %(e)s") % {"e": exc})
            return redirect(edition)
    try:
        editions.transition(
            edition,
            request.user,
            post.get("to", ""),
            committee=committee,
            meeting=post.get("meeting", ""),
            meeting_date=meeting_date,
            resolution=post.get("resolution", ""),
            note=post.get("note", ""),
        )
    except ValidationError as exc:
        report_invalid(request, exc)
    else:
        messages.success(
            request, _("The edition is now %(s)s.") % {"s": edition.get_status_display()}
        )
    return redirect(edition)


@require_POST
def start_review(request: HttpRequest, code: str) -> HttpResponse:
    plan = get_object_or_404(Plan, code=code)
    try:
        year = parse_fiscal_year(request.POST.get("review_year", ""))
    except ThaiDateError as exc:
        messages.error(request, _("Review year: %(e)s") % {"e": exc})
        return redirect(plan)
    try:
        edition = editions.start_review(plan, request.user, year, request.POST.get("title", ""))
    except ValidationError as exc:
        report_invalid(request, exc)
        return redirect(plan)
    return redirect(edition)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(Referral.objects.select_related("to_plan", "element"), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "return":
            referrals.return_need(referral, request.user, request.POST.get("reason", ""))
        elif action in ("adopt", "merge"):
            element = PlanElement.objects.filter(pk=request.POST.get("element") or 0).first()
            if element is None:
                raise ValidationError(_("Choose the element of your plan to link the need to."))
            decide_with = referrals.adopt if action == "adopt" else referrals.merge
            decide_with(referral, element, request.user)
        else:
            raise ValidationError(_("Choose adopt, merge or return."))
    except ValidationError as exc:
        report_invalid(request, exc)
    return redirect(referral.to_plan)
