"""Parse the Thai dates, years, fiscal years and periods that users type; results use CE years.

Every parser first converts Thai digits to Arabic, drops zero-width spaces and collapses
whitespace. Errors are ``ThaiDateError`` carrying the original text and an English reason.
Rules, chosen so that no input is silently read two ways:

* Four-digit years: >= 2400 is Buddhist Era, < 2400 is Common Era ("2557" -> 2014,
  "2014" -> 2014). A written era overrides: "พ.ศ." forces BE, "ค.ศ." forces CE. So BE 2343-2399
  and CE 2400-2700 must carry their era. Years must fall in CE 1800-2700.
* Two-digit years mean BE 25xx ("57" -> 2557 -> 2014), because Thai users write short BE years.
  They are accepted only where the context says "this is a year in a Thai date": in dates
  ("13/6/57", "13 มิ.ย. 57"), after a month name ("มิ.ย. 57"), after ปีงบประมาณ / ปีงบ /
  งบประมาณ ("ปีงบ 68") and after "พ.ศ.". A bare two-digit year ("68", "ไตรมาส 2/68", "FY25")
  is rejected as ambiguous (BE 2568 or CE 2025?), and so is a two-digit year after "ค.ศ.".
  Years of 1, 3 or 5+ digits are rejected.
* Numeric dates are day/month/year, never month/day: "01/02/2557" is 1 February 2557.
  Separators are "/", "-" or "." (the same one twice). A 4-digit first field means
  year-month-day instead ("2557-06-13", "2014-06-13").
* A date needs a day, a month and a year: "5/6" and "13 มิ.ย." (no year), "มิ.ย. 2557" (no day)
  and a bare year "2557" are rejected rather than guessed. Use ``parse_period`` for those.
* Month names: Thai full names, Thai abbreviations with or without dots ("มิ.ย.", "มิย"),
  English names and three-letter English abbreviations, case-insensitive.
* Fiscal years: "FY" + 4 digits ("FY2025", "FY2568" is BE), a Thai prefix ปีงบประมาณ / ปีงบ /
  งบประมาณ (optionally followed by "พ.ศ."), or a bare 4-digit year.
* Quarters: "ไตรมาส 2/2568" and "Q2 2025" are calendar quarters; a quarter followed by a fiscal
  year ("ไตรมาส 1 ปีงบประมาณ 2568", "Q1 FY2025", "FY2025-Q1") is a fiscal quarter.
* Period codes go through the same year rules, so "2568-Q1" is calendar 2025-Q1; use
  ``Period.parse`` for canonical codes whose years are always CE.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from oneplan.lib.thaidate import (
    ENGLISH_MONTHS,
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    Period,
    PeriodKind,
    ThaiDateError,
    _check_ce,
    _check_day,
    _check_month,
    _check_quarter,
    _reporting,
    be_to_ce,
    from_thai_digits,
)

__all__ = ["parse_date", "parse_fiscal_year", "parse_period", "parse_year"]

Era = Literal["BE", "CE"] | None

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACE = re.compile(r"\s+")
_ERA = r"(?:(?P<be>พ)|ค)\.? ?ศ\.?"
_LEADING_ERA = re.compile(rf"{_ERA} ?(?P<rest>.*)")
_TRAILING_ERA = re.compile(rf"(?P<rest>.*?) ?{_ERA}")
# re.ASCII keeps \d and \D to 0-9: int() would otherwise accept any Unicode digit.
_NUMERIC = re.compile(r"(\d+)([/.-])(\d+)(?:\2(\d+))?", re.ASCII)
_TEXTUAL = re.compile(r"(\d{1,2}) ?(\D+?) ?(\d+)?", re.ASCII)
_NAME_YEAR = re.compile(r"(\D+?) ?(\d+)", re.ASCII)
_YEAR = re.compile(rf"(?:ปี ?)?(?:{_ERA} ?)?\d+", re.ASCII)
_FY_CODE = re.compile(r"FY ?(\d+)", re.ASCII | re.IGNORECASE)
_FY_THAI = re.compile(r"(?:ปีงบประมาณ|ปีงบฯ?|งบประมาณ) ?(.*)")
_FISCAL_START = re.compile(r"FY|ปีงบ|งบประมาณ", re.IGNORECASE)
_QUARTER_CODE = re.compile(r"(.+?) ?-Q ?(\d+)", re.ASCII | re.IGNORECASE)
_QUARTER_WORD = re.compile(
    r"(?:ไตรมาส(?:ที่)?|Q) ?(\d+)(?!\d) ?(?:/ ?)?(.+)", re.ASCII | re.IGNORECASE
)
_QUARTER_START = re.compile(r"ไตรมาส|Q\d", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)

_DATE_HELP = "expected a date such as 13 มิ.ย. 2557, 13/06/2557 or 2557-06-13"
_YEAR_HELP = "expected a year such as 2568, พ.ศ. 2568 or ค.ศ. 2025"
_FISCAL_HELP = "expected a fiscal year such as ปีงบประมาณ 2568, FY2025 or 2568"
_PERIOD_HELP = (
    "expected a period such as พ.ศ. 2568, ปีงบประมาณ 2568, ไตรมาส 1 ปีงบประมาณ 2568, "
    "ไตรมาส 2/2568, มิถุนายน 2557, 13 มิ.ย. 2557 or a code such as FY2025-Q1"
)


def _month_key(name: str) -> str:
    return name.replace(".", "").replace(" ", "").casefold()


_MONTHS = {
    _month_key(name): number
    for number, names in enumerate(
        zip(THAI_MONTHS, THAI_MONTHS_ABBR, ENGLISH_MONTHS, strict=True), start=1
    )
    for name in (*names, names[2][:3])
}


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", from_thai_digits(text).translate(_ZERO_WIDTH)).strip()


def _split_era(s: str, pattern: re.Pattern[str]) -> tuple[Era, str]:
    m = pattern.fullmatch(s)
    if m is None:
        return None, s
    return ("BE" if m["be"] else "CE"), m["rest"]


def _year(digits: str, era: Era, *, short_ok: bool) -> int:
    """CE year from a run of ASCII digits under the module's year rules."""
    if len(digits) == 4:
        year = int(digits)
        if era == "BE" or (era is None and year >= 2400):
            return be_to_ce(year)
        return _check_ce(year)
    if len(digits) == 2:
        if era == "CE":
            raise ThaiDateError(digits, "two-digit years are Buddhist Era; write the full CE year")
        if short_ok or era == "BE":
            return be_to_ce(2500 + int(digits))
        raise ThaiDateError(digits, "ambiguous two-digit year: write the full year, e.g. 2568")
    raise ThaiDateError(digits, "a year needs 4 digits (or 2 for a short Buddhist Era year)")


