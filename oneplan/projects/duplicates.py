"""Duplicate requests in the web feature: the same engine as ``oneplan find-duplicates``
(``oneplan.lib.duplicates``) run over a fiscal year's requests, its pairs stored with their
score and reasons, and reviewers' decisions kept across rescans.

Every request of the year is compared (province, group, department and local-government
channels alike) except drafts and those the committee declined; a request's places are its
locations (down to villages), else its area.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan import permissions
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area, AreaMembership
from oneplan.lib.duplicates import Pair, ReasonCode, Request, find_pairs
from oneplan.projects.choices import PairDecision, RequestState
from oneplan.projects.models import DuplicatePair, Project

SCANNED_STATES = frozenset(RequestState.values) - {RequestState.DRAFT}
REASON_LABELS: dict[str, Any] = {
    ReasonCode.TITLE: gettext_lazy("similar titles"),
    ReasonCode.DESCRIPTION: gettext_lazy("similar descriptions"),
    ReasonCode.SAME_AREA: gettext_lazy("same area"),
    ReasonCode.SAME_AGENCY: gettext_lazy("same implementing agency"),
    ReasonCode.SAME_FACTOR: gettext_lazy("same value-chain factor"),
    ReasonCode.TITLE_WORDS_DIFFER: gettext_lazy("title words replaced"),
    ReasonCode.NUMBERS_DIFFER: gettext_lazy("numbers differ"),
    ReasonCode.PLACES_DIFFER: gettext_lazy("place names differ"),
}


def reason_text(reason: dict[str, str]) -> str:
    """A stored reason ({"code", "detail"}) in the reader's language."""
    code = reason.get("code", "")
    label = str(REASON_LABELS.get(code, code))  # a StrEnum key matches its plain string
    detail = reason.get("detail", "")
    return f"{label} {detail}" if detail else label


def _area_codes(area: Area) -> tuple[str, ...]:
    """A request without locations is placed by its area; a group by its member provinces
    (the engine compares DOPA codes, which a group code is not)."""
    if area.level != AreaLevel.PROVINCE_GROUP:
        return (area.code,)
    members = AreaMembership.objects.current().filter(container=area)
    return tuple(sorted(members.values_list("member__code", flat=True))) or (area.code,)


def as_request(project: Project) -> Request:
    places = tuple(a.code for a in project.locations.all()) or _area_codes(project.area)
    return Request(
        id=str(project.pk),
        title=project.name_th,
        description=project.description,
        area_codes=places,
        agency=project.agency.code if project.agency else "",
        fiscal_year=project.fiscal_year,
        factor=str(project.factor_id or ""),
    )


@dataclass(frozen=True)
class Scan:
    compared: int
    found: int
    new: int
    dropped: int


def scan(fiscal_year: int) -> Scan:
    """Find the year's candidate pairs and store them; decided pairs are kept even when the
    engine no longer finds them, undecided ones that vanished are dropped."""
    projects = list(
        Project.objects.filter(fiscal_year=fiscal_year, state__in=SCANNED_STATES)
        .select_related("area", "agency")
        .prefetch_related("locations")
    )
    pairs: list[Pair] = find_pairs([as_request(p) for p in projects])
    found = {tuple(sorted((int(p.id_a), int(p.id_b)))): p for p in pairs}
    existing = {
        (d.project_a_id, d.project_b_id): d
        for d in DuplicatePair.objects.filter(fiscal_year=fiscal_year)
    }
    new = [
        DuplicatePair(
            fiscal_year=fiscal_year,
            project_a_id=a,
            project_b_id=b,
            score=pair.score,
            reasons=[{"code": r.code.value, "detail": r.detail} for r in pair.reasons],
        )
        for (a, b), pair in found.items()
        if (a, b) not in existing
    ]
    now = timezone.now()
    with transaction.atomic():
        for key, row in existing.items():
            if key in found:
                row.score = found[key].score
                row.reasons = [
                    {"code": r.code.value, "detail": r.detail} for r in found[key].reasons
                ]
                row.scanned = now
        DuplicatePair.objects.bulk_update(
            [row for key, row in existing.items() if key in found], ["score", "reasons", "scanned"]
        )
        stale = [
            row.pk
            for key, row in existing.items()
            if key not in found and row.decision == PairDecision.UNDECIDED
        ]
        DuplicatePair.objects.filter(pk__in=stale).delete()
        DuplicatePair.objects.bulk_create(new)
    return Scan(compared=len(projects), found=len(found), new=len(new), dropped=len(stale))


def decide(pair: DuplicatePair, user: Any, decision: str, note: str = "") -> DuplicatePair:
    """Record a reviewer's verdict on a pair (duplicate, overlapping, distinct, or undecided
    again). A duplicate whose two requests are both funded needs a note saying why."""
    if not permissions.can_decide_pair(user, pair):
        raise PermissionDenied(_("You may not judge this pair."))
    problems: dict[str, list[str]] = {}
    if decision not in PairDecision.values:
        problems["decision"] = [
            _("%(value)s is not one of %(allowed)s.")
            % {"value": decision or "-", "allowed": ", ".join(PairDecision.values)}
        ]
    both_funded = (
        pair.project_a.state == RequestState.FUNDED and pair.project_b.state == RequestState.FUNDED
    )
    if decision == PairDecision.DUPLICATE and both_funded and not note.strip():
        problems["note"] = [_("Both requests are already funded; say what happens now.")]
    if problems:
        raise ValidationError(problems)
    pair.decision = decision
    pair.note = note.strip()
    pair.decided_by = user if getattr(user, "pk", None) else None
    pair.decided_at = timezone.now()
    pair.save(update_fields=["decision", "note", "decided_by", "decided_at"])
    return pair


def pairs_for(project: Project) -> list[DuplicatePair]:
    return list(
        DuplicatePair.objects.filter(Q(project_a=project) | Q(project_b=project)).select_related(
            "project_a", "project_b"
        )
    )
