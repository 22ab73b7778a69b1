"""Small builders for observation tests: indicators, category sets and files to load.

Indicators are written straight to the database; files are written under pytest's
``tmp_path`` as UTF-8 CSV (what Excel calls "CSV UTF-8") or as XLSX through openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from oneplan.exchange.mapping import ImportMapping, parse_mapping
from oneplan.geo.models import Area
from oneplan.stats.models import AggregateValue, Category, CategorySet, Indicator, Observation

Cell = str | int | float | dt.date | None


def indicator(code: str, **fields: Any) -> Indicator:
    """A stats indicator (yearly, summed, down to provinces unless ``fields`` say otherwise).

    ``category_sets`` may be given as a list of CategorySet objects."""
    category_sets = fields.pop("category_sets", ())
    fields.setdefault("name_th", f"ตัวชี้วัด {code}")
    fields.setdefault("name_en", f"Indicator {code}")
    obj = Indicator.objects.create(code=code, **fields)
    if category_sets:
        obj.category_sets.set(category_sets)
    return obj


def sex_categories() -> CategorySet:
    """The category set SEX with M (ชาย) and F (หญิง)."""
    sex = CategorySet.objects.create(code="SEX", name_th="เพศ", name_en="Sex")
    Category.objects.create(category_set=sex, code="M", name_th="ชาย", name_en="Male", position=1)
    Category.objects.create(category_set=sex, code="F", name_th="หญิง", name_en="Female", position=2)
    return sex


def mapping(**data: Any) -> ImportMapping:
    """A checked mapping from keyword arguments (the same keys as a TOML mapping file)."""
    return parse_mapping(data, "test-mapping")


def write_csv(tmp_path: Path, name: str, rows: Iterable[Sequence[Cell]]) -> Path:
    """A UTF-8 CSV file (with the BOM Excel writes) holding ``rows``, header first."""
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
    return path


def write_xlsx(tmp_path: Path, name: str, rows: Iterable[Sequence[Cell]], sheet: str = "") -> Path:
    """An XLSX workbook whose first sheet holds ``rows`` (typed cells stay typed)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    if sheet:
        ws.title = sheet
    for row in rows:
        ws.append(list(row))
    path = tmp_path / name
    book.save(path)
    return path


def area(code: str) -> Area:
    return Area.objects.get(code=code)


def stored(code: str, dis: str = "") -> dict[tuple[str, str], float]:
    """The observations of indicator ``code``: (area code, period) -> value."""
    rows = Observation.objects.filter(indicator__code=code, disaggregation=dis).values_list(
        "area__code", "period", "value"
    )
    return {(a, p): v for a, p, v in rows}


def aggregate(code: str, area_code: str, period: str, dis: str = "") -> AggregateValue:
    """The one aggregate of indicator ``code`` for an area and period."""
    return AggregateValue.objects.get(
        indicator__code=code, area__code=area_code, period=period, disaggregation=dis
    )


def aggregates(code: str, period: str, dis: str = "") -> dict[str, float | None]:
    """Every aggregate of indicator ``code`` for ``period``: area code -> value."""
    rows = AggregateValue.objects.filter(
        indicator__code=code, period=period, disaggregation=dis
    ).values_list("area__code", "value")
    return dict(rows)
