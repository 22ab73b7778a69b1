"""``oneplan find-duplicates IN.csv OUT.csv``: works on a plain file, without a database.

No test here is marked ``django_db``: pytest-django refuses database access in them, so any
query the command made would fail the test.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = "id,title,description,area_code,agency,fiscal_year\n"
ROWS = (
    "L1,โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านหนองบัว หมู่ที่ 3 ตำบลบ้านใหม่,"
    "ยาว 1200 เมตร,54010103,องค์การบริหารส่วนตำบลบ้านใหม่,2569\n"
    "D7,ก่อสร้างถนน คสล. สายบ้านหนองบัว ม.3 ต.บ้านใหม่ ปีงบประมาณ 2569,"
    "ยาว 1200 เมตร,540101,กรมทางหลวงชนบท,๒๕๖๙\n"
    "L2,โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านหนองบัว หมู่ที่ 5 ตำบลบ้านใหม่,"
    "ยาว 1200 เมตร,540101,องค์การบริหารส่วนตำบลบ้านใหม่,2026\n"
    "X1,อบรมพัฒนาศักยภาพเกษตรกร ด้านการตลาดดิจิทัล,,5401,สำนักงานเกษตรจังหวัดแพร่,2569\n"
)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("find_duplicates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_writes_the_likely_duplicates(tmp_path: Path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    out, _ = run(str(source), str(target))
    rows = read(target)
    assert rows[0] == ["id_a", "id_b", "score", "reason"]
    assert [r[:2] for r in rows[1:]] == [["D7", "L1"]]  # not L2: another village
    assert 0.75 <= float(rows[1][2]) <= 1.0
    assert "same area 540101" in rows[1][3]
    assert out.startswith("4 requests read, 1 likely duplicate pairs written to ")


def test_a_lower_threshold_shows_the_village_twin_with_its_reason(tmp_path: Path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    run(str(source), str(target), "--threshold", "0.5")
    twins = [r for r in read(target)[1:] if {r[0], r[1]} == {"L1", "L2"}]
    assert len(twins) == 1
    assert "numbers differ หมู่ 3/5" in twins[0][3]


def test_a_bad_file_lists_every_problem_and_writes_nothing(tmp_path: Path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(HEADER + ",ถนน,,54,,2569\nR2,ฝาย,,54,,ปีหน้า\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"2 problem\(s\) in in\.csv; nothing was written"):
        call_command("find_duplicates", str(source), str(target), stderr=err)
    assert err.getvalue().splitlines() == [
        "in.csv: row 2, id: empty",
        "in.csv: row 3, fiscal_year: 'ปีหน้า': expected a fiscal year such as "
        "ปีงบประมาณ 2568, FY2025 or 2568",
    ]
    assert not target.exists()


def test_a_missing_file_is_named(tmp_path: Path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.csv"), str(tmp_path / "out.csv"))


def test_the_threshold_must_be_between_0_and_1(tmp_path: Path):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    with pytest.raises(CommandError, match="threshold"):
        run(str(source), str(tmp_path / "out.csv"), "--threshold", "1.5")
