from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from oneplan.valuechains import rules


class RequirementStatus(models.TextChoices):
    AVAILABLE = rules.Status.AVAILABLE.value, pgettext_lazy("data status", "Available")
    MISSING = rules.Status.MISSING.value, pgettext_lazy("data status", "Missing")
    INCOMPLETE = rules.Status.INCOMPLETE.value, pgettext_lazy("data status", "Incomplete")


class GapType(models.TextChoices):
    NO_DATASET = rules.Reason.NO_DATASET.value, _("No dataset provides it")
    NO_OWNER = rules.Reason.NO_OWNER.value, _("No owner agency")
    TOO_RARE = rules.Reason.TOO_RARE.value, _("Provided less often than needed")
    TOO_COARSE = rules.Reason.TOO_COARSE.value, _("Provided only at a coarser area level")
    STALE = rules.Reason.STALE.value, _("Latest value older than its frequency allows")
    LOW_COVERAGE = rules.Reason.LOW_COVERAGE.value, _("Coverage below the threshold")
    OUTSIDE_AUTHORITY = rules.Reason.OUTSIDE_AUTHORITY.value, _("Outside the province's authority")


class Remedy(models.TextChoices):
    COLLECT = "collect", _("Collect new data")
    MORE_OFTEN = "more_often", _("Collect more often")
    FINER_LEVEL = "finer_level", _("Collect at a finer area level")
    ASSIGN_OWNER = "assign_owner", _("Assign an owner")
    ASK_CENTRAL = "ask_central", _("Ask a central agency")
    PROXY = "proxy", _("Use a proxy indicator")


# The remedy a gap type usually calls for (offered first on the gap board).
SUGGESTED_REMEDY = {
    GapType.NO_DATASET: Remedy.COLLECT,
    GapType.NO_OWNER: Remedy.ASSIGN_OWNER,
    GapType.TOO_RARE: Remedy.MORE_OFTEN,
    GapType.TOO_COARSE: Remedy.FINER_LEVEL,
    GapType.STALE: Remedy.MORE_OFTEN,
    GapType.LOW_COVERAGE: Remedy.COLLECT,
    GapType.OUTSIDE_AUTHORITY: Remedy.ASK_CENTRAL,
}


class GapStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
