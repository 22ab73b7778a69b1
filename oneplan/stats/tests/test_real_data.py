"""Real published files load in place and roll up to the totals the files themselves give.

Every expected number is computed here straight from the file with the csv module, not with
OnePlan code; the files live in ../shared/data/stats beside the repository.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area, AreaMembership
from oneplan.stats.choices import Frequency
from oneplan.stats.loading import load_file
from oneplan.stats.models import Observation
from oneplan.stats.tests.factories import aggregate, aggregates, indicator, mapping
from oneplan.testing.shared_data import shared_file

pytestmark = pytest.mark.usefixtures("reference_db")
MOTS = "mots_domestic_tourism_2019_2023_monthly_by_province.csv"
TPMAP = "tpmap_2561/tpmap2561_amphur_common_all_provinces.csv"
OAE = "oae_rice_major_2562_63_by_province.csv"


def data_file(name: str) -> Path:
    return shared_file("stats", *name.split("/"))


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def province_codes() -> dict[str, str]:
    """Thai province name -> DOPA code, from the reference geography."""
    return dict(Area.objects.filter(level=AreaLevel.PROVINCE).values_list("name_th", "code"))


@pytest.fixture
def tourism(db):
    path = data_file(MOTS)
    indicator("TOUR-VISITORS", frequency=Frequency.MONTH)
    indicator("TOUR-REV", frequency=Frequency.MONTH)
    spec = mapping(
        layout="wide",
        across="indicator",
        area="province_thai",
        period="travel_date",
        period_as="month",
        value_columns={"no_tourist_all": "TOUR-VISITORS", "revenue_all": "TOUR-REV"},
    )
    result = load_file(path, spec)
    return result, read(path)


def sums(rows, column: str, keep) -> dict[str, float]:
    """Per province name: the sum of ``column`` over the rows ``keep`` accepts."""
    out: dict[str, float] = defaultdict(float)
    for row in rows:
        if keep(dt.date.fromisoformat(row["travel_date"])):
            out[row["province_thai"]] += float(row[column])
    return dict(out)


def test_tourism_loads_every_value_of_the_file(tourism):
    result, rows = tourism
    assert result.problem_count == 0
    assert result.added == 2 * len(rows)
    assert Observation.objects.filter(indicator__code="TOUR-VISITORS").count() == len(rows)


def test_tourism_yearly_totals_per_province_and_for_the_country(tourism):
    _result, rows = tourism
    codes = province_codes()
    for column, code in (("no_tourist_all", "TOUR-VISITORS"), ("revenue_all", "TOUR-REV")):
        expected = sums(rows, column, lambda d: d.year == 2019)
        assert len(expected) == 77
        loaded = aggregates(code, "2019")
        assert {codes[name]: loaded[codes[name]] for name in expected} == {
            codes[name]: total for name, total in expected.items()
        }
        assert loaded["TH"] == sum(expected.values())
    country = aggregate("TOUR-VISITORS", "TH", "2019")
    assert (country.count, country.expected) == (77 * 12, 77 * 12)


def test_tourism_fiscal_year_2020_of_one_province(tourism):
    _result, rows = tourism
    fy2020 = sums(
        rows, "no_tourist_all", lambda d: dt.date(2019, 10, 1) <= d < dt.date(2020, 10, 1)
    )
    for name in ("นนทบุรี", "แพร่", "กรุงเทพมหานคร"):
        code = province_codes()[name]
        assert aggregate("TOUR-VISITORS", code, "FY2020").value == fy2020[name]
    assert aggregate("TOUR-VISITORS", "TH", "FY2020").value == sum(fy2020.values())


def test_tourism_province_group_total(tourism):
    _result, rows = tourism
    by_name = sums(rows, "revenue_all", lambda d: d.year == 2019)
    name_of = {code: name for name, code in province_codes().items()}
    members = AreaMembership.objects.current(dt.date(2019, 1, 1)).filter(container__code="G10")
    codes = list(members.values_list("member__code", flat=True))
    assert len(codes) == 4
    expected = sum(by_name[name_of[code]] for code in codes)
    assert aggregate("TOUR-REV", "G10", "2019").value == expected
    links = AreaMembership.objects.current(dt.date(2019, 1, 1))
    groups = links.filter(container__code="R-C").values_list("member", flat=True)
    central = links.filter(container__in=list(groups)).values_list("member__code", flat=True)
    assert len(central) == 16
    region = sum(by_name[name_of[code]] for code in central)
    assert aggregate("TOUR-REV", "R-C", "2019").value == region


def test_tpmap_district_counts_add_up_to_each_provinces_total(db):
    path = data_file(TPMAP)
    columns = {
        "household.CNT": "TPMAP-HH",
        "HOUSEMEMBER_CNT": "TPMAP-MEMBERS",
        "ELDERLY_CNT": "TPMAP-ELDERLY",
    }
    for code in columns.values():
        indicator(code, min_area_level=AreaLevel.DISTRICT)
    spec = mapping(
        layout="wide",
        across="indicator",
        area="amphur_ID",
        area_match="code",
        period={"value": "2018"},
        value_columns=columns,
    )
    result = load_file(path, spec, accept_valid=True)
    rows = read(path)
    districts = set(Area.objects.filter(level=AreaLevel.DISTRICT).values_list("code", flat=True))
    unknown = {row["amphur_ID"] for row in rows if row["amphur_ID"] not in districts}
    assert result.problem_count == len(unknown)
    for problem in result.problems:
        assert problem.column.startswith("A (amphur_ID)")
        assert rows[problem.row - 2]["amphur_ID"] in problem.message
    assert {rows[p.row - 2]["amphur_ID"] for p in result.problems} == unknown
    for column, code in columns.items():
        expected: dict[str, float] = defaultdict(float)
        for row in rows:
            if row["amphur_ID"] in districts:
                expected[row["province_ID"]] += float(row[column])
        loaded = aggregates(code, "2018")
        assert len(expected) == 76
        assert {p: loaded[p] for p in expected} == dict(expected)
        assert loaded["TH"] == sum(expected.values())


def test_oae_rice_country_total_is_the_sum_of_the_provinces(db):
    path = data_file(OAE)
    indicator("RICE-PROD", name_th="ผลผลิตข้าวนาปี")
    indicator("RICE-HARV", name_th="เนื้อที่เก็บเกี่ยวข้าวนาปี")
    spec = mapping(
        layout="wide",
        across="indicator",
        area="location",
        period="year",
        value_columns={"production": "RICE-PROD", "area_harvest": "RICE-HARV"},
    )
    result = load_file(path, spec)
    assert result.problem_count == 0
    rows = read(path)
    provinces = province_codes()
    assert {row["year"] for row in rows} == {"2562.0"}  # BE 2562 = 2019
    for column, code in (("production", "RICE-PROD"), ("area_harvest", "RICE-HARV")):
        by_province = {
            provinces[row["location"]]: float(row[column])
            for row in rows
            if row["location"] in provinces
        }
        assert aggregate(code, "TH", "2019").value == sum(by_province.values())
        assert (
            dict(
                Observation.objects.filter(indicator__code=code, period="2019").values_list(
                    "area__code", "value"
                )
            )
            == by_province
        )
