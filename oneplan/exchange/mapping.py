"""The declarative mapping that drives the one observation importer.

A mapping says where each part of an observation comes from: a column of the file, or a fixed
value for the whole file. It is written as TOML or JSON (see docs/user/data-import.md):

    layout = "wide"              # "long": one value per row; "wide": values across columns
    across = "indicator"         # wide only: what the value columns' headers name
    area = "province_thai"       # a column name ...
    period = "travel_date"
    period_as = "month"          # read dates/periods as the month containing them
    status = { value = "F" }     # ... or a fixed value
    [value_columns]              # wide only: header -> indicator code (or area/period text)
    no_tourist_all = "TOUR-VISITORS"

With no mapping file, a long layout with the columns indicator, area, period, value (and
optional status), or their Thai names, is expected.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from oneplan.core.importing import ImportRejected, Problem
from oneplan.stats.choices import Frequency

PARTS = ("indicator", "area", "period", "value", "status")
ACROSS = ("indicator", "area", "period")
AREA_MATCH = ("auto", "code", "name")
# Column names recognised without a mapping, Thai first.
DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "indicator": ("ตัวชี้วัด", "รหัสตัวชี้วัด", "indicator", "indicator_code"),
    "area": ("พื้นที่", "รหัสพื้นที่", "area", "area_code", "ref_area"),
    "period": ("ช่วงเวลา", "ปี", "period", "time_period"),
    "value": ("ค่า", "ค่าข้อมูล", "value", "obs_value"),
    "status": ("สถานะ", "status", "obs_status"),
}
KEYS = frozenset(
    {
        "layout",
        "across",
        "sheet",
        "header_row",
        "delimiter",
        "encoding",
        "area_match",
        "area_level",
        "period_as",
        "dataset",
        "value_columns",
        "disaggregation",
        *PARTS,
    }
)


@dataclass(frozen=True)
class Source:
    """Where one part comes from: a column (by header) or a fixed value."""

    column: str = ""
    value: str = ""

    @property
    def fixed(self) -> bool:
        return not self.column


@dataclass(frozen=True)
class ImportMapping:
    """A parsed, checked mapping; see the module docstring for the file format."""

    layout: str = "long"
    across: str = ""
    sheet: str | None = None
    header_row: int = 1
    delimiter: str | None = None
    encoding: str = "utf-8-sig"
    area_match: str = "auto"
    area_level: str = ""
    period_as: str = ""
    dataset: str = ""
    parts: dict[str, Source] = field(default_factory=dict)
    value_columns: dict[str, str] = field(default_factory=dict)
    disaggregation: dict[str, Source] = field(default_factory=dict)
    name: str = "mapping"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able form, stored on the import batch."""
        data: dict[str, Any] = {
            "layout": self.layout,
            "header_row": self.header_row,
            "area_match": self.area_match,
        }
        for key in ("across", "sheet", "delimiter", "area_level", "period_as", "dataset"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        for part, src in self.parts.items():
            data[part] = src.column if not src.fixed else {"value": src.value}
        if self.value_columns:
            data["value_columns"] = dict(self.value_columns)
        if self.disaggregation:
            data["disaggregation"] = {
                k: (s.column if not s.fixed else {"value": s.value})
                for k, s in self.disaggregation.items()
            }
        return data


def load_mapping(path: Path) -> ImportMapping:
    """Read a TOML or JSON mapping file; every problem in it is reported at once."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as exc:
        raise ImportRejected([Problem(path.name, None, "", str(exc))]) from exc
    return parse_mapping(data, path.name)


def parse_mapping(data: MappingABC[str, Any], name: str = "mapping") -> ImportMapping:
    """Check a mapping given as a dict (from TOML, JSON or a web form)."""
    problems: list[str] = []
    for key in sorted(set(data) - KEYS):
        problems.append(_("unknown key %(key)s") % {"key": key})
    layout = str(data.get("layout", "long"))
    if layout not in ("long", "wide"):
        problems.append(_('layout must be "long" or "wide", not %(v)s') % {"v": layout})
    across = str(data.get("across", ""))
    if layout == "wide" and across not in ACROSS:
        problems.append(
            _("a wide layout needs across = one of %(choices)s") % {"choices": ", ".join(ACROSS)}
        )
    if layout == "long" and across:
        problems.append(_("across is only for a wide layout"))
    area_match = str(data.get("area_match", "auto"))
    if area_match not in AREA_MATCH:
        problems.append(
            _("area_match must be one of %(choices)s") % {"choices": ", ".join(AREA_MATCH)}
        )
    period_as = str(data.get("period_as", ""))
    if period_as and period_as not in Frequency.values:
        problems.append(
            _("period_as must be one of %(choices)s") % {"choices": ", ".join(Frequency.values)}
        )
    header_row = data.get("header_row", 1)
    if not isinstance(header_row, int) or header_row < 1:
        problems.append(_("header_row must be a whole number from 1"))
        header_row = 1
    parts: dict[str, Source] = {}
    for part in PARTS:
        if part in data:
            source = _source(data[part], part, problems)
            if source is not None:
                parts[part] = source
    if layout == "wide" and across in parts:
        problems.append(
            _("%(part)s comes from the value columns' headers in this layout; remove it")
            % {"part": across}
        )
    if layout == "wide" and "value" in parts:
        problems.append(_("a wide layout takes its values from the value columns; remove value"))
    value_columns = data.get("value_columns", {})
    if isinstance(value_columns, list):
        value_columns = {str(h): str(h) for h in value_columns}
    if not isinstance(value_columns, dict):
        problems.append(_("value_columns must be a table of header = meaning, or a list"))
        value_columns = {}
    disaggregation: dict[str, Source] = {}
    raw_dis = data.get("disaggregation", {})
    if not isinstance(raw_dis, dict):
        problems.append(_("disaggregation must be a table of category set = column"))
        raw_dis = {}
    for set_code, spec in raw_dis.items():
        source = _source(spec, f"disaggregation.{set_code}", problems)
        if source is not None:
            disaggregation[str(set_code).upper()] = source
    if problems:
        raise ImportRejected(Problem(name, None, "", p) for p in problems)
    return ImportMapping(
        layout=layout,
        across=across,
        sheet=data.get("sheet"),
        header_row=header_row,
        delimiter=data.get("delimiter"),
        encoding=str(data.get("encoding", "utf-8-sig")),
        area_match=area_match,
        area_level=str(data.get("area_level", "")),
        period_as=period_as,
        dataset=str(data.get("dataset", "")),
        parts=parts,
        value_columns={str(k): str(v) for k, v in value_columns.items()},
        disaggregation=disaggregation,
        name=name,
    )


def _source(spec: Any, part: str, problems: list[str]) -> Source | None:
    if isinstance(spec, str) and spec.strip():
        return Source(column=spec.strip())
    if isinstance(spec, dict) and set(spec) == {"column"} and str(spec["column"]).strip():
        return Source(column=str(spec["column"]).strip())
    if isinstance(spec, dict) and set(spec) == {"value"}:
        return Source(value=str(spec["value"]).strip())
    problems.append(_('%(part)s must be a column name or { value = "..." }') % {"part": part})
    return None


DEFAULT_MAPPING = ImportMapping(name="default")
