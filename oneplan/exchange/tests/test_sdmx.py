"""SDMX writers, checked with the official SDMX-JSON schema and the sdmx1 client."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

import jsonschema  # type: ignore[import-untyped]
import pytest
import sdmx
import sdmx.message
from sdmx.model import common, v30

from oneplan.exchange.rows import AreaMeta, CategoryMeta, IndicatorMeta, ObservationRow
from oneplan.exchange.sdmx import sdmx_time_period, write_sdmx_csv, write_sdmx_json
from oneplan.lib.thaidate import Period
from oneplan.testing.shared_data import SHARED_DATA, shared_file

JSON_SCHEMA = SHARED_DATA / "sdmx" / "sdmx-json-official" / "sdmx-json-data-schema.json"
CSV_EXAMPLE = SHARED_DATA / "sdmx" / "sdmx-csv-examples" / "sdmx-csv-2_example_01.csv"
BANGKOK = timezone(timedelta(hours=7))
PREPARED = datetime(2025, 11, 3, 9, 30, tzinfo=BANGKOK)

INDICATORS = {
    "TOUR-VISITORS": IndicatorMeta(
        "TOUR-VISITORS", "จำนวนนักท่องเที่ยว", "Tourist arrivals", "คน", unit_mult=3, decimals=0
    ),
    "POP": IndicatorMeta("POP", "ประชากร", "Population", "คน", unit_mult=0, decimals=0),
}
AREAS = {
    "TH": AreaMeta("TH", "ประเทศไทย", "Thailand", "country"),
    "12": AreaMeta("12", "นนทบุรี", "Nonthaburi", "province"),
    "1201": AreaMeta("1201", "เมืองนนทบุรี", "Mueang Nonthaburi", "district"),
}
CATEGORIES = [
    CategoryMeta("SEX", "เพศ", "Sex", "F", "หญิง", "Female"),
    CategoryMeta("SEX", "เพศ", "Sex", "M", "ชาย", "Male"),
]
ROWS = [
    ObservationRow("TOUR-VISITORS", "12", "FY2026", 1250.5, "P"),
    ObservationRow("TOUR-VISITORS", "12", "FY2026-Q1", 310.0, "F"),
    ObservationRow("POP", "12", "2025", 1290000.0, "F", (("SEX", "F"),)),
    ObservationRow("POP", "12", "2025", 1190000.0, "F", (("SEX", "M"),)),
    ObservationRow("POP", "1201", "2025-01", None, "F"),
    ObservationRow("POP", "TH", "2025-Q3", 65900000.0, "P"),
]
# (indicator, area, SEX, TIME_PERIOD) -> (value, OBS_STATUS, REPORTING_YEAR_START_DAY)
EXPECTED = {
    ("TOUR-VISITORS", "12", "_T", "2025-A1"): (1250.5, "P", "--10-01"),
    ("TOUR-VISITORS", "12", "_T", "2025-Q1"): (310.0, "A", "--10-01"),
    ("POP", "12", "F", "2025"): (1290000.0, "A", ""),
    ("POP", "12", "M", "2025"): (1190000.0, "A", ""),
    ("POP", "1201", "_T", "2025-01"): (None, "O", ""),
    ("POP", "TH", "_T", "2025-Q3"): (65900000.0, "P", ""),
}


def _json_message(version: Literal["2.1", "1.0"] = "2.1", **kwargs: Any) -> str:
    out = io.StringIO()
    count = write_sdmx_json(
        ROWS,
        out,
        indicators=INDICATORS,
        areas=AREAS,
        categories=CATEGORIES,
        prepared=PREPARED,
        message_id="ONEPLAN-TEST-1",
        sender_names={"th": "สำนักงานสถิติจังหวัดนนทบุรี", "en": "Nonthaburi Statistical Office"},
        version=version,
        **kwargs,
    )
    assert count == len(ROWS)
    return out.getvalue()


def _decode_flat(message: dict[str, Any]) -> dict[tuple[str, ...], tuple[Any, ...]]:
    """Observations of an SDMX-JSON 2.x AllDimensions message, keyed by dimension ids."""
    structure = message["data"]["structures"][0]
    dims = structure["dimensions"]["observation"]
    attrs = structure["attributes"]["observation"]
    wanted = ("OBS_STATUS", "REPORTING_YEAR_START_DAY")
    positions = {a["id"]: i for i, a in enumerate(attrs)}
    decoded = {}
    for key, (value, *attr_indices) in message["data"]["dataSets"][0]["observations"].items():
        ids = tuple(dims[n]["values"][int(i)]["id"] for n, i in enumerate(key.split(":")))
        found = []
        for attr_id in wanted:
            index = attr_indices[positions[attr_id]]
            entry = {} if index is None else attrs[positions[attr_id]]["values"][index]
            found.append(entry.get("id", entry.get("value", "")))
        decoded[ids] = (value, *found)
    return decoded


def test_sdmx_json_validates_against_the_official_schema() -> None:
    schema = json.loads(
        shared_file(*JSON_SCHEMA.relative_to(SHARED_DATA).parts).read_text(encoding="utf-8")
    )
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    text = _json_message()
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(json.loads(text))
    ]
    assert errors == []
    assert "นนทบุรี" in text  # UTF-8, not \u escapes
    assert "\\u0e" not in text


def test_sdmx_json_carries_values_dimensions_and_thai_and_english_names() -> None:
    message = json.loads(_json_message())
    assert message["meta"]["contentLanguages"] == ["th", "en"]
    assert _decode_flat(message) == EXPECTED
    structure = message["data"]["structures"][0]
    dims = {d["id"]: d for d in structure["dimensions"]["observation"]}
    assert [d["id"] for d in structure["dimensions"]["observation"]] == [
        "INDICATOR",
        "REF_AREA",
        "SEX",
        "TIME_PERIOD",
    ]
    area = next(v for v in dims["REF_AREA"]["values"] if v["id"] == "12")
    assert area["name"] == "นนทบุรี"
    assert area["names"] == {"th": "นนทบุรี", "en": "Nonthaburi"}
    assert dims["SEX"]["names"] == {"th": "เพศ", "en": "Sex"}
    assert {v["id"]: v["name"] for v in dims["SEX"]["values"]} == {
        "_T": "รวม",
        "F": "หญิง",
        "M": "ชาย",
    }
    fiscal_year = dims["TIME_PERIOD"]["values"][0]
    assert fiscal_year == {
        "id": "2025-A1",
        "name": "ปีงบประมาณ 2569",
        "names": {"th": "ปีงบประมาณ 2569", "en": "FY2026"},
        "start": "2025-10-01T00:00:00+07:00",
        "end": "2026-09-30T23:59:59+07:00",
    }
    english = json.loads(_json_message(lang="en"))
    assert english["meta"]["contentLanguages"] == ["en", "th"]
    values = english["data"]["structures"][0]["dimensions"]["observation"][1]["values"]
    assert values[0]["name"] == "Nonthaburi"


def test_sdmx1_reads_back_the_sdmx_json_1_0_message() -> None:
    """sdmx1 2.28 reads SDMX-JSON 1.0 only, hence ``version="1.0"``.

    Its JSON reader keeps dimension value ids but drops their names, so the Thai names come
    back here through what it does keep: the sender, attribute concepts and attribute codes.
    SDMX-JSON 1.0 has one name per label, which sdmx1 files under its default locale.
    """
    message = sdmx.read_sdmx(io.BytesIO(_json_message("1.0").encode("utf-8")), format="JSON")
    assert isinstance(message, sdmx.message.DataMessage)
    assert message.header.sender is not None
    assert str(message.header.sender.name) == "สำนักงานสถิติจังหวัดนนทบุรี"
    assert message.header.prepared == PREPARED
    observations = message.data[0].obs
    read = {}
    for obs in observations:
        key = tuple(
            str(obs.key[dim].value) for dim in ("INDICATOR", "REF_AREA", "SEX", "TIME_PERIOD")
        )
        attrs = obs.attached_attribute
        status = attrs["OBS_STATUS"].value
        start_day = (
            attrs["REPORTING_YEAR_START_DAY"].value if "REPORTING_YEAR_START_DAY" in attrs else ""
        )
        read[key] = (obs.value, status.id, start_day)
    assert read == EXPECTED
    provisional = next(
        o for o in observations if o.attached_attribute["OBS_STATUS"].value.id == "P"
    )
    assert str(provisional.attached_attribute["OBS_STATUS"].value.name) == "ค่าเบื้องต้น"
    assert str(provisional.attached_attribute["UNIT_MEASURE"].value) == "คน"
    concepts = {a.id: str(a.concept_identity.name) for a in message.structure.attributes}
    assert concepts["UNIT_MULT"] == "ตัวคูณหน่วย"
    assert [d.id for d in message.structure.dimensions] == [
        "INDICATOR",
        "REF_AREA",
        "SEX",
        "TIME_PERIOD",
    ]


def test_sdmx1_cannot_read_sdmx_json_2() -> None:
    """Why SDMX-JSON 1.0 exists here: sdmx1 2.28 fails on 2.x messages, even official ones.

    When this test fails, sdmx1 has learned SDMX-JSON 2.x: read the 2.1 message in the test
    above instead and drop ``version="1.0"`` from the writer.
    """
    with pytest.raises((TypeError, KeyError)):
        sdmx.read_sdmx(io.BytesIO(_json_message().encode("utf-8")), format="JSON")
    official = shared_file("sdmx", "sdmx-json-official", "data-message_samples_exr_exr-flat.json")
    with pytest.raises((TypeError, KeyError)):
        sdmx.read_sdmx(official)


def _structure() -> v30.Dataflow:
    """The DSD the SDMX-CSV columns describe, built with sdmx1's information model."""
    oneplan = common.Agency(id="ONEPLAN")
    dsd = v30.DataStructureDefinition(id="DSD_OBSERVATIONS", maintainer=oneplan, version="1.0")
    for order, dim in enumerate(("INDICATOR", "REF_AREA", "SEX")):
        dsd.dimensions.getdefault(dim, order=order)
    dsd.dimensions.getdefault("TIME_PERIOD", cls=v30.TimeDimension, order=3)
    dsd.measures.getdefault("OBS_VALUE")
    for attribute in ("OBS_STATUS", "UNIT_MULT", "REPORTING_YEAR_START_DAY"):
        dsd.attributes.getdefault(attribute)
    return v30.Dataflow(id="DF_OBSERVATIONS", maintainer=oneplan, version="1.0", structure=dsd)


