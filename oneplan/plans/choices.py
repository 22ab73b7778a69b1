from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanLevel(models.TextChoices):
    """Where a plan sits in the ladder from the national strategy down to the village."""

    INTERNATIONAL = "international", _("International")
    NATIONAL = "national", _("National")
    MINISTRY = "ministry", _("Ministry or department")
    REGION = "region", _("Region")
    PROVINCE_GROUP = "province_group", _("Province group")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    VILLAGE = "village", _("Village or community")


# Bottom-up order for One Plan: a need raised from a plan goes to a plan of a later level here.
UPWARD_ORDER: list[str] = [
    PlanLevel.VILLAGE,
    PlanLevel.LOCAL_GOVERNMENT,
    PlanLevel.DISTRICT,
    PlanLevel.PROVINCE,
    PlanLevel.PROVINCE_GROUP,
    PlanLevel.REGION,
]


class ElementKind(models.TextChoices):
    """What a node of a plan's tree is."""

    VISION = "vision", _("Vision")
    STRATEGY = "strategy", _("Strategy")
    MASTER_PLAN = "master_plan", _("Master plan")
    MILESTONE = "milestone", _("Milestone")
    ISSUE = "issue", _("Strategic issue")
    GOAL = "goal", _("Goal")
    APPROACH = "approach", _("Approach")
    PROGRAMME = "programme", _("Programme")
    PROJECT = "project", _("Project")
    ACTIVITY = "activity", _("Activity")
    NEED = "need", _("Need or proposal")


# Kinds that are not numbered ("1", "1.2", ...) when a plan is renumbered.
UNNUMBERED_KINDS = frozenset({ElementKind.VISION})


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


LOCKED_STATUSES = frozenset({EditionStatus.APPROVED, EditionStatus.PUBLISHED})

# The allowed moves of an edition's status; who may make each is in ``oneplan.permissions``.
TRANSITIONS: dict[str, frozenset[str]] = {
    EditionStatus.DRAFT: frozenset({EditionStatus.SUBMITTED}),
    EditionStatus.SUBMITTED: frozenset({EditionStatus.DRAFT, EditionStatus.APPROVED}),
    EditionStatus.APPROVED: frozenset({EditionStatus.PUBLISHED}),
    EditionStatus.PUBLISHED: frozenset(),
}


class ReferralStatus(models.TextChoices):
    """Where a need raised to the plan above stands."""

    RAISED = "raised", _("Raised, awaiting a decision")
    ADOPTED = "adopted", _("Adopted")
    MERGED = "merged", _("Merged with an existing item")
    RETURNED = "returned", _("Returned")
