"""Tests for oneplan.lib.thaidate: years, fiscal periods, Period codes and formatting."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneplan.lib.thaidate import (
    ENGLISH_MONTHS,
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    Period,
    PeriodKind,
    ThaiDateError,
    be_to_ce,
    ce_to_be,
    fiscal_quarter,
    fiscal_quarter_bounds,
    fiscal_quarters_of,
    fiscal_year,
    fiscal_year_bounds,
    format_be_year,
    format_date,
    format_fiscal_year,
    format_period,
    from_thai_digits,
    months_of,
    periods_between,
    to_thai_digits,
)

K = PeriodKind


# --- years -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("be", "ce"), [(2568, 2025), (2569, 2026), (2557, 2014), (2343, 1800), (3243, 2700)]
)
def test_year_conversion_both_ways(be: int, ce: int) -> None:
    assert be_to_ce(be) == ce
    assert ce_to_be(ce) == be


@pytest.mark.parametrize(
    ("func", "year", "match"),
    [
        (be_to_ce, 2342, "Buddhist Era year must be between 2343 and 3243"),
        (be_to_ce, 3244, "Buddhist Era year must be between 2343 and 3243"),
        (be_to_ce, 2025, "looks like a CE year"),
        (ce_to_be, 1799, "year must be between 1800 and 2700 CE"),
        (ce_to_be, 2701, "year must be between 1800 and 2700 CE"),
    ],
)
def test_year_conversion_out_of_range(func: Callable[[int], int], year: int, match: str) -> None:
    with pytest.raises(ThaiDateError, match=match) as info:
        func(year)
    assert info.value.text == str(year)


def test_error_is_value_error_and_pickles() -> None:
    err = ThaiDateError("31 เม.ย. 2557", "April has 30 days")
    assert isinstance(err, ValueError)
    assert str(err) == "'31 เม.ย. 2557': April has 30 days"
    clone = pickle.loads(pickle.dumps(err))
    assert (clone.text, clone.reason, str(clone)) == (err.text, err.reason, str(err))


# --- fiscal years ----------------------------------------------------------------------------

# Written out by hand so the loop below checks the code against an independent table.
QUARTER_TABLE = [
    (2024, 1, date(2023, 10, 1), date(2023, 12, 31)),
    (2024, 2, date(2024, 1, 1), date(2024, 3, 31)),
    (2024, 3, date(2024, 4, 1), date(2024, 6, 30)),
    (2024, 4, date(2024, 7, 1), date(2024, 9, 30)),
    (2025, 1, date(2024, 10, 1), date(2024, 12, 31)),
    (2025, 2, date(2025, 1, 1), date(2025, 3, 31)),
    (2025, 3, date(2025, 4, 1), date(2025, 6, 30)),
    (2025, 4, date(2025, 7, 1), date(2025, 9, 30)),
    (2026, 1, date(2025, 10, 1), date(2025, 12, 31)),
    (2026, 2, date(2026, 1, 1), date(2026, 3, 31)),
    (2026, 3, date(2026, 4, 1), date(2026, 6, 30)),
    (2026, 4, date(2026, 7, 1), date(2026, 9, 30)),
    (2027, 1, date(2026, 10, 1), date(2026, 12, 31)),
    (2027, 2, date(2027, 1, 1), date(2027, 3, 31)),
    (2027, 3, date(2027, 4, 1), date(2027, 6, 30)),
    (2027, 4, date(2027, 7, 1), date(2027, 9, 30)),
]


@pytest.mark.parametrize("fy", [2024, 2025, 2026, 2027])
def test_every_day_of_fiscal_year_maps_to_its_quarter(fy: int) -> None:
    rows = [row for row in QUARTER_TABLE if row[0] == fy]
    day, last = rows[0][2], rows[-1][3]
    seen = 0
    while day <= last:
        (quarter,) = [q for _, q, start, end in rows if start <= day <= end]
        assert fiscal_year(day) == fy, day
        assert fiscal_quarter(day) == (fy, quarter), day
        assert Period.for_date(day, K.FISCAL_QUARTER) == Period(K.FISCAL_QUARTER, fy, quarter)
        day += timedelta(days=1)
        seen += 1
    assert seen == (366 if fy == 2024 else 365)


@pytest.mark.parametrize(("fy", "quarter", "start", "end"), QUARTER_TABLE)
def test_fiscal_quarter_bounds_match_table(fy: int, quarter: int, start: date, end: date) -> None:
    assert fiscal_quarter_bounds(fy, quarter) == (start, end)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 9, 30), (2024, 4)),
        (date(2024, 10, 1), (2025, 1)),
        (date(2024, 2, 29), (2024, 2)),
        (date(2025, 12, 31), (2026, 1)),
        (date(2026, 1, 1), (2026, 2)),
        (date(2026, 3, 31), (2026, 2)),
        (date(2026, 4, 1), (2026, 3)),
        (date(2026, 6, 30), (2026, 3)),
        (date(2026, 7, 1), (2026, 4)),
    ],
)
def test_fiscal_boundaries(day: date, expected: tuple[int, int]) -> None:
    assert fiscal_quarter(day) == expected


def test_fiscal_year_bounds_fy2569_be() -> None:
    assert fiscal_year_bounds(be_to_ce(2569)) == (date(2025, 10, 1), date(2026, 9, 30))


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_fiscal_quarter_bounds_rejects_bad_quarter(quarter: int) -> None:
    with pytest.raises(ThaiDateError, match="quarter must be 1 to 4"):
        fiscal_quarter_bounds(2025, quarter)


# --- Period ----------------------------------------------------------------------------------

PERIODS = [
    ("2025", Period(K.YEAR, 2025), date(2025, 1, 1), date(2025, 12, 31)),
    ("2025-Q1", Period(K.QUARTER, 2025, 1), date(2025, 1, 1), date(2025, 3, 31)),
    ("2024-Q4", Period(K.QUARTER, 2024, 4), date(2024, 10, 1), date(2024, 12, 31)),
    ("2025-01", Period(K.MONTH, 2025, 1), date(2025, 1, 1), date(2025, 1, 31)),
    ("2024-02", Period(K.MONTH, 2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-06-13", Period(K.DAY, 2025, 6, 13), date(2025, 6, 13), date(2025, 6, 13)),
    ("FY2025", Period(K.FISCAL_YEAR, 2025), date(2024, 10, 1), date(2025, 9, 30)),
    ("FY2025-Q1", Period(K.FISCAL_QUARTER, 2025, 1), date(2024, 10, 1), date(2024, 12, 31)),
    ("FY2025-Q4", Period(K.FISCAL_QUARTER, 2025, 4), date(2025, 7, 1), date(2025, 9, 30)),
]


@pytest.mark.parametrize(("code", "period", "start", "end"), PERIODS)
def test_period_code_round_trip_and_bounds(
    code: str, period: Period, start: date, end: date
) -> None:
    assert Period.parse(code) == period
    assert period.code == code == str(period)
    assert (period.start, period.end) == (start, end)
    assert period.contains(start)
    assert period.contains(end)
    assert not period.contains(start - timedelta(days=1))
    assert not period.contains(end + timedelta(days=1))
    assert Period.for_date(start, period.kind) == period
    assert Period.for_date(end, period.kind) == period


def test_period_parse_tolerates_case_and_spaces() -> None:
    assert Period.parse("  fy2025-q1 ") == Period(K.FISCAL_QUARTER, 2025, 1)


@pytest.mark.parametrize(
    ("code", "match"),
    [
        ("2025-Q5", "quarter must be 1 to 4, got 5"),
        ("2025-Q0", "quarter must be 1 to 4, got 0"),
        ("FY25", "needs a 4-digit CE year"),
        ("25-Q1", "needs a 4-digit CE year"),
        ("2025-13", "month must be 1 to 12, got 13"),
        ("2025-00", "month must be 1 to 12, got 0"),
        ("2025-1", "month and day need two digits"),
        ("2025-02-29", "February has 28 days in 2568 BE"),
        ("2025-04-31", "April has 30 days"),
        ("FY2025-01", "expected a period code"),
        ("2025-Q1-01", "expected a period code"),
        ("2025/01", "expected a period code"),
        ("", "expected a period code"),
        ("1799", "year must be between 1800 and 2700"),
    ],
)
def test_period_parse_errors(code: str, match: str) -> None:
    with pytest.raises(ThaiDateError, match=match) as info:
        Period.parse(code)
    assert info.value.text == code


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((K.QUARTER, 2025, 0), "quarter must be 1 to 4"),
        ((K.YEAR, 2025, 1), "a whole year takes no number"),
        ((K.MONTH, 2025, 1, 5), "only a DAY period takes a day"),
        ((K.DAY, 2024, 2, 30), "February has 29 days in 2567 BE"),
        ((K.FISCAL_YEAR, 2701), "year must be between"),
    ],
)
def test_period_constructor_validates(args: tuple[PeriodKind, int], match: str) -> None:
    with pytest.raises(ThaiDateError, match=match):
        Period(*args)


@pytest.mark.parametrize(
    "chain",
    [
        ["2024-02-29", "2024-02", "2024-Q1", "2024"],
        ["2025-12-31", "2025-12", "2025-Q4", "2025"],
        ["2025-07", "2025-Q3", "2025"],
        ["FY2025-Q1", "FY2025"],
    ],
)
def test_parent_chain(chain: list[str]) -> None:
    period: Period | None = Period.parse(chain[0])
    walked = []
    while period is not None:
        walked.append(period.code)
        period = period.parent()
    assert walked == chain


def test_ordering() -> None:
    codes = ["2025-01", "FY2025-Q2", "2024-12-31", "2025", "FY2025", "2025-Q1", "2024-Q4"]
    ordered = sorted(Period.parse(c) for c in codes)
    assert [p.code for p in ordered] == [
        "FY2025",
        "2024-Q4",
        "2024-12-31",
        "2025",
        "2025-Q1",
        "FY2025-Q2",
        "2025-01",
    ]
    assert Period.parse("2025-01") < Period.parse("2025-02") <= Period.parse("2025-02")
    assert Period.parse("2026") > Period.parse("2025-12-31") >= Period.parse("2025-12-31")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-11", "2025-02", ["2024-11", "2024-12", "2025-01", "2025-02"]),
        ("2024-02-28", "2024-03-01", ["2024-02-28", "2024-02-29", "2024-03-01"]),
        ("FY2024-Q4", "FY2025-Q2", ["FY2024-Q4", "FY2025-Q1", "FY2025-Q2"]),
        ("2024-Q4", "2025-Q1", ["2024-Q4", "2025-Q1"]),
        ("FY2024", "FY2026", ["FY2024", "FY2025", "FY2026"]),
        ("2025", "2025", ["2025"]),
    ],
)
def test_periods_between(start: str, end: str, expected: list[str]) -> None:
    got = periods_between(Period.parse(start), Period.parse(end))
    assert [p.code for p in got] == expected


@pytest.mark.parametrize(
    ("start", "end", "match"),
    [
        ("2025", "2025-01", "same kind, got YEAR and MONTH"),
        ("FY2025", "2025", "same kind, got FISCAL_YEAR and YEAR"),
        ("2025-03", "2025-01", "end period is before the start"),
    ],
)
def test_periods_between_errors(start: str, end: str, match: str) -> None:
    with pytest.raises(ThaiDateError, match=match):
        periods_between(Period.parse(start), Period.parse(end))


def test_shift_and_helpers() -> None:
    assert Period.parse("FY2025-Q4").shift(1).code == "FY2026-Q1"
    assert Period.parse("2025-01").shift(-1).code == "2024-12"
    assert Period.parse("2024-12-31").shift(1).code == "2025-01-01"
    assert [p.code for p in fiscal_quarters_of(2025)] == [f"FY2025-Q{q}" for q in range(1, 5)]
    months = months_of(Period.parse("FY2025"))
    assert [p.code for p in months][:4] == ["2024-10", "2024-11", "2024-12", "2025-01"]
    assert len(months) == 12
    assert months[-1].code == "2025-09"
    assert months_of(Period.parse("2025-06-13")) == (Period.parse("2025-06"),)


PERIOD_KINDS = st.sampled_from(list(PeriodKind))


@given(kind=PERIOD_KINDS, day=st.dates(date(1801, 1, 1), date(2699, 12, 31)))
def test_property_code_round_trip(kind: PeriodKind, day: date) -> None:
    period = Period.for_date(day, kind)
    assert Period.parse(period.code) == period
    assert period.contains(day)


# --- Thai digits and month names ---------------------------------------------------------------


@pytest.mark.parametrize(("arabic", "thai"), list(zip("0123456789", "๐๑๒๓๔๕๖๗๘๙", strict=True)))
def test_each_thai_digit(arabic: str, thai: str) -> None:
    assert to_thai_digits(arabic) == thai
    assert from_thai_digits(thai) == arabic


def test_thai_digits_leave_other_text_alone() -> None:
    assert to_thai_digits("13 มิ.ย. 2557") == "๑๓ มิ.ย. ๒๕๕๗"
    assert from_thai_digits("๑๓ มิ.ย. ๒๕๕๗ abc") == "13 มิ.ย. 2557 abc"


def test_month_constants() -> None:
    assert len(THAI_MONTHS) == len(set(THAI_MONTHS)) == 12
    assert len(THAI_MONTHS_ABBR) == len(set(THAI_MONTHS_ABBR)) == 12
    assert all(abbr.endswith(".") for abbr in THAI_MONTHS_ABBR)
    assert (THAI_MONTHS[5], THAI_MONTHS_ABBR[5], ENGLISH_MONTHS[5]) == ("มิถุนายน", "มิ.ย.", "June")


# --- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "style", "thai", "expected"),
    [
        (date(2014, 6, 13), "long", False, "13 มิถุนายน 2557"),
        (date(2014, 6, 13), "short", False, "13 มิ.ย. 57"),
        (date(2014, 6, 13), "numeric", False, "13/06/2557"),
        (date(2014, 6, 13), "long", True, "๑๓ มิถุนายน ๒๕๕๗"),
        (date(2043, 1, 5), "short", False, "5 ม.ค. 86"),
        (date(2043, 1, 5), "numeric", True, "๐๕/๐๑/๒๕๘๖"),
        (date(2057, 12, 1), "short", False, "1 ธ.ค. 00"),
    ],
)
def test_format_date(day: date, style: str, thai: bool, expected: str) -> None:
    assert format_date(day, style, thai_digits=thai) == expected  # type: ignore[arg-type]


def test_format_date_rejects_unknown_style() -> None:
    with pytest.raises(ValueError, match="unknown style 'iso'"):
        format_date(date(2025, 1, 1), "iso")  # type: ignore[arg-type]


def test_format_years() -> None:
    assert format_be_year(2025) == "พ.ศ. 2568"
    assert format_be_year(2025, thai_digits=True) == "พ.ศ. ๒๕๖๘"
    assert format_fiscal_year(2025) == "ปีงบประมาณ 2568"
    assert format_fiscal_year(2025, lang="en") == "FY2025"
    assert format_fiscal_year(2025, thai_digits=True) == "ปีงบประมาณ ๒๕๖๘"
    with pytest.raises(ValueError, match="unknown lang 'fr'"):
        format_fiscal_year(2025, lang="fr")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "thai", "english"),
    [
        ("2025", "พ.ศ. 2568", "2025"),
        ("2025-Q1", "ไตรมาส 1/2568", "Q1 2025"),
        ("2014-06", "มิถุนายน 2557", "June 2014"),
        ("2014-06-13", "13 มิถุนายน 2557", "13 June 2014"),
        ("FY2025", "ปีงบประมาณ 2568", "FY2025"),
        ("FY2025-Q1", "ไตรมาส 1 ปีงบประมาณ 2568", "Q1 FY2025"),
    ],
)
def test_format_period(code: str, thai: str, english: str) -> None:
    period = Period.parse(code)
    assert format_period(period) == thai
    assert format_period(period, lang="en") == english
    assert format_period(period, thai_digits=True) == to_thai_digits(thai)