def test_sdmx1_reads_back_the_sdmx_csv(tmp_path: Path) -> None:
    path = tmp_path / "observations.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        assert write_sdmx_csv(ROWS, out, dimensions=["SEX"], indicators=INDICATORS) == len(ROWS)
    message = sdmx.read_sdmx(path, structure=_structure())
    assert isinstance(message, sdmx.message.DataMessage)
    (dataset,) = message.data
    assert dataset.action == common.ActionType.information
    read = {}
    for obs in dataset.obs:
        key = tuple(
            str(obs.key[dim].value) for dim in ("INDICATOR", "REF_AREA", "SEX", "TIME_PERIOD")
        )
        attrs = {name: value.value for name, value in obs.attached_attribute.items()}
        value = None if obs.value == "NaN" else float(obs.value)
        read[key] = (value, attrs["OBS_STATUS"], attrs["REPORTING_YEAR_START_DAY"])
        assert attrs["UNIT_MULT"] == str(INDICATORS[key[0]].unit_mult)
    assert read == EXPECTED


def test_sdmx_csv_has_the_layout_of_the_official_examples() -> None:
    """Same fixed leading columns, STRUCTURE value, STRUCTURE_ID form, delimiter and line ends."""
    example = shared_file(*CSV_EXAMPLE.relative_to(SHARED_DATA).parts).read_bytes().decode("utf-8")
    out = io.StringIO(newline="")
    write_sdmx_csv(ROWS, out, dimensions=["SEX"])
    ours = out.getvalue()
    assert "\r" not in ours
    assert "\r" not in example
    theirs_header, *theirs = list(csv.reader(io.StringIO(example)))
    header, *rows = list(csv.reader(io.StringIO(ours)))
    assert header[:3] == theirs_header[:3] == ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
    assert header[3:] == [
        "INDICATOR",
        "REF_AREA",
        "SEX",
        "TIME_PERIOD",
        "OBS_VALUE",
        "OBS_STATUS",
        "REPORTING_YEAR_START_DAY",
    ]
    structure_id = re.compile(r"[A-Z]+:[A-Z_]+\(\d+\.\d+(\.\d+)?\)")
    for row in theirs[:1] + rows:
        assert row[0] == "dataflow"
        assert structure_id.fullmatch(row[1])
    assert {row[2] for row in rows} == {"I"}
    assert all(len(row) == len(header) for row in rows)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2025", ("2025", "")),
        *[(f"2025-Q{q}", (f"2025-Q{q}", "")) for q in range(1, 5)],
        *[(f"2025-{m:02d}", (f"2025-{m:02d}", "")) for m in range(1, 13)],
        ("2024-02-29", ("2024-02-29", "")),
        ("FY2026", ("2025-A1", "--10-01")),
        ("FY2025", ("2024-A1", "--10-01")),
        ("FY2026-Q1", ("2025-Q1", "--10-01")),
        ("FY2026-Q2", ("2025-Q2", "--10-01")),
        ("FY2026-Q3", ("2025-Q3", "--10-01")),
        ("FY2026-Q4", ("2025-Q4", "--10-01")),
        ("FY2000", ("1999-A1", "--10-01")),
    ],
)
def test_sdmx_time_period_maps_each_kind_of_period(code: str, expected: tuple[str, str]) -> None:
    assert sdmx_time_period(code) == expected


