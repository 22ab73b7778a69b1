"""Export a selection of observations or aggregates (CSV, XLSX, SDMX-CSV, SDMX-JSON) and a
dataset as a Frictionless data package. The CSV has the importer's default headers, so an
export loads back unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any, TextIO

from django.db.models import QuerySet
from openpyxl import Workbook

from oneplan.exchange.datapackage import (
    License,
    Source,
    TableField,
    TableResource,
    observation_fields,
    observation_rows,
    slug,
    write_data_package,
)
from oneplan.exchange.rows import (
    AreaMeta,
    CategoryMeta,
    IndicatorMeta,
    ObservationRow,
    format_number,
)
from oneplan.exchange.sdmx import write_sdmx_csv, write_sdmx_json
from oneplan.geo.models import Area
from oneplan.stats.models import Category, Dataset, Indicator, Observation

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "sdmx-csv": ("application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8", "csv"),
    "sdmx-json": ("application/vnd.sdmx.data+json; version=2.1.0; charset=utf-8", "json"),
}
XLSX_MAX_ROWS = 1_000_000
HEADER = ("indicator", "area", "period", "disaggregation", "value", "status")


def rows_of(queryset: QuerySet[Any]) -> Iterator[ObservationRow]:
    """Stream a filtered observation or aggregate queryset as ``ObservationRow``s."""
    has_status = queryset.model is Observation
    fields = ["indicator__code", "area__code", "period", "disaggregation", "value"]
    if has_status:
        fields.append("status")
    for row in queryset.values_list(*fields).iterator(chunk_size=5000):
        dis = tuple(
            (name, code) for name, _eq, code in (p.partition("=") for p in row[3].split(";") if p)
        )
        yield ObservationRow(row[0], row[1], row[2], row[4], row[5] if has_status else "F", dis)


def write(queryset: QuerySet[Any], fmt: str, out: Any) -> int:
    """Write the selection in ``fmt`` (a key of FORMATS) to ``out`` (text or bytes stream)."""
    if fmt == "csv":
        return _csv(rows_of(queryset), out)
    if fmt == "xlsx":
        return _xlsx(rows_of(queryset), out)
    quarters = queryset.filter(period__contains="-Q")
    if (
        quarters.filter(period__startswith="FY").exists()
        and quarters.exclude(period__startswith="FY").exists()
    ):
        raise ValueError(
            "SDMX cannot tell calendar quarters from fiscal quarters in one series: "
            "add period_type=quarter or period_type=fiscal_quarter (or another period type)"
        )
    dimensions = sorted(
        {
            part.split("=", 1)[0]
            for key in queryset.values_list("disaggregation", flat=True).distinct()
            for part in key.split(";")
            if part
        }
    )
    indicators = _indicator_meta(queryset)
    if fmt == "sdmx-csv":
        return write_sdmx_csv(rows_of(queryset), out, dimensions=dimensions, indicators=indicators)
    if fmt == "sdmx-json":
        areas = {
            a.code: AreaMeta(a.code, a.name_th, a.name_en, a.level)
            for a in Area.objects.filter(pk__in=queryset.values("area_id"))
        }
        categories = [
            CategoryMeta(
                c.category_set.code,
                c.category_set.name_th,
                c.category_set.name_en,
                c.code,
                c.name_th,
                c.name_en,
            )
            for c in Category.objects.filter(category_set__code__in=dimensions).select_related(
                "category_set"
            )
        ]
        return write_sdmx_json(
            list(rows_of(queryset)), out, indicators=indicators, areas=areas, categories=categories
        )
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _indicator_meta(queryset: QuerySet[Any]) -> dict[str, IndicatorMeta]:
    return {
        i.code: IndicatorMeta(i.code, i.name_th, i.name_en, i.unit, i.unit_multiplier, i.decimals)
        for i in Indicator.objects.filter(pk__in=queryset.values("indicator_id"))
    }


def _csv(rows: Iterator[ObservationRow], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(HEADER)
    count = 0
    for row in rows:
        dis = ";".join(f"{k}={v}" for k, v in row.disaggregation)
        value = "" if row.value is None else format_number(row.value)
        writer.writerow((row.indicator, row.area, row.period, dis, value, row.status))
        count += 1
    return count


def _xlsx(rows: Iterator[ObservationRow], out: Any) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("ข้อมูล")
    sheet.append(HEADER)
    count = 0
    for row in rows:
        if count >= XLSX_MAX_ROWS:
            raise ValueError("more than 1,000,000 values: Excel cannot hold them; use CSV")
        dis = ";".join(f"{k}={v}" for k, v in row.disaggregation)
        sheet.append((row.indicator, row.area, row.period, dis, row.value, row.status))
        count += 1
    book.save(out)
    return count


def dataset_package(dataset: Dataset, out: Any) -> dict[str, int]:
    """The dataset as a zipped Frictionless data package: its observations and indicators."""
    observations = Observation.objects.filter(dataset=dataset).order_by(
        "indicator_id", "area_id", "start", "disaggregation"
    )
    indicators = Indicator.objects.filter(pk__in=observations.values("indicator_id")) | (
        dataset.indicators.all()
    )
    indicator_fields = (
        TableField("code", "string", "รหัส"),
        TableField("name_th", "string", "ชื่อตัวชี้วัด"),
        TableField("name_en", "string", "Indicator name"),
        TableField("unit", "string", "หน่วยนับ"),
        TableField("unit_multiplier", "integer", "ตัวคูณหน่วย"),
        TableField("frequency", "string", "ความถี่"),
        TableField("aggregation", "string", "วิธีรวม"),
    )
    return write_data_package(
        out,
        name=slug(dataset.code),
        title=dataset.name_th,
        description=dataset.description,
        licenses=[License(dataset.license)] if dataset.license else [],
        sources=[Source(dataset.source)] if dataset.source else [],
        resources=[
            TableResource(
                "observations",
                "ข้อมูล",
                dataset.name_th,
                observation_fields(),
                ("indicator", "area", "period", "disaggregation"),
                observation_rows(rows_of(observations)),
            ),
            TableResource(
                "indicators",
                "ตัวชี้วัด",
                "",
                indicator_fields,
                ("code",),
                [
                    (
                        i.code,
                        i.name_th,
                        i.name_en,
                        i.unit,
                        i.unit_multiplier,
                        i.frequency,
                        i.aggregation,
                    )
                    for i in indicators.distinct()
                ],
            ),
        ],
    )


def spooled(queryset: QuerySet[Any], fmt: str) -> Any:
    """The export in a temporary file (memory up to 8 MB, then disk), rewound for reading."""
    import tempfile

    handle = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 (caller closes)
    if fmt == "xlsx":
        write(queryset, fmt, handle)
    else:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        write(queryset, fmt, text)
        text.flush()
        text.detach()
    handle.seek(0)
    return handle
