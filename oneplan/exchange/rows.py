"""The plain rows the exchange writers take: observations and the labels that describe them.

No Django here: a view or a management command turns querysets into these rows, and the
writers in ``sdmx`` and ``datapackage`` turn them into files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "STATUSES",
    "AreaMeta",
    "CategoryMeta",
    "IndicatorMeta",
    "ObservationRow",
    "disaggregation_text",
    "format_number",
]

STATUSES = ("P", "F")  # provisional, final


@dataclass(frozen=True, slots=True)
class ObservationRow:
    """One value of one indicator for one area, period and (optional) breakdown."""

    indicator: str  # indicator code, e.g. "TOUR-VISITORS"
    area: str  # DOPA area code ("12" a province, "1201" a district) or "TH"
    period: str  # OnePlan period code, CE years: "2025", "2025-Q1", "2025-01", "FY2025", ...
    value: float | None
    status: str = "F"  # "P" provisional, "F" final
    disaggregation: tuple[tuple[str, str], ...] = ()  # sorted (dimension, category) pairs


@dataclass(frozen=True, slots=True)
class IndicatorMeta:
    """Labels and unit of an indicator; ``unit_mult`` is a power of ten (SDMX UNIT_MULT)."""

    code: str
    name_th: str
    name_en: str = ""
    unit: str = ""
    unit_mult: int = 0
    decimals: int = 2


@dataclass(frozen=True, slots=True)
class AreaMeta:
    """Labels of an area; ``level`` is e.g. "country", "province", "district"."""

    code: str
    name_th: str
    name_en: str = ""
    level: str = ""


@dataclass(frozen=True, slots=True)
class CategoryMeta:
    """One category of a disaggregation dimension, with the dimension's own labels."""

    dimension: str  # e.g. "SEX"
    dimension_name_th: str
    dimension_name_en: str
    code: str  # e.g. "F"
    name_th: str
    name_en: str = ""


def disaggregation_text(pairs: tuple[tuple[str, str], ...]) -> str:
    """``(("AGE","Y15T24"),("SEX","F"))`` as ``"AGE=Y15T24;SEX=F"``; empty for a total."""
    return ";".join(f"{dimension}={category}" for dimension, category in pairs)


def format_number(value: float) -> str:
    """Shortest exact text for a finite number: ``1200.0`` -> ``"1200"``, ``0.1`` -> ``"0.1"``."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    return repr(float(value))