def _month(name: str) -> int:
    try:
        return _MONTHS[_month_key(name)]
    except KeyError:
        raise ThaiDateError(
            name, f"unknown month name {name!r}; expected e.g. มิถุนายน, มิ.ย. or June"
        ) from None


def _date(s: str) -> date:
    s = s.removeprefix("วันที่").lstrip()
    if not s:
        raise ThaiDateError(s, f"empty input; {_DATE_HELP}")
    if re.fullmatch(r"\d{4}", s, re.ASCII):
        raise ThaiDateError(s, f"a year alone is not a date; {_DATE_HELP}")
    if m := _NUMERIC.fullmatch(s):
        first, _, month, last = m.groups()
        if last is None:
            raise ThaiDateError(s, f"no year given; write day/month/year, e.g. {s}/2557")
        if len(first) == 4:
            first, last = last, first
        elif int(first) > 31:
            raise ThaiDateError(
                s, "numeric dates are day/month/year, or year-month-day with a 4-digit year"
            )
        if len(first) > 2 or len(month) > 2:
            raise ThaiDateError(s, f"expected day/month/year or year-month-day; {_DATE_HELP}")
        return _check_day(_year(last, None, short_ok=True), int(month), int(first))
    if m := _TEXTUAL.fullmatch(s):
        day, middle, year = m.groups()
        era, name = _split_era(middle, _TRAILING_ERA)
        if year is None:
            raise ThaiDateError(s, f"no year given; add the year, e.g. {s} 2557")
        return _check_day(_year(year, era, short_ok=True), _month(name), int(day))
    if (m := _NAME_YEAR.fullmatch(s)) and _month_key(m[1]) in _MONTHS:
        raise ThaiDateError(s, f"no day given; {_DATE_HELP}")
    raise ThaiDateError(s, _DATE_HELP)


