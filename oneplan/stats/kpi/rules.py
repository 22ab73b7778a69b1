"""KPI status against a target, and the trend between years: the one place these rules live.

Plain Python (no Django), so the rules read as a specification and are tested at every boundary.

Status of an actual value against a fiscal year's target (``tolerance`` is the indicator's
tolerance in percent of the target):

* **no data**: there is no actual value for the year.
* **achieved**: higher is better and actual ≥ target; lower is better and actual ≤ target; a
  target band and the actual within the tolerance of the target (inclusive).
* **on track**: not achieved, but either
  - the miss is within the tolerance (a band: within twice the tolerance), or
  - the year is still open (its fiscal year has not ended) and
    either the trend moves towards the target or the value *projected* for the whole year
    (see below) meets the target within the tolerance;
* **off track**: everything else.

An open year's incomplete sum (three months of twelve, say) is projected at its run
rate, value × expected / received; the projection, never the part-year value, is what the trend
compares with the year before, and it can make an open year on track but never achieved.

When the target is 0 the tolerance is taken in the indicator's own units (a tolerance of 5 allows
a miss of 5), since a percentage of zero allows nothing.

Trend between two consecutive values: **improving** when the value moved the better way by more
than ``STEADY_PERCENT`` of the earlier value, **worsening** when it moved the worse way, else
**steady**; for a band, better means closer to the target.
"""

from __future__ import annotations

from enum import StrEnum

STEADY_PERCENT = 0.5


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    BAND = "band"


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


class Trend(StrEnum):
    IMPROVING = "improving"
    STEADY = "steady"
    WORSENING = "worsening"


def allowance(target: float, tolerance_percent: float) -> float:
    """How far from ``target`` still counts as near it."""
    if target == 0:
        return abs(tolerance_percent)
    return abs(target) * abs(tolerance_percent) / 100


def shortfall(direction: Direction, target: float, actual: float) -> float:
    """How far ``actual`` falls short of ``target`` the wrong way (0 when it meets it)."""
    if direction is Direction.HIGHER:
        return max(0.0, target - actual)
    if direction is Direction.LOWER:
        return max(0.0, actual - target)
    return abs(actual - target)


def status(
    direction: Direction,
    target: float,
    actual: float | None,
    *,
    tolerance_percent: float = 0.0,
    year_open: bool = False,
    trend: Trend | None = None,
    projected: float | None = None,
) -> Status:
    """The status of ``actual`` against ``target`` (see the module's rules)."""
    if actual is None:
        return Status.NO_DATA
    miss = shortfall(direction, target, actual)
    near = allowance(target, tolerance_percent)
    if direction is Direction.BAND:
        if miss <= near:
            return Status.ACHIEVED
        near *= 2
    elif miss == 0:
        return Status.ACHIEVED
    if miss <= near:
        return Status.ON_TRACK
    if year_open and (
        trend is Trend.IMPROVING
        or (projected is not None and shortfall(direction, target, projected) <= near)
    ):
        return Status.ON_TRACK
    return Status.OFF_TRACK


def projection(value: float, received: int, expected: int) -> float | None:
    """The whole-year value a part-year sum is heading for (None when nothing is missing)."""
    if received <= 0 or expected <= received:
        return None
    return value * expected / received


def trend(
    direction: Direction, earlier: float | None, later: float | None, target: float | None = None
) -> Trend | None:
    """Which way the value moved from ``earlier`` to ``later`` (None without both values)."""
    if earlier is None or later is None:
        return None
    if direction is Direction.BAND:
        if target is None:
            return None
        gain = abs(earlier - target) - abs(later - target)
    elif direction is Direction.HIGHER:
        gain = later - earlier
    else:
        gain = earlier - later
    steady = abs(earlier) * STEADY_PERCENT / 100
    if abs(gain) <= steady:
        return Trend.STEADY
    return Trend.IMPROVING if gain > 0 else Trend.WORSENING
