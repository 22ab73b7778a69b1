"""Enumerations of the projects app: funding sources, request states, decisions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Who puts a request forward: the area (province, group), a department, a local body."""

    PROVINCE = "province", _("Province")
    PROVINCE_GROUP = "province_group", _("Province group")
    DEPARTMENT = "department", _("Ministry or department")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    OTHER = "other", _("Other")


class FundingSource(models.TextChoices):
    """Whose budget a funding line asks for."""

    PROVINCE = "province", _("Province budget")
    PROVINCE_GROUP = "province_group", _("Province-group budget")
    DEPARTMENT = "department", _("Ministry or department budget")
    LOCAL_GOVERNMENT = "local_government", _("Local-government budget")
    OTHER = "other", _("Other sources")


class FundingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    FUNDED = "funded", _("Funded")
    DECLINED = "declined", _("Declined")


class RequestState(models.TextChoices):
    """Where a budget request stands in the yearly cycle."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENED = "screened", _("Screened")
    APPROVED = "approved", _("Approved by the committee")
    SENT = "sent", _("Sent to the department")
    FUNDED = "funded", _("Funded")
    DECLINED = "declined", _("Declined")
    RECONSIDERED = "reconsidered", _("To be reconsidered")


# The allowed moves; who may make each, and what each needs, is in ``projects.workflow``.
TRANSITIONS: dict[str, frozenset[str]] = {
    RequestState.DRAFT: frozenset({RequestState.SUBMITTED}),
    RequestState.SUBMITTED: frozenset({RequestState.DRAFT, RequestState.SCREENED}),
    RequestState.SCREENED: frozenset(
        {RequestState.DRAFT, RequestState.APPROVED, RequestState.DECLINED}
    ),
    RequestState.APPROVED: frozenset({RequestState.SENT}),
    RequestState.SENT: frozenset(
        {RequestState.FUNDED, RequestState.DECLINED, RequestState.RECONSIDERED}
    ),
    RequestState.DECLINED: frozenset({RequestState.RECONSIDERED}),
    RequestState.RECONSIDERED: frozenset({RequestState.SCREENED}),
    RequestState.FUNDED: frozenset(),
}

# The order of the cycle, for the calendar: a request "reaches" a step when its state is at
# or past the step's state.
CYCLE_ORDER: list[str] = [
    RequestState.DRAFT,
    RequestState.SUBMITTED,
    RequestState.SCREENED,
    RequestState.APPROVED,
    RequestState.SENT,
    RequestState.FUNDED,
]


class Framework(models.TextChoices):
    """National frameworks a project declares alignment with."""

    NATIONAL_STRATEGY = "national_strategy", _("National strategy")
    MASTER_PLAN = "master_plan", _("Master plan")
    NESDP = "nesdp", _("National Economic and Social Development Plan")
    REGIONAL = "regional", _("Regional development goal")
    MINISTRY = "ministry", _("Ministry or department strategy")
    SDG = "sdg", _("Sustainable Development Goal")


class OriginLevel(models.TextChoices):
    """Where the need behind a project was first raised."""

    VILLAGE = "village", _("Village or community plan")
    LOCAL_GOVERNMENT = "local_government", _("Local-government plan")
    DISTRICT = "district", _("District plan")
    AGENCY = "agency", _("Agency")
    PROVINCE = "province", _("Province")


class DocumentKind(models.TextChoices):
    ESTIMATE = "estimate", _("Cost estimate (ปร.4/ปร.5)")
    DESIGN = "design", _("Design or drawings")
    LAND = "land", _("Land document")
    OTHER = "other", _("Other")


class OutputKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome (KPI)")


class PairDecision(models.TextChoices):
    """A reviewer's verdict on a candidate pair of duplicate requests."""

    UNDECIDED = "undecided", _("Not yet reviewed")
    DUPLICATE = "duplicate", _("Duplicate")
    OVERLAPPING = "overlapping", _("Overlapping")
    DISTINCT = "distinct", _("Distinct")


# The built-in weights of a request's priority parts (see ``projects.priority``).
DEFAULT_WEIGHTS: dict[str, float] = {
    "alignment": 3.0,
    "severity": 3.0,
    "readiness": 2.0,
    "coverage": 1.0,
    "reach": 1.0,
}
