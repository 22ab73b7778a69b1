"""Thai calendar helpers: Buddhist Era years, fiscal years, period codes and display formatting.

Conventions (parsing what users type lives in ``oneplan.lib.thaiparse``):

* Buddhist Era (BE, พ.ศ.) = Common Era (CE, ค.ศ.) + 543. Supported range: CE 1800-2700
  (BE 2343-3243); anything outside raises ``ThaiDateError``.
* Every ``int`` year in this API is CE unless the name says ``be``.
* The Thai fiscal year runs 1 October - 30 September and is named after the year in which it
  ends: FY2026 (CE) = ปีงบประมาณ 2569 (BE) = 1 Oct 2025 - 30 Sep 2026.
  Fiscal Q1 = Oct-Dec, Q2 = Jan-Mar, Q3 = Apr-Jun, Q4 = Jul-Sep.
* Period codes (SDMX style plus fiscal) always carry CE years: ``2025`` (calendar year),
  ``2025-Q1`` (calendar quarter), ``2025-01`` (month), ``2025-06-13`` (day), ``FY2025``
  (1 Oct 2024 - 30 Sep 2025) and ``FY2025-Q1`` (Oct-Dec 2024).
* Display: dates and Thai labels use BE years ("13 มิถุนายน 2557", "ไตรมาส 1 ปีงบประมาณ 2568",
  calendar years as "พ.ศ. 2568"); English labels use CE ("Q1 FY2025", "June 2014").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Literal

__all__ = [
    "BE_OFFSET",
    "ENGLISH_MONTHS",
    "MAX_CE_YEAR",
    "MIN_CE_YEAR",
    "THAI_DIGITS",
    "THAI_MONTHS",
    "THAI_MONTHS_ABBR",
    "Period",
    "PeriodKind",
    "ThaiDateError",
    "be_to_ce",
    "ce_to_be",
    "fiscal_quarter",
    "fiscal_quarter_bounds",
    "fiscal_quarters_of",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_be_year",
    "format_date",
    "format_fiscal_year",
    "format_period",
    "from_thai_digits",
    "months_of",
    "periods_between",
    "to_thai_digits",
]

BE_OFFSET = 543
MIN_CE_YEAR = 1800
MAX_CE_YEAR = 2700
FISCAL_START_MONTH = 10

THAI_MONTHS: tuple[str, ...] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR: tuple[str, ...] = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
# Spelled out because calendar.month_name follows the process locale.
ENGLISH_MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_FROM_THAI = str.maketrans(THAI_DIGITS, "0123456789")

Lang = Literal["th", "en"]
DateStyle = Literal["long", "short", "numeric"]


class ThaiDateError(ValueError):
    """Invalid, impossible or ambiguous date input; ``text`` is the offending input."""

    def __init__(self, text: str, reason: str) -> None:
        # Both values go to ValueError so the exception pickles and compares cleanly.
        super().__init__(text, reason)
        self.text = text
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.text!r}: {self.reason}"


@contextmanager
def _reporting(text: str) -> Iterator[None]:
    """Re-raise ThaiDateError from inner helpers against the caller's original text."""
    try:
        yield
    except ThaiDateError as exc:
        if exc.text == text:
            raise
        raise ThaiDateError(text, exc.reason) from None


def _check_ce(year: int) -> int:
    if not MIN_CE_YEAR <= year <= MAX_CE_YEAR:
        raise ThaiDateError(
            str(year),
            f"year must be between {MIN_CE_YEAR} and {MAX_CE_YEAR} CE "
            f"(BE {MIN_CE_YEAR + BE_OFFSET} to {MAX_CE_YEAR + BE_OFFSET})",
        )
    return year


def _check_quarter(quarter: int) -> int:
    if not 1 <= quarter <= 4:
        raise ThaiDateError(str(quarter), f"quarter must be 1 to 4, got {quarter}")
    return quarter


def _check_month(month: int) -> int:
    if not 1 <= month <= 12:
        raise ThaiDateError(str(month), f"month must be 1 to 12, got {month}")
    return month


def _check_day(year: int, month: int, day: int) -> date:
    _check_ce(year)
    _check_month(month)
    last = calendar.monthrange(year, month)[1]
    if day < 1:
        raise ThaiDateError(str(day), f"day must be at least 1, got {day}")
    if day > last:
        if month == 2:
            where = f"in {year + BE_OFFSET} BE ({year} CE)"
            raise ThaiDateError(str(day), f"February has {last} days {where}")
        raise ThaiDateError(str(day), f"{ENGLISH_MONTHS[month - 1]} has {last} days")
    return date(year, month, day)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def be_to_ce(year: int) -> int:
    """Convert a Buddhist Era year to Common Era (2568 -> 2025)."""
    low, high = MIN_CE_YEAR + BE_OFFSET, MAX_CE_YEAR + BE_OFFSET
    if not low <= year <= high:
        hint = " (looks like a CE year)" if MIN_CE_YEAR <= year <= MAX_CE_YEAR else ""
        raise ThaiDateError(str(year), f"Buddhist Era year must be between {low} and {high}{hint}")
    return year - BE_OFFSET


