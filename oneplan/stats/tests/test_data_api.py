"""The data API: lists with a total count and filters, and exports that real clients read."""

from __future__ import annotations

import io
import json
import zipfile

import frictionless
import jsonschema  # type: ignore[import-untyped]
import pytest
from openpyxl import load_workbook

from oneplan.orgs.models import Agency
from oneplan.stats.loading import load_file
from oneplan.stats.models import Dataset, DatasetIndicator, Indicator
from oneplan.stats.tests.factories import indicator, mapping, write_csv
from oneplan.testing.shared_data import shared_file


@pytest.fixture
def loaded(reference_db, db, tmp_path):
    visits = indicator("VISITS", frequency="month", min_area_level="district")
    owner = Agency.objects.create(code="NSO-T", kind="department", name_th="สำนักงานสถิติ")
    dataset = Dataset.objects.create(
        code="tourism-12",
        name_th="ผู้เยี่ยมเยือน",
        owner=owner,
        license="CC-BY-4.0",
        source="กระทรวงการท่องเที่ยวและกีฬา",
    )
    DatasetIndicator.objects.create(
        dataset=dataset, indicator=visits, frequency="month", min_area_level="district"
    )
    rows = [("indicator", "area", "period", "value")]
    for month in range(1, 13):
        rows.append(("VISITS", "1201", f"2024-{month:02d}", month * 10))
        rows.append(("VISITS", "1202", f"2024-{month:02d}", month))
    load_file(write_csv(tmp_path, "visits.csv", rows), mapping(dataset="tourism-12"))
    return dataset


def test_lists_answer_with_a_total_count(loaded, client):
    # Besides VISITS, the registry holds the positioning measures every installation gets
    # (GPP, GPP-CVM, EMP: the analysis app's migration; gone after a flushing test).
    registry = Indicator.objects.count()
    assert Indicator.objects.exclude(code__in=["GPP", "GPP-CVM", "EMP"]).count() == 1
    for url, count in [
        ("/api/indicators", registry),
        ("/api/datasets", 1),
        ("/api/observations?indicator=VISITS&area=1201", 12),
        ("/api/observations?indicator=VISITS&period=2024-03", 2),
    ]:
        body = client.get(url).json()
        assert body["count"] == count, url


def test_aggregates_filter_by_period_type_and_typed_periods(loaded, client):
    body = client.get(
        "/api/aggregates?indicator=VISITS&area=12&period_type=fiscal_year"
        "&period_from=ปีงบประมาณ 2567"
    ).json()
    # Oct-Dec 2024 fall in fiscal year 2568 (FY2025); Jan-Sep 2024 in 2567 (FY2024).
    values = {r["period"]: (r["value"], r["count"], r["expected"]) for r in body["results"]}
    # Nonthaburi has 6 districts: a fiscal year expects 6 × 12 values; two districts sent them.
    assert values["FY2025"] == ((10 + 11 + 12) * 11, 6, 72)
    assert values["FY2024"] == (sum(m * 11 for m in range(1, 10)), 18, 72)


def test_bad_filter_answers_400_naming_it(loaded, client):
    response = client.get("/api/observations?period_from=เดือนหน้า")
    assert response.status_code == 400
    assert "period_from" in response.json()["detail"]


def test_csv_export_loads_back_unchanged(loaded, client, tmp_path):
    response = client.get("/api/observations/export?indicator=VISITS&format=csv")
    body = b"".join(response.streaming_content)
    assert body.splitlines()[0] == b"indicator,area,period,disaggregation,value,status"
    path = tmp_path / "again.csv"
    path.write_bytes(body)
    result = load_file(path)
    assert (result.added, result.changed, result.unchanged) == (0, 0, 24)


def test_xlsx_export_holds_every_value(loaded, client):
    response = client.get("/api/observations/export?indicator=VISITS&area=1201&format=xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:5] == ("indicator", "area", "period", "disaggregation", "value")
    assert sorted(r[4] for r in rows[1:]) == [m * 10 for m in range(1, 13)]


def test_sdmx_json_export_passes_the_official_schema(loaded, client):
    schema_path = shared_file("sdmx", "sdmx-json-official", "sdmx-json-data-schema.json")
    response = client.get(
        "/api/aggregates/export?indicator=VISITS&area=12&period_type=fiscal_quarter"
        "&format=sdmx-json"
    )
    message = json.loads(b"".join(response.streaming_content))
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    # Format checks on: the schema's oneOf between date and date-time needs them.
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(message)
    names = json.dumps(message, ensure_ascii=False)
    assert "นนทบุรี" in names


def test_sdmx_export_refuses_calendar_and_fiscal_quarters_together(loaded, client):
    response = client.get("/api/aggregates/export?indicator=VISITS&area=12&format=sdmx-csv")
    assert response.status_code == 400
    assert "period_type" in response.json()["detail"]


def test_sdmx_csv_export_marks_fiscal_periods(loaded, client):
    response = client.get(
        "/api/aggregates/export?indicator=VISITS&area=12&period_type=fiscal_year&format=sdmx-csv"
    )
    lines = b"".join(response.streaming_content).decode().splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]
    assert {r["TIME_PERIOD"] for r in rows} == {"2023-A1", "2024-A1"}
    assert {r["REPORTING_YEAR_START_DAY"] for r in rows} == {"--10-01"}


def test_dataset_data_package_is_valid_for_frictionless(loaded, client, tmp_path):
    response = client.get("/api/datasets/tourism-12/datapackage")
    path = tmp_path / "package.zip"
    path.write_bytes(b"".join(response.streaming_content))
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "package")
    report = frictionless.validate(str(tmp_path / "package" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "package" / "datapackage.json").read_text("utf-8"))
    assert descriptor["title"] == "ผู้เยี่ยมเยือน"
    observations = (tmp_path / "package" / "observations.csv").read_text("utf-8").splitlines()
    assert len(observations) == 1 + 24


def test_unknown_export_format_is_refused(loaded, client):
    response = client.get("/api/observations/export?format=pdf")
    assert response.status_code == 400
    assert "sdmx-json" in response.json()["detail"]
