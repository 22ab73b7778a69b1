"""Every rule of ``rules.judge`` and every boundary: staleness limit, coverage threshold,
frequency equal/finer/coarser, area level equal/finer/coarser."""

from __future__ import annotations

from datetime import date

import pytest

from oneplan.valuechains.rules import (
    Limits,
    Need,
    Provider,
    Reason,
    Status,
    Supply,
    judge,
    stale_after,
)

TODAY = date(2026, 11, 20)
RECENT = date(2026, 10, 31)  # timely for any frequency on TODAY
YEARLY_PROVINCE = Need("year", "province")
OWNED = Provider("year", "province", owned=True)


def supply(*providers: Provider, end: date | None = date(2025, 12, 31), cover: float = 1.0):
    return Supply(tuple(providers), end, cover if end is not None else None)


def test_met_in_every_respect_is_available_with_no_reason() -> None:
    verdict = judge(YEARLY_PROVINCE, supply(OWNED), TODAY)
    assert verdict.status is Status.AVAILABLE
    assert verdict.reasons == ()


def test_no_dataset_is_missing() -> None:
    verdict = judge(YEARLY_PROVINCE, Supply(), TODAY)
    assert (verdict.status, verdict.reasons) == (Status.MISSING, (Reason.NO_DATASET,))


def test_datasets_without_an_owner_are_missing() -> None:
    unowned = Provider("month", "village", owned=False)
    verdict = judge(YEARLY_PROVINCE, supply(unowned), TODAY)
    assert (verdict.status, verdict.reasons) == (Status.MISSING, (Reason.NO_OWNER,))


def test_an_unowned_dataset_does_not_count_beside_an_owned_one() -> None:
    # The owned one is yearly; the monthly one has no owner: monthly need is not met.
    need = Need("month", "province")
    providers = (OWNED, Provider("month", "province", owned=False))
    verdict = judge(need, supply(*providers, end=RECENT), TODAY)
    assert verdict.reasons == (Reason.TOO_RARE,)


@pytest.mark.parametrize(
    ("provided", "needed", "rare"),
    [
        ("year", "year", False),  # equal
        ("month", "year", False),  # finer than needed
        ("quarter", "month", True),  # coarser than needed
        ("fiscal_year", "year", False),  # fiscal and calendar years are as often
        ("fiscal_quarter", "quarter", False),
        ("year", "quarter", True),
    ],
)
def test_frequency_equal_finer_coarser(provided: str, needed: str, rare: bool) -> None:
    need = Need(needed, "province")
    verdict = judge(need, supply(Provider(provided, "province", True), end=RECENT), TODAY)
    assert (Reason.TOO_RARE in verdict.reasons) is rare
    assert verdict.status is (Status.INCOMPLETE if rare else Status.AVAILABLE)


@pytest.mark.parametrize(
    ("provided", "needed", "coarse"),
    [
        ("district", "district", False),  # equal
        ("subdistrict", "district", False),  # finer than needed
        ("province", "district", True),  # coarser than needed
        ("local_government", "subdistrict", False),  # the same depth
        ("subdistrict", "village", True),
        ("province_group", "province", True),
    ],
)
def test_area_level_equal_finer_coarser(provided: str, needed: str, coarse: bool) -> None:
    need = Need("year", needed)
    verdict = judge(need, supply(Provider("year", provided, True)), TODAY)
    assert (Reason.TOO_COARSE in verdict.reasons) is coarse


def test_frequency_is_judged_at_the_level_needed() -> None:
    # Monthly for the province and yearly for districts: no monthly district values.
    need = Need("month", "district")
    providers = (Provider("month", "province", True), Provider("year", "district", True))
    assert judge(need, supply(*providers, end=RECENT), TODAY).reasons == (Reason.TOO_RARE,)
    both = (*providers, Provider("month", "subdistrict", True))
    assert judge(need, supply(*both, end=RECENT), TODAY).status is Status.AVAILABLE
    coarse_only = (Provider("month", "province", True),)
    assert judge(need, supply(*coarse_only, end=RECENT), TODAY).reasons == (Reason.TOO_COARSE,)


@pytest.mark.parametrize(
    ("frequency", "end", "limit"),
    [
        ("year", date(2024, 12, 31), date(2026, 12, 31)),  # two years
        ("month", date(2026, 8, 31), date(2026, 10, 31)),  # two months
        ("quarter", date(2026, 3, 31), date(2026, 9, 30)),  # six months, shorter month
        ("month", date(2025, 12, 31), date(2026, 2, 28)),  # into a short February
        ("fiscal_year", date(2024, 9, 30), date(2026, 9, 30)),
    ],
)
def test_the_staleness_limit_is_that_many_periods_of_the_needed_frequency(
    frequency: str, end: date, limit: date
) -> None:
    assert stale_after(end, frequency, 2) == limit


def test_exactly_at_the_staleness_limit_is_not_stale_and_a_day_after_is() -> None:
    end = date(2024, 12, 31)
    limit = stale_after(end, "year", 2)
    at = judge(YEARLY_PROVINCE, supply(OWNED, end=end), limit)
    after = judge(YEARLY_PROVINCE, supply(OWNED, end=end), date.fromordinal(limit.toordinal() + 1))
    assert at.status is Status.AVAILABLE
    assert (after.status, after.reasons) == (Status.INCOMPLETE, (Reason.STALE,))


def test_the_staleness_limit_follows_the_area_s_setting() -> None:
    end = date(2025, 6, 30)  # a year and a half old on TODAY
    strict = judge(YEARLY_PROVINCE, supply(OWNED, end=end), TODAY, Limits(periods_late=1))
    lenient = judge(YEARLY_PROVINCE, supply(OWNED, end=end), TODAY, Limits(periods_late=2))
    assert strict.reasons == (Reason.STALE,)
    assert lenient.status is Status.AVAILABLE


def test_exactly_at_the_coverage_threshold_is_enough_and_below_is_not() -> None:
    limits = Limits(coverage=0.8)
    at = judge(YEARLY_PROVINCE, supply(OWNED, cover=0.8), TODAY, limits)
    below = judge(YEARLY_PROVINCE, supply(OWNED, cover=0.7999), TODAY, limits)
    assert at.status is Status.AVAILABLE
    assert (below.status, below.reasons) == (Status.INCOMPLETE, (Reason.LOW_COVERAGE,))


def test_a_catalogued_indicator_without_any_value_is_incomplete_for_coverage() -> None:
    verdict = judge(YEARLY_PROVINCE, supply(OWNED, end=None), TODAY)
    assert (verdict.status, verdict.reasons) == (Status.INCOMPLETE, (Reason.LOW_COVERAGE,))


def test_every_shortfall_is_named_at_once_in_a_fixed_order() -> None:
    need = Need("month", "subdistrict")
    old = supply(Provider("year", "province", True), end=date(2020, 12, 31), cover=0.5)
    assert judge(need, old, TODAY).reasons == (
        Reason.TOO_RARE,
        Reason.TOO_COARSE,
        Reason.STALE,
        Reason.LOW_COVERAGE,
    )


def test_outside_authority_is_added_to_a_gap_but_never_makes_one() -> None:
    outside = Need("year", "province", outside_authority=True)
    assert judge(outside, supply(OWNED), TODAY).status is Status.AVAILABLE
    verdict = judge(outside, Supply(), TODAY)
    assert (verdict.status, verdict.reasons) == (
        Status.MISSING,
        (Reason.NO_DATASET, Reason.OUTSIDE_AUTHORITY),
    )
