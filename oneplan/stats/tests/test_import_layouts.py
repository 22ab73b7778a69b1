"""The observation importer reads every layout it promises: long and wide CSV and XLSX, with
Thai or English headers, Thai periods and numbers, areas by code or Thai name, categories."""

from __future__ import annotations

import datetime as dt

import pytest

from oneplan.geo.choices import AreaLevel
from oneplan.stats.choices import Frequency
from oneplan.stats.loading import load_file
from oneplan.stats.models import Dataset, Observation
from oneplan.stats.tests.factories import (
    indicator,
    mapping,
    sex_categories,
    stored,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.usefixtures("reference_db")


def test_long_csv_with_default_thai_headers_loads_without_a_mapping(db, tmp_path):
    indicator("POP", name_th="จำนวนประชากร")
    path = write_csv(
        tmp_path,
        "pop.csv",
        [
            ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"],
            ["POP", "12", "2567", "1,300,000"],
            ["จำนวนประชากร", "54", "2567", "441625"],
            ["pop", "12", "2566", "1290000.5"],
        ],
    )
    result = load_file(path)
    assert (result.rows, result.added, result.changed, result.unchanged) == (3, 3, 0, 0)
    assert result.batch is not None
    assert result.batch.added == 3
    assert stored("POP") == {
        ("12", "2024"): 1_300_000,
        ("54", "2024"): 441_625,
        ("12", "2023"): 1_290_000.5,
    }
    assert Observation.objects.get(area__code="12", period="2024").start == dt.date(2024, 1, 1)


def test_long_csv_with_english_headers_and_status(db, tmp_path):
    indicator("POP")
    path = write_csv(
        tmp_path,
        "pop_en.csv",
        [
            ["indicator", "area", "period", "value", "status"],
            ["POP", "12", "2024", "100", "P"],
            ["POP", "54", "2024", "200", ""],
            ["POP", "50", "2024", "300", "เบื้องต้น"],
        ],
    )
    load_file(path)
    rows = Observation.objects.filter(indicator__code="POP").values_list("area__code", "status")
    assert dict(rows) == {"12": "P", "54": "F", "50": "P"}
    assert stored("POP") == {("12", "2024"): 100, ("54", "2024"): 200, ("50", "2024"): 300}


def test_long_xlsx_reads_typed_cells_as_typed_text(db, tmp_path):
    indicator("POP")
    indicator("VISITS", frequency=Frequency.MONTH)
    path = write_xlsx(
        tmp_path,
        "pop.xlsx",
        [
            ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"],
            ["POP", 12, 2567, 1300000],
            ["POP", "54", 2562.0, 441625.5],
            ["VISITS", 12, "2567-03", "1,250"],
        ],
    )
    result = load_file(path)
    assert result.added == 3
    assert stored("POP") == {("12", "2024"): 1_300_000, ("54", "2019"): 441_625.5}
    assert stored("VISITS") == {("12", "2024-03"): 1250}


def test_xlsx_on_a_named_sheet_below_a_title_row(db, tmp_path):
    indicator("POP")
    path = write_xlsx(
        tmp_path,
        "titled.xlsx",
        [["ประชากรรายจังหวัด (ตารางสรุป)"], ["พื้นที่", "ปี", "ประชากร"], ["นนทบุรี", 2567, 10]],
        sheet="ข้อมูล",
    )
    spec = mapping(
        sheet="ข้อมูล",
        header_row=2,
        area="พื้นที่",
        period="ปี",
        value="ประชากร",
        indicator={"value": "POP"},
    )
    assert load_file(path, spec).added == 1
    assert stored("POP") == {("12", "2024"): 10}


def test_wide_by_area_takes_thai_province_names_from_the_headers(db, tmp_path):
    indicator("POP")
    path = write_csv(
        tmp_path,
        "wide_area.csv",
        [
            ["ตัวชี้วัด", "ปี", "นนทบุรี", "จังหวัดแพร่", "เชียงใหม่"],
            ["POP", "2566", "1,280,000", "442,000", "1,790,000"],
            ["POP", "2567", "1,300,000", "", "-"],
        ],
    )
    spec = mapping(layout="wide", across="area", indicator="ตัวชี้วัด", period="ปี")
    result = load_file(path, spec)
    assert result.added == 4
    assert result.problem_count == 0  # blank and "-" cells are no value, not a problem
    assert stored("POP") == {
        ("12", "2023"): 1_280_000,
        ("54", "2023"): 442_000,
        ("50", "2023"): 1_790_000,
        ("12", "2024"): 1_300_000,
    }


def test_wide_by_period_with_thai_month_headers(db, tmp_path):
    indicator("VISITS", frequency=Frequency.MONTH)
    path = write_csv(
        tmp_path,
        "wide_month.csv",
        [
            ["ตัวชี้วัด", "พื้นที่", "ม.ค. 2567", "ก.พ. 2567", "มีนาคม 2567", "Dec 2023"],
            ["VISITS", "นนทบุรี", "10", "20", "30", "5"],
            ["VISITS", "54", "1", "2", "3", ""],
        ],
    )
    spec = mapping(layout="wide", across="period", indicator="ตัวชี้วัด", area="พื้นที่")
    assert load_file(path, spec).added == 7
    assert stored("VISITS") == {
        ("12", "2024-01"): 10,
        ("12", "2024-02"): 20,
        ("12", "2024-03"): 30,
        ("12", "2023-12"): 5,
        ("54", "2024-01"): 1,
        ("54", "2024-02"): 2,
        ("54", "2024-03"): 3,
    }


def test_wide_by_period_with_buddhist_era_year_headers(db, tmp_path):
    indicator("POP")
    path = write_csv(
        tmp_path,
        "wide_year.csv",
        [["จังหวัด", "2565", "2566", "พ.ศ. 2567"], ["นนทบุรี", "1", "2", "3"]],
    )
    spec = mapping(layout="wide", across="period", area="จังหวัด", indicator={"value": "POP"})
    load_file(path, spec)
    assert stored("POP") == {("12", "2022"): 1, ("12", "2023"): 2, ("12", "2024"): 3}


def test_wide_by_indicator_maps_headers_to_codes(db, tmp_path):
    indicator("POP")
    indicator("HH")
    path = write_csv(
        tmp_path,
        "wide_ind.csv",
        [
            ["จังหวัด", "ปี", "ประชากร", "ครัวเรือน", "หมายเหตุ"],
            ["นนทบุรี", "2567", "1,300,000", "500,000", "ข้อความ"],
            ["แพร่", "2567", "441,625", "", "ไม่ใช่ตัวเลข"],
        ],
    )
    spec = mapping(
        layout="wide",
        across="indicator",
        area="จังหวัด",
        period="ปี",
        value_columns={"ประชากร": "POP", "ครัวเรือน": "HH"},
    )
    result = load_file(path, spec)
    assert result.problem_count == 0  # the unmapped "หมายเหตุ" column is not read
    assert stored("POP") == {("12", "2024"): 1_300_000, ("54", "2024"): 441_625}
    assert stored("HH") == {("12", "2024"): 500_000}


def test_periods_in_many_forms(db, tmp_path):
    indicator("POP")
    indicator("BUDGET", frequency=Frequency.FISCAL_YEAR)
    indicator("GPP-Q", frequency=Frequency.QUARTER)
    indicator("TAX-FQ", frequency=Frequency.FISCAL_QUARTER)
    path = write_csv(
        tmp_path,
        "periods.csv",
        [
            ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"],
            ["POP", "12", "2567", "1"],
            ["POP", "54", "2024", "2"],
            ["POP", "50", "๒๕๖๗", "3"],
            ["POP", "12", "พ.ศ. 2565", "4"],
            ["POP", "54", "2562.0", "5"],
            ["BUDGET", "12", "ปีงบประมาณ 2568", "6"],
            ["BUDGET", "54", "FY2024", "7"],
            ["GPP-Q", "12", "ไตรมาส 1/2568", "8"],
            ["GPP-Q", "12", "Q4 2024", "9"],
            ["TAX-FQ", "12", "ไตรมาส 1 ปีงบประมาณ 2568", "10"],
        ],
    )
    load_file(path)
    assert stored("POP") == {
        ("12", "2024"): 1,
        ("54", "2024"): 2,
        ("50", "2024"): 3,
        ("12", "2022"): 4,
        ("54", "2019"): 5,
    }
    assert stored("BUDGET") == {("12", "FY2025"): 6, ("54", "FY2024"): 7}
    assert stored("GPP-Q") == {("12", "2025-Q1"): 8, ("12", "2024-Q4"): 9}
    assert stored("TAX-FQ") == {("12", "FY2025-Q1"): 10}
    starts = dict(Observation.objects.values_list("period", "start"))
    assert starts["FY2025"] == dt.date(2024, 10, 1)  # fiscal 2568 starts in October 2567
    assert starts["FY2025-Q1"] == dt.date(2024, 10, 1)
    assert starts["2025-Q1"] == dt.date(2025, 1, 1)


def test_numbers_with_separators_thai_digits_and_brackets(db, tmp_path):
    indicator("NET", min_area_level=AreaLevel.SUBDISTRICT)
    path = write_csv(
        tmp_path,
        "numbers.csv",
        [
            ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"],
            ["NET", "12", "2567", "1,234,567.25"],
            ["NET", "54", "2567", "๑,๒๓๔"],
            ["NET", "50", "2567", "(1,000)"],
            ["NET", "1201", "2567", " 12.5 "],
            ["NET", "5401", "2567", "-"],
            ["NET", "120101", "2567", "๔๒.๕"],
        ],
    )
    result = load_file(path)
    assert result.problem_count == 0
    assert stored("NET") == {
        ("12", "2024"): 1_234_567.25,
        ("54", "2024"): 1234,
        ("50", "2024"): -1000,
        ("1201", "2024"): 12.5,
        ("120101", "2024"): 42.5,
    }


def test_areas_by_dopa_code_and_by_thai_name_with_prefixes(db, tmp_path):
    indicator("NET", min_area_level=AreaLevel.SUBDISTRICT)
    names = {
        "นนทบุรี": "12",
        "จังหวัดแพร่": "54",
        "จ.เชียงใหม่": "50",
        "Chiang Rai": "57",
        "อ.เมืองนนทบุรี": "1201",
        "อำเภอเมืองแพร่": "5401",
        "ต.สวนใหญ่": "120101",
        "กรุงเทพมหานคร": "10",
        "TH": "TH",
        "๑๐": "10",
    }
    rows = [["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"]]
    rows += [["NET", name, str(2550 + i), str(i)] for i, name in enumerate(names)]
    result = load_file(write_csv(tmp_path, "areas.csv", rows))
    assert result.problem_count == 0
    loaded = Observation.objects.filter(indicator__code="NET")
    by_value = {int(v): code for code, v in loaded.values_list("area__code", "value")}
    assert by_value == dict(enumerate(names.values()))


def test_disaggregation_by_category_set_with_total(db, tmp_path):
    sex = sex_categories()
    indicator("POP", category_sets=[sex])
    path = write_csv(
        tmp_path,
        "sex.csv",
        [
            ["ตัวชี้วัด", "จังหวัด", "ปี", "เพศ", "จำนวน"],
            ["POP", "12", "2567", "ชาย", "600"],
            ["POP", "12", "2567", "หญิง", "700"],
            ["POP", "12", "2567", "รวม", "1300"],
            ["POP", "54", "2567", "M", "200"],
            ["POP", "54", "2567", "Female", "210"],
            ["POP", "54", "2567", "", "410"],
        ],
    )
    spec = mapping(
        indicator="ตัวชี้วัด",
        area="จังหวัด",
        period="ปี",
        value="จำนวน",
        disaggregation={"SEX": "เพศ"},
    )
    assert load_file(path, spec).added == 6
    assert stored("POP", "SEX=M") == {("12", "2024"): 600, ("54", "2024"): 200}
    assert stored("POP", "SEX=F") == {("12", "2024"): 700, ("54", "2024"): 210}
    assert stored("POP") == {("12", "2024"): 1300, ("54", "2024"): 410}


def test_fixed_disaggregation_for_a_whole_file(db, tmp_path):
    sex = sex_categories()
    indicator("POP", category_sets=[sex])
    path = write_csv(tmp_path, "women.csv", [["พื้นที่", "ปี", "ค่า"], ["12", "2567", "700"]])
    spec = mapping(
        indicator={"value": "POP"},
        area="พื้นที่",
        period="ปี",
        value="ค่า",
        disaggregation={"sex": {"value": "หญิง"}},
    )
    load_file(path, spec)
    assert stored("POP", "SEX=F") == {("12", "2024"): 700}


def test_period_as_month_reads_dates_as_their_month(db, tmp_path):
    indicator("VISITS", frequency=Frequency.MONTH)
    path = write_csv(
        tmp_path,
        "dates.csv",
        [
            ["travel_date", "province_thai", "visitors"],
            ["2019-01-01", "นนทบุรี", "100"],
            ["2019-02-15", "นนทบุรี", "200"],
            ["01/03/2562", "นนทบุรี", "300"],
        ],
    )
    spec = mapping(
        indicator={"value": "VISITS"},
        area="province_thai",
        period="travel_date",
        value="visitors",
        period_as="month",
    )
    load_file(path, spec)
    assert stored("VISITS") == {
        ("12", "2019-01"): 100,
        ("12", "2019-02"): 200,
        ("12", "2019-03"): 300,
    }
    assert Observation.objects.get(period="2019-02").start == dt.date(2019, 2, 1)


def test_fixed_values_for_indicator_period_and_status(db, tmp_path):
    indicator("POP")
    dataset = Dataset.objects.create(code="pop-registry", name_th="ทะเบียนราษฎร")
    path = write_csv(tmp_path, "fixed.csv", [["พื้นที่", "ค่า"], ["12", "5"], ["54", "6"]])
    spec = mapping(
        indicator={"value": "POP"},
        period={"value": "ปี 2567"},
        status={"value": "P"},
        area="พื้นที่",
        value="ค่า",
        dataset="pop-registry",
    )
    load_file(path, spec)
    assert stored("POP") == {("12", "2024"): 5, ("54", "2024"): 6}
    assert set(Observation.objects.values_list("status", "dataset_id")) == {("P", dataset.pk)}
