"""Tests for oneplan.lib.thaiparse: parsing typed Thai dates, years, fiscal years and periods."""

from __future__ import annotations

from datetime import date

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
    format_date,
    format_period,
    to_thai_digits,
)
from oneplan.lib.thaiparse import parse_date, parse_fiscal_year, parse_period, parse_year

MONTHS = range(1, 13)

# --- parse_date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 มิ.ย. 57", date(2014, 6, 13)),
        ("13 มิ.ย. 2557", date(2014, 6, 13)),
        ("๑๖ กรกฎาคม ๒๕๕๗", date(2014, 7, 16)),
        ("16 ก.ค. 2557", date(2014, 7, 16)),
        ("2557-06-13", date(2014, 6, 13)),
        ("2014-06-13", date(2014, 6, 13)),
        ("13/06/2557", date(2014, 6, 13)),
        ("13/6/57", date(2014, 6, 13)),
        ("01/02/2557", date(2014, 2, 1)),
        ("1.2.2557", date(2014, 2, 1)),
        ("1-2-2557", date(2014, 2, 1)),
        ("2557/6/1", date(2014, 6, 1)),
        ("13/06/2014", date(2014, 6, 13)),
        ("วันที่ 13 มิ.ย. 2557", date(2014, 6, 13)),
        ("วันที่13 มิถุนายน พ.ศ. 2557", date(2014, 6, 13)),
        ("13 มิ.ย. พ.ศ.2557", date(2014, 6, 13)),
        ("13 มิ.ย. ค.ศ. 2014", date(2014, 6, 13)),
        ("13 มิ.ย. ค.ศ. 2450", date(2450, 6, 13)),
        ("13 มิ.ย. พ.ศ. 2350", date(1807, 6, 13)),
        ("  13   มิย   2557  ", date(2014, 6, 13)),
        ("13มิ.ย.57", date(2014, 6, 13)),
        ("13 มิ. ย. 57", date(2014, 6, 13)),
        ("13\u200bมิถุนายน\u00a02557", date(2014, 6, 13)),
        ("29 ก.พ. 2567", date(2024, 2, 29)),
        ("13 June 2014", date(2014, 6, 13)),
        ("13 jun 2557", date(2014, 6, 13)),
        ("1 ม.ค. 00", date(1957, 1, 1)),
        ("31 ธ.ค. 99", date(2056, 12, 31)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("month", MONTHS)
def test_every_full_month_name_round_trips(month: int) -> None:
    assert parse_date(f"1 {THAI_MONTHS[month - 1]} 2568") == date(2025, month, 1)
    assert parse_period(f"{THAI_MONTHS[month - 1]} 2568") == Period(PeriodKind.MONTH, 2025, month)


@pytest.mark.parametrize("month", MONTHS)
def test_every_abbreviation_round_trips_with_and_without_dots(month: int) -> None:
    abbr = THAI_MONTHS_ABBR[month - 1]
    assert parse_date(f"2 {abbr} 68") == date(2025, month, 2)
    assert parse_date(f"2 {abbr.replace('.', '')} 68") == date(2025, month, 2)
    assert parse_date(format_date(date(2025, month, 2), "short")) == date(2025, month, 2)


@pytest.mark.parametrize("month", MONTHS)
def test_every_english_month_name(month: int) -> None:
    name = ENGLISH_MONTHS[month - 1]
    assert parse_date(f"3 {name} 2025") == date(2025, month, 3)
    assert parse_date(f"3 {name[:3].upper()} 2025") == date(2025, month, 3)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("31 เม.ย. 2557", "^'31 เม.ย. 2557': April has 30 days$"),
        ("31/04/2557", "April has 30 days"),
        ("29 ก.พ. 2557", "February has 28 days in 2557 BE"),
        ("32 ม.ค. 2557", "January has 31 days"),
        ("0 ม.ค. 2557", "day must be at least 1"),
        ("13/13/2557", "month must be 1 to 12, got 13"),
        ("13 มิถุนา 2557", "unknown month name 'มิถุนา'"),
        ("13 foo 2557", "unknown month name 'foo'"),
        ("5/6", "no year given"),
        ("13 มิ.ย.", "no year given"),
        ("2557", "a year alone is not a date"),
        ("มิ.ย. 2557", "no day given"),
        ("13/06/557", "a year needs 4 digits"),
        ("13/06/5", "a year needs 4 digits"),
        ("13 มิ.ย. ค.ศ. 14", "two-digit years are Buddhist Era"),
        ("57-06-13", "numeric dates are day/month/year"),
        ("13/06-2557", "expected a date such as"),
        ("13/06/2557 10:00", "expected a date such as"),
        ("", "empty input"),
        ("วันที่", "empty input"),
        ("1 ม.ค. 1500", "year must be between 1800 and 2700"),
        ("1 ม.ค. 3300", "Buddhist Era year must be between 2343 and 3243"),
        ("1 ม.ค. พ.ศ. 2000", "looks like a CE year"),
    ],
)
def test_parse_date_rejects(text: str, match: str) -> None:
    with pytest.raises(ThaiDateError, match=match) as info:
        parse_date(text)
    assert info.value.text == text


