"""Template filters that show years in Buddhist Era and dates the Thai way (Thai UI only)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from oneplan.lib import thaidate

register = template.Library()


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


@register.filter
def be_year(year: int | str | None) -> str:
    """A Common-Era year as users read it: Buddhist Era in Thai, unchanged in English."""
    if year is None or year == "":
        return ""
    return str(thaidate.ce_to_be(int(year)) if _thai() else int(year))


@register.filter
def thai_date(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    """A date (or the local date of a datetime) in the reader's language and era."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        suffix = value.strftime(" %H:%M")
        value = value.date()
    else:
        suffix = ""
    if _thai():
        styles: dict[str, Literal["long", "short", "numeric"]] = {
            "short": "short",
            "numeric": "numeric",
        }
        return thaidate.format_date(value, style=styles.get(style, "long")) + suffix
    return value.strftime("%-d %b %Y" if style == "short" else "%-d %B %Y") + suffix


@register.filter
def fiscal_year(year: int | str | None) -> str:
    """A fiscal year (stored in CE) as "ปีงบประมาณ 2568" or "FY2025"."""
    if year is None or year == "":
        return ""
    return thaidate.format_fiscal_year(int(year), lang="th" if _thai() else "en")


@register.filter
def name_in(obj: object, language: str | None = None) -> str:
    """An object's name in the reader's language (Thai/English name fields)."""
    lang = language or get_language() or "th"
    display = getattr(obj, "display_name", None)
    return display(lang[:2]) if callable(display) else str(obj)


@register.filter
def period_label(code: str | None) -> str:
    """A period code (2025, FY2025-Q1, 2025-03) as "มีนาคม 2568" or "March 2025"."""
    if not code:
        return ""
    try:
        period = thaidate.Period.parse(str(code))
    except thaidate.ThaiDateError:
        return str(code)
    return thaidate.format_period(period, lang="th" if _thai() else "en")
