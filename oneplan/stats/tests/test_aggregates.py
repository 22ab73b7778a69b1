"""Roll-ups, one small hand-built case per rule: up the DOPA tree, into province groups and
regions, up the calendar and the fiscal year; completeness; computed indicators; freshness."""

from __future__ import annotations

import pytest

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period
from oneplan.stats.aggregates import refresh
from oneplan.stats.batches import undo_batch
from oneplan.stats.choices import Aggregation, Frequency
from oneplan.stats.loading import load_file
from oneplan.stats.models import AggregateValue, Freshness, Indicator, Observation
from oneplan.stats.tests.factories import aggregate, aggregates, indicator, write_csv

pytestmark = pytest.mark.usefixtures("reference_db")
SUB = AreaLevel.SUBDISTRICT


def put(ind: Indicator, area_code: str, period: str, value: float, dis: str = "") -> None:
    Observation.objects.create(
        indicator=ind,
        area=Area.objects.get(code=area_code),
        period=period,
        start=Period.parse(period).start,
        disaggregation=dis,
        value=value,
    )


def leaves(code: str, level: str = SUB) -> int:
    """How many areas of ``level`` lie inside province or district ``code``."""
    return Area.objects.filter(level=level, code__startswith=code).count()


def test_sum_rolls_subdistricts_up_to_districts_provinces_groups_regions_and_country(db):
    ind = indicator("S", min_area_level=SUB)
    for code, value in (("120101", 1), ("120102", 2), ("120201", 4), ("540101", 8)):
        put(ind, code, "2024", value)
    refresh([ind.pk])
    assert aggregates("S", "2024") == {
        "1201": 3,
        "1202": 4,
        "5401": 8,
        "12": 7,
        "54": 8,
        "G10": 7,
        "G02": 8,
        "R-C": 7,
        "R-N": 8,
        "TH": 15,
    }
    district = aggregate("S", "1201", "2024")
    assert (district.count, district.expected) == (2, leaves("1201"))
    province = aggregate("S", "12", "2024")
    assert (province.count, province.expected) == (3, leaves("12"))
    group = aggregate("S", "G10", "2024")
    assert (group.count, group.expected) == (3, sum(leaves(p) for p in ("12", "13", "14", "19")))
    country = aggregate("S", "TH", "2024")
    assert (country.count, country.expected) == (4, Area.objects.filter(level=SUB).count())


def test_groups_follow_memberships_on_the_periods_first_day(db):
    ind = indicator("S")
    put(ind, "12", "2016", 5)  # before the 2017 province groups
    put(ind, "12", "2017", 6)
    refresh([ind.pk])
    assert aggregates("S", "2016") == {"TH": 5}
    assert aggregates("S", "2017") == {"G10": 6, "R-C": 6, "TH": 6}


def test_mean_averages_the_base_values_over_areas_and_time(db):
    ind = indicator("M", aggregation=Aggregation.MEAN, frequency=Frequency.MONTH)
    for code, value in (("12", 10), ("13", 20), ("14", 30), ("54", 40)):
        put(ind, code, "2024-01", value)
    for month, value in (("2024-02", 2), ("2024-03", 6)):
        put(ind, "12", month, value)
    refresh([ind.pk])
    jan = aggregates("M", "2024-01")
    assert (jan["G10"], jan["R-C"], jan["R-N"], jan["TH"]) == (20, 20, 40, 25)
    assert aggregate("M", "12", "2024-Q1").value == 6  # (10 + 2 + 6) / 3
    assert aggregate("M", "12", "2024").value == 6
    assert aggregate("M", "12", "FY2024").value == 6  # January-March 2024 is in FY2024
    country_q1 = aggregate("M", "TH", "2024-Q1")
    assert country_q1.value == pytest.approx(108 / 6)
    assert (country_q1.count, country_q1.expected) == (6, 77 * 3)
    g10_year = aggregate("M", "G10", "2024")
    assert (g10_year.count, g10_year.expected) == (5, 4 * 12)


def test_weighted_mean_weighs_each_value_by_the_denominator(db):
    pop = indicator("POP")
    rate = indicator("RATE", aggregation=Aggregation.WEIGHTED_MEAN, denominator=pop)
    for code, r, p in (("12", 10, 100), ("13", 40, 200), ("54", 20, 300)):
        put(rate, code, "2024", r)
        put(pop, code, "2024", p)
    put(rate, "50", "2024", 99)  # no weight: it carries none
    refresh([pop.pk])  # the weighted indicator depends on its weight
    assert aggregate("RATE", "G10", "2024").value == pytest.approx(9000 / 300)
    assert aggregate("RATE", "TH", "2024").value == pytest.approx(15000 / 600)
    assert aggregate("RATE", "TH", "2024").count == 4
    assert aggregate("POP", "TH", "2024").value == 600


