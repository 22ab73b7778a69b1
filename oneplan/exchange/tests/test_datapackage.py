"""Frictionless data packages, checked with the real ``frictionless`` validator."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest

from oneplan.exchange.datapackage import (
    OBSERVATION_KEY,
    License,
    Source,
    TableField,
    TableResource,
    observation_fields,
    observation_rows,
    slug,
    write_data_package,
)
from oneplan.exchange.rows import ObservationRow

OBSERVATIONS = [
    ObservationRow("TOUR-VISITORS", "12", "FY2026", 1250.5, "P"),
    ObservationRow("POP", "12", "2025", 1290000.0, "F", (("SEX", "F"),)),
    ObservationRow("POP", "12", "2025", 1190000.0, "F", (("SEX", "M"),)),
    ObservationRow("POP", "12", "2025", 2480000.0, "F"),
    ObservationRow("POP", "1201", "2025-01", None, "F", (("AGE", "Y0T14"), ("SEX", "F"))),
]
INDICATOR_FIELDS = (
    TableField("code", "string", "รหัส"),
    TableField("name_th", "string", "ชื่อตัวชี้วัด", "ชื่อภาษาไทย"),
    TableField("name_en", "string", "Name"),
    TableField("unit", "string", "หน่วย"),
    TableField("unit_mult", "integer", "ตัวคูณหน่วย", "ยกกำลังของสิบ"),
    TableField("first_year", "year", "ปีแรกที่มีข้อมูล"),
    TableField("updated", "date", "ปรับปรุงล่าสุด"),
)
INDICATORS = [
    ("TOUR-VISITORS", "จำนวนนักท่องเที่ยว", "Tourist arrivals", "คน", 3, 2010, date(2025, 11, 1)),
    ("POP", "ประชากร", "Population", "คน", 0, 1993, None),
]


def _resources() -> list[TableResource]:
    return [
        TableResource(
            name="observations",
            title="ค่าตัวชี้วัด",
            description="ค่าตัวชี้วัดรายพื้นที่และช่วงเวลา จังหวัดนนทบุรี",
            fields=observation_fields(),
            primary_key=OBSERVATION_KEY,
            rows=observation_rows(iter(OBSERVATIONS)),
        ),
        TableResource(
            name="indicators",
            title="ตัวชี้วัด",
            description="รายการตัวชี้วัด",
            fields=INDICATOR_FIELDS,
            primary_key=("code",),
            rows=iter(INDICATORS),
        ),
    ]


def _write(out: Path | io.BytesIO) -> dict[str, int]:
    return write_data_package(
        out,
        name="OnePlan Nonthaburi 2025",
        title="ข้อมูลตัวชี้วัดจังหวัดนนทบุรี",
        description="ส่งออกจาก OnePlan",
        licenses=[
            License("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0")
        ],
        sources=[Source("สำนักงานสถิติจังหวัดนนทบุรี", "https://nonthaburi.nso.go.th/")],
        resources=_resources(),
        created=datetime(2025, 11, 3, 9, 30, tzinfo=timezone(timedelta(hours=7))),
    )


def _errors(report: frictionless.Report) -> list[list[str]]:
    return report.flatten(["type", "fieldName", "note"])


def test_data_package_is_valid_for_frictionless(tmp_path: Path) -> None:
    path = tmp_path / "package.zip"
    assert _write(path) == {"observations": 5, "indicators": 2}
    report = frictionless.validate(str(path))
    assert report.valid, _errors(report)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "datapackage.json",
            "indicators.csv",
            "observations.csv",
        ]
        text = archive.read("datapackage.json").decode("utf-8")
        archive.extractall(tmp_path / "extracted")
    assert "ข้อมูลตัวชี้วัดจังหวัดนนทบุรี" in text  # UTF-8, not \u escapes
    descriptor = json.loads(text)
    assert descriptor["name"] == "oneplan-nonthaburi-2025"
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    schema = descriptor["resources"][0]["schema"]
    assert schema["primaryKey"] == ["indicator", "area", "period", "disaggregation"]
    assert schema["missingValues"] == [""]
    extracted = frictionless.validate(str(tmp_path / "extracted" / "datapackage.json"))
    assert extracted.valid, _errors(extracted)


def test_frictionless_reads_back_types_and_thai_text(tmp_path: Path) -> None:
    out = io.BytesIO()  # the writer takes a stream as well as a path
    _write(out)
    path = tmp_path / "package.zip"
    path.write_bytes(out.getvalue())
    with zipfile.ZipFile(path) as archive:
        header = archive.read("observations.csv").decode("utf-8").splitlines()[0]
    assert header == "indicator,area,period,disaggregation,value,status"
    package = frictionless.Package(str(path))
    assert package.title == "ข้อมูลตัวชี้วัดจังหวัดนนทบุรี"
    observations = package.get_resource("observations")
    assert isinstance(observations, frictionless.resources.TableResource)
    rows = observations.read_rows()
    assert rows[0].to_dict() == {
        "indicator": "TOUR-VISITORS",
        "area": "12",
        "period": "FY2026",
        "disaggregation": "",  # the total: an empty string, not a missing value
        "value": Decimal("1250.5"),
        "status": "P",
    }
    assert [row["disaggregation"] for row in rows[1:]] == ["SEX=F", "SEX=M", "", "AGE=Y0T14;SEX=F"]
    assert rows[1]["value"] == Decimal(1290000)
    assert rows[4]["value"] is None
    indicator_table = package.get_resource("indicators")
    assert indicator_table.title == "ตัวชี้วัด"
    assert isinstance(indicator_table, frictionless.resources.TableResource)
    indicators = indicator_table.read_rows()
    assert indicators[0].to_dict() == {
        "code": "TOUR-VISITORS",
        "name_th": "จำนวนนักท่องเที่ยว",
        "name_en": "Tourist arrivals",
        "unit": "คน",
        "unit_mult": 3,
        "first_year": 2010,
        "updated": date(2025, 11, 1),
    }
    assert indicators[1]["updated"] is None


def _rewrite(source: Path, target: Path, member: str, edit: str) -> None:
    """Copy a package ZIP, replacing ``member``'s text and updating its bytes and hash."""
    with zipfile.ZipFile(source) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    data = edit.encode("utf-8")
    descriptor = json.loads(files["datapackage.json"])
    for resource in descriptor["resources"]:
        if resource["path"] == member:
            resource["bytes"] = len(data)
            resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
    files[member] = data
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False).encode("utf-8")
    with zipfile.ZipFile(target, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)