def _bare_year(s: str, help_text: str) -> int:
    if not _YEAR.fullmatch(s):
        raise ThaiDateError(s, help_text)
    era, digits = _split_era(s.removeprefix("ปี").lstrip(), _LEADING_ERA)
    return _year(digits, era, short_ok=False)


def _fiscal_year(s: str) -> int:
    if m := _FY_CODE.fullmatch(s):
        if len(m[1]) == 2:
            raise ThaiDateError(s, "ambiguous two-digit fiscal year: write FY2025 or FY2568")
        return _year(m[1], None, short_ok=False)
    if m := _FY_THAI.fullmatch(s):
        era, digits = _split_era(m[1], _LEADING_ERA)
        if not re.fullmatch(r"\d+", digits, re.ASCII):
            raise ThaiDateError(s, _FISCAL_HELP)
        return _year(digits, era, short_ok=True)
    return _bare_year(s, _FISCAL_HELP)


def _period(s: str) -> Period:
    quarter: tuple[str, str] | None = None
    if m := _QUARTER_CODE.fullmatch(s):
        quarter = m[1], m[2]
    elif m := _QUARTER_WORD.fullmatch(s):
        quarter = m[2], m[1]
    if quarter is not None:
        year_text, number = quarter
        _check_quarter(int(number))
        if _FISCAL_START.match(year_text):
            return Period(PeriodKind.FISCAL_QUARTER, _fiscal_year(year_text), int(number))
        return Period(PeriodKind.QUARTER, _bare_year(year_text, _YEAR_HELP), int(number))
    if _QUARTER_START.match(s):
        raise ThaiDateError(
            s, "expected a quarter such as ไตรมาส 1 ปีงบประมาณ 2568 or ไตรมาส 2/2568"
        )
    if _FISCAL_START.match(s):
        return Period(PeriodKind.FISCAL_YEAR, _fiscal_year(s))
    if _YEAR.fullmatch(s):
        return Period(PeriodKind.YEAR, _bare_year(s, _YEAR_HELP))
    if m := _YEAR_MONTH.fullmatch(s):
        year = _year(m[1], None, short_ok=False)
        return Period(PeriodKind.MONTH, year, _check_month(int(m[2])))
    if m := _NAME_YEAR.fullmatch(s):
        era, name = _split_era(m[1], _TRAILING_ERA)
        month = _month(name)
        return Period(PeriodKind.MONTH, _year(m[2], era, short_ok=True), month)
    if re.match(r"(?:วันที่ ?)?\d", s, re.ASCII):
        return Period.for_date(_date(s), PeriodKind.DAY)
    raise ThaiDateError(s, _PERIOD_HELP)


def parse_date(text: str) -> date:
    """Parse a typed Thai or ISO date ("13 มิ.ย. 57", "13/06/2557", "2014-06-13")."""
    with _reporting(text):
        return _date(_normalise(text))


def parse_year(text: str) -> int:
    """Parse a year ("2568", "๒๕๖๘", "พ.ศ. 2568", "ค.ศ. 2025", "2025") to CE."""
    with _reporting(text):
        return _bare_year(_normalise(text), _YEAR_HELP)


def parse_fiscal_year(text: str) -> int:
    """Parse a fiscal year ("ปีงบประมาณ 2568", "ปีงบ 68", "FY2025", "2568") to the CE year."""
    with _reporting(text):
        return _fiscal_year(_normalise(text))


def parse_period(text: str) -> Period:
    """Parse a period code or a Thai/English label ("ไตรมาส 1 ปีงบประมาณ 2568", "มิ.ย. 57")."""
    with _reporting(text):
        return _period(_normalise(text))
