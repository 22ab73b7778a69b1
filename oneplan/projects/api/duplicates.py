"""API for candidate duplicate requests: list, rescan a year, decide on a pair."""

# No ``from __future__ import annotations``: ninja reads the route annotations at runtime.

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from oneplan import permissions
from oneplan.api.auth import WRITE_AUTH
from oneplan.api.errors import invalid
from oneplan.api.pagination import Paged
from oneplan.projects import duplicates
from oneplan.projects.api.lists import read_year
from oneplan.projects.models import DuplicatePair

router = Router(tags=["Projects and budget requests"])


class PairOut(Schema):
    id: int
    fiscal_year_be: int
    project_a: str
    title_a: str
    area_a: str
    project_b: str
    title_b: str
    area_b: str
    score: float
    reasons: list[str]
    reason_codes: list[dict[str, str]]
    decision: str
    note: str
    decided_by: str | None
    decided_at: dt.datetime | None
    override_reason: str


def pair_out(p: DuplicatePair) -> PairOut:
    return PairOut(
        id=p.pk,
        fiscal_year_be=p.fiscal_year + 543,
        project_a=p.project_a.code,
        title_a=p.project_a.name_th,
        area_a=p.project_a.area.code,
        project_b=p.project_b.code,
        title_b=p.project_b.name_th,
        area_b=p.project_b.area.code,
        score=round(p.score, 3),
        reasons=[duplicates.reason_text(r) for r in p.reasons],
        reason_codes=p.reasons,
        decision=p.decision,
        note=p.note,
        decided_by=p.decided_by.get_username() if p.decided_by else None,
        decided_at=p.decided_at,
        override_reason=p.override_reason,
    )


@router.get("/duplicates", response=list[PairOut], summary="Candidate duplicate requests")
@paginate(Paged)
def list_pairs(
    request: HttpRequest,
    fiscal_year: str | None = None,
    area: str | None = None,
    decision: str | None = None,
    min_score: float | None = None,
) -> Any:
    """Pairs of requests likely to be the same work, best first, with each pair's score
    (0–1), its reasons and the reviewer's decision; `fiscal_year` in BE, `area` keeps pairs
    with a request of that province or group. Signed-in members only (requests under review
    are not public)."""
    if not permissions.sees_requests_under_review(request.user):
        raise HttpError(403, "sign in as a government member to see candidate duplicates")
    pairs = DuplicatePair.objects.select_related(
        "project_a__area", "project_b__area", "decided_by"
    ).order_by("-score", "pk")
    if fiscal_year:
        pairs = pairs.filter(fiscal_year=read_year(fiscal_year))
    if area:
        pairs = pairs.filter(Q(project_a__area__code=area) | Q(project_b__area__code=area))
    if decision:
        pairs = pairs.filter(decision=decision)
    if min_score is not None:
        pairs = pairs.filter(score__gte=min_score)
    return [pair_out(p) for p in pairs]


class ScanOut(Schema):
    compared: int
    found: int
    new: int
    dropped: int


@router.post("/duplicates/scan", response=ScanOut, auth=WRITE_AUTH, summary="Rescan a year")
def rescan(request: HttpRequest, fiscal_year: str) -> Any:
    """Run the duplicate engine over a fiscal year's requests (BE); planners, department
    reviewers and administrators may."""
    if not permissions.may_scan_duplicates(request.user):
        raise HttpError(403, "only planners, department reviewers and administrators rescan")
    result = duplicates.scan(read_year(fiscal_year))
    return ScanOut(**result.__dict__)


class DecisionIn(Schema):
    decision: str = Field(description="duplicate, overlapping, distinct or undecided")
    note: str = ""


@router.patch("/duplicates/{pair_id}", response=PairOut, auth=WRITE_AUTH, summary="Decide a pair")
def decide_pair(request: HttpRequest, pair_id: int, payload: DecisionIn) -> Any:
    """Mark a pair duplicate, overlapping or distinct (kept across rescans). Two requests
    marked duplicate cannot both be funded without an override reason."""
    pair = get_object_or_404(
        DuplicatePair.objects.select_related("project_a__area", "project_b__area"), pk=pair_id
    )
    try:
        duplicates.decide(pair, request.user, payload.decision, payload.note)
    except ValidationError as exc:
        raise invalid(exc) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "not allowed") from exc
    return pair_out(pair)
