"""SDMX writers for OnePlan observations: SDMX-CSV 2.0 (streamed) and SDMX-JSON data messages.

Structure (one dataflow, ``ONEPLAN:DF_OBSERVATIONS(1.0)`` unless told otherwise):

* Dimensions in key order: INDICATOR, REF_AREA (DOPA code or "TH"), one per disaggregation
  dimension (e.g. SEX; "_T", the SDMX total code, where a row has none), TIME_PERIOD. No FREQ:
  the TIME_PERIOD format gives the frequency and SDMX 3.0 does not require FREQ.
* Measure OBS_VALUE; a missing value (None or NaN) is "NaN" in CSV, null in JSON, with
  OBS_STATUS "O" (missing value).
* Attributes: OBS_STATUS from CL_OBS_STATUS ("A" normal value for OnePlan's final "F", "P"
  provisional); UNIT_MULT (power of ten) when the indicator is known; REPORTING_YEAR_START_DAY
  for fiscal periods. JSON adds DECIMALS and UNIT_MEASURE (OnePlan units are free text).

Thai fiscal periods: SDMX has no fiscal-year code, but has reporting periods ("2025-A1",
"2025-Q1") counted from the REPORTING_YEAR_START_DAY attribute (xs:gMonthDay, "--10-01"), and
a reporting year is named after the calendar year in which it STARTS (SDMX Technical Notes;
"Guidelines on Non-Calendar Year Reporting of Data"). So FY2026 (1 Oct 2025 - 30 Sep 2026) is
"2025-A1" and FY2026-Q1 (Oct-Dec 2025) "2025-Q1", both with "--10-01"; calendar periods keep
"2025", "2025-Q1", "2025-01", "2025-06-13" and no start day (``sdmx_time_period``). Rows whose
SDMX keys collide that way (2025-Q1 and FY2026-Q1 of one series) are rejected in JSON.

SDMX-CSV is 2.0.0 as in the official examples: STRUCTURE "dataflow", STRUCTURE_ID, ACTION "I"
(information: an extract, not an instruction to merge or replace), comma, UTF-8 without BOM,
LF line ends, codes only.

SDMX-JSON is 2.1.0 (SDMX 3.1; the official schema's version) by default: all dimensions at
observation level, "name" in ``lang`` plus localised "names" (Thai and English), TIME_PERIOD
values with Thai/English labels and start/end (Bangkok time). ``version="1.0"`` writes the
same content in the 1.0 envelope with one name per label, because the Python client ``sdmx1``
(2.28, tested) reads only SDMX-JSON 1.0 data messages.

Codes must be SDMX ids (letters, digits, ``_@$-``; no dots or spaces): anything else raises
ValueError rather than producing an invalid message.
"""

from __future__ import annotations

import csv
import json
import math
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal, TextIO

from oneplan.exchange.rows import (
    AreaMeta,
    CategoryMeta,
    IndicatorMeta,
    ObservationRow,
    format_number,
)
from oneplan.lib.thaidate import Period, PeriodKind, ThaiDateError, format_period

__all__ = [
    "DEFAULT_DATAFLOW",
    "FISCAL_YEAR_START_DAY",
    "TOTAL",
    "sdmx_time_period",
    "write_sdmx_csv",
    "write_sdmx_json",
]

DEFAULT_DATAFLOW = "ONEPLAN:DF_OBSERVATIONS(1.0)"
FISCAL_YEAR_START_DAY = "--10-01"
TOTAL = "_T"
JSON_SCHEMA_URL = "https://json.sdmx.org/2.1/sdmx-json-data-schema.json"
DATAFLOW_URN = "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow="
BANGKOK_OFFSET = "+07:00"

OBS_STATUS = {"F": "A", "P": "P"}
MISSING_STATUS = "O"

_CODE = re.compile(r"[A-Za-z0-9_@$-]+")
_COMPONENT = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_DATAFLOW = re.compile(
    r"[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)*:[A-Za-z0-9_@$-]+"
    r"\((0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)){1,2}\)"
)

