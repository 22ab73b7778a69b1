"""Positioning read from stored values, against numbers worked out by hand for three sectors:
location quotient, growth, share, classic and dynamic shift-share; which stored value is
used (typed over rolled up, calendar over fiscal year); notes for what is missing; the map."""

from __future__ import annotations

import pytest

from oneplan.analysis import positioning
from oneplan.analysis.sources import references_for, sector_values
from oneplan.analysis.tests.factories import (
    World,
    employment,
    gpp,
    put,
    put_years,
    refresh,
    sectors,
    world,
)
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.stats.models import Observation

pytestmark = pytest.mark.django_db

# Nonthaburi's GPP in three sectors, and its group's (typed for the group, not rolled up).
REGION = {
    2019: {"A": 100, "C": 300, "G": 600},  # total 1,000
    2020: {"A": 110, "C": 330, "G": 620},  # total 1,060
    2021: {"A": 121, "C": 360, "G": 700},  # total 1,181
}
REFERENCE = {
    2019: {"A": 1000, "C": 5000, "G": 4000},  # total 10,000
    2020: {"A": 1050, "C": 5500, "G": 4000},  # total 10,550
    2021: {"A": 1100, "C": 6000, "G": 3900},  # total 11,000
}


@pytest.fixture
def place(db) -> World:
    w = world()
    put_years(gpp(), w["12"], REGION)
    put_years(gpp(), w.group, REFERENCE)
    return w


def compute(w: World, start: int = 2019, end: int = 2021, **kw) -> positioning.Positioning:
    return positioning.compute(w["12"], w.group, gpp(), sectors(), start, end, **kw)


def test_rows_follow_the_nineteen_sectors_and_only_three_have_values(place):
    pos = compute(place)
    assert [r.code for r in pos.rows] == list("ABCDEFGHIJKLMNOPQRS")
    assert [r.code for r in pos.rows if r.end is not None] == ["A", "C", "G"]
    b = pos.row("B")
    assert b is not None
    assert (b.lq, b.share, b.growth, b.shift) == (None, None, None, None)
    assert pos.notes == []


def test_share_growth_and_location_quotient_by_hand(place):
    pos = compute(place)
    a, c, g = pos.row("A"), pos.row("C"), pos.row("G")
    assert a
    assert c
    assert g
    assert (a.start, a.end, a.reference_start, a.reference_end) == (100, 121, 1000, 1100)
    # Share of Nonthaburi's 2021 total (1,181).
    assert a.share == pytest.approx(121 / 1181)
    assert c.share == pytest.approx(360 / 1181)
    assert g.share == pytest.approx(700 / 1181)
    # Growth over two years: 100 -> 121 is exactly 10 % a year.
    assert a.growth == pytest.approx(0.10)
    assert c.growth == pytest.approx(1.2**0.5 - 1)  # 300 -> 360
    assert g.growth == pytest.approx((700 / 600) ** 0.5 - 1)
    assert a.reference_growth == pytest.approx(1.1**0.5 - 1)  # 1,000 -> 1,100
    assert g.reference_growth == pytest.approx(0.975**0.5 - 1)  # 4,000 -> 3,900
    # LQ 2021: share in Nonthaburi over share in the group (A 10 %, C 60/110, G 39/110).
    assert a.lq == pytest.approx((121 / 1181) / 0.10)  # 1.0246
    assert c.lq == pytest.approx((360 / 1181) / (6000 / 11000))  # 0.5588
    assert g.lq == pytest.approx((700 / 1181) / (3900 / 11000))  # 1.6718
    assert g.lq == pytest.approx(1.67177, abs=1e-5)
    # LQ 2019: 10 % / 10 %, 30 % / 50 %, 60 % / 40 %.
    assert (a.lq_start, c.lq_start, g.lq_start) == (
        pytest.approx(1.0),
        pytest.approx(0.6),
        pytest.approx(1.5),
    )


def test_classic_shift_share_by_hand(place):
    """2019 -> 2021: the group grew 10 % (10,000 -> 11,000); A 10 %, C 20 %, G -2.5 %.
    National share r0 x 10 %; industry mix r0 x (sector's growth - 10 %); competitive
    r1 - r0 x (1 + sector's growth)."""
    pos = compute(place)
    expected = {
        "A": (10.0, 0.0, 11.0),  # 100 x .1, 100 x 0, 121 - 110
        "C": (30.0, 30.0, 0.0),  # 300 x .1, 300 x .1, 360 - 360
        "G": (60.0, -75.0, 115.0),  # 600 x .1, 600 x -.125, 700 - 585
    }
    for code, (ns, im, ce) in expected.items():
        row = pos.row(code)
        assert row, code
        assert row.shift, code
        got = (row.shift.national_share, row.shift.industry_mix, row.shift.competitive)
        assert got == pytest.approx((ns, im, ce), abs=1e-9), code
        assert row.shift.change == pytest.approx(ns + im + ce)
    total = pos.shift_total
    assert total is not None
    assert (total.start, total.end) == (1000, 1181)
    assert (total.national_share, total.industry_mix, total.competitive) == pytest.approx(
        (100.0, -45.0, 126.0)
    )