def test_error_keeps_original_unnormalised_text() -> None:
    with pytest.raises(ThaiDateError) as info:
        parse_date(" ๓๑  เม.ย. ๒๕๕๗ ")
    assert info.value.text == " ๓๑  เม.ย. ๒๕๕๗ "
    assert info.value.reason == "April has 30 days"


# --- parse_year / parse_fiscal_year ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2568", 2025),
        ("๒๕๖๘", 2025),
        ("พ.ศ. 2568", 2025),
        ("พศ 2568", 2025),
        ("พ.ศ. 68", 2025),
        ("ค.ศ. 2025", 2025),
        ("2025", 2025),
        ("2399", 2399),
        ("2400", 1857),
        ("ค.ศ. 2450", 2450),
        ("ปี 2568", 2025),
    ],
)
def test_parse_year(text: str, expected: int) -> None:
    assert parse_year(text) == expected


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("68", "ambiguous two-digit year: write the full year"),
        ("ค.ศ. 25", "two-digit years are Buddhist Era"),
        ("256", "a year needs 4 digits"),
        ("25680", "a year needs 4 digits"),
        ("1799", "year must be between 1800 and 2700"),
        ("พ.ศ. 2025", "looks like a CE year"),
        ("ปีหน้า", "expected a year such as 2568"),
        ("", "expected a year such as 2568"),
    ],
)
def test_parse_year_rejects(text: str, match: str) -> None:
    with pytest.raises(ThaiDateError, match=match):
        parse_year(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ปีงบประมาณ 2568", 2025),
        ("ปีงบประมาณ พ.ศ. 2568", 2025),
        ("ปีงบประมาณ ๒๕๖๘", 2025),
        ("ปีงบ 68", 2025),
        ("ปีงบฯ 2569", 2026),
        ("งบประมาณ 2568", 2025),
        ("FY2025", 2025),
        ("fy 2025", 2025),
        ("FY2568", 2025),
        ("2568", 2025),
        ("2025", 2025),
    ],
)
def test_parse_fiscal_year(text: str, expected: int) -> None:
    assert parse_fiscal_year(text) == expected


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("FY25", "ambiguous two-digit fiscal year"),
        ("68", "ambiguous two-digit year"),
        ("ปีงบประมาณ", "expected a fiscal year such as"),
        ("ปีงบประมาณ หน้า", "expected a fiscal year such as"),
        ("FY", "expected a fiscal year such as"),
        ("ปีงบ 6", "a year needs 4 digits"),
    ],
)
def test_parse_fiscal_year_rejects(text: str, match: str) -> None:
    with pytest.raises(ThaiDateError, match=match):
        parse_fiscal_year(text)