def test_last_takes_the_latest_period_over_time_and_sums_over_areas(db):
    ind = indicator("BEDS", aggregation=Aggregation.LAST, frequency=Frequency.MONTH)
    for month, a, b in (("2023-10", 1, 1), ("2023-11", 2, 1), ("2024-01", 5, 2)):
        put(ind, "12", month, a)
        put(ind, "54", month, b)
    for month, a, b in (("2024-03", 7, 3), ("2024-04", 8, 4)):
        put(ind, "12", month, a)
        put(ind, "54", month, b)
    refresh([ind.pk])
    assert aggregate("BEDS", "12", "2023-Q4").value == 2
    assert aggregate("BEDS", "12", "2024-Q1").value == 7
    assert aggregate("BEDS", "12", "2024").value == 8
    assert aggregate("BEDS", "12", "FY2024-Q1").value == 2
    assert aggregate("BEDS", "12", "FY2024").value == 8
    assert aggregate("BEDS", "TH", "2024-03").value == 10
    assert aggregate("BEDS", "TH", "2024").value == 12
    assert aggregate("BEDS", "G02", "FY2024").value == 4


def test_none_is_not_rolled_up(db):
    ind = indicator("RANK", aggregation=Aggregation.NONE, frequency=Frequency.MONTH)
    put(ind, "12", "2024-01", 3)
    put(ind, "54", "2024-01", 1)
    assert refresh([ind.pk]) == 0
    assert not AggregateValue.objects.filter(indicator=ind).exists()
    assert Freshness.objects.get(indicator=ind).refreshed is not None


def test_months_make_quarters_years_fiscal_quarters_and_fiscal_years(db):
    ind = indicator("V", frequency=Frequency.MONTH)
    months = [f"2025-{m:02d}" for m in (10, 11, 12)] + [f"2026-{m:02d}" for m in range(1, 10)]
    for value, month in enumerate(months, start=1):
        put(ind, "12", month, value)
    refresh([ind.pk])
    values = {
        p: aggregate("V", "12", p).value
        for p in ("2025-Q4", "2026-Q1", "2026-Q3", "2025", "2026", "FY2026-Q1", "FY2026-Q4")
    }
    assert values == {
        "2025-Q4": 6,
        "2026-Q1": 15,
        "2026-Q3": 33,
        "2025": 6,
        "2026": 72,
        "FY2026-Q1": 6,  # October-December 2025
        "FY2026-Q4": 33,  # July-September 2026
    }
    fiscal = aggregate("V", "12", "FY2026")
    assert (fiscal.value, fiscal.count, fiscal.expected) == (78, 12, 12)
    assert fiscal.start.isoformat() == "2025-10-01"
    year = aggregate("V", "12", "2025")
    assert (year.count, year.expected) == (3, 12)
    assert not AggregateValue.objects.filter(indicator=ind, period="FY2025").exists()
    assert aggregate("V", "TH", "FY2026").value == 78


def test_quarters_and_fiscal_quarters_make_their_years(db):
    q = indicator("Q", frequency=Frequency.QUARTER)
    for n in range(1, 5):
        put(q, "12", f"2024-Q{n}", n)
    fq = indicator("FQ", frequency=Frequency.FISCAL_QUARTER)
    for n in range(1, 5):
        put(fq, "12", f"FY2025-Q{n}", 10 * n)
    refresh([q.pk, fq.pk])
    year = aggregate("Q", "12", "2024")
    assert (year.value, year.count, year.expected) == (10, 4, 4)
    assert aggregate("Q", "12", "FY2025-Q1").value == 4  # calendar Q4 2024
    fiscal = aggregate("Q", "12", "FY2024")
    assert (fiscal.value, fiscal.count, fiscal.expected) == (6, 3, 4)
    assert aggregate("FQ", "12", "FY2025").value == 100
    assert aggregate("FQ", "TH", "FY2025").value == 100


def test_completeness_does_not_depend_on_what_is_refreshed_alongside(db):
    monthly = indicator("MON", frequency=Frequency.MONTH)
    quarterly = indicator("QTR", frequency=Frequency.QUARTER)
    for m in range(1, 13):
        put(monthly, "12", f"2024-{m:02d}", 1)
    for n in range(1, 5):
        put(quarterly, "12", f"2024-Q{n}", 1)
    refresh(None)
    mon, qtr = aggregate("MON", "12", "2024"), aggregate("QTR", "12", "2024")
    assert (mon.count, mon.expected) == (12, 12)
    assert (qtr.count, qtr.expected) == (4, 4)
    mon_fy, qtr_fy = aggregate("MON", "12", "FY2024"), aggregate("QTR", "12", "FY2024")
    assert (mon_fy.count, mon_fy.expected) == (9, 12)
    assert (qtr_fy.count, qtr_fy.expected) == (3, 4)


