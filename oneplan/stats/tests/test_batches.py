"""Import batches: a reload counts new, changed and unchanged values; undo puts back exactly
what a batch overwrote, in order, for whoever may; and the two management commands."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import override

from oneplan.stats.batches import undo_batch
from oneplan.stats.choices import BatchStatus
from oneplan.stats.loading import load_file
from oneplan.stats.models import ImportBatch, Observation, PriorValue
from oneplan.stats.tests.factories import indicator, stored, write_csv

pytestmark = pytest.mark.usefixtures("reference_db")
HEADER = ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า", "สถานะ"]
FIRST = [
    ["POP", "12", "2566", "100", "P"],
    ["POP", "12", "2567", "110", "P"],
    ["POP", "54", "2567", "200", "F"],
]
SECOND = [
    ["POP", "12", "2566", "100", "P"],  # unchanged
    ["POP", "12", "2567", "111", "F"],  # changed value and status
    ["POP", "54", "2567", "200", "P"],  # changed status only
    ["POP", "50", "2567", "300", "F"],  # new
]


def snapshot() -> dict[tuple[str, str], tuple[float, str, int | None]]:
    rows = Observation.objects.values_list("area__code", "period", "value", "status", "batch_id")
    return {(a, p): (v, s, b) for a, p, v, s, b in rows}


@pytest.fixture
def two_loads(db, tmp_path):
    indicator("POP")
    first = load_file(write_csv(tmp_path, "first.csv", [HEADER, *FIRST]))
    before = snapshot()
    second = load_file(write_csv(tmp_path, "second.csv", [HEADER, *SECOND]))
    return first.batch, second.batch, before


def test_a_reload_counts_new_changed_and_unchanged_values(two_loads):
    first, second, _before = two_loads
    assert (first.added, first.changed, first.unchanged) == (3, 0, 0)
    assert (second.added, second.changed, second.unchanged) == (1, 2, 1)
    assert second.status == BatchStatus.DONE
    assert second.source == "second.csv"
    now = snapshot()
    assert now[("12", "2023")] == (100, "P", first.pk)  # unchanged keeps its batch
    assert now[("12", "2024")] == (111, "F", second.pk)
    assert now[("54", "2024")] == (200, "P", second.pk)
    assert now[("50", "2024")] == (300, "F", second.pk)
    assert PriorValue.objects.filter(batch=second).count() == 2


def test_undo_of_the_later_batch_restores_the_earlier_values_exactly(two_loads):
    _first, second, before = two_loads
    removed, restored = undo_batch(second, None)
    assert (removed, restored) == (1, 2)
    assert snapshot() == before
    second.refresh_from_db()
    assert second.status == BatchStatus.UNDONE
    assert second.undone is not None


def test_undo_of_the_earlier_batch_is_refused_while_the_later_one_stands(two_loads):
    first, second, _before = two_loads
    with override("en"), pytest.raises(ValidationError) as caught:
        undo_batch(first, None)
    assert f"#{second.pk}" in caught.value.messages[0]
    assert f"#{first.pk}" in caught.value.messages[0]
    first.refresh_from_db()
    assert first.status == BatchStatus.DONE
    assert len(snapshot()) == 4


def test_undoing_both_batches_in_order_leaves_nothing(two_loads):
    first, second, _before = two_loads
    undo_batch(second, None)
    assert undo_batch(first, None) == (3, 0)
    assert Observation.objects.count() == 0
    connection.check_constraints()  # no overwritten-value record points at a removed value


def test_a_batch_cannot_be_undone_twice(two_loads):
    _first, second, before = two_loads
    undo_batch(second, None)
    with pytest.raises(ValidationError):
        undo_batch(second, None)
    assert snapshot() == before


def test_undo_after_a_third_load_restores_the_second_loads_values(two_loads, tmp_path):
    _first, second, _before = two_loads
    after_second = snapshot()
    third = load_file(
        write_csv(tmp_path, "third.csv", [HEADER, ["POP", "50", "2567", "333", "F"]])
    ).batch
    with pytest.raises(ValidationError):
        undo_batch(second, None)
    assert undo_batch(third, None) == (0, 1)
    assert snapshot() == after_second


@pytest.fixture
def nonthaburi_load(cast, tmp_path):
    indicator("POP")
    path = write_csv(tmp_path, "n.csv", [HEADER, ["POP", "12", "2567", "1", ""]])
    return load_file(path, user=cast.planner_nonthaburi).batch


def test_another_planner_may_not_undo_a_batch(cast, nonthaburi_load):
    with pytest.raises(PermissionDenied):
        undo_batch(nonthaburi_load, cast.planner_phrae)
    with pytest.raises(PermissionDenied):
        undo_batch(nonthaburi_load, cast.viewer)
    assert stored("POP") == {("12", "2024"): 1}


def test_the_loader_may_undo_a_batch(cast, nonthaburi_load):
    assert nonthaburi_load.user_id == cast.planner_nonthaburi.pk
    assert undo_batch(nonthaburi_load, cast.planner_nonthaburi) == (1, 0)
    assert stored("POP") == {}


def test_an_administrator_may_undo_any_batch(cast, nonthaburi_load):
    assert undo_batch(nonthaburi_load, cast.admin) == (1, 0)
    assert stored("POP") == {}


def run(command: str, *args: str, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with override("en"):
        call_command(command, *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_import_command_loads_a_file_with_a_toml_mapping(db, tmp_path):
    indicator("POP")
    path = write_csv(tmp_path, "wide.csv", [["จังหวัด", "2566", "2567"], ["นนทบุรี", "1", "2"]])
    spec = tmp_path / "wide.toml"
    spec.write_text(
        'layout = "wide"\nacross = "period"\narea = "จังหวัด"\nindicator = { value = "POP" }\n',
        encoding="utf-8",
    )
    out, _err = run("import", str(path), "--mapping", str(spec))
    batch = ImportBatch.objects.get()
    assert re.search(r"new values \(were added\)\s*│\s*2\s", out)
    assert batch.added == 2
    assert stored("POP") == {("12", "2023"): 1, ("12", "2024"): 2}
    assert batch.mapping["layout"] == "wide"
    assert batch.mapping["area"] == "จังหวัด"


def test_import_command_fails_on_problems_listing_them_with_row_and_column(db, tmp_path):
    indicator("POP")
    path = write_csv(
        tmp_path,
        "bad.csv",
        [
            HEADER,
            ["POP", "12", "2567", "1", ""],
            ["POP", "99", "2567", "x", ""],
            ["X", "12", "2567", "1", ""],
        ],
    )
    err = io.StringIO()
    with override("en"), pytest.raises(CommandError):
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert "bad.csv, row 3, column B (พื้นที่): no area has the code 99" in lines
    assert any(line.startswith("bad.csv, row 4, column A (ตัวชี้วัด): ") for line in lines)
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_import_command_dry_run_writes_nothing(db, tmp_path):
    indicator("POP")
    path = write_csv(tmp_path, "dry.csv", [HEADER, ["POP", "12", "2567", "5", ""]])
    out, _err = run("import", str(path), "--dry-run")
    assert "POP 12 2024" in out
    assert "new → 5" in out
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_import_command_accept_valid_writes_the_rejected_rows(db, tmp_path):
    indicator("POP")
    path = write_csv(
        tmp_path,
        "part.csv",
        [HEADER, ["POP", "12", "2567", "5", ""], ["POP", "99", "2567", "6", ""]],
    )
    errors = tmp_path / "errors.csv"
    _out, err = run("import", str(path), "--accept-valid", "--errors", str(errors))
    assert "row 3" in err
    assert stored("POP") == {("12", "2024"): 5}
    text = errors.read_text(encoding="utf-8-sig")
    assert "99" in text
    assert text.count("\n") == 2


def test_import_command_applies_the_users_scope(cast, tmp_path):
    indicator("POP")
    path = write_csv(tmp_path, "n.csv", [HEADER, ["POP", "12", "2567", "5", ""]])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), user="planner_phrae", stdout=io.StringIO(), stderr=err)
    assert "row 2, column B (พื้นที่)" in err.getvalue()
    run("import", str(path), user="planner_nonthaburi")
    assert ImportBatch.objects.get().user_id == cast.planner_nonthaburi.pk


def test_undo_import_command(cast, nonthaburi_load):
    with pytest.raises(CommandError):
        run("undo_import", str(nonthaburi_load.pk), user="planner_phrae")
    out, _err = run("undo_import", str(nonthaburi_load.pk), user="planner_nonthaburi")
    assert f"batch #{nonthaburi_load.pk} undone: 1 removed, 0 restored" in out
    assert stored("POP") == {}
    with pytest.raises(CommandError):
        run("undo_import", "999999")
