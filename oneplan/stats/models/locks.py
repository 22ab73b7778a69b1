"""Exceptions to a dataset's entry deadline: a period an administrator has unlocked again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oneplan.stats.models.catalogue import Dataset


class LockException(models.Model):
    """The period ``period`` of ``dataset`` is open again for ``area`` (all areas when empty)."""

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.CASCADE, related_name="unlocked"
    )
    period = models.CharField(_("period"), max_length=16)
    area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every area."),
    )
    reason = models.CharField(_("reason"), max_length=255)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unlocked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted = models.DateTimeField(_("unlocked on"), auto_now_add=True)

    class Meta:
        ordering = ["dataset", "period"]
        verbose_name = _("unlocked period")
        verbose_name_plural = _("unlocked periods")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "period", "area"], name="stats_lockexception_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id} {self.period} {self.area_id or '*'}"
