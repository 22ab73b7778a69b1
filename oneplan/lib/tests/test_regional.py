"""The regional-economics maths against published worked examples and real data."""

from __future__ import annotations

import csv
import math
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneplan.lib.regional import (
    InputError,
    cagr,
    dynamic_shift_share,
    location_quotients,
    shares,
    shift_share,
)
from oneplan.testing.shared_data import shared_file

# Krumme's shift-and-share table for the region "Holukuluku", 1985–1995 (University of
# Washington, Geography 350, faculty.washington.edu/krumme/350/ssexcel.html): four industries,
# the nation's 1985 mix 10/20/40/30 % growing 10/20/30/40 % (29 % in all).
KRUMME_REGION_1985 = {"I": 500, "II": 100, "III": 200, "IV": 200}
KRUMME_REGION_1995 = {"I": 1000, "II": 100, "III": 250, "IV": 280}
KRUMME_NATION_1985 = {"I": 10, "II": 20, "III": 40, "IV": 30}
KRUMME_NATION_1995 = {"I": 11, "II": 24, "III": 52, "IV": 42}


def test_location_quotient_farhauer_kroell_published_result() -> None:
    """Farhauer and Kröll (2013), as in REAT's documentation: LQ = 0.3847623."""
    with shared_file("lq_shiftshare", "farhauer_kroell_2013_locq_example.csv").open() as f:
        row = next(csv.DictReader(f))
    # The sector and the rest of the economy, so that the totals are the published ones.
    region_total = float(row["e_j_region_total"])
    nation_total = float(row["e_national_total"])
    lq = location_quotients(
        {
            "i": float(row["e_ij_industry_in_region"]),
            "rest": region_total - float(row["e_ij_industry_in_region"]),
        },
        {
            "i": float(row["e_i_industry_national"]),
            "rest": nation_total - float(row["e_i_industry_national"]),
        },
    )
    assert lq["i"] == pytest.approx(float(row["published_LQ"]), abs=5e-8)


def test_location_quotient_krumme_published_values() -> None:
    lq = location_quotients(KRUMME_REGION_1985, KRUMME_NATION_1985)
    assert lq == pytest.approx({"I": 5.0, "II": 0.5, "III": 0.5, "IV": 2 / 3})


def test_shift_share_krumme_published_components() -> None:
    """The published table: regional growth 630 = national growth effect 290 + composition
    (industry mix) −80 + differential (competitive) 420."""
    result = shift_share(
        KRUMME_REGION_1985, KRUMME_REGION_1995, KRUMME_NATION_1985, KRUMME_NATION_1995
    )
    rows = {r.sector: r for r in result.rows}
    # Expected employment at the national rate (645, 129, 258, 258) and at each industry's
    # national rate (550, 120, 260, 280), as published.
    assert [r.start + r.national_share for r in result.rows] == pytest.approx([645, 129, 258, 258])
    assert [r.expected for r in result.rows] == pytest.approx([550, 120, 260, 280])
    assert [r.industry_mix for r in result.rows] == pytest.approx([-95, -9, 2, 22])
    assert [r.competitive for r in result.rows] == pytest.approx([450, -20, -10, 0])
    assert rows["I"].change == 500
    assert result.total.change == pytest.approx(630)
    assert result.total.national_share == pytest.approx(290)
    assert result.total.industry_mix == pytest.approx(-80)
    assert result.total.competitive == pytest.approx(420)


def _goettingen() -> tuple[dict[int, dict[str, float]], dict[int, dict[str, float]]]:
    region: dict[int, dict[str, float]] = defaultdict(dict)
    nation: dict[int, dict[str, float]] = defaultdict(dict)
    path = shared_file("lq_shiftshare", "REAT_Goettingen_employment_2008_2017.csv")
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["WZ2008_Code"] == "A-R":  # the all-sector total line
                continue
            for year in range(2008, 2018):
                region[year][row["WZ2008_Code"]] = float(row[f"Goettingen{year}"])
                nation[year][row["WZ2008_Code"]] = float(row[f"BRD{year}"])
    return dict(region), dict(nation)


def test_shift_share_on_goettingen_employment_adds_up() -> None:
    region, nation = _goettingen()
    result = shift_share(region[2008], region[2017], nation[2008], nation[2017])
    assert len(result.rows) == 15
    for row in [*result.rows, result.total]:
        parts = row.national_share + row.industry_mix + row.competitive
        assert parts == pytest.approx(row.change, abs=1e-6)
    # Independently: the national share is the region's start times Germany's growth.
    growth = sum(nation[2017].values()) / sum(nation[2008].values()) - 1
    assert result.total.national_share == pytest.approx(sum(region[2008].values()) * growth)


