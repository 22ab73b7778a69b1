"""Every KPI status and trend rule at its boundaries (oneplan/stats/kpi/rules.py)."""

from __future__ import annotations

import pytest

from oneplan.stats.kpi.rules import (
    Direction,
    Status,
    Trend,
    allowance,
    projection,
    status,
    trend,
)

H, L, B = Direction.HIGHER, Direction.LOWER, Direction.BAND


@pytest.mark.parametrize(
    ("direction", "target", "actual", "expected"),
    [
        # higher is better: meeting the target exactly is achieved
        (H, 100, 100, Status.ACHIEVED),
        (H, 100, 120, Status.ACHIEVED),
        (H, 100, 95, Status.ON_TRACK),  # exactly at the 5% tolerance
        (H, 100, 94.99, Status.OFF_TRACK),  # just beyond it
        # lower is better
        (L, 10, 10, Status.ACHIEVED),
        (L, 10, 7, Status.ACHIEVED),
        (L, 10, 10.5, Status.ON_TRACK),
        (L, 10, 10.51, Status.OFF_TRACK),
        # a band: within the tolerance either side is achieved, within twice it on track
        (B, 50, 52.5, Status.ACHIEVED),
        (B, 50, 47.5, Status.ACHIEVED),
        (B, 50, 52.51, Status.ON_TRACK),
        (B, 50, 55, Status.ON_TRACK),
        (B, 50, 44.99, Status.OFF_TRACK),
        # negative targets use the size of the target
        (H, -20, -21, Status.ON_TRACK),
        (H, -20, -22, Status.OFF_TRACK),
    ],
)
def test_status_against_target(direction, target, actual, expected):
    assert status(direction, target, actual, tolerance_percent=5) is expected


def test_no_actual_is_no_data_whatever_the_rest():
    assert status(H, 100, None, tolerance_percent=5, year_open=True) is Status.NO_DATA


def test_zero_target_takes_the_tolerance_in_units():
    assert allowance(0, 5) == 5
    assert status(L, 0, 5, tolerance_percent=5) is Status.ON_TRACK
    assert status(L, 0, 5.01, tolerance_percent=5) is Status.OFF_TRACK
    assert status(L, 0, 0, tolerance_percent=5) is Status.ACHIEVED


def test_no_tolerance_means_any_miss_is_off_track():
    assert status(H, 100, 99.999, tolerance_percent=0) is Status.OFF_TRACK


@pytest.mark.parametrize(
    ("year_open", "moved", "expected"),
    [
        (True, Trend.IMPROVING, Status.ON_TRACK),
        (True, Trend.STEADY, Status.OFF_TRACK),
        (True, Trend.WORSENING, Status.OFF_TRACK),
        (True, None, Status.OFF_TRACK),
        (False, Trend.IMPROVING, Status.OFF_TRACK),  # a closed year is judged on its value
    ],
)
def test_open_year_with_improving_trend_is_on_track(year_open, moved, expected):
    assert status(H, 100, 80, tolerance_percent=5, year_open=year_open, trend=moved) is expected


@pytest.mark.parametrize(
    ("direction", "earlier", "later", "target", "expected"),
    [
        (H, 100, 101, None, Trend.IMPROVING),
        (H, 100, 100.5, None, Trend.STEADY),  # exactly the 0.5% steady margin
        (H, 100, 99.4, None, Trend.WORSENING),
        (L, 100, 99, None, Trend.IMPROVING),
        (L, 100, 101, None, Trend.WORSENING),
        (B, 40, 45, 50, Trend.IMPROVING),  # closer to the band's target
        (B, 55, 60, 50, Trend.WORSENING),
        (B, 45, 55, 50, Trend.STEADY),  # as far on the other side
        (H, 0, 0, None, Trend.STEADY),
        (H, 0, 1, None, Trend.IMPROVING),
    ],
)
def test_trend(direction, earlier, later, target, expected):
    assert trend(direction, earlier, later, target) is expected


def test_trend_needs_two_values_and_a_band_needs_its_target():
    assert trend(H, None, 3) is None
    assert trend(H, 3, None) is None
    assert trend(B, 3, 4, None) is None


def test_projection_runs_a_part_year_at_its_rate():
    assert projection(330, 3, 12) == 1320
    assert projection(330, 12, 12) is None  # complete: nothing to project
    assert projection(330, 0, 12) is None


@pytest.mark.parametrize(
    ("projected", "year_open", "expected"),
    [
        (95, True, Status.ON_TRACK),  # exactly at the tolerance
        (94.9, True, Status.OFF_TRACK),
        (130, False, Status.OFF_TRACK),  # a closed year ignores projections
        (None, True, Status.OFF_TRACK),
    ],
)
def test_projection_can_put_an_open_year_on_track_never_achieved(projected, year_open, expected):
    assert (
        status(H, 100, 30, tolerance_percent=5, year_open=year_open, projected=projected)
        is expected
    )
