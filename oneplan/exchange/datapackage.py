"""Frictionless Data Package writer: one ZIP with ``datapackage.json`` and a CSV per table.

The descriptor follows Data Package v2 (``$schema`` https://datapackage.org/profiles/2.0/...),
which ``frictionless`` 5 validates natively; v2 keeps every v1 property used here. Each
resource is a table (``type: "table"``) with a Table Schema: typed fields (string, integer,
number, date, year), a primary key and ``missingValues: [""]`` (an empty cell is a missing
value). Rows are streamed into the ZIP as UTF-8 CSV (RFC 4180: comma, CRLF, header row); the
byte count and SHA-256 of each CSV go into the descriptor, so a validator also checks that
the file is the one described. The descriptor is written last, when those are known.

Cells are checked against their field's type while writing (a ``str`` in a number column is
a TypeError), so the package that comes out is valid by construction; a package written to a
path is removed again if writing fails. In observation tables an empty disaggregation is the
total, not a missing value, so that field declares its own ``missingValues: []`` (v2).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, BinaryIO, Literal

from oneplan.exchange.rows import STATUSES, ObservationRow, disaggregation_text, format_number

__all__ = [
    "OBSERVATION_KEY",
    "License",
    "Source",
    "TableField",
    "TableResource",
    "observation_fields",
    "observation_rows",
    "slug",
    "write_data_package",
]

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
OBSERVATION_KEY = ("indicator", "area", "period", "disaggregation")

FieldType = Literal["string", "integer", "number", "date", "year"]
Cell = str | int | float | date | None


@dataclass(frozen=True, slots=True)
class TableField:
    """One column of a table: Table Schema name, type, title, description and constraints."""

    name: str
    type: FieldType
    title: str = ""
    description: str = ""
    constraints: Mapping[str, object] = field(default_factory=dict)
    missing_values: tuple[str, ...] | None = None  # None: the schema's [""]

    def descriptor(self) -> dict[str, object]:
        """The Table Schema field descriptor."""
        result: dict[str, object] = {"name": self.name, "type": self.type}
        if self.title:
            result["title"] = self.title
        if self.description:
            result["description"] = self.description
        if self.constraints:
            result["constraints"] = dict(self.constraints)
        if self.missing_values is not None:
            result["missingValues"] = list(self.missing_values)
        return result


@dataclass(frozen=True, slots=True)
class TableResource:
    """A table of the package; ``rows`` (tuples in field order) is read once, while writing."""

    name: str
    title: str
    description: str
    fields: Sequence[TableField]
    primary_key: Sequence[str]
    rows: Iterable[Sequence[Cell]]


@dataclass(frozen=True, slots=True)
class License:
    """A licence: an SPDX-style ``name`` (e.g. "CC-BY-4.0"), its URL and a title."""

    name: str
    path: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """Where the data came from: a title and optionally a URL and e-mail."""

    title: str
    path: str = ""
    email: str = ""


def slug(text: str, fallback: str = "oneplan-data") -> str:
    """A lowercase package/resource name (``[a-z0-9._-]``) derived from ``text``."""
    name = re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower()).strip("-._")
    return re.sub(r"-{2,}", "-", name) or fallback


def _compact(mapping: Mapping[str, str]) -> dict[str, str]:
    return {key: value for key, value in mapping.items() if value}


def write_data_package(
    out: BinaryIO | Path,
    *,
    name: str,
    title: str,
    description: str,
    licenses: Sequence[License] = (),
    sources: Sequence[Source] = (),
    resources: Sequence[TableResource],
    created: datetime | None = None,
) -> dict[str, int]:
    """Write a zipped data package to ``out``; returns the number of rows per resource name.

    ``name`` is turned into a valid slug if it is not one already.
    """
    names = [slug(r.name, fallback="") for r in resources]
    if "" in names or len(set(names)) != len(names):
        raise ValueError(f"resource names must be distinct and sluggable: {names}")
    descriptor: dict[str, object] = {"$schema": PACKAGE_PROFILE, "name": slug(name)}
    descriptor |= _compact({"title": title, "description": description})
    if created is not None:
        descriptor["created"] = created.isoformat(timespec="seconds")
    if licenses:
        descriptor["licenses"] = [_compact(asdict(x)) for x in licenses]
    if sources:
        descriptor["sources"] = [_compact(asdict(x)) for x in sources]
    counts: dict[str, int] = {}
    resource_descriptors: list[dict[str, object]] = []
    with _opened(out) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for resource, resource_name in zip(resources, names, strict=True):
            path = f"{resource_name}.csv"
            with archive.open(path, "w") as member:
                sink = _DigestSink(member)
                counts[resource_name] = _write_csv(resource, sink)
            resource_descriptors.append(_resource_descriptor(resource, resource_name, path, sink))
        descriptor["resources"] = resource_descriptors
        text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
        archive.writestr("datapackage.json", text.encode("utf-8"))
    return counts


@contextmanager
def _opened(out: BinaryIO | Path) -> Iterator[IO[bytes]]:
    """``out`` opened for writing if it is a path (removed on failure); a stream is left open."""
    if not isinstance(out, Path):
        yield out
        return
    try:
        with out.open("wb") as stream:
            yield stream
    except BaseException:
        out.unlink(missing_ok=True)
        raise


class _DigestSink:
    """Text sink for ``csv.writer``: encodes to UTF-8 and counts and hashes the bytes."""

    def __init__(self, member: IO[bytes]) -> None:
        self._member = member
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self._member.write(data)
        self.sha256.update(data)
        self.bytes += len(data)
        return len(text)


def _write_csv(resource: TableResource, sink: _DigestSink) -> int:
    fields = list(resource.fields)
    if not fields:
        raise ValueError(f"resource {resource.name!r} has no fields")
    field_names = [f.name for f in fields]
    unknown = [k for k in resource.primary_key if k not in field_names]
    if unknown or len(set(field_names)) != len(field_names):
        raise ValueError(f"resource {resource.name!r}: bad fields or primary key {unknown}")
    key_positions = [field_names.index(k) for k in resource.primary_key]
    writer = csv.writer(sink)
    writer.writerow(field_names)
    count = 0
    for number, row in enumerate(resource.rows, start=2):
        if len(row) != len(fields):
            raise ValueError(
                f"{resource.name} row {number}: {len(row)} cells for {len(fields)} fields"
            )
        if any(row[i] is None for i in key_positions):
            raise ValueError(f"{resource.name} row {number}: a primary key cell is empty")
        writer.writerow(
            [_cell(f, v, resource.name, number) for f, v in zip(fields, row, strict=True)]
        )
        count += 1
    return count


def _cell(spec: TableField, value: Cell, resource: str, number: int) -> str:
    """Text of one cell, checked against the field type."""
    if value is None:
        return ""
    kind = spec.type
    if kind == "string" and isinstance(value, str):
        return value
    if kind in ("integer", "year") and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return "" if math.isnan(value) else format_number(value)  # NaN: missing
    if kind == "date" and isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(
        f"{resource} row {number}, field {spec.name!r} ({kind}): {type(value).__name__} {value!r}"
    )


def _resource_descriptor(
    resource: TableResource, name: str, path: str, sink: _DigestSink
) -> dict[str, object]:
    schema: dict[str, object] = {
        "$schema": TABLE_SCHEMA_PROFILE,
        "fields": [f.descriptor() for f in resource.fields],
        "missingValues": [""],
    }
    if resource.primary_key:
        schema["primaryKey"] = list(resource.primary_key)
    return {
        "name": name,
        "type": "table",
        "path": path,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **_compact({"title": resource.title, "description": resource.description}),
        "bytes": sink.bytes,
        "hash": f"sha256:{sink.sha256.hexdigest()}",
        "schema": schema,
    }


def observation_fields(lang: Literal["th", "en"] = "th") -> tuple[TableField, ...]:
    """The Table Schema fields of an observations table (see ``observation_rows``)."""
    th = lang == "th"
    return (
        TableField("indicator", "string", "รหัสตัวชี้วัด" if th else "Indicator code"),
        TableField(
            "area",
            "string",
            "รหัสพื้นที่" if th else "Area code",
            "รหัสพื้นที่ของกรมการปกครอง หรือ TH" if th else "DOPA area code, or TH",
        ),
        TableField(
            "period",
            "string",
            "ช่วงเวลา" if th else "Period",
            "ปี ค.ศ.: 2025, 2025-Q1, 2025-01, FY2025 (ปีงบประมาณ), FY2025-Q1"
            if th
            else "CE years: 2025, 2025-Q1, 2025-01, FY2025 (fiscal year), FY2025-Q1",
            {"pattern": r"(FY)?[0-9]{4}(-Q[1-4]|-[0-9]{2}(-[0-9]{2})?)?"},
        ),
        TableField(
            "disaggregation",
            "string",
            "การจำแนก" if th else "Disaggregation",
            "มิติ=รหัส คั่นด้วย ; ว่างคือรวม" if th else "DIM=CODE;DIM2=CODE, empty for the total",
            missing_values=(),  # empty is the total, not a missing value
        ),
        TableField("value", "number", "ค่า" if th else "Value"),
        TableField(
            "status",
            "string",
            "สถานะ" if th else "Status",
            "P เบื้องต้น, F สุดท้าย" if th else "P provisional, F final",
            {"required": True, "enum": list(STATUSES)},
        ),
    )


def observation_rows(rows: Iterable[ObservationRow]) -> Iterator[tuple[Cell, ...]]:
    """ObservationRow as tuples in ``observation_fields`` order (lazily, for streaming)."""
    for row in rows:
        disaggregation = disaggregation_text(row.disaggregation)
        yield row.indicator, row.area, row.period, disaggregation, row.value, row.status