def test_dynamic_shift_share_is_the_sum_of_yearly_splits() -> None:
    region, nation = _goettingen()
    dynamic = dynamic_shift_share(region, nation)
    yearly = [
        shift_share(region[y], region[y + 1], nation[y], nation[y + 1]) for y in range(2008, 2017)
    ]
    assert dynamic.total.change == pytest.approx(
        sum(region[2017].values()) - sum(region[2008].values())
    )
    for part in ("national_share", "industry_mix", "competitive"):
        assert getattr(dynamic.total, part) == pytest.approx(
            sum(getattr(y.total, part) for y in yearly)
        )
    # Over ten years the dynamic and the classic split differ (the mix moved).
    classic = shift_share(region[2008], region[2017], nation[2008], nation[2017])
    assert dynamic.total.industry_mix != pytest.approx(classic.total.industry_mix, rel=1e-3)


def test_location_quotients_of_german_states_against_a_matrix_computation() -> None:
    """Every state against the nation ("Insgesamt") in every year, checked against the whole
    LQ matrix computed at once with numpy; and two facts of Germany's economy."""
    import numpy as np

    table: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    path = shared_file("lq_shiftshare", "REAT_G.regions.emp_german_states_2008_2014.csv")
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            # "Insgesamt" is the all-industry line; manufacturing (C) is part of B-E.
            if row["industry"] in ("Insgesamt", "Verarbeitendes Gewerbe (C)"):
                continue
            table[row["region"], int(float(row["year"]))][row["industry"]] = float(row["emp"])
    industries = sorted(table["Insgesamt", 2008])
    states = sorted({s for s, _ in table} - {"Insgesamt"})
    assert (len(states), len(industries)) == (16, 10)
    for year in range(2008, 2015):
        nation = table["Insgesamt", year]
        matrix = np.array([[table[s, year][i] for i in industries] for s in states])
        national = np.array([nation[i] for i in industries])
        expected = (matrix / matrix.sum(axis=1, keepdims=True)) / (national / national.sum())
        for row_index, state in enumerate(states):
            lq = location_quotients(table[state, year], nation)
            assert [lq[i] for i in industries] == pytest.approx(list(expected[row_index]))
    finance = "Erbringung von Finanz- und Vers.leistungen (K)"
    farming = "Land- und Forstwirtschaft, Fischerei (A)"
    hessen = location_quotients(table["Hessen", 2014], table["Insgesamt", 2014])
    hamburg = location_quotients(table["Hamburg", 2014], table["Insgesamt", 2014])
    assert (hessen[finance] or 0) > 1.5
    assert (hamburg[farming] or 9) < 0.3


def test_a_region_against_itself_has_no_competitive_effect() -> None:
    result = shift_share(
        KRUMME_NATION_1985, KRUMME_NATION_1995, KRUMME_NATION_1985, KRUMME_NATION_1995
    )
    assert all(r.competitive == pytest.approx(0) for r in result.rows)
    assert result.total.industry_mix == pytest.approx(0)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InputError) as caught:
        shift_share({"A": 1, "B": -2}, {"A": 1}, {"A": 0, "B": 1}, {"A": "x", "B": 1})  # type: ignore[dict-item]
    assert caught.value.problems == [
        "region_start.B: -2 is negative",
        "reference_end.A: 'x' is not a number",
        "region_end.B: missing (the other inputs have this sector)",
    ]
    with pytest.raises(InputError) as caught:
        location_quotients({"A": 1.0, "B": math.nan}, {"A": 0.0})
    assert caught.value.problems == [
        "region.B: nan is not a finite number",
        "reference.B: missing (the other inputs have this sector)",
    ]
    with pytest.raises(InputError, match="reference: the total is zero"):
        location_quotients({"A": 1.0}, {"A": 0.0})


def test_zero_reference_sector_has_no_quotient() -> None:
    assert location_quotients({"A": 1.0, "B": 1.0}, {"A": 2.0, "B": 0.0}) == {"A": 0.5, "B": None}


def test_dynamic_needs_consecutive_years_in_both() -> None:
    with pytest.raises(InputError) as caught:
        dynamic_shift_share({2020: {"A": 1}, 2022: {"A": 2}}, {2020: {"A": 1}})
    assert caught.value.problems == [
        "reference.2022: missing (the region has this year)",
        "region.2021: missing (the years must follow one another)",
    ]


def test_growth_and_share() -> None:
    assert cagr(100, 121, 2) == pytest.approx(0.10)
    assert cagr(0, 5, 3) is None
    assert cagr(5, 5, 0) is None
    assert shares({"a": 1, "b": 3}) == {"a": 0.25, "b": 0.75}
    assert shares({"a": 0}) == {"a": None}


sector_values = st.dictionaries(
    st.sampled_from("ABCDEFGH"), st.floats(1, 1e7, allow_nan=False), min_size=1
)


@given(sector_values, st.data())
def test_components_always_add_up_to_the_change(start: dict[str, float], data) -> None:
    keys = sorted(start)
    same = st.fixed_dictionaries({k: st.floats(1, 1e7) for k in keys})
    end, ref0, ref1 = data.draw(same), data.draw(same), data.draw(same)
    result = shift_share(start, end, ref0, ref1)
    for row in [*result.rows, result.total]:
        parts = (row.national_share, row.industry_mix, row.competitive)
        size = max(abs(p) for p in (*parts, row.change, 1.0))
        assert sum(parts) == pytest.approx(row.change, abs=1e-9 * size)
