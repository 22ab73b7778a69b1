"""Funding lines (whose budget a project asks for) and departments' reserves for area requests."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from oneplan.core.models import ChangeLoggedModel
from oneplan.projects.choices import FundingSource, FundingStatus
from oneplan.projects.models.projects import Project


class FundingLine(ChangeLoggedModel):
    """One source of money for a project in one fiscal year: requested, then approved or not."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("budget holder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_lines",
        help_text=_("The ministry, department or local government whose budget is asked for."),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    amount_requested = models.DecimalField(_("amount requested"), max_digits=16, decimal_places=2)
    amount_approved = models.DecimalField(
        _("amount approved"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    status = models.CharField(
        _("status"), max_length=12, choices=FundingStatus.choices, default=FundingStatus.REQUESTED
    )

    class Meta:
        ordering = ["project", "fiscal_year", "source", "pk"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_requested__gte=0),
                name="projects_funding_requested_positive",
                violation_error_message=_("The amount requested cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_approved__isnull=True) | models.Q(amount_approved__gte=0),
                name="projects_funding_approved_positive",
                violation_error_message=_("The amount approved cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_source_display()} {self.amount_requested:,.2f}"


class AreaShare(models.Model):
    """The part of a ministry's or department's budget set aside for area requests in a year
    (some reserve 10–20 % for provinces and groups)."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name=_("ministry or department"), on_delete=models.CASCADE
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    total_budget = models.DecimalField(_("total budget"), max_digits=16, decimal_places=2)
    percent = models.DecimalField(_("share for area requests (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["agency", "fiscal_year"]
        verbose_name = _("share for area requests")
        verbose_name_plural = _("shares for area requests")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year"], name="projects_area_share_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0) & models.Q(percent__lte=100),
                name="projects_area_share_percent",
                violation_error_message=_("The share is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.fiscal_year + 543}: {self.percent}%"

    @property
    def reserved(self) -> object:
        return self.total_budget * self.percent / 100