# --- parse_period ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ไตรมาส 1 ปีงบประมาณ 2568", "FY2025-Q1"),
        ("ไตรมาสที่ 4 ปีงบ 68", "FY2025-Q4"),
        ("Q1 FY2025", "FY2025-Q1"),
        ("FY2025-Q1", "FY2025-Q1"),
        ("FY2568-Q2", "FY2025-Q2"),
        ("ไตรมาส 2/2568", "2025-Q2"),
        ("ไตรมาส ๒/๒๕๖๘", "2025-Q2"),
        ("Q3 2025", "2025-Q3"),
        ("2025-Q4", "2025-Q4"),
        ("2568-Q4", "2025-Q4"),
        ("มิถุนายน 2557", "2014-06"),
        ("มิ.ย. 57", "2014-06"),
        ("มิถุนายน พ.ศ. 2557", "2014-06"),
        ("June 2014", "2014-06"),
        ("2014-06", "2014-06"),
        ("2557-6", "2014-06"),
        ("ปีงบประมาณ 2568", "FY2025"),
        ("FY2025", "FY2025"),
        ("พ.ศ. 2568", "2025"),
        ("2568", "2025"),
        ("2025", "2025"),
        ("13 มิ.ย. 57", "2014-06-13"),
        ("วันที่ 13/06/2557", "2014-06-13"),
        ("2025-06-13", "2025-06-13"),
    ],
)
def test_parse_period(text: str, code: str) -> None:
    assert parse_period(text).code == code


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("2025-Q5", "quarter must be 1 to 4, got 5"),
        ("ไตรมาส 5 ปีงบประมาณ 2568", "quarter must be 1 to 4, got 5"),
        ("FY25", "ambiguous two-digit fiscal year"),
        ("2025-13", "month must be 1 to 12, got 13"),
        ("ไตรมาส 2/68", "ambiguous two-digit year"),
        ("ไตรมาส 2568", "expected a quarter such as"),
        ("มิถุนา 2557", "unknown month name"),
        ("5/6", "no year given"),
        ("next year", "expected a period such as"),
        ("", "expected a period such as"),
    ],
)
def test_parse_period_rejects(text: str, match: str) -> None:
    with pytest.raises(ThaiDateError, match=match) as info:
        parse_period(text)
    assert info.value.text == text


# --- properties ------------------------------------------------------------------------------

WIDE = st.dates(date(1900, 1, 1), date(2200, 12, 31))
# A two-digit year means 25xx BE, so short style only round-trips for BE 2500-2599.
SHORT_WINDOW = st.dates(date(1957, 1, 1), date(2056, 12, 31))


@given(day=WIDE, style=st.sampled_from(["long", "numeric"]), thai=st.booleans())
def test_property_format_then_parse(day: date, style: str, thai: bool) -> None:
    assert parse_date(format_date(day, style, thai_digits=thai)) == day  # type: ignore[arg-type]


@given(day=SHORT_WINDOW, thai=st.booleans())
def test_property_short_format_then_parse(day: date, thai: bool) -> None:
    assert parse_date(format_date(day, "short", thai_digits=thai)) == day


@given(
    day=WIDE,
    kind=st.sampled_from(list(PeriodKind)),
    lang=st.sampled_from(["th", "en"]),
    thai=st.booleans(),
)
def test_property_format_period_then_parse(
    day: date, kind: PeriodKind, lang: str, thai: bool
) -> None:
    period = Period.for_date(day, kind)
    label = format_period(period, lang, thai_digits=thai)  # type: ignore[arg-type]
    assert parse_period(label) == period
    assert parse_period(period.code) == period


def test_thai_digit_input_equals_arabic_input() -> None:
    for text in ["13 มิ.ย. 2557", "13/6/57", "2557-06-13"]:
        assert parse_date(to_thai_digits(text)) == parse_date(text)
