"""Small lookups templates need: a dict item, a list element, numbers as typed and as read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def index(sequence: Any, position: int) -> Any:
    try:
        return sequence[position]
    except (IndexError, KeyError, TypeError):
        return None


@register.filter
def plain_number(value: Decimal | float | int | None) -> str:
    """12.5000 -> "12.5", 3.0 -> "3"; blank for None (as typed, for form inputs)."""
    if value is None or value == "":
        return ""
    text = format(Decimal(str(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def measure(value: float | Decimal | None, decimals: int = 2) -> str:
    """A value for reading: grouped thousands, at most ``decimals`` places; "–" when missing."""
    if value is None:
        return "–"
    return floatformat(value, f"-{int(decimals)}g")


@register.filter
def percent(value: float | str | None, decimals: int = 1) -> str:
    """A share or rate (0.123) as a percentage for reading ("12.3%"); "–" when missing."""
    if value is None or value == "":
        return "–"
    return f"{floatformat(100 * float(value), f'{int(decimals)}g')}%"