Names = Mapping[str, str]
LABELS: dict[str, Names] = {
    "INDICATOR": {"th": "ตัวชี้วัด", "en": "Indicator"},
    "REF_AREA": {"th": "พื้นที่", "en": "Reference area"},
    "TIME_PERIOD": {"th": "ช่วงเวลา", "en": "Time period"},
    "OBS_VALUE": {"th": "ค่าสังเกต", "en": "Observation value"},
    "OBS_STATUS": {"th": "สถานะของค่าสังเกต", "en": "Observation status"},
    "UNIT_MULT": {"th": "ตัวคูณหน่วย", "en": "Unit multiplier"},
    "DECIMALS": {"th": "จำนวนตำแหน่งทศนิยม", "en": "Decimals"},
    "UNIT_MEASURE": {"th": "หน่วยวัด", "en": "Unit of measure"},
    "REPORTING_YEAR_START_DAY": {"th": "วันเริ่มต้นปีรายงาน", "en": "Reporting year start day"},
}
STATUS_LABELS: dict[str, Names] = {
    "A": {"th": "ค่าปกติ", "en": "Normal value"},
    "P": {"th": "ค่าเบื้องต้น", "en": "Provisional value"},
    "O": {"th": "ไม่มีค่า", "en": "Missing value"},
}
FIXED_COMPONENTS = frozenset({"STRUCTURE", "STRUCTURE_ID", "ACTION", *LABELS})
TOTAL_LABEL: Names = {"th": "รวม", "en": "Total"}
UNIT_MULT_LABELS: dict[int, Names] = {
    0: {"th": "หน่วย", "en": "Units"},
    3: {"th": "พัน", "en": "Thousands"},
    4: {"th": "หมื่น", "en": "Tens of thousands"},
    5: {"th": "แสน", "en": "Hundreds of thousands"},
    6: {"th": "ล้าน", "en": "Millions"},
    9: {"th": "พันล้าน", "en": "Billions"},
}
ONEPLAN_NAMES: Names = {"th": "OnePlan", "en": "OnePlan"}
DATAFLOW_NAMES: Names = {"th": "ข้อมูลตัวชี้วัด OnePlan", "en": "OnePlan indicator observations"}


def sdmx_time_period(period_code: str) -> tuple[str, str]:
    """SDMX TIME_PERIOD and REPORTING_YEAR_START_DAY ("" for calendar periods) of a period code."""
    return _period(period_code)[:2]


@lru_cache(maxsize=4096)
def _period(code: str) -> tuple[str, str, Period]:
    try:
        period = Period.parse(code)
    except ThaiDateError as exc:
        raise ValueError(f"unknown period code {code!r}: {exc.reason}") from None
    if period.code != code:
        raise ValueError(f"unknown period code {code!r}: the canonical form is {period.code!r}")
    if period.kind is PeriodKind.FISCAL_YEAR:
        return f"{period.year - 1}-A1", FISCAL_YEAR_START_DAY, period
    if period.kind is PeriodKind.FISCAL_QUARTER:
        return f"{period.year - 1}-Q{period.number}", FISCAL_YEAR_START_DAY, period
    return period.code, "", period


def _code(value: str, what: str) -> str:
    if not _CODE.fullmatch(value):
        raise ValueError(f"{what} code {value!r} is not a valid SDMX id (letters, digits, _@$-)")
    return value


def _check_dataflow(dataflow: str) -> None:
    if not _DATAFLOW.fullmatch(dataflow):
        raise ValueError(
            f"dataflow {dataflow!r} is not AGENCY:ID(VERSION), e.g. {DEFAULT_DATAFLOW}"
        )


def _check_dimensions(dimensions: Iterable[str]) -> tuple[str, ...]:
    dims = tuple(dimensions)
    for dim in dims:
        if not _COMPONENT.fullmatch(dim) or dim in FIXED_COMPONENTS:
            raise ValueError(f"{dim!r} cannot be a disaggregation dimension id")
    if len(set(dims)) != len(dims):
        raise ValueError(f"repeated disaggregation dimension in {list(dims)}")
    return dims


