"""The yearly request cycle: recorded transitions, the budget calendar, project lists and
their ceilings, manual reorders and the committee's priority weights."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oneplan.orgs.choices import Role
from oneplan.projects.choices import DEFAULT_WEIGHTS, FundingSource, RequestState
from oneplan.projects.models.projects import Project


class RequestTransition(models.Model):
    """One recorded move of a request's state, with the committee's meeting and resolution."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=16, choices=RequestState.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=RequestState.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    meeting = models.CharField(_("meeting"), max_length=32, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["project", "at", "pk"]
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")

    def __str__(self) -> str:
        return f"{self.project.code}: {self.from_state} → {self.to_state}"


class BudgetCalendar(models.Model):
    """The steps and deadlines of one fiscal year's request cycle."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("budget calendar")
        verbose_name_plural = _("budget calendars")

    def __str__(self) -> str:
        return str(_("Budget calendar %(year)s") % {"year": self.fiscal_year + 543})


class CalendarStep(models.Model):
    """A deadline: by ``due``, requests should have reached ``state``; ``role`` is who acts."""

    calendar = models.ForeignKey(BudgetCalendar, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_th = models.CharField(_("Thai name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    state = models.CharField(_("state to reach"), max_length=16, choices=RequestState.choices)
    role = models.CharField(_("who acts"), max_length=32, choices=Role.choices)
    due = models.DateField(_("deadline"))

    class Meta:
        ordering = ["calendar", "due", "position"]
        verbose_name = _("calendar step")
        verbose_name_plural = _("calendar steps")

    def __str__(self) -> str:
        return self.name_th


class ProjectList(models.Model):
    """The annual project list (บัญชีรายการชุดโครงการ) of a province or group: its ceiling."""

    area = models.ForeignKey("geo.Area", verbose_name=_("area"), on_delete=models.CASCADE)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    source = models.CharField(
        _("budget"), max_length=20, choices=FundingSource.choices, default=FundingSource.PROVINCE
    )
    ceiling = models.DecimalField(_("ceiling"), max_digits=16, decimal_places=2)
    committee = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("committee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-fiscal_year", "area"]
        verbose_name = _("project list")
        verbose_name_plural = _("project lists")
        constraints = [
            models.UniqueConstraint(fields=["area", "fiscal_year"], name="projects_list_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.fiscal_year + 543}"


class RankChange(models.Model):
    """A manual move of a project in its list, with the reason given."""

    project_list = models.ForeignKey(ProjectList, on_delete=models.CASCADE, related_name="moves")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    from_rank = models.PositiveIntegerField(_("from"))
    to_rank = models.PositiveIntegerField(_("to"))
    reason = models.TextField(_("reason"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["project_list", "-at", "-pk"]
        verbose_name = _("reorder")
        verbose_name_plural = _("reorders")

    def __str__(self) -> str:
        return f"{self.project.code}: {self.from_rank} → {self.to_rank}"


class PriorityWeights(models.Model):
    """A committee's weights for the parts of a project's priority score; the row without a
    committee is the default."""

    committee = models.OneToOneField(
        "orgs.Agency",
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="project_weights",
    )
    alignment = models.FloatField(
        _("alignment with the plan and national frameworks"), default=DEFAULT_WEIGHTS["alignment"]
    )
    severity = models.FloatField(_("severity of the problem"), default=DEFAULT_WEIGHTS["severity"])
    readiness = models.FloatField(_("readiness"), default=DEFAULT_WEIGHTS["readiness"])
    coverage = models.FloatField(_("value-chain coverage"), default=DEFAULT_WEIGHTS["coverage"])
    reach = models.FloatField(_("beneficiaries and areas"), default=DEFAULT_WEIGHTS["reach"])

    class Meta:
        verbose_name = _("project priority weights")
        verbose_name_plural = _("project priority weights")

    def __str__(self) -> str:
        return str(self.committee) if self.committee else str(_("Default"))