def test_a_province_value_beside_subdistrict_values_is_not_counted_twice(db):
    ind = indicator("S", min_area_level=SUB)
    put(ind, "120101", "2024", 1)
    put(ind, "120102", "2024", 2)
    put(ind, "12", "2024", 100)  # typed beside its subdistricts
    put(ind, "54", "2024", 50)  # Phrae has no subdistrict values: the base is subdistrict
    refresh([ind.pk])
    assert aggregates("S", "2024") == {"1201": 3, "12": 3, "G10": 3, "R-C": 3, "TH": 3}


def test_last_over_time_uses_the_rolled_up_value_not_a_typed_one(db):
    ind = indicator("BEDS", aggregation=Aggregation.LAST, frequency=Frequency.MONTH)
    ind.min_area_level = AreaLevel.DISTRICT
    ind.save()
    for month in ("2024-01", "2024-02", "2024-03"):
        put(ind, "1201", month, 1)
        put(ind, "1202", month, 2)
    put(ind, "12", "2024-03", 100)  # typed beside its districts
    refresh([ind.pk])
    assert aggregate("BEDS", "12", "2024-03").value == 3
    assert aggregate("BEDS", "12", "2024-Q1").value == 3


def test_a_formula_is_computed_from_the_aggregates_of_its_inputs(db):
    pop = indicator("POP", min_area_level=SUB)
    poor = indicator("POOR", min_area_level=SUB)
    indicator("POOR-PCT", formula="100 * {POOR} / {POP}", min_area_level=SUB)
    for code, p, q in (("120101", 100, 10), ("120102", 300, 50), ("540101", 400, 20)):
        put(pop, code, "2024", p)
        put(poor, code, "2024", q)
    refresh([pop.pk])
    assert set(aggregates("POOR-PCT", "2024")) == {"120101", "120102", "540101"}
    refresh([poor.pk])  # the computed indicator depends on it and is rebuilt too
    pct = aggregates("POOR-PCT", "2024")
    assert pct["120101"] == pytest.approx(10)
    assert pct["1201"] == pytest.approx(15)  # 60 of 400, not the mean of 10 % and 16.7 %
    assert pct["12"] == pytest.approx(15)
    assert pct["TH"] == pytest.approx(100 * 80 / 800)
    assert pct["G02"] == pytest.approx(5)


def test_refresh_after_undo_restores_the_earlier_aggregates(db, tmp_path):
    indicator("POP")
    header = ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"]
    first = [["POP", "12", "2567", "100"], ["POP", "54", "2567", "200"]]
    load_file(write_csv(tmp_path, "a.csv", [header, *first]))
    assert aggregate("POP", "TH", "2024").value == 300
    second = load_file(
        write_csv(
            tmp_path, "b.csv", [header, ["POP", "12", "2567", "150"], ["POP", "50", "2567", "1"]]
        )
    )
    assert aggregate("POP", "TH", "2024").value == 351
    undo_batch(second.batch, None)
    assert aggregate("POP", "TH", "2024").value == 300
    assert "R-N" in aggregates("POP", "2024")
    assert aggregate("POP", "R-N", "2024").value == 200
    assert not Freshness.objects.get(indicator__code="POP").stale


def test_a_load_without_refresh_leaves_the_aggregates_stale(db, tmp_path):
    ind = indicator("POP")
    header = ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"]
    path = write_csv(tmp_path, "a.csv", [header, ["POP", "12", "2567", "100"]])
    load_file(path, refresh=False)
    assert Freshness.objects.get(indicator=ind).stale
    assert not AggregateValue.objects.filter(indicator=ind).exists()
    assert refresh([ind.pk]) > 0
    assert not Freshness.objects.get(indicator=ind).stale
    assert aggregate("POP", "TH", "2024").value == 100
    load_file(path, refresh=False)  # nothing changed: still fresh
    assert not Freshness.objects.get(indicator=ind).stale


def test_the_refresh_command_rebuilds_the_named_indicators_and_names_every_unknown_code(db):
    from django.core.management import CommandError, call_command

    ind = indicator("S", min_area_level=SUB)
    other = indicator("T", min_area_level=SUB)
    put(ind, "120101", "2024", 1)
    put(other, "120101", "2024", 5)
    with pytest.raises(CommandError, match="unknown indicator code\\(s\\): NOPE, ALSO"):
        call_command("refresh_aggregates", "S", "NOPE", "ALSO")
    assert not AggregateValue.objects.exists()  # nothing done when a code is wrong
    call_command("refresh_aggregates", "S")
    assert aggregates("S", "2024")["12"] == 1
    assert not AggregateValue.objects.filter(indicator=other).exists()
    call_command("refresh_aggregates")
    assert aggregates("T", "2024")["TH"] == 5
