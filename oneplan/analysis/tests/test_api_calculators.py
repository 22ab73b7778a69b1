"""The stateless calculators of the analysis API against published examples and bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from oneplan.analysis.models import Analysis
from oneplan.analysis.tests.api_helpers import (
    DYNAMIC_URL,
    KRUMME,
    KRUMME_SPLIT,
    LQ_URL,
    REFERENCE,
    REGION,
    SHIFT_URL,
    post,
)
from oneplan.stats.models import Observation

pytestmark = pytest.mark.django_db


# --- calculators --------------------------------------------------------------------------


def test_location_quotient_answers_a_list_of_sector_and_lq():
    body = {"region": {"A": 30, "B": 70, "C": 0}, "reference": {"A": 100, "B": 900, "C": 50}}
    answer = post(Client(), LQ_URL, body)
    assert answer.status_code == 200, answer.content
    got = answer.json()
    assert [row["sector"] for row in got] == ["A", "B", "C"]
    # Region total 100, reference total over the same sectors 1,050.
    assert got[0]["lq"] == pytest.approx(0.30 / (100 / 1050))
    assert got[1]["lq"] == pytest.approx(0.70 / (900 / 1050))
    assert got[2]["lq"] == 0


def test_location_quotient_is_null_where_the_reference_has_nothing():
    body = {"region": {"A": 10, "B": 10}, "reference": {"A": 0, "B": 100}}
    got = post(Client(), LQ_URL, body).json()
    assert got == [{"sector": "A", "lq": None}, {"sector": "B", "lq": 0.5}]


def test_shift_share_reproduces_krummes_example():
    answer = post(Client(), SHIFT_URL, KRUMME)
    assert answer.status_code == 200, answer.content
    got = answer.json()
    assert [row["sector"] for row in got] == ["I", "II", "III", "IV", "total"]
    for row in got:
        start, end, ns, im, ce = KRUMME_SPLIT[row["sector"]]
        assert (row["start"], row["end"], row["change"]) == (start, end, end - start)
        assert (row["national_share"], row["industry_mix"], row["competitive"]) == (
            pytest.approx(ns),
            pytest.approx(im),
            pytest.approx(ce, abs=1e-9),
        ), row["sector"]
    total = got[-1]
    assert total["national_share"] + total["industry_mix"] + total["competitive"] == (
        pytest.approx(630)
    )


def test_dynamic_shift_share_of_two_years_is_the_classic_one():
    body = {
        "region": {"1985": KRUMME["region_start"], "1986": KRUMME["region_end"]},
        "reference": {"1985": KRUMME["reference_start"], "1986": KRUMME["reference_end"]},
    }
    got = post(Client(), DYNAMIC_URL, body).json()
    assert [(r["sector"], round(r["competitive"], 6)) for r in got] == [
        (s, float(v[4])) for s, v in KRUMME_SPLIT.items()
    ]


def test_dynamic_shift_share_adds_the_years_up():
    body = {
        "region": {str(y): v for y, v in REGION.items()},
        "reference": {str(y): v for y, v in REFERENCE.items()},
    }
    got = {r["sector"]: r for r in post(Client(), DYNAMIC_URL, body).json()}
    # G: 620 - 600 x 1.00 in the first year, 700 - 620 x 0.975 in the second.
    assert got["G"]["competitive"] == pytest.approx(20 + 95.5)
    assert (got["total"]["start"], got["total"]["end"]) == (1000, 1181)


def test_location_quotient_reports_every_problem_at_once():
    body = {"region": {"A": -1, "B": 5}, "reference": {"B": 10, "C": -2}}
    answer = post(Client(), LQ_URL, body)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    for part in ("region.A: -1", "negative", "reference.C: -2", "reference.A: missing"):
        assert part in detail, part


def test_shift_share_reports_every_problem_at_once():
    body = {
        "region_start": {"I": -5, "II": 1},
        "region_end": {"I": 1},
        "reference_start": {"I": 1, "II": 1},
        "reference_end": {"I": 1, "II": -3},
    }
    answer = post(Client(), SHIFT_URL, body)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    for part in ("region_start.I: -5", "region_end.II: missing", "reference_end.II: -3"):
        assert part in detail, part


def test_shift_share_needs_the_references_first_year_in_every_sector():
    body = {**KRUMME, "reference_start": {**KRUMME["reference_start"], "II": 0}}
    answer = post(Client(), SHIFT_URL, body)
    assert answer.status_code == 422
    assert "reference_start.II: zero" in answer.json()["detail"]


def test_non_numbers_are_reported_for_every_field():
    body = {"region": {"A": "abc", "B": 1}, "reference": {"A": 1, "B": "หนึ่ง"}}
    answer = post(Client(), LQ_URL, body)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert "region.A: 'abc' is not a number" in detail
    assert "reference.B: 'หนึ่ง' is not a number" in detail
    missing = post(Client(), SHIFT_URL, {"region_start": {"I": 1}})
    assert missing.status_code == 422
    text = json.dumps(missing.json())
    for name in ("region_end", "reference_start", "reference_end"):
        assert name in text, name


@pytest.mark.parametrize("name", ["total", "Total", "TOTAL"])
def test_total_is_a_reserved_sector_name(name):
    body = {key: {**values, name: 1} for key, values in KRUMME.items()}
    answer = post(Client(), SHIFT_URL, body)
    assert answer.status_code == 422
    assert "'total' is reserved" in answer.json()["detail"]
    dynamic = post(
        Client(),
        DYNAMIC_URL,
        {"region": {"2020": {name: 1}, "2021": {name: 2}}, "reference": {"2020": {"A": 1}}},
    )
    assert dynamic.status_code == 422
    assert "'total' is reserved" in dynamic.json()["detail"]


def test_the_reserved_name_does_not_hide_the_other_problems():
    """the calculators promise every problem with
    the input at once, but a sector named "total" stops the checks, so the negative value
    and the missing sector below go unreported until the caller renames it and tries again."""
    body = {**KRUMME, "region_start": {**KRUMME["region_start"], "total": 1, "I": -500}}
    answer = post(Client(), SHIFT_URL, body)
    assert answer.status_code == 422
    detail = json.dumps(answer.json(), ensure_ascii=False)
    assert "reserved" in detail
    assert "region_start.I: -500" in detail  # negative
    assert "region_end.total: missing" in detail


def test_a_non_number_does_not_hide_the_other_problems():
    """a value
    that is not a number is refused by the schema before ``regional`` checks anything, so
    the negative value in the other field goes unreported (and the 422's ``detail`` is a
    list of schema errors rather than the calculators' text). ``regional._check`` already
    words "is not a number" alongside the other problems; the schemas never let it."""
    body = {"region": {"A": "abc", "B": 1}, "reference": {"A": 1, "B": -2}}
    answer = post(Client(), LQ_URL, body)
    assert answer.status_code == 422
    detail = json.dumps(answer.json(), ensure_ascii=False)
    assert "region.A" in detail or '"region", "A"' in detail  # not a number
    assert "reference.B: -2" in detail  # negative


def test_calculators_need_no_sign_in_and_keep_nothing():
    client = Client(enforce_csrf_checks=True)
    assert post(client, LQ_URL, {"region": {"A": 1}, "reference": {"A": 2}}).status_code == 200
    assert post(client, SHIFT_URL, KRUMME).status_code == 200
    assert not Analysis.objects.exists()
    assert not Observation.objects.exists()
