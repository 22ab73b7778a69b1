"""Observations (indicator × area × period × disaggregation → value), the import batches that
load them, and the precomputed aggregates pages and the API read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oneplan.stats.choices import BatchStatus, ObservationStatus
from oneplan.stats.models.catalogue import Dataset
from oneplan.stats.models.registry import Indicator


class ImportBatch(models.Model):
    """One load of a file (or of a grid): what it wrote, how far it got, and how to undo it."""

    created = models.DateTimeField(_("started"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    source = models.CharField(_("source"), max_length=255)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    added = models.PositiveIntegerField(_("new values"), default=0)
    changed = models.PositiveIntegerField(_("changed values"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged values"), default=0)
    rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    error_rows = models.TextField(_("error file (CSV)"), blank=True)
    message = models.TextField(_("message"), blank=True)
    undone = models.DateTimeField(_("undone"), null=True, blank=True)
    # Loads from the web page: the stored upload (under DATA_DIR/uploads) and a dry run's
    # first changes, so the page can show them and load the same file afterwards.
    dry_run = models.BooleanField(_("dry run"), default=False)
    upload = models.CharField(_("uploaded file"), max_length=500, blank=True)
    preview = models.JSONField(_("first changes (dry run)"), default=list, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"#{self.pk} {self.source}"

    @property
    def progress(self) -> int:
        """Percent of rows processed (0-100)."""
        if not self.rows_total:
            return 100 if self.status == BatchStatus.DONE else 0
        return min(100, round(100 * self.rows_done / self.rows_total))


class Observation(models.Model):
    """A value of an indicator for an area and a period; ``disaggregation`` is the canonical
    category key ("SEX=F;AGE=15-24", empty for the total). Bulk-loaded by import batches."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, db_index=False, related_name="observations"
    )
    area = models.ForeignKey(
        "geo.Area", on_delete=models.PROTECT, db_index=False, related_name="observations"
    )
    period = models.CharField(_("period"), max_length=16)
    start = models.DateField(_("period start"))
    disaggregation = models.CharField(_("disaggregation"), max_length=100, default="", blank=True)
    value = models.FloatField(_("value"))
    status = models.CharField(
        _("status"),
        max_length=1,
        choices=ObservationStatus.choices,
        default=ObservationStatus.FINAL,
    )
    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="observations",
    )
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="observations"
    )

    class Meta:
        ordering = ["indicator", "area", "start", "disaggregation"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "disaggregation"], name="stats_obs_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period} = {self.value}"


class PriorValue(models.Model):
    """What a batch overwrote, so undoing it can put the earlier value back."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="prior_values")
    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    value = models.FloatField()
    status = models.CharField(max_length=1, choices=ObservationStatus.choices)
    previous_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("overwritten value")
        verbose_name_plural = _("overwritten values")

    def __str__(self) -> str:
        return f"#{self.batch_id}: {self.observation_id} was {self.value}"


class AggregateValue(models.Model):
    """A derived value: an area or period roll-up, or a computed indicator. ``count`` base
    values went into it out of ``expected`` (completeness = count / expected).

    Derived rows, written only by the refresh from what it has just read, and millions of
    them: keyed by what they are (indicator, area, period, categories), with no id column
    and its sequence, and no database-level foreign keys, whose per-row upkeep was a third
    of a full refresh's writing. Deleting an indicator or area through Django still deletes
    its aggregates."""

    pk = models.CompositePrimaryKey("indicator", "area", "period", "disaggregation")
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        db_index=False,  # the key's first column
        db_constraint=False,
        related_name="aggregates",
    )
    area = models.ForeignKey(
        "geo.Area",
        on_delete=models.CASCADE,
        db_index=False,
        db_constraint=False,
        related_name="aggregates",
    )
    period = models.CharField(_("period"), max_length=16)
    start = models.DateField(_("period start"))
    disaggregation = models.CharField(max_length=100, default="", blank=True)
    value = models.FloatField(_("value"), null=True)
    count = models.PositiveIntegerField(_("values used"), default=0)
    expected = models.PositiveIntegerField(_("values expected"), default=0)

    class Meta:
        verbose_name = _("aggregate value")
        verbose_name_plural = _("aggregate values")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period} = {self.value}"


class Freshness(models.Model):
    """When an indicator's aggregates were last rebuilt, and when its data last changed."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, primary_key=True, related_name="freshness"
    )
    data_changed = models.DateTimeField(_("data last changed"), null=True, blank=True)
    refreshed = models.DateTimeField(_("aggregates refreshed"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("aggregate rows"), default=0)
    seconds = models.FloatField(_("refresh time (s)"), default=0)

    class Meta:
        verbose_name = _("aggregate freshness")
        verbose_name_plural = _("aggregate freshness")

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.refreshed}"

    @property
    def stale(self) -> bool:
        if self.refreshed is None:
            return True
        return self.data_changed is not None and self.data_changed > self.refreshed
