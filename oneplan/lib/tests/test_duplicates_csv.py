"""The request file of ``oneplan find-duplicates`` and the pairs file it writes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from oneplan.lib.duplicates import (
    Pair,
    Reason,
    ReasonCode,
    Request,
    RequestFileError,
    read_requests,
    write_pairs,
)

HEADER = "id,title,description,area_code,agency,fiscal_year\n"


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "requests.csv"
    path.write_bytes(text.encode(encoding))
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(RequestFileError) as caught:
        read_requests(path)
    return caught.value.problems


def test_a_good_file_is_read(tmp_path: Path):
    path = write(
        tmp_path,
        "\ufeff"  # Excel's byte-order mark
        + HEADER
        + 'R1,ขุดลอกคลอง,"ยาว 1,200 เมตร",54010103; 540102 5401,อบต.บ้านใหม่,2569\n'
        + "R2,ถนน คสล.,,,กรมทางหลวงชนบท,๒๕๖๙\n"
        + "\n"  # blank lines are skipped
        + "R3,ประปาหมู่บ้าน,,G-C1,,\n"
        + "R4,อบรมเกษตรกร,,12,,2026\n",
    )
    assert read_requests(path) == [
        Request(
            "R1", "ขุดลอกคลอง", "ยาว 1,200 เมตร", ("54010103", "540102", "5401"), "อบต.บ้านใหม่", 2026
        ),
        Request("R2", "ถนน คสล.", "", (), "กรมทางหลวงชนบท", 2026),
        Request("R3", "ประปาหมู่บ้าน", "", ("G-C1",), "", None),
        Request("R4", "อบรมเกษตรกร", "", ("12",), "", 2026),
    ]


def test_columns_may_come_in_any_order(tmp_path: Path):
    path = write(tmp_path, "fiscal_year,id,agency,area_code,description,title\n2568,A,,,,ถนน\n")
    assert read_requests(path) == [Request("A", "ถนน", fiscal_year=2025)]


def test_every_row_problem_is_reported_at_once(tmp_path: Path):
    path = write(
        tmp_path,
        HEADER
        + "R1,ถนน,,54,,2569\n"  # row 2: fine
        + ",ประปา,,54,,2569\n"  # row 3: no id
        + "R1,ฝาย,,54,,2569\n"  # row 4: id of row 2
        + "R5,,,54,,ปีหน้า\n"  # row 5: no title, bad year
        + "R6,สะพาน,,123,,69\n"  # row 6: bad code, two-digit year
        + "R7,ลานตาก,,54\n",  # row 7: too few fields
    )
    assert problems(path) == [
        "row 3, id: empty",
        "row 4, id: 'R1' already used on row 2",
        "row 5, title: empty",
        "row 5, fiscal_year: 'ปีหน้า': expected a fiscal year such as ปีงบประมาณ 2568, FY2025 or 2568",
        "row 6, area_code: '123' is not a DOPA code (2, 4, 6 or 8 digits)",
        "row 6, fiscal_year: '69': ambiguous two-digit year: write the full year, e.g. 2568",
        "row 7: 4 fields, expected 6",
    ]


def test_a_field_spanning_lines_keeps_row_numbers_right(tmp_path: Path):
    path = write(tmp_path, HEADER + 'R1,ถนน,"บรรทัดหนึ่ง\nบรรทัดสอง",,,2569\n,ฝาย,,,,2569\n')
    assert problems(path) == ["row 4, id: empty"]


def test_header_problems_are_named(tmp_path: Path):
    path = write(tmp_path, "id,title,area,agency,fiscal_year,fiscal_year\nR1,ถนน,54,,2569,2569\n")
    assert problems(path) == [
        "row 1: missing column(s) description, area_code; expected the header "
        "id,title,description,area_code,agency,fiscal_year",
        "row 1: unknown column(s) area; expected the header "
        "id,title,description,area_code,agency,fiscal_year",
        "row 1: column(s) fiscal_year given twice",
    ]


def test_windows_thai_is_named_with_its_rows(tmp_path: Path):
    path = write(tmp_path, HEADER + "R1,ถนน,,54,,2569\nR2,ฝาย,,54,,2569\n", encoding="cp874")
    assert problems(path) == [
        "rows 2-3: not UTF-8 text; it looks like Windows Thai (TIS-620/cp874); save it as CSV UTF-8"
    ]


def test_an_empty_file(tmp_path: Path):
    assert problems(write(tmp_path, "")) == [
        "the file is empty; expected the header id,title,description,area_code,agency,fiscal_year"
    ]


def test_pairs_are_written_with_three_decimals_and_readable_reasons(tmp_path: Path):
    pair = Pair(
        "A",
        "B",
        0.91234,
        0.85,
        (Reason(ReasonCode.TITLE, "0.93"), Reason(ReasonCode.SAME_AREA, "1201")),
    )
    out = tmp_path / "pairs.csv"
    assert write_pairs(out, [pair]) == 1
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["id_a", "id_b", "score", "reason"],
        ["A", "B", "0.912", "title 0.93; same area 1201"],
    ]