def ce_to_be(year: int) -> int:
    """Convert a Common Era year to Buddhist Era (2025 -> 2568)."""
    return _check_ce(year) + BE_OFFSET


def fiscal_year(d: date) -> int:
    """CE fiscal year containing ``d`` (1 Oct 2024 -> 2025)."""
    return d.year + 1 if d.month >= FISCAL_START_MONTH else d.year


def fiscal_year_bounds(fy_ce: int) -> tuple[date, date]:
    """First and last day of a CE fiscal year (2025 -> 1 Oct 2024, 30 Sep 2025)."""
    _check_ce(fy_ce)
    return date(fy_ce - 1, FISCAL_START_MONTH, 1), date(fy_ce, FISCAL_START_MONTH - 1, 30)


def fiscal_quarter(d: date) -> tuple[int, int]:
    """CE fiscal year and fiscal quarter (1-4) containing ``d``."""
    return fiscal_year(d), (d.month - FISCAL_START_MONTH) % 12 // 3 + 1


def fiscal_quarter_bounds(fy_ce: int, quarter: int) -> tuple[date, date]:
    """First and last day of fiscal quarter ``quarter`` of CE fiscal year ``fy_ce``."""
    _check_ce(fy_ce)
    _check_quarter(quarter)
    first = (FISCAL_START_MONTH - 1 + 3 * (quarter - 1)) % 12 + 1
    year = fy_ce - 1 if first >= FISCAL_START_MONTH else fy_ce
    return date(year, first, 1), _month_end(year, first + 2)


class PeriodKind(Enum):
    """Kinds of reporting period; declaration order breaks sort ties between equal spans."""

    YEAR = "year"
    FISCAL_YEAR = "fiscal_year"
    QUARTER = "quarter"
    FISCAL_QUARTER = "fiscal_quarter"
    MONTH = "month"
    DAY = "day"


_KIND_RANK = {kind: rank for rank, kind in enumerate(PeriodKind)}
_QUARTERLY = (PeriodKind.QUARTER, PeriodKind.FISCAL_QUARTER)
_YEARLY = (PeriodKind.YEAR, PeriodKind.FISCAL_YEAR)
_CODE = re.compile(r"(FY)?([0-9]+)(?:-(Q)?([0-9]+)(?:-([0-9]+))?)?")
_CODE_HELP = "expected a period code such as 2025, 2025-Q1, 2025-01, 2025-06-13, FY2025, FY2025-Q1"


