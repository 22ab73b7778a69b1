"""A file with problems is rejected whole, with every problem at its row and column; a mapping
with problems lists them all; accept_valid and dry runs do what they say."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils.translation import override

from oneplan.core.importing import ImportRejected
from oneplan.exchange.mapping import load_mapping
from oneplan.stats.choices import Frequency
from oneplan.stats.loading import load_file
from oneplan.stats.models import ImportBatch, Observation
from oneplan.stats.tests.factories import (
    indicator,
    mapping,
    sex_categories,
    stored,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.usefixtures("reference_db")
HEADER = ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า", "เพศ"]
SPEC = {
    "indicator": "ตัวชี้วัด",
    "area": "พื้นที่",
    "period": "ช่วงเวลา",
    "value": "ค่า",
    "disaggregation": {"SEX": "เพศ"},
}
LONG = {k: v for k, v in SPEC.items() if k != "disaggregation"}


@pytest.fixture
def registry(db):
    sex = sex_categories()
    indicator("POP", min_value=0, max_value=2_000_000, category_sets=[sex])
    indicator("VISITS", frequency=Frequency.MONTH)
    indicator("DENS", formula="{POP} / 2")


def rejected(path, spec=None, **options) -> list:
    with override("en"), pytest.raises(ImportRejected) as caught:
        load_file(path, spec or mapping(**SPEC), **options)
    return caught.value.problems


def test_every_problem_in_a_file_is_reported_at_once_and_nothing_written(registry, cast, tmp_path):
    path = write_csv(
        tmp_path,
        "many.csv",
        [
            HEADER,
            ["POP", "54", "2567", "100", ""],  # 2: good
            ["POP", "99", "2567", "1", ""],  # 3: unknown area
            ["POP", "เฉลิมพระเกียรติ", "2567", "1", ""],  # 4: five districts have the name
            ["NOPE", "54", "2567", "1", ""],  # 5: unknown indicator
            ["POP", "54", "ปีหน้า", "1", ""],  # 6: not a period
            ["POP", "54", "ม.ค. 2566", "1", ""],  # 7: finer than yearly
            ["VISITS", "54", "2567", "1", ""],  # 8: coarser than monthly
            ["POP", "54", "2566", "abc", ""],  # 9: not a number
            ["POP", "54", "2565", "5,000,000", ""],  # 10: above max_value
            ["POP", "54", "2567", "101", ""],  # 11: same key as row 2
            ["DENS", "54", "2567", "3", ""],  # 12: computed indicator
            ["POP", "5401", "2567", "4", ""],  # 13: a district; POP stops at provinces
            ["POP", "12", "2567", "5", ""],  # 14: Nonthaburi, not Phrae's planner's
            ["POP", "54", "2564", "6", "ไม่ระบุ"],  # 15: not a SEX category
        ],
    )
    problems = rejected(path, user=cast.planner_phrae)
    by_row = {p.row: p for p in problems}
    # Both rows of the repeated key (2 and 11) are named, so 14 problems in rows 2-15.
    assert len(problems) == 14
    assert sorted(by_row) == list(range(2, 16))
    assert {p.file for p in problems} == {"many.csv"}
    expected_columns = {
        3: "B (พื้นที่)",
        4: "B (พื้นที่)",
        5: "A (ตัวชี้วัด)",
        6: "C (ช่วงเวลา)",
        9: "D (ค่า)",
        10: "D (ค่า)",
        14: "B (พื้นที่)",
        15: "E (เพศ)",
    }
    for row, column in expected_columns.items():
        assert by_row[row].column == column, by_row[row]
    fragments = {
        3: "99",
        4: "เฉลิมพระเกียรติ",
        5: "NOPE",
        6: "ปีหน้า",
        7: "finer",
        8: "coarser",
        9: "abc",
        10: "5e+06",
        2: "2, 11",
        11: "2, 11",
        12: "DENS",
        13: "5401",
        14: "(12)",
        15: "ไม่ระบุ",
    }
    for row, fragment in fragments.items():
        assert fragment in by_row[row].message, by_row[row]
    assert "5 areas are named" in by_row[4].message
    assert by_row[7].message.startswith("2023-01 ")
    assert by_row[8].message.startswith("2024 ")
    assert all(by_row[row].column for row in (7, 8, 10, 12, 13))
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_problems_in_a_workbook_name_the_sheet_and_the_spreadsheet_row(registry, tmp_path):
    path = write_xlsx(
        tmp_path,
        "book.xlsx",
        [["ประชากร"], HEADER[:4], ["POP", 12, 2567, 1], ["POP", 99, 2567, 2]],
        sheet="ข้อมูล",
    )
    spec = mapping(header_row=2, **LONG)
    [problem] = rejected(path, spec)
    assert (problem.sheet, problem.row, problem.column) == ("ข้อมูล", 4, "B (พื้นที่)")


def test_column_letters_count_an_empty_first_column(registry, tmp_path):
    path = write_xlsx(
        tmp_path, "offset.xlsx", [[None, *HEADER[:4]], [None, "POP", "99", "2567", "1"]]
    )
    [problem] = rejected(path, mapping(**LONG))
    assert (problem.row, problem.column) == (2, "C (พื้นที่)")


def test_missing_mapped_columns_are_reported_at_the_header_row_with_the_columns(registry, tmp_path):
    path = write_csv(tmp_path, "short.csv", [["ตัวชี้วัด", "จังหวัด", "ค่า"], ["POP", "12", "1"]])
    problems = rejected(path)
    assert [p.row for p in problems] == [1, 1, 1]
    messages = " | ".join(p.message for p in problems)
    for missing in ("พื้นที่", "ช่วงเวลา", "เพศ"):
        assert f"no column {missing} " in messages
    assert all("ตัวชี้วัด, จังหวัด, ค่า" in p.message for p in problems)


def test_a_bad_mapping_file_lists_every_problem(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'layout = "tall"\nareas = "จังหวัด"\ncolour = "red"\nperiod_as = "week"\n'
        "indicator = 3\nheader_row = 0\n",
        encoding="utf-8",
    )
    with override("en"), pytest.raises(ImportRejected) as caught:
        load_mapping(path)
    messages = [p.message for p in caught.value.problems]
    assert {p.file for p in caught.value.problems} == {"bad.toml"}
    assert len(messages) == 6
    text = " | ".join(messages)
    for fragment in ("areas", "colour", "tall", "period_as", "indicator", "header_row"):
        assert fragment in text


def test_a_wide_mapping_without_across_and_with_a_value_column_is_refused(tmp_path):
    path = tmp_path / "wide.json"
    path.write_text('{"layout": "wide", "value": "ค่า", "area": "จังหวัด"}', encoding="utf-8")
    with override("en"), pytest.raises(ImportRejected) as caught:
        load_mapping(path)
    text = " | ".join(p.message for p in caught.value.problems)
    assert "across" in text
    assert "remove value" in text


def test_accept_valid_loads_the_good_values_and_returns_the_rejected_rows(registry, tmp_path):
    path = write_csv(
        tmp_path,
        "mixed.csv",
        [
            HEADER,
            ["POP", "12", "2567", "100", ""],
            ["POP", "99", "2567", "1", ""],
            ["POP", "54", "2567", "200", "หญิง"],
            ["POP", "54", "2566", "abc", ""],
        ],
    )
    with override("en"):
        result = load_file(path, mapping(**SPEC), accept_valid=True)
    assert (result.added, result.problem_count, result.rejected_rows) == (2, 2, 2)
    assert stored("POP") == {("12", "2024"): 100}
    assert stored("POP", "SEX=F") == {("54", "2024"): 200}
    assert result.batch is not None
    assert result.batch.rejected == 2
    rows = list(csv.reader(io.StringIO(result.error_file)))
    assert rows[0] == ["row", *HEADER, "problems"]
    assert [r[:5] for r in rows[1:]] == [
        ["3", "POP", "99", "2567", "1"],
        ["5", "POP", "54", "2566", "abc"],
    ]
    assert rows[1][-1].startswith("B (พื้นที่): ")
    assert "99" in rows[1][-1]
    assert rows[2][-1].startswith("D (ค่า): ")
    assert "abc" in rows[2][-1]


def test_accept_valid_loads_neither_duplicate_and_returns_both_rows(registry, tmp_path):
    path = write_csv(
        tmp_path,
        "dups.csv",
        [
            HEADER,
            ["POP", "12", "2567", "100", ""],
            ["POP", "12", "2567", "101", ""],
            ["POP", "54", "2567", "200", ""],
        ],
    )
    result = load_file(path, mapping(**SPEC), accept_valid=True)
    assert stored("POP") == {("54", "2024"): 200}
    assert [p.row for p in result.problems] == [2, 3]
    # Neither row was loaded, so both must come back to be fixed and loaded again.
    assert result.rejected_rows == 2
    rows = list(csv.reader(io.StringIO(result.error_file)))
    assert [r[0] for r in rows[1:]] == ["2", "3"]


def test_the_same_key_twice_in_one_wide_row_is_a_problem_not_a_crash(registry, tmp_path):
    path = write_csv(tmp_path, "twice.csv", [["ปี", "นนทบุรี", "จังหวัดนนทบุรี"], ["2567", "1", "2"]])
    spec = mapping(layout="wide", across="area", period="ปี", indicator={"value": "POP"})
    problems = rejected(path, spec)
    assert [(p.row, p.column) for p in problems] == [(2, "B (นนทบุรี)"), (2, "C (จังหวัดนนทบุรี)")]
    assert Observation.objects.count() == 0


def test_dry_run_reports_added_changed_unchanged_and_a_preview_writing_nothing(registry, tmp_path):
    first = write_csv(
        tmp_path,
        "first.csv",
        [HEADER, ["POP", "12", "2567", "100", ""], ["POP", "54", "2567", "200", ""]],
    )
    load_file(first, mapping(**SPEC))
    batches = list(ImportBatch.objects.values_list("pk", flat=True))
    second = write_csv(
        tmp_path,
        "second.csv",
        [
            HEADER,
            ["POP", "12", "2567", "150", ""],
            ["POP", "54", "2567", "200", ""],
            ["POP", "50", "2567", "300", ""],
        ],
    )
    result = load_file(second, mapping(**SPEC), dry_run=True)
    assert (result.added, result.changed, result.unchanged) == (1, 1, 1)
    assert result.batch is None
    assert not result.written
    assert [(c.indicator, c.area, c.period, c.old, c.new) for c in result.preview] == [
        ("POP", "12", "2024", 100, 150),
        ("POP", "50", "2024", None, 300),
    ]
    assert stored("POP") == {("12", "2024"): 100, ("54", "2024"): 200}
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == batches


def test_dry_run_of_a_file_with_problems_reports_them_instead_of_raising(registry, tmp_path):
    path = write_csv(
        tmp_path,
        "dry.csv",
        [HEADER, ["POP", "12", "2567", "100", ""], ["POP", "12", "2566", "x", ""]],
    )
    result = load_file(path, mapping(**SPEC), dry_run=True)
    assert (result.added, result.problem_count) == (1, 1)
    assert (result.problems[0].row, result.problems[0].column) == (3, "D (ค่า)")
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_a_value_with_two_problems_reports_both_at_their_own_columns(registry, tmp_path):
    path = write_csv(tmp_path, "two.csv", [HEADER, ["POP", "12", "ม.ค. 2567", "abc", ""]])
    problems = rejected(path)
    assert [(p.row, p.column) for p in problems] == [(2, "C (ช่วงเวลา)"), (2, "D (ค่า)")]
    assert "finer" in problems[0].message
    assert "abc" in problems[1].message


def test_a_bad_value_is_reported_even_when_the_row_s_indicator_is_unknown(registry, tmp_path):
    path = write_csv(tmp_path, "unknown.csv", [HEADER, ["NOPE", "12", "2567", "3x", ""]])
    problems = rejected(path)
    assert [(p.row, p.column) for p in problems] == [(2, "A (ตัวชี้วัด)"), (2, "D (ค่า)")]
    assert "3x" in problems[1].message


def test_a_wide_row_with_an_unknown_area_still_names_its_bad_values(registry, tmp_path):
    path = write_csv(tmp_path, "wide.csv", [["พื้นที่", "2566", "2567"], ["99", "1", "x"]])
    spec = mapping(layout="wide", across="period", area="พื้นที่", indicator={"value": "POP"})
    problems = rejected(path, spec)
    assert [(p.row, p.column) for p in problems] == [(2, "A (พื้นที่)"), (2, "C (2567)")]