def test_dynamic_shift_share_by_hand(place):
    """Year on year: 2019 -> 2020 the group grew 5.5 % (A 5 %, C 10 %, G 0 %); 2020 -> 2021
    it grew 450 / 10,550 (A 50 / 1,050, C 500 / 5,500, G -2.5 %); the parts are added up."""
    pos = compute(place)
    g2 = 450 / 10550
    expected = {
        "A": (
            100 * 0.055 + 110 * g2,
            100 * (0.05 - 0.055) + 110 * (50 / 1050 - g2),
            (110 - 100 * 1.05) + (121 - 110 * 1100 / 1050),
        ),
        "C": (
            300 * 0.055 + 330 * g2,
            300 * (0.10 - 0.055) + 330 * (500 / 5500 - g2),
            (330 - 300 * 1.10) + (360 - 330 * 6000 / 5500),
        ),
        "G": (
            600 * 0.055 + 620 * g2,
            600 * (0.0 - 0.055) + 620 * (-0.025 - g2),
            (620 - 600) + (700 - 620 * 0.975),
        ),
    }
    for code, parts in expected.items():
        row = pos.row(code)
        assert row, code
        assert row.dynamic, code
        got = (row.dynamic.national_share, row.dynamic.industry_mix, row.dynamic.competitive)
        assert got == pytest.approx(parts, abs=1e-9), code
    assert pos.row("G").dynamic.competitive == pytest.approx(115.5)
    total = pos.dynamic_total
    assert total is not None
    assert total.national_share + total.industry_mix + total.competitive == pytest.approx(181)
    assert total.national_share == pytest.approx(1000 * 0.055 + 1060 * g2)


def test_employment_quotient_of_the_last_year(place):
    put(employment(), place["12"], "2021", {"A": 20, "C": 30, "G": 50})
    put(employment(), place.group, "2021", {"A": 400, "C": 300, "G": 300})
    pos = compute(place, employment=employment())
    a, c = pos.row("A"), pos.row("C")
    assert a
    assert c
    assert (a.employment, c.employment) == (20, 30)
    assert a.employment_lq == pytest.approx(0.20 / 0.40)
    assert c.employment_lq == pytest.approx(0.30 / 0.30)


def test_the_group_and_the_country_roll_up_from_the_provinces(db):
    w = world()
    put(gpp(), w["12"], "2020", {"A": 100, "C": 300})
    put(gpp(), w["12"], "2021", {"A": 121, "C": 330})
    put(gpp(), w["13"], "2020", {"A": 900, "C": 700})
    put(gpp(), w["13"], "2021", {"A": 979, "C": 770})
    refresh(gpp())
    pos = positioning.compute(w["12"], w.group, gpp(), sectors(), 2020, 2021)
    a, c = pos.row("A"), pos.row("C")
    assert a
    assert c
    assert (a.reference_start, a.reference_end) == (1000, 1100)
    assert (c.reference_start, c.reference_end) == (1000, 1100)
    assert a.lq == pytest.approx((121 / 451) / (1100 / 2200))
    country = positioning.compute(w["12"], w.country, gpp(), sectors(), 2020, 2021)
    assert country.row("A").reference_end == 1100


def test_a_typed_value_wins_over_the_roll_up_sector_by_sector(db):
    w = world()
    put(gpp(), w["12"], "2021", {"A": 121, "C": 330})
    put(gpp(), w["13"], "2021", {"A": 979, "C": 770})
    refresh(gpp())
    put(gpp(), w.group, "2021", {"A": 5000})  # the group's published figure for A only
    found = sector_values(gpp(), sectors(), [w.group], [2021])
    assert found[w.group.pk][2021] == {"A": 5000, "C": 1100}
    pos = positioning.compute(w["12"], w.group, gpp(), sectors(), 2020, 2021)
    assert pos.row("A").reference_end == 5000
    assert pos.row("C").reference_end == 1100
    assert pos.row("A").lq == pytest.approx((121 / 451) / (5000 / 6100))


def test_a_calendar_year_wins_over_the_fiscal_year_and_a_fiscal_year_fills_in(db):
    w = world()
    put(gpp(), w["12"], "FY2021", {"A": 999, "C": 333})
    put(gpp(), w["12"], "2021", {"A": 121})
    put(gpp(), w["12"], "FY2020", {"A": 88})
    found = sector_values(gpp(), sectors(), [w["12"]], [2020, 2021])
    assert found[w["12"].pk] == {2020: {"A": 88}, 2021: {"A": 121, "C": 333}}


