"""Numbers as people type them in Thai spreadsheets: Thai digits, thousands separators,
spaces, a leading minus or parentheses for negatives, and "-" or blank for nothing."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from oneplan.lib.thaidate import from_thai_digits

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+", re.ASCII)
_BLANK = {"", "-", "–", "—"}


class NumberError(ValueError):
    """Text that is not a number; ``str()`` says what was expected."""


def parse_number(value: object) -> Decimal | None:
    """A ``Decimal`` from a cell value (``None`` for a blank or a dash).

    Floats from spreadsheets go through their shortest repr, so 0.1 stays 0.1.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberError(f"expected a number, got {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError(f"expected a number, got {value!r}")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = from_thai_digits(str(value)).replace("\u00a0", " ").strip()
    text = text.replace(" ", "")
    if text in _BLANK:
        return None
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    if not _NUMBER.fullmatch(text):
        raise NumberError(f"{value!r} is not a number; expected e.g. 1234.5, 1,234.5 or ๑๒๓๔")
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise NumberError(f"{value!r} is not a number") from exc
    return -number if negative else number


def places(number: Decimal) -> int:
    """How many digits ``number`` has after the decimal point (ignoring trailing zeros)."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
