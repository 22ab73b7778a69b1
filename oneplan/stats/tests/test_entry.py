"""Grid data entry: the grid's shape, saving through the importer, entry deadlines and unlocking,
and who may open the grid (a permission matrix)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from oneplan.core.importing import ImportRejected
from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period
from oneplan.orgs.models import Agency
from oneplan.stats import locks
from oneplan.stats.entry import build_grid, fiscal_year_periods, save_grid
from oneplan.stats.models import Dataset, DatasetIndicator, ImportBatch, Observation
from oneplan.stats.tests.factories import indicator

TODAY = date(2026, 1, 20)


@pytest.fixture
def dataset(reference_db, cast):
    durian = indicator("DURIAN", unit="ไร่", min_area_level="district")
    farms = indicator("FARMS", min_area_level="province")
    ds = Dataset.objects.create(
        code="durian-12", name_th="ทุเรียน", owner=Agency.objects.get(code="DOAE-12")
    )
    DatasetIndicator.objects.create(
        dataset=ds, indicator=durian, frequency="year", min_area_level="district"
    )
    DatasetIndicator.objects.create(
        dataset=ds, indicator=farms, frequency="year", min_area_level="province"
    )
    return ds


def grid_for(dataset, user, period="2025", today=TODAY):
    return build_grid(
        dataset,
        "areas",
        period=Period.parse(period),
        within=Area.objects.get(code="12"),
        user=user,
        today=today,
    )


def cell(grid, code, area):
    return next(c for c in grid.cells() if c.indicator.code == code and c.area.code == area)


def test_areas_grid_has_the_districts_and_enables_what_fits(dataset, cast):
    grid = grid_for(dataset, cast.data_officer)
    assert [row.label.split()[0] for row in grid.rows] == [f"120{n}" for n in range(1, 7)]
    assert [c.code for c in grid.columns] == ["DURIAN", "FARMS"]
    assert cell(grid, "DURIAN", "1203").enabled
    assert not cell(grid, "FARMS", "1203").enabled  # provinces only: not typed per district


def test_saving_loads_only_changed_cells_as_a_batch(dataset, cast):
    grid = grid_for(dataset, cast.data_officer)
    names = {a: cell(grid, "DURIAN", a).name for a in ("1201", "1202")}
    result = save_grid(grid, {names["1201"]: "620", names["1202"]: "๑,๔๘๐"}, cast.data_officer)
    assert result is not None
    assert (result.added, result.changed) == (2, 0)
    assert result.batch.user == cast.data_officer
    assert "durian-12" in result.batch.source
    stored = dict(Observation.objects.values_list("area__code", "value"))
    assert stored == {"1201": 620.0, "1202": 1480.0}
    again = grid_for(dataset, cast.data_officer)
    assert cell(again, "DURIAN", "1202").value == 1480.0
    # typing the stored values again changes nothing and writes no batch
    same = {names["1201"]: "620.0", names["1202"]: "1480"}
    assert save_grid(again, same, cast.data_officer) is None
    assert ImportBatch.objects.count() == 1


def test_every_bad_cell_is_reported_and_nothing_written(dataset, cast):
    from oneplan.stats.models import Indicator

    Indicator.objects.filter(code="DURIAN").update(max_value=5000)
    grid = grid_for(dataset, cast.data_officer)
    bad = {
        cell(grid, "DURIAN", "1201").name: "12x4",
        cell(grid, "DURIAN", "1202").name: "9999",
        cell(grid, "DURIAN", "1203").name: "900",
    }
    with pytest.raises(ImportRejected) as caught:
        save_grid(grid, bad, cast.data_officer)
    problems = {p.column: p.message for p in caught.value}
    assert set(problems) == {cell(grid, "DURIAN", "1201").name, cell(grid, "DURIAN", "1202").name}
    assert "12x4" in problems[cell(grid, "DURIAN", "1201").name]
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.filter(status="done").count() == 0


def test_periods_grid_runs_over_the_fiscal_year(dataset):
    assert [p.code for p in fiscal_year_periods(2025, Period.parse("2025-01").kind)][:3] == [
        "2024-10",
        "2024-11",
        "2024-12",
    ]
    assert len(fiscal_year_periods(2025, Period.parse("2025-01").kind)) == 12
    assert [p.code for p in fiscal_year_periods(2025, Period.parse("FY2025-Q1").kind)] == [
        f"FY2025-Q{q}" for q in range(1, 5)
    ]
    grid = build_grid(
        dataset, "periods", area=Area.objects.get(code="1201"), fiscal_year=2025, today=TODAY
    )
    assert [row.label for row in grid.rows] == ["2025"]


@pytest.mark.parametrize(
    ("expiry", "today", "locked"),
    [
        (None, date(2030, 1, 1), False),  # never locks
        (30, date(2026, 1, 30), False),  # 2025 ended 31 Dec: the 30th day is still open
        (30, date(2026, 1, 31), True),  # the day after the deadline
        (0, date(2026, 1, 1), True),
        (0, date(2025, 12, 31), False),
    ],
)
def test_entry_deadline(dataset, cast, expiry, today, locked):
    dataset.entry_expiry_days = expiry
    dataset.save()
    assert (
        cell(grid_for(dataset, cast.data_officer, today=today), "DURIAN", "1201").locked is locked
    )


def test_locked_cells_refuse_values_until_an_admin_unlocks(dataset, cast):
    dataset.entry_expiry_days = 10
    dataset.save()
    grid = grid_for(dataset, cast.data_officer)
    target = cell(grid, "DURIAN", "1201")
    assert target.locked
    assert not target.enabled
    assert grid.locked_periods[0][0].code == "2025"
    with translation.override("en"), pytest.raises(ImportRejected) as caught:
        save_grid(grid, {target.name: "5"}, cast.data_officer)
    assert "2025 is locked: entry for durian-12 closed on 10 January 2026" in str(
        next(iter(caught.value)).message
    )
    with pytest.raises(PermissionDenied):
        locks.unlock(dataset, Period.parse("2025"), cast.data_officer, "late survey")
    with pytest.raises(ValidationError):
        locks.unlock(dataset, Period.parse("2025"), cast.admin, "  ")
    exception = locks.unlock(
        dataset, Period.parse("2025"), cast.admin, "late survey", Area.objects.get(code="1201")
    )
    grid = grid_for(dataset, cast.data_officer)
    assert cell(grid, "DURIAN", "1201").enabled
    assert cell(grid, "DURIAN", "1202").locked  # unlocked for one district only
    locks.relock(exception, cast.admin)
    assert cell(grid_for(dataset, cast.data_officer), "DURIAN", "1201").locked


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("viewer", 403),
        ("reviewer", 403),
        ("statistician", 403),  # another agency's dataset
        ("planner_phrae", 403),
        ("data_officer", 200),  # the owner agency's data officer
        ("admin", 200),
    ],
)
def test_who_opens_the_grid(client, dataset, cast, who, status):
    if who:
        client.force_login(getattr(cast, who))
    answer = client.get("/data/entry/durian-12/", {"period": "2568", "within": "12"})
    assert answer.status_code == status


def test_grid_page_saves_and_reports(client, dataset, cast):
    client.force_login(cast.data_officer)
    url = "/data/entry/durian-12/?period=2568&within=12"
    grid = grid_for(dataset, cast.data_officer)
    name = cell(grid, "DURIAN", "1201").name
    answer = client.post(url, {name: "abc", "status": "P"})
    assert answer.status_code == 200
    assert answer.context["errors"][name]
    assert 'aria-invalid="true"' in answer.content.decode()
    answer = client.post(url, {name: "610", "status": "P"})
    assert answer.status_code == 302
    assert Observation.objects.get().status == "P"


def test_unlock_page_is_for_admins(client, dataset, cast):
    client.force_login(cast.data_officer)
    form = {"period": "2568", "reason": "late"}
    assert client.post("/data/entry/durian-12/unlock/", form).status_code == 403
    client.force_login(cast.admin)
    assert client.post("/data/entry/durian-12/unlock/", form).status_code == 302
    assert dataset.unlocked.get().period == "2025"


def test_file_loads_respect_the_deadline_too(dataset, cast, tmp_path):
    from oneplan.stats.loading import load_file
    from oneplan.stats.tests.factories import mapping, write_csv

    dataset.entry_expiry_days = 30
    dataset.save()
    rows = [
        ("indicator", "area", "period", "value"),
        ("DURIAN", "1201", "2024", 600),  # ended 31 Dec 2024: locked since 30 Jan 2025
        ("DURIAN", "1202", "2026", 700),  # still open
    ]
    path = write_csv(tmp_path, "durian.csv", rows)
    with translation.override("en"), pytest.raises(ImportRejected) as caught:
        load_file(path, mapping(dataset="durian-12"), user=cast.data_officer)
    (problem,) = list(caught.value)
    assert (problem.row, problem.column) == (2, "D (value)")
    assert "2024 is locked" in problem.message
    assert Observation.objects.count() == 0
    # loading the valid rows keeps the locked one in the error file
    result = load_file(
        path, mapping(dataset="durian-12"), user=cast.data_officer, accept_valid=True
    )
    assert (result.added, result.rejected_rows) == (1, 1)
    assert "1201" in result.error_file
    locks.unlock(dataset, Period.parse("2024"), cast.admin, "census revision")
    result = load_file(path, mapping(dataset="durian-12"), user=cast.data_officer)
    assert (result.added, result.unchanged) == (1, 1)