@dataclass(frozen=True)
class Period:
    """A calendar or fiscal period; ``year`` is CE (the fiscal year for fiscal kinds)."""

    kind: PeriodKind
    year: int
    number: int = 0  # quarter 1-4 or month 1-12; 0 for whole years
    day: int = 0  # day of month, DAY only (number is then the month)

    def __post_init__(self) -> None:
        with _reporting(self.code):
            _check_ce(self.year)
            if self.kind in _YEARLY and self.number:
                raise ThaiDateError(str(self.number), "a whole year takes no number")
            if self.kind in _QUARTERLY:
                _check_quarter(self.number)
            elif self.kind in (PeriodKind.MONTH, PeriodKind.DAY):
                _check_month(self.number)
            if self.kind is PeriodKind.DAY:
                _check_day(self.year, self.number, self.day)
            elif self.day:
                raise ThaiDateError(str(self.day), "only a DAY period takes a day")

    @classmethod
    def parse(cls, code: str) -> Period:
        """Parse a canonical period code (CE years); see ``thaiparse.parse_period`` for users."""
        m = _CODE.fullmatch(code.strip().upper())
        with _reporting(code):
            if m is None:
                raise ThaiDateError(code, _CODE_HELP)
            fy, year, q, num, day = m.groups()
            if (fy and num is not None and (not q or day)) or (q and day):
                raise ThaiDateError(code, _CODE_HELP)
            if len(year) != 4:
                raise ThaiDateError(code, "a period code needs a 4-digit CE year, e.g. FY2025")
            if num is None:
                return cls(PeriodKind.FISCAL_YEAR if fy else PeriodKind.YEAR, int(year))
            if q:
                kind = PeriodKind.FISCAL_QUARTER if fy else PeriodKind.QUARTER
                return cls(kind, int(year), int(num))
            if len(num) != 2 or (day is not None and len(day) != 2):
                raise ThaiDateError(code, "month and day need two digits, e.g. 2025-06-01")
            if day is None:
                return cls(PeriodKind.MONTH, int(year), int(num))
            return cls(PeriodKind.DAY, int(year), int(num), int(day))

    @classmethod
    def for_date(cls, d: date, kind: PeriodKind) -> Period:
        """The period of ``kind`` containing ``d``."""
        if kind is PeriodKind.YEAR:
            return cls(kind, d.year)
        if kind is PeriodKind.QUARTER:
            return cls(kind, d.year, (d.month - 1) // 3 + 1)
        if kind is PeriodKind.MONTH:
            return cls(kind, d.year, d.month)
        if kind is PeriodKind.DAY:
            return cls(kind, d.year, d.month, d.day)
        if kind is PeriodKind.FISCAL_YEAR:
            return cls(kind, fiscal_year(d))
        return cls(kind, *fiscal_quarter(d))

    @property
    def start(self) -> date:
        """First day of the period."""
        return self._bounds()[0]

    @property
    def end(self) -> date:
        """Last day of the period (inclusive)."""
        return self._bounds()[1]

    @property
    def code(self) -> str:
        """Canonical code, e.g. ``2025-Q1`` or ``FY2025-Q1``."""
        y, n = self.year, self.number
        codes = {
            PeriodKind.YEAR: f"{y}",
            PeriodKind.QUARTER: f"{y}-Q{n}",
            PeriodKind.MONTH: f"{y}-{n:02d}",
            PeriodKind.DAY: f"{y}-{n:02d}-{self.day:02d}",
            PeriodKind.FISCAL_YEAR: f"FY{y}",
            PeriodKind.FISCAL_QUARTER: f"FY{y}-Q{n}",
        }
        return codes[self.kind]

    def __str__(self) -> str:
        return self.code

    def _bounds(self) -> tuple[date, date]:
        y, n = self.year, self.number
        if self.kind is PeriodKind.YEAR:
            return date(y, 1, 1), date(y, 12, 31)
        if self.kind is PeriodKind.QUARTER:
            return date(y, 3 * n - 2, 1), _month_end(y, 3 * n)
        if self.kind is PeriodKind.MONTH:
            return date(y, n, 1), _month_end(y, n)
        if self.kind is PeriodKind.DAY:
            return date(y, n, self.day), date(y, n, self.day)
        if self.kind is PeriodKind.FISCAL_YEAR:
            return fiscal_year_bounds(y)
        return fiscal_quarter_bounds(y, n)

    def contains(self, d: date) -> bool:
        """Whether ``d`` falls within the period."""
        start, end = self._bounds()
        return start <= d <= end

    def parent(self) -> Period | None:
        """Enclosing period: day -> month -> quarter -> year, fiscal quarter -> fiscal year."""
        if self.kind is PeriodKind.DAY:
            return Period(PeriodKind.MONTH, self.year, self.number)
        if self.kind is PeriodKind.MONTH:
            return Period(PeriodKind.QUARTER, self.year, (self.number - 1) // 3 + 1)
        if self.kind is PeriodKind.QUARTER:
            return Period(PeriodKind.YEAR, self.year)
        if self.kind is PeriodKind.FISCAL_QUARTER:
            return Period(PeriodKind.FISCAL_YEAR, self.year)
        return None

    def _index(self) -> int:
        if self.kind in _QUARTERLY:
            return self.year * 4 + self.number - 1
        if self.kind is PeriodKind.MONTH:
            return self.year * 12 + self.number - 1
        if self.kind is PeriodKind.DAY:
            return self.start.toordinal()
        return self.year

    def shift(self, steps: int) -> Period:
        """The period of the same kind ``steps`` later (earlier when negative)."""
        i = self._index() + steps
        if self.kind in _QUARTERLY:
            return Period(self.kind, i // 4, i % 4 + 1)
        if self.kind is PeriodKind.MONTH:
            return Period(self.kind, i // 12, i % 12 + 1)
        if self.kind is PeriodKind.DAY:
            d = date.fromordinal(i)
            return Period(self.kind, d.year, d.month, d.day)
        return Period(self.kind, i)

    def _sort_key(self) -> tuple[date, int, int]:
        # Earlier start first; for the same start the longer (enclosing) period first.
        start, end = self._bounds()
        return start, -end.toordinal(), _KIND_RANK[self.kind]

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() >= other._sort_key()


def periods_between(start: Period, end: Period) -> list[Period]:
    """All periods from ``start`` to ``end`` inclusive; both must be the same kind."""
    text = f"{start.code}..{end.code}"
    if start.kind is not end.kind:
        raise ThaiDateError(
            text, f"both ends must be the same kind, got {start.kind.name} and {end.kind.name}"
        )
    count = end._index() - start._index()
    if count < 0:
        raise ThaiDateError(text, "the end period is before the start period")
    return [start.shift(i) for i in range(count + 1)]


def fiscal_quarters_of(fy_ce: int) -> tuple[Period, ...]:
    """The four fiscal-quarter periods of CE fiscal year ``fy_ce``."""
    return tuple(Period(PeriodKind.FISCAL_QUARTER, fy_ce, q) for q in range(1, 5))


def months_of(period: Period) -> tuple[Period, ...]:
    """The month periods overlapping ``period``, in order."""
    first = Period.for_date(period.start, PeriodKind.MONTH)
    last = Period.for_date(period.end, PeriodKind.MONTH)
    return tuple(periods_between(first, last))


def to_thai_digits(s: str) -> str:
    """Replace Arabic digits 0-9 with Thai digits ๐-๙."""
    return s.translate(_TO_THAI)


def from_thai_digits(s: str) -> str:
    """Replace Thai digits ๐-๙ with Arabic digits 0-9."""
    return s.translate(_FROM_THAI)


def _digits(s: str, thai_digits: bool) -> str:
    return to_thai_digits(s) if thai_digits else s


def _check_lang(lang: str) -> None:
    if lang not in ("th", "en"):
        raise ValueError(f"unknown lang {lang!r}; expected 'th' or 'en'")


def format_be_year(ce_year: int, thai_digits: bool = False) -> str:
    """Thai label for a calendar year: 2025 -> 'พ.ศ. 2568'."""
    return _digits(f"พ.ศ. {ce_to_be(ce_year)}", thai_digits)


def format_date(d: date, style: DateStyle = "long", thai_digits: bool = False) -> str:
    """Thai date: long '13 มิถุนายน 2557', short '13 มิ.ย. 57', numeric '13/06/2557'."""
    be = ce_to_be(d.year)
    if style == "long":
        text = f"{d.day} {THAI_MONTHS[d.month - 1]} {be}"
    elif style == "short":
        text = f"{d.day} {THAI_MONTHS_ABBR[d.month - 1]} {be % 100:02d}"
    elif style == "numeric":
        text = f"{d.day:02d}/{d.month:02d}/{be}"
    else:
        raise ValueError(f"unknown style {style!r}; expected 'long', 'short' or 'numeric'")
    return _digits(text, thai_digits)


def format_fiscal_year(fy_ce: int, lang: Lang = "th", thai_digits: bool = False) -> str:
    """Fiscal-year label: 'ปีงบประมาณ 2568' (th) or 'FY2025' (en)."""
    _check_lang(lang)
    text = f"ปีงบประมาณ {ce_to_be(fy_ce)}" if lang == "th" else f"FY{_check_ce(fy_ce)}"
    return _digits(text, thai_digits)


def format_period(period: Period, lang: Lang = "th", thai_digits: bool = False) -> str:
    """Human label for a period, e.g. 'ไตรมาส 1 ปีงบประมาณ 2568' or 'Q1 FY2025'."""
    _check_lang(lang)
    k, y, n = period.kind, period.year, period.number
    if lang == "en":
        if k is PeriodKind.MONTH:
            text = f"{ENGLISH_MONTHS[n - 1]} {y}"
        elif k is PeriodKind.DAY:
            text = f"{period.day} {ENGLISH_MONTHS[n - 1]} {y}"
        elif k in _QUARTERLY:
            text = f"Q{n} {'FY' if k is PeriodKind.FISCAL_QUARTER else ''}{y}"
        else:
            text = period.code
        return _digits(text, thai_digits)
    be = ce_to_be(y)
    if k is PeriodKind.YEAR:
        text = format_be_year(y)
    elif k is PeriodKind.QUARTER:
        text = f"ไตรมาส {n}/{be}"
    elif k is PeriodKind.MONTH:
        text = f"{THAI_MONTHS[n - 1]} {be}"
    elif k is PeriodKind.DAY:
        text = format_date(period.start)
    elif k is PeriodKind.FISCAL_YEAR:
        text = format_fiscal_year(y)
    else:
        text = f"ไตรมาส {n} {format_fiscal_year(y)}"
    return _digits(text, thai_digits)