def _reporting_period_start(time_period: str, start_day: str) -> date:
    """First day of an SDMX period; reporting periods count from the reporting year start day."""
    match = re.fullmatch(r"([0-9]{4})(?:-([AQ])([1-4]))?", time_period)
    if match is None:  # a Gregorian month or day
        return date.fromisoformat(
            time_period if time_period.count("-") == 2 else time_period + "-01"
        )
    month, day = (int(part) for part in (start_day or "--01-01")[2:].split("-"))
    months = (int(match[3] or 1) - 1) * (3 if match[2] == "Q" else 12)
    total = int(match[1]) * 12 + month - 1 + months
    return date(total // 12, total % 12 + 1, day)


def test_fiscal_periods_start_where_their_sdmx_reporting_periods_start() -> None:
    for year in range(1990, 2041):
        for code in [f"FY{year}", *(f"FY{year}-Q{q}" for q in range(1, 5)), f"{year}"]:
            start = _reporting_period_start(*sdmx_time_period(code))
            assert start == Period.parse(code).start, code
        for code in [*(f"{year}-Q{q}" for q in range(1, 5)), f"{year}-07", f"{year}-03-15"]:
            assert _reporting_period_start(*sdmx_time_period(code)) == Period.parse(code).start


@pytest.mark.parametrize(
    "code",
    ["", "2025-Q5", "FY2025-Q0", "FY2025-01", "fy2025", " 2025", "2025-H1", "25", "2025-13", "FY"],
)
def test_sdmx_time_period_rejects_unknown_codes(code: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(code))):
        sdmx_time_period(code)


