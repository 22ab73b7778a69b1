"""Plan editions: starting a review edition as a copy, and moving an edition through approval."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.models import set_history_user
from oneplan.lib.thaidate import from_thai_digits
from oneplan.orgs.choices import AgencyKind
from oneplan.orgs.models import Agency
from oneplan.plans.choices import TRANSITIONS, EditionStatus
from oneplan.plans.models import (
    Alignment,
    EditionTransition,
    IndicatorAgency,
    Plan,
    PlanEdition,
    PlanElement,
    PlanIndicator,
    Target,
)
from oneplan.plans.tree import walk

MEETING = re.compile(r"^(?:ครั้งที่\s*)?(\d{1,3})\s*/\s*(\d{4})$")


def parse_meeting(text: str) -> str:
    """A committee meeting as "n/YYYY" with a Buddhist-Era year ("ครั้งที่ ๓/๒๕๖๘" -> "3/2568")."""
    match = MEETING.match(from_thai_digits(text.strip()))
    if not match or int(match.group(2)) < 2400:
        raise ValidationError(
            _('Write the meeting as "ครั้งที่ n/ปี" with a Buddhist-Era year, e.g. 3/2568.')
        )
    return f"{int(match.group(1))}/{match.group(2)}"


def read_decision(
    meeting: str, meeting_date: dt.date | None, resolution: str
) -> tuple[str, dict[str, list[str]]]:
    """A committee's decision as recorded: the meeting as "n/YYYY", with a problem for each
    part that is missing or unreadable (meeting, its date, the resolution)."""
    problems: dict[str, list[str]] = {}
    parsed = ""
    try:
        parsed = parse_meeting(meeting)
    except ValidationError as exc:
        problems["meeting"] = exc.messages
    if meeting_date is None:
        problems["meeting_date"] = [_("Give the date of the meeting.")]
    if not resolution.strip():
        problems["resolution"] = [_("Write the committee's resolution.")]
    return parsed, problems


def copy_edition_contents(source: PlanEdition, target: PlanEdition) -> None:
    """Copy elements (keeping their uids), agencies, indicators, targets and alignment links."""
    elements = list(source.elements.prefetch_related("agencies"))
    new_of: dict[int, PlanElement] = {}
    rows = walk(elements)
    for depth in range(max((r.depth for r in rows), default=-1) + 1):
        batch = []
        for row in rows:
            if row.depth != depth:
                continue
            e = row.element
            batch.append(
                PlanElement(
                    edition=target,
                    parent=new_of[e.parent_id] if e.parent_id else None,
                    uid=e.uid,
                    kind=e.kind,
                    number=e.number,
                    position=e.position,
                    name_th=e.name_th,
                    name_en=e.name_en,
                    description=e.description,
                    search_text=e.search_text,
                )
            )
        created = PlanElement.objects.bulk_create(batch)
        old = [r.element for r in rows if r.depth == depth]
        new_of.update({o.pk: n for o, n in zip(old, created, strict=True)})
    Through = PlanElement.agencies.through
    Through.objects.bulk_create(
        [
            Through(planelement_id=new_of[e.pk].pk, agency_id=a.pk)
            for e in elements
            for a in e.agencies.all()
        ]
    )
    Alignment.objects.bulk_create(
        [
            Alignment(source=new_of[link.source_id], target_id=link.target_id, note=link.note)
            for link in Alignment.objects.filter(source__edition=source)
        ]
    )
    old_indicators = list(
        PlanIndicator.objects.filter(element__edition=source).prefetch_related(
            "targets", "responsibilities"
        )
    )
    new_indicators = PlanIndicator.objects.bulk_create(
        [
            PlanIndicator(
                element=new_of[pi.element_id],
                indicator_id=pi.indicator_id,
                position=pi.position,
                baseline_year=pi.baseline_year,
                baseline_value=pi.baseline_value,
                data_source=pi.data_source,
                outside_authority=pi.outside_authority,
            )
            for pi in old_indicators
        ]
    )
    pairs = list(zip(old_indicators, new_indicators, strict=True))
    IndicatorAgency.objects.bulk_create(
        [
            IndicatorAgency(plan_indicator=new, agency_id=r.agency_id, lead=r.lead)
            for old, new in pairs
            for r in old.responsibilities.all()
        ]
    )
    Target.objects.bulk_create(
        [
            Target(plan_indicator=new, area_id=t.area_id, fiscal_year=t.fiscal_year, value=t.value)
            for old, new in pairs
            for t in old.targets.all()
        ],
        batch_size=2000,
    )


def start_review(plan: Plan, user: Any, review_year: int, title: str = "") -> PlanEdition:
    """Start the next edition (ฉบับทบทวน) as a copy of the latest one, which must be approved
    or published. ``review_year`` is the CE fiscal year of the review."""
    latest = plan.latest_edition()
    new = PlanEdition(
        plan=plan,
        number=(latest.number + 1) if latest else 1,
        review_year=review_year,
        title=title,
        based_on=latest,
    )
    permissions.require(user, permissions.Action.ADD, new)
    if latest is not None and not latest.locked:
        raise ValidationError(
            _("%(edition)s is still %(status)s; approve it before starting a review.")
            % {"edition": latest, "status": latest.get_status_display()}
        )
    if not plan.first_year <= review_year <= plan.last_year:
        raise ValidationError(_("The review year must fall within the plan's fiscal years."))
    with transaction.atomic():
        set_history_user(new, user)
        new.save()
        if latest is not None:
            copy_edition_contents(latest, new)
    return new


def transition(
    edition: PlanEdition,
    user: Any,
    to_status: str,
    *,
    committee: Agency | None = None,
    meeting: str = "",
    meeting_date: dt.date | None = None,
    resolution: str = "",
    note: str = "",
) -> EditionTransition:
    """Move ``edition`` to ``to_status`` and record who, when and (for approval) which committee
    decided, at which meeting, with what resolution."""
    if to_status not in TRANSITIONS.get(edition.status, frozenset()):
        raise ValidationError(
            _("An edition that is %(from)s cannot become %(to)s.")
            % {
                "from": edition.get_status_display(),
                "to": EditionStatus(to_status).label
                if to_status in EditionStatus.values
                else to_status,
            }
        )
    if not permissions.can_transition(user, edition, to_status):
        raise PermissionDenied(
            _("You may not move %(edition)s to %(to)s.")
            % {"edition": edition, "to": EditionStatus(to_status).label}
        )
    record = EditionTransition(
        edition=edition,
        from_status=edition.status,
        to_status=to_status,
        user=user if getattr(user, "pk", None) else None,
        note=note.strip(),
    )
    if to_status == EditionStatus.APPROVED:
        errors: dict[str, list[str]] = {}
        if committee is None or committee.kind != AgencyKind.COMMITTEE:
            errors["committee"] = [_("Name the committee that approved the edition.")]
        elif committee.area is not None and not committee.area.covers(edition.plan.area):
            errors["committee"] = [
                _("%(committee)s does not decide for %(area)s.")
                % {"committee": committee, "area": edition.plan.area}
            ]
        record.meeting, decision_problems = read_decision(meeting, meeting_date, resolution)
        errors.update(decision_problems)
        if errors:
            raise ValidationError(errors)
        record.committee = committee
        record.meeting_date = meeting_date
        record.resolution = resolution.strip()
    with transaction.atomic():
        edition.status = to_status
        set_history_user(edition, user)
        edition.save(update_fields=["status", "last_updated"])
        record.save()
    return record
