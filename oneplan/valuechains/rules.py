"""The one place a data requirement's status is decided (plain Python, no Django).

A requirement needs an indicator at some frequency and down to some area level. What the
catalogue and the stored values offer (its ``Supply``) is judged against that need:

- no dataset provides the indicator: missing (``no_dataset``);
- datasets provide it but none has an owner agency: missing (``no_owner``);
- otherwise every shortfall is a reason and the status is incomplete when there is one: no
  owned dataset provides it down to the area level needed (``too_coarse``); none of those that
  do (or, when none does, of all) provides it as often as needed (``too_rare``); the latest
  value is older than the need's frequency allows (``stale``: its period ended more than
  ``periods_late`` periods of the needed frequency ago); the latest value covers less than
  ``coverage`` of what was expected, or there is no value at all (``low_coverage``);
- available when nothing falls short.

A requirement outside the province's authority that is not available also gets
``outside_authority`` (its remedy is usually to ask a central agency). Limits are inclusive:
a value exactly at the staleness limit is not stale, a coverage exactly at the threshold is
enough.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    AVAILABLE = "available"  # มี
    MISSING = "missing"  # ไม่มี
    INCOMPLETE = "incomplete"  # มีแต่ไม่สมบูรณ์


class Reason(StrEnum):
    NO_DATASET = "no_dataset"
    NO_OWNER = "no_owner"
    TOO_RARE = "too_rare"
    TOO_COARSE = "too_coarse"
    STALE = "stale"
    LOW_COVERAGE = "low_coverage"
    OUTSIDE_AUTHORITY = "outside_authority"


# Values per year of each frequency (the stats app's Frequency values).
PER_YEAR = {"month": 12, "quarter": 4, "fiscal_quarter": 4, "year": 1, "fiscal_year": 1}
# How deep each area level lies (the geo app's AreaLevel values); larger is finer.
DEPTH = {
    "country": 0,
    "region": 1,
    "province_group": 2,
    "province": 3,
    "district": 4,
    "subdistrict": 5,
    "local_government": 5,
    "village": 6,
}


@dataclass(frozen=True)
class Need:
    frequency: str
    level: str
    outside_authority: bool = False


@dataclass(frozen=True)
class Provider:
    """A dataset providing the indicator: how often, how fine, and whether it has an owner."""

    frequency: str
    level: str
    owned: bool


@dataclass(frozen=True)
class Supply:
    providers: tuple[Provider, ...] = ()
    latest_end: date | None = None  # last day of the latest period with a value
    coverage: float | None = None  # share of expected base values behind it (None: no value)


@dataclass(frozen=True)
class Limits:
    coverage: float = 0.8
    periods_late: int = 2


@dataclass(frozen=True)
class Verdict:
    status: Status
    reasons: tuple[Reason, ...] = field(default=())


def stale_after(latest_end: date, frequency: str, periods_late: int) -> date:
    """The last day on which a value for a period ending ``latest_end`` is still timely."""
    months = 12 // PER_YEAR[frequency] * periods_late
    month_index = latest_end.month - 1 + months
    year, month = latest_end.year + month_index // 12, month_index % 12 + 1
    # The same day of the month, or the month's last day when it is shorter.
    return date(year, month, min(latest_end.day, monthrange(year, month)[1]))


def judge(need: Need, supply: Supply, today: date, limits: Limits = Limits()) -> Verdict:
    reasons: list[Reason] = []
    owned = [p for p in supply.providers if p.owned]
    if not supply.providers:
        reasons.append(Reason.NO_DATASET)
    elif not owned:
        reasons.append(Reason.NO_OWNER)
    else:
        # Frequency is judged among the datasets that reach the level needed: a monthly
        # province series beside a yearly district one does not give monthly district values.
        fine = [p for p in owned if DEPTH[p.level] >= DEPTH[need.level]]
        if max(PER_YEAR[p.frequency] for p in fine or owned) < PER_YEAR[need.frequency]:
            reasons.append(Reason.TOO_RARE)
        if not fine:
            reasons.append(Reason.TOO_COARSE)
        if supply.latest_end is not None and today > stale_after(
            supply.latest_end, need.frequency, limits.periods_late
        ):
            reasons.append(Reason.STALE)
        if supply.coverage is None or supply.coverage < limits.coverage:
            reasons.append(Reason.LOW_COVERAGE)
    if not reasons:
        return Verdict(Status.AVAILABLE)
    if need.outside_authority:
        reasons.append(Reason.OUTSIDE_AUTHORITY)
    missing = reasons[0] in (Reason.NO_DATASET, Reason.NO_OWNER)
    return Verdict(Status.MISSING if missing else Status.INCOMPLETE, tuple(reasons))