def _breakdown(row: ObservationRow, dims: tuple[str, ...]) -> list[str]:
    """Category code per dimension in ``dims`` ("_T" where the row has none)."""
    found = dict(row.disaggregation)
    if len(found) != len(row.disaggregation):
        raise ValueError(f"repeated dimension in {row.disaggregation!r}")
    codes = [_code(found.pop(dim, TOTAL), dim) for dim in dims]
    if found:
        raise ValueError(f"dimension(s) {', '.join(found)} of {row!r} not in {list(dims)}")
    return codes


def _value_and_status(row: ObservationRow) -> tuple[float | None, str]:
    if row.status not in OBS_STATUS:
        raise ValueError(f"unknown status {row.status!r} (expected P or F) in {row!r}")
    if row.value is None or math.isnan(row.value):
        return None, MISSING_STATUS
    if math.isinf(row.value):
        raise ValueError(f"infinite value in {row!r}")
    return row.value, OBS_STATUS[row.status]


def write_sdmx_csv(
    rows: Iterable[ObservationRow],
    out: TextIO,
    *,
    dataflow: str = DEFAULT_DATAFLOW,
    dimensions: Sequence[str] = (),
    indicators: Mapping[str, IndicatorMeta] | None = None,
) -> int:
    """Stream ``rows`` to ``out`` as SDMX-CSV 2.0; returns the number of observations.

    ``dimensions`` lists the disaggregation dimensions (columns between REF_AREA and
    TIME_PERIOD); a UNIT_MULT column is written when ``indicators`` is given. Open ``out``
    with ``newline=""`` and UTF-8.
    """
    _check_dataflow(dataflow)
    dims = _check_dimensions(dimensions)
    writer = csv.writer(out, lineterminator="\n")
    header = ["STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "REF_AREA", *dims]
    header += ["TIME_PERIOD", "OBS_VALUE", "OBS_STATUS"]
    header += ["UNIT_MULT"] if indicators is not None else []
    writer.writerow([*header, "REPORTING_YEAR_START_DAY"])
    count = 0
    for row in rows:
        time_period, start_day, _ = _period(row.period)
        value, status = _value_and_status(row)
        cells = ["dataflow", dataflow, "I", _code(row.indicator, "indicator")]
        cells += [_code(row.area, "area"), *_breakdown(row, dims), time_period]
        cells += ["NaN" if value is None else format_number(value), status]
        if indicators is not None:
            meta = indicators.get(row.indicator)
            cells.append("" if meta is None else str(meta.unit_mult))
        cells.append(start_day)
        writer.writerow(cells)
        count += 1
    return count


@dataclass(frozen=True)
class _Style:
    """What differs between SDMX-JSON 2.1 and 1.0 in the parts this writer uses."""

    version: str
    lang: str

    def named(self, names: Names, fallback: str) -> dict[str, Any]:
        """``name`` in the message language (plus the localised ``names`` in 2.1)."""
        texts = {lang: text for lang, text in names.items() if text}
        best = texts.get(self.lang) or next(iter(texts.values()), fallback)
        if self.version == "1.0" or not texts:
            return {"name": best}
        return {"name": best, "names": texts}

    def coded(self, code: str, names: Names) -> dict[str, Any]:
        return {"id": code, **self.named(names, code)}

    def uncoded(self, text: str) -> dict[str, Any]:
        return {"name": text} if self.version == "1.0" else {"value": text}


@dataclass
class _Component:
    """A dimension or attribute of the message; its values are numbered in order of first use."""

    id: str
    describe: Callable[[Any], dict[str, Any]]
    relationship: dict[str, Any] | None = None
    names: Names | None = None  # None: the standard LABELS
    positions: dict[Any, int] = field(default_factory=dict)

    def index(self, key: Any) -> int:
        return self.positions.setdefault(key, len(self.positions))

    def to_json(self, style: _Style, key_position: int | None = None) -> dict[str, Any]:
        names = LABELS.get(self.id, {}) if self.names is None else self.names
        result: dict[str, Any] = {"id": self.id, **style.named(names, self.id)}
        if key_position is not None:
            result["keyPosition"] = key_position
            if self.id in ("REF_AREA", "TIME_PERIOD"):
                result |= {"role": self.id} if style.version == "1.0" else {"roles": [self.id]}
        if self.relationship is not None and style.version != "1.0":
            result["relationship"] = self.relationship
        if self.positions:  # the schema wants at least one value when "values" is given
            result["values"] = [self.describe(key) for key in self.positions]
        return result


def write_sdmx_json(
    rows: Sequence[ObservationRow],
    out: TextIO,
    *,
    indicators: Mapping[str, IndicatorMeta],
    areas: Mapping[str, AreaMeta],
    categories: Iterable[CategoryMeta] = (),
    dataflow: str = DEFAULT_DATAFLOW,
    dataflow_names: Names = DATAFLOW_NAMES,
    sender_id: str = "ONEPLAN",
    sender_names: Names = ONEPLAN_NAMES,
    lang: Literal["th", "en"] = "th",
    prepared: datetime | None = None,
    message_id: str | None = None,
    version: Literal["2.1", "1.0"] = "2.1",
) -> int:
    """Write ``rows`` as one SDMX-JSON data message (2.1 unless ``version="1.0"``).

    Every indicator, area and non-total category used needs metadata; ``prepared`` must be
    timezone-aware (default: now). Returns the number of observations.
    """
    _check_dataflow(dataflow)
    if version not in ("2.1", "1.0"):
        raise ValueError(f"unsupported SDMX-JSON version {version!r} (2.1 or 1.0)")
    prepared = prepared or datetime.now(UTC)
    if prepared.tzinfo is None:
        raise ValueError("prepared must be a timezone-aware datetime")
    style = _Style(version, lang)
    dims = _check_dimensions(sorted({dim for row in rows for dim, _ in row.disaggregation}))
    dimensions = _dimensions(
        style, indicators, areas, {(c.dimension, c.code): c for c in categories}, dims
    )
    attributes = _attributes(style)
    observations: dict[str, list[Any]] = {}
    sdmx_keys: set[tuple[str, ...]] = set()
    for row in rows:
        indicator = indicators.get(row.indicator)
        if indicator is None or row.area not in areas:
            missing = "indicator" if indicator is None else "area"
            raise ValueError(f"no {missing} metadata for {row!r}")
        time_period, start_day, _ = _period(row.period)
        value, status = _value_and_status(row)
        codes = [_code(row.indicator, "indicator"), _code(row.area, "area"), *_breakdown(row, dims)]
        if (*codes, time_period) in sdmx_keys:  # e.g. both 2025-Q1 and FY2026-Q1: "2025-Q1"
            raise ValueError(f"another row has the SDMX key of {row!r}")
        sdmx_keys.add((*codes, time_period))
        key = ":".join(
            str(d.index(c)) for d, c in zip(dimensions, [*codes, row.period], strict=True)
        )
        keys = (status, indicator.unit_mult, indicator.decimals, indicator.unit, start_day)
        observations[key] = [value] + [
            None if k == "" else a.index(k) for a, k in zip(attributes, keys, strict=True)
        ]
    used = [i for i, attribute in enumerate(attributes) if attribute.positions]
    for obs in observations.values():
        obs[1:] = [obs[1 + i] for i in used]
    structure: dict[str, Any] = {
        **style.named(dataflow_names, dataflow),
        "links": [{"rel": "dataflow", "urn": DATAFLOW_URN + dataflow}],
        "dimensions": {"observation": [d.to_json(style, i) for i, d in enumerate(dimensions)]},
        "attributes": {"observation": [attributes[i].to_json(style) for i in used]},
    }
    header = {
        "id": _code(message_id or f"ONEPLAN-{uuid.uuid4().hex}", "message"),
        "prepared": prepared.isoformat(timespec="seconds"),
        "sender": {"id": _code(sender_id, "sender"), **style.named(sender_names, sender_id)},
    }
    dataset: dict[str, Any] = {"action": "Information", "observations": observations}
    message: dict[str, Any]
    if version == "1.0":
        message = {"header": header, "structure": structure, "dataSets": [dataset]}
    else:
        measure = {"id": "OBS_VALUE", **style.named(LABELS["OBS_VALUE"], "OBS_VALUE")}
        structure |= {"dataSets": [0], "measures": {"observation": [measure]}}
        languages = [lang, *(other for other in ("th", "en") if other != lang)]
        message = {
            "$schema": JSON_SCHEMA_URL,
            "meta": {**header, "test": False, "contentLanguages": languages},
            "data": {"structures": [structure], "dataSets": [{"structure": 0, **dataset}]},
        }
    json.dump(message, out, ensure_ascii=False, separators=(",", ":"))
    return len(observations)


def _dimensions(
    style: _Style,
    indicators: Mapping[str, IndicatorMeta],
    areas: Mapping[str, AreaMeta],
    categories: Mapping[tuple[str, str], CategoryMeta],
    dims: tuple[str, ...],
) -> list[_Component]:
    """INDICATOR, REF_AREA, the disaggregation dimensions, TIME_PERIOD: all at observation level."""

    def indicator(code: str) -> dict[str, Any]:
        meta = indicators[code]
        return style.coded(code, {"th": meta.name_th, "en": meta.name_en})

    def area(code: str) -> dict[str, Any]:
        meta = areas[code]
        return style.coded(code, {"th": meta.name_th, "en": meta.name_en})

    def category_of(dim: str) -> Callable[[str], dict[str, Any]]:
        def category(code: str) -> dict[str, Any]:
            meta = categories.get((dim, code))
            if meta is None and code != TOTAL:
                raise ValueError(f"no category metadata for {dim}={code}")
            names = TOTAL_LABEL if meta is None else {"th": meta.name_th, "en": meta.name_en}
            return style.coded(code, names)

        return category

    def time_period(code: str) -> dict[str, Any]:
        sdmx_code, _, period = _period(code)
        names = {lang: format_period(period, lang) for lang in ("th", "en")}
        return {
            **style.coded(sdmx_code, names),
            "start": f"{period.start.isoformat()}T00:00:00{BANGKOK_OFFSET}",
            "end": f"{period.end.isoformat()}T23:59:59{BANGKOK_OFFSET}",
        }

    dim_names = {
        c.dimension: {"th": c.dimension_name_th, "en": c.dimension_name_en}
        for c in categories.values()
    }
    return [
        _Component("INDICATOR", indicator),
        _Component("REF_AREA", area),
        *(_Component(dim, category_of(dim), names=dim_names.get(dim, {})) for dim in dims),
        _Component("TIME_PERIOD", time_period),
    ]


def _attributes(style: _Style) -> list[_Component]:
    """OBS_STATUS, UNIT_MULT, DECIMALS, UNIT_MEASURE, REPORTING_YEAR_START_DAY."""
    per_obs: dict[str, Any] = {"observation": {}}
    per_indicator: dict[str, Any] = {"dimensions": ["INDICATOR"]}

    def unit_mult(power: int) -> dict[str, Any]:
        return style.coded(str(power), UNIT_MULT_LABELS.get(power, {"en": f"10^{power}"}))

    def status(code: str) -> dict[str, Any]:
        return style.coded(code, STATUS_LABELS[code])

    def decimals(count: int) -> dict[str, Any]:
        return style.coded(str(count), {"en": str(count)})

    return [
        _Component("OBS_STATUS", status, per_obs),
        _Component("UNIT_MULT", unit_mult, per_indicator),
        _Component("DECIMALS", decimals, per_indicator),
        _Component("UNIT_MEASURE", style.uncoded, per_indicator),
        _Component("REPORTING_YEAR_START_DAY", style.uncoded, per_obs),
    ]
