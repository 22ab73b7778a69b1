from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    """What sort of body an agency is."""

    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    PROVINCIAL_OFFICE = "provincial_office", _("Provincial office")
    PROVINCIAL_ADMINISTRATION = "provincial_administration", _("Provincial administration")
    DISTRICT_OFFICE = "district_office", _("District office")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    COMMITTEE = "committee", _("Committee")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    PRIVATE = "private", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """What a person may do for an agency, within an area."""

    SYSTEM_ADMIN = "system_admin", _("System administrator")
    PROVINCIAL_PLANNER = "provincial_planner", _("Provincial planner")
    STATISTICIAN = "statistician", _("Statistician")
    DATA_OFFICER = "data_officer", _("Agency data officer")
    PROJECT_OFFICER = "project_officer", _("Agency project officer")
    DEPARTMENT_REVIEWER = "department_reviewer", _("Department reviewer")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    VIEWER = "viewer", _("Viewer")