def test_values_split_by_another_set_as_well_are_left_out(db):
    w = world()
    put(gpp(), w["12"], "2021", {"A": 121})
    # "SECTOR=A;SEX=F" is a cell of a crossed table, not the sector's value.
    Observation.objects.filter(area=w["12"], disaggregation="SECTOR=A").update(
        disaggregation="SECTOR=A;SEX=F"
    )
    put(gpp(), w["12"], "2021", {"C": 5})
    found = sector_values(gpp(), sectors(), [w["12"]], [2021])
    assert found[w["12"].pk] == {2021: {"C": 5}}


def test_missing_years_are_noted_and_the_shift_share_needs_every_year(db):
    w = world()
    put_years(gpp(), w["12"], {y: REGION[y] for y in (2019, 2021)})
    put_years(gpp(), w.group, REFERENCE)
    pos = compute(w)
    assert len(pos.notes) == 1
    note = pos.notes[0]
    assert "นนทบุรี" in note
    assert "2563" in note  # 2020 in BE
    assert "2562" not in note
    assert "2564" not in note
    # The classic split could use 2019 and 2021, but it runs over the sectors held in every
    # year so that classic and dynamic add up alike; with 2020 missing there are none.
    assert pos.shift_total is None
    assert pos.dynamic_total is None
    assert all(r.shift is None and r.dynamic is None for r in pos.rows)
    # LQ, share and growth need only the first and last years.
    assert pos.row("A").lq == pytest.approx((121 / 1181) / 0.10)
    assert pos.row("A").growth == pytest.approx(0.10)


def test_a_reference_without_any_value_is_noted_too(db):
    w = world()
    put_years(gpp(), w["12"], REGION)
    pos = compute(w)
    assert len(pos.notes) == 2  # the group has no values, and none for A, C, G in 2021
    assert any("2562, 2563, 2564" in n for n in pos.notes)
    assert any("A, C, G" in n for n in pos.notes)
    assert all(r.lq is None for r in pos.rows)
    assert pos.row("A").share == pytest.approx(121 / 1181)


def test_a_sector_the_reference_lacks_is_left_out_of_the_quotients(place):
    put(gpp(), place["12"], "2021", {"B": 19})
    pos = compute(place)
    assert any("B" in n for n in pos.notes)
    b, a = pos.row("B"), pos.row("A")
    assert b
    assert a
    assert b.lq is None
    assert b.share == pytest.approx(19 / 1200)
    # A's quotient is over the sectors both have: 121 / 1,181 in Nonthaburi.
    assert a.lq == pytest.approx((121 / 1181) / 0.10)


def test_lq_map_has_one_cell_per_province_of_the_reference(db):
    w = world()
    put(gpp(), w["12"], "2021", {"A": 121, "C": 360, "G": 700})  # 1,181
    put(gpp(), w["13"], "2021", {"A": 79, "C": 640, "G": 100})  # 819
    refresh(gpp())  # G10: A 200, C 1,000, G 800 (2,000)
    cells = positioning.lq_map(w.group, gpp(), sectors(), "A", 2021)
    assert [c.area.code for c in cells] == ["12", "13", "14", "19"]
    by_code = {c.area.code: c for c in cells}
    assert by_code["12"].lq == pytest.approx((121 / 1181) / (200 / 2000))
    assert by_code["13"].lq == pytest.approx((79 / 819) / (200 / 2000))
    assert (by_code["12"].value, by_code["13"].value) == (121, 79)
    assert (by_code["14"].lq, by_code["14"].value) == (None, None)
    assert (by_code["19"].lq, by_code["19"].value) == (None, None)
    g_cells = positioning.lq_map(w.group, gpp(), sectors(), "G", 2021)
    assert [round(c.lq, 4) if c.lq is not None else None for c in g_cells] == [
        round((700 / 1181) / (800 / 2000), 4),
        round((100 / 819) / (800 / 2000), 4),
        None,
        None,
    ]


def test_lq_map_of_the_country_covers_every_province(db):
    w = world()
    put(gpp(), w["12"], "2021", {"A": 121, "C": 360})
    put(gpp(), w["13"], "2021", {"A": 79, "C": 640})
    refresh(gpp())
    cells = positioning.lq_map(w.country, gpp(), sectors(), "C", 2021)
    provinces = Area.objects.filter(level=AreaLevel.PROVINCE).count()
    assert len(cells) == provinces >= 4
    with_lq = {c.area.code: c.lq for c in cells if c.lq is not None}
    assert with_lq == {
        "12": pytest.approx((360 / 481) / (1000 / 1200)),
        "13": pytest.approx((640 / 719) / (1000 / 1200)),
    }


def test_a_province_is_compared_with_its_group_region_and_the_country(db):
    w = world()
    assert references_for(w["12"]) == [w.group, w.region, w.country]
    assert references_for(w.group) == [w.region, w.country]