def test_frictionless_reports_text_in_a_number_column(tmp_path: Path) -> None:
    """Bypass the writer's own checks with zipfile: frictionless must catch the bad cell."""
    good = tmp_path / "good.zip"
    _write(good)
    with zipfile.ZipFile(good) as archive:
        table = list(csv.reader(io.StringIO(archive.read("observations.csv").decode("utf-8"))))
    table[1][4] = "หนึ่งพัน"  # value column
    text = io.StringIO()
    csv.writer(text).writerows(table)
    bad = tmp_path / "bad.zip"
    _rewrite(good, bad, "observations.csv", text.getvalue())
    report = frictionless.validate(str(bad))
    assert not report.valid
    assert _errors(report) == [["type-error", "value", 'type is "number/default"']]


def test_writer_refuses_cells_that_do_not_fit_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "refused.zip"

    def package(fields: tuple[TableField, ...], rows: list[tuple[object, ...]]) -> None:
        resource = TableResource("t", "ตาราง", "", fields, ("a",), rows)  # type: ignore[arg-type]
        write_data_package(target, name="x", title="", description="", resources=[resource])

    number = (TableField("a", "string"), TableField("b", "number"))
    with pytest.raises(TypeError, match=r"row 2, field 'b' \(number\): str '1,000'"):
        package(number, [("A", "1,000")])
    assert not target.exists()  # no half-written package is left behind
    with pytest.raises(TypeError, match=r"field 'b' \(integer\)"):
        package((TableField("a", "string"), TableField("b", "integer")), [("A", 1.5)])
    with pytest.raises(ValueError, match="1 cells for 2 fields"):
        package(number, [("A",)])
    with pytest.raises(ValueError, match="primary key"):
        package(number, [(None, 1.0)])
    package(number, [("A", 1.0)])
    assert target.exists()


def test_slug_makes_valid_package_names() -> None:
    assert slug("OnePlan Nonthaburi 2025") == "oneplan-nonthaburi-2025"
    assert slug("ข้อมูล จังหวัด") == "oneplan-data"
    assert slug("  Tour_Visitors.v2 ") == "tour_visitors.v2"
    with pytest.raises(ValueError, match="distinct"):
        write_data_package(
            io.BytesIO(),
            name="x",
            title="",
            description="",
            resources=[
                TableResource("Obs", "", "", observation_fields(), OBSERVATION_KEY, []),
                TableResource("obs", "", "", observation_fields(), OBSERVATION_KEY, []),
            ],
        )