class _LineCounter(io.StringIO):
    """A text sink that keeps nothing but the number of lines written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return len(text)


def test_sdmx_csv_streams_200000_rows() -> None:
    out = _LineCounter()
    written_before: dict[int, int] = {}

    def generate() -> Iterator[ObservationRow]:
        for n in range(200_000):
            if n % 50_000 == 0:
                written_before[n] = out.lines
            sex = (("SEX", "F" if n % 2 else "M"),) if n % 3 else ()
            yield ObservationRow("POP", f"{10 + n % 90}", f"{1900 + n // 1000}", n * 1.5, "F", sex)

    assert write_sdmx_csv(generate(), out, dimensions=["SEX"]) == 200_000
    assert out.lines == 200_001  # the header and one line per observation
    # When row n is asked for, the header and rows 0..n-1 are already out: nothing piles up.
    assert written_before == {n: n + 1 for n in range(0, 200_000, 50_000)}


def test_sdmx_writers_reject_what_sdmx_cannot_carry() -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match="AGE"):
        write_sdmx_csv([ObservationRow("POP", "12", "2025", 1.0, "F", (("AGE", "Y0T14"),))], out)
    with pytest.raises(ValueError, match=re.escape("'SDG.1.1'")):
        write_sdmx_csv([ObservationRow("SDG.1.1", "12", "2025", 1.0)], out)
    with pytest.raises(ValueError, match="status 'X'"):
        write_sdmx_csv([ObservationRow("POP", "12", "2025", 1.0, "X")], out)
    with pytest.raises(ValueError, match="TIME_PERIOD"):
        write_sdmx_csv([], out, dimensions=["TIME_PERIOD"])
    clash = [
        ObservationRow("POP", "12", "2025-Q1", 1.0),
        ObservationRow("POP", "12", "FY2026-Q1", 2.0),
    ]
    with pytest.raises(ValueError, match="SDMX key"):
        write_sdmx_json(clash, out, indicators=INDICATORS, areas=AREAS, prepared=PREPARED)
    with pytest.raises(ValueError, match="area metadata"):
        write_sdmx_json(
            [ObservationRow("POP", "99", "2025", 1.0)], out, indicators=INDICATORS, areas=AREAS
        )
    with pytest.raises(ValueError, match="timezone"):
        write_sdmx_json(
            ROWS, out, indicators=INDICATORS, areas=AREAS, prepared=datetime(2025, 1, 1)
        )
