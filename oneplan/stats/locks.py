"""Entry deadlines: a dataset's period locks a number of days after it ends (DHIS2's "expiry
days"), for the grid and for file loads alike, unless an administrator has unlocked it.

The one place this rule lives; ``loading`` asks it about every value a load would write.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.templatetags.thai import period_label, thai_date
from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period, ThaiDateError
from oneplan.stats.models import Dataset, LockException


class EntryLocks:
    """Which periods of ``dataset`` are closed to new values on ``today`` (one query)."""

    def __init__(self, dataset: Dataset | None, today: date | None = None) -> None:
        self.dataset = dataset
        self.expiry = dataset.entry_expiry_days if dataset is not None else None
        self.today = today or timezone.localdate()
        self.unlocked: set[tuple[str, int | None]] = set()
        if dataset is not None and self.expiry is not None:
            self.unlocked = set(
                LockException.objects.filter(dataset=dataset).values_list("period", "area_id")
            )

    def closes_on(self, period: str) -> date | None:
        """The last day values of ``period`` may be entered (None: never closes)."""
        if self.expiry is None:
            return None
        try:
            end = Period.parse(period).end
        except ThaiDateError:
            return None
        return end + timedelta(days=self.expiry)

    def locked(self, period: str, area_id: int | None) -> bool:
        closes = self.closes_on(period)
        if closes is None or self.today <= closes:
            return False
        return (period, area_id) not in self.unlocked and (period, None) not in self.unlocked

    def message(self, period: str) -> str:
        closes = self.closes_on(period)
        return _(
            "%(period)s is locked: entry for %(dataset)s closed on %(date)s; "
            "an administrator can unlock it."
        ) % {
            "period": period_label(period),
            "dataset": self.dataset.code if self.dataset else "",
            "date": thai_date(closes),
        }


def unlock(
    dataset: Dataset, period: Period, user: Any, reason: str, area: Area | None = None
) -> LockException:
    """Open a locked period again (administrators only), for one area or for all."""
    if not permissions.can_unlock_periods(user):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the period is unlocked.")]})
    exception, _created = LockException.objects.update_or_create(
        dataset=dataset,
        period=period.code,
        area=area,
        defaults={"reason": reason.strip(), "granted_by": user},
    )
    return exception


def relock(exception: LockException, user: Any) -> None:
    if not permissions.can_unlock_periods(user):
        raise PermissionDenied
    exception.delete()
