"""Read area files into plain rows, noting every problem with its row and column.

Supported layouts:
- plain CSV with the header ``code,name_th,name_en`` (optional ``level``, ``parent_code``,
  ``postal_codes``), the usual way to add villages or apply a new announcement;
- the public thailand-geography-json files (``provinceCode``/``provinceNameTh``/..., districts
  and subdistricts likewise);
- a JSON list of objects with ``code``, ``name_th``, ``name_en`` (and the optional keys above);
- GeoJSON feature collections, for boundaries (see ``read_boundaries``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from oneplan.core.importing import Problem

PLAIN_COLUMNS = ("code", "name_th", "name_en")
OPTIONAL_COLUMNS = ("level", "parent_code", "postal_codes")
# thailand-geography-json: (code key, Thai name key, English name key) per level.
TGJ_LAYOUTS = (
    ("subdistrictCode", "subdistrictNameTh", "subdistrictNameEn"),
    ("districtCode", "districtNameTh", "districtNameEn"),
    ("provinceCode", "provinceNameTh", "provinceNameEn"),
)
BOUNDARY_CODE_KEYS = (
    "code",
    "dopa_code",
    "pro_code",
    "amp_code",
    "tam_code",
    "ADM3_PCODE",
    "ADM2_PCODE",
    "ADM1_PCODE",
)


@dataclass
class AreaRow:
    """One area as read from a file, before any check."""

    row: int
    code: str
    name_th: str
    name_en: str
    level: str = ""
    parent_code: str = ""
    postal_codes: str = ""
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class BoundaryRow:
    """One GeoJSON feature with the area code it belongs to."""

    row: int
    code: str
    geometry: dict[str, Any]


@dataclass
class ReadResult:
    rows: list[AreaRow] = field(default_factory=list)
    boundaries: list[BoundaryRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def decode(path: Path, raw: bytes, encoding: str) -> tuple[str | None, Problem | None]:
    """Decode ``raw`` or say where the first undecodable byte is and what to do about it."""
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(
            path.name,
            line,
            "",
            _(
                "The file is not valid %(enc)s (byte %(pos)s on line %(line)s). Save it as "
                "UTF-8, or name its encoding, e.g. --encoding cp874 for Thai Windows files."
            )
            % {"enc": encoding.upper(), "pos": exc.start, "line": line},
        )


def read_area_file(path: Path, encoding: str = "utf-8-sig") -> ReadResult:
    """Read any supported layout; the layout is recognised from the content."""
    result = ReadResult()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        result.problems.append(Problem(path.name, None, "", str(exc)))
        return result
    text, problem = decode(path, raw, encoding)
    if problem is not None or text is None:
        result.problems.append(problem or Problem(path.name, None, "", "unreadable"))
        return result
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        _read_json(path, text, result)
    else:
        _read_csv(path, text, result)
    return result


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _read_csv(path: Path, text: str, result: ReadResult) -> None:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in PLAIN_COLUMNS if c not in header]
    if missing:
        result.problems.append(
            Problem(
                path.name,
                1,
                ", ".join(missing),
                _("The header must have the columns %(cols)s; missing: %(missing)s.")
                % {"cols": ",".join(PLAIN_COLUMNS), "missing": ", ".join(missing)},
            )
        )
        return
    reader.fieldnames = header
    for record in reader:
        # The line the record ends on: DictReader skips blank lines, so counting records
        # would name the wrong row after one.
        number = reader.line_num
        if None in record:
            result.problems.append(
                Problem(path.name, number, "", _("The row has more cells than the header."))
            )
            continue
        cells = {k: _cell(v) for k, v in record.items()}
        if not any(cells.values()):
            continue
        result.rows.append(_row_from_mapping(number, cells))


def _row_from_mapping(number: int, cells: dict[str, str]) -> AreaRow:
    return AreaRow(
        row=number,
        code=cells.get("code", ""),
        name_th=cells.get("name_th", ""),
        name_en=cells.get("name_en", ""),
        level=cells.get("level", ""),
        parent_code=cells.get("parent_code", ""),
        postal_codes=cells.get("postal_codes", ""),
        columns=cells,
    )


def _read_json(path: Path, text: str, result: ReadResult) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        result.problems.append(
            Problem(path.name, exc.lineno, f"char {exc.colno}", _("Invalid JSON: %s") % exc.msg)
        )
        return
    if isinstance(data, dict) and data.get("type") in {"FeatureCollection", "Feature"}:
        _read_geojson(path, data, result)
        return
    if not isinstance(data, list):
        result.problems.append(
            Problem(path.name, None, "", _("Expected a JSON list of areas or a GeoJSON file."))
        )
        return
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            result.problems.append(Problem(path.name, number, "", _("Expected an object.")))
            continue
        layout = next((lay for lay in TGJ_LAYOUTS if lay[0] in item), None)
        if layout is not None:
            code_key, th_key, en_key = layout
            cells = {
                "code": _cell(item.get(code_key)),
                "name_th": _cell(item.get(th_key)),
                "name_en": _cell(item.get(en_key)),
                "postal_codes": _cell(item.get("postalCode")),
            }
        else:
            cells = {k: _cell(item.get(k)) for k in (*PLAIN_COLUMNS, *OPTIONAL_COLUMNS)}
        result.rows.append(_row_from_mapping(number, cells))


def _read_geojson(
    path: Path, data: dict[str, Any], result: ReadResult, code_property: str = ""
) -> None:
    features = data.get("features", [data]) if data.get("type") == "FeatureCollection" else [data]
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        keys = (code_property,) if code_property else BOUNDARY_CODE_KEYS
        key = next((k for k in keys if k and props.get(k) not in (None, "")), None)
        if key is None:
            result.problems.append(
                Problem(
                    path.name,
                    number,
                    code_property or "properties",
                    _("No area code found (looked for %(keys)s).")
                    % {"keys": ", ".join(k for k in keys if k)},
                )
            )
            continue
        code = _cell(props[key])
        # HDX/OCHA P-codes are "TH" followed by the DOPA code.
        if code.upper().startswith("TH") and code[2:].isdigit():
            code = code[2:]
        if not isinstance(geometry, dict) or geometry.get("type") not in {
            "Polygon",
            "MultiPolygon",
        }:
            result.problems.append(
                Problem(path.name, number, "geometry", _("Expected a Polygon or MultiPolygon."))
            )
            continue
        result.boundaries.append(BoundaryRow(number, code, geometry))


def read_boundary_file(path: Path, code_property: str = "") -> ReadResult:
    """Read a GeoJSON file, taking each feature's area code from ``code_property`` if given."""
    result = ReadResult()
    raw = path.read_bytes()
    text, problem = decode(path, raw, "utf-8-sig")
    if problem is not None or text is None:
        result.problems.append(problem or Problem(path.name, None, "", "unreadable"))
        return result
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        result.problems.append(
            Problem(path.name, exc.lineno, f"char {exc.colno}", _("Invalid JSON: %s") % exc.msg)
        )
        return result
    _read_geojson(path, data, result, code_property)
    return result
