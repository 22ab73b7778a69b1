"""Candidate pairs of duplicate requests and the reviewer's decision on each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from oneplan.projects.choices import PairDecision
from oneplan.projects.models.projects import Project


class DuplicatePair(models.Model):
    """Two requests of a fiscal year the engine judged alike; the decision outlives rescans."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    project_a = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    project_b = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("why"), default=list, blank=True)
    decision = models.CharField(
        _("decision"), max_length=12, choices=PairDecision.choices, default=PairDecision.UNDECIDED
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    override_reason = models.TextField(_("reason both are funded"), blank=True)
    scanned = models.DateTimeField(_("last found"), auto_now=True)

    class Meta:
        ordering = ["fiscal_year", "-score", "pk"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["project_a", "project_b"], name="projects_pair_unique"),
            models.CheckConstraint(
                condition=Q(project_a__lt=F("project_b")), name="projects_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_a.code} ~ {self.project_b.code} ({self.score:.2f})"

    def other(self, project: Project) -> Project:
        return self.project_b if project.pk == self.project_a_id else self.project_a
