"""Undoing an import batch: the one function the page, the API and the CLI call."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan.permissions import UserLike, can_undo_batch
from oneplan.stats.choices import BatchStatus
from oneplan.stats.loading import mark_changed
from oneplan.stats.models import ImportBatch, Observation, PriorValue


def undo_batch(batch: ImportBatch, user: UserLike | None, refresh: bool = True) -> tuple[int, int]:
    """Remove the values ``batch`` added and put back those it overwrote; returns
    (removed, restored). Refused while a later batch has changed the same values."""
    if user is not None and not can_undo_batch(user, batch):
        raise PermissionDenied(_("Only whoever loaded a batch, or an administrator, may undo it."))
    if batch.status != BatchStatus.DONE:
        raise ValidationError(
            _("Batch #%(pk)s is %(status)s; only a loaded batch can be undone.")
            % {"pk": batch.pk, "status": batch.get_status_display()}
        )
    later = sorted(
        set(
            PriorValue.objects.filter(previous_batch=batch)
            .exclude(batch__status=BatchStatus.UNDONE)
            .values_list("batch_id", flat=True)
        )
    )
    if later:
        raise ValidationError(
            _("Batch %(later)s changed values that batch #%(pk)s loaded; undo it first.")
            % {"later": ", ".join(f"#{b}" for b in later), "pk": batch.pk}
        )
    with transaction.atomic(), connection.cursor() as cursor:
        indicators = sorted(
            set(Observation.objects.filter(batch=batch).values_list("indicator_id", flat=True))
            | set(
                PriorValue.objects.filter(batch=batch).values_list(
                    "observation__indicator_id", flat=True
                )
            )
        )
        # Undone later batches' records of these values go with them (else a dangling key).
        cursor.execute(
            "DELETE FROM stats_priorvalue WHERE observation_id IN (SELECT o.id FROM "
            "stats_observation o WHERE o.batch_id = %s AND NOT EXISTS (SELECT 1 FROM "
            "stats_priorvalue p WHERE p.batch_id = %s AND p.observation_id = o.id))",
            [batch.pk, batch.pk],
        )
        cursor.execute(
            "DELETE FROM stats_observation WHERE batch_id = %s AND NOT EXISTS (SELECT 1 FROM "
            "stats_priorvalue p WHERE p.batch_id = %s AND p.observation_id = stats_observation.id)",
            [batch.pk, batch.pk],
        )
        removed = cursor.rowcount
        cursor.execute(
            "UPDATE stats_observation SET value = p.value, status = p.status, batch_id = "
            "p.previous_batch_id FROM stats_priorvalue p WHERE p.batch_id = %s AND "
            "p.observation_id = stats_observation.id",
            [batch.pk],
        )
        restored = cursor.rowcount
        batch.status = BatchStatus.UNDONE
        batch.undone = timezone.now()
        batch.save(update_fields=["status", "undone"])
        mark_changed(indicators)
    if refresh:
        from oneplan.stats.aggregates import refresh as refresh_aggregates

        refresh_aggregates(indicators)
    return removed, restored
