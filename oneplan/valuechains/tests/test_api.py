"""The data list and gap board through the API: the fixed points (`count`), filters with
clear 400s, and working a gap as a permission matrix."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from oneplan.valuechains.gaps import sync_gaps
from oneplan.valuechains.models import DataGap
from oneplan.valuechains.tests.conftest import provide

pytestmark = pytest.mark.usefixtures("reference_db")


def get(client: Client, url: str) -> Any:
    response = client.get(url)
    return response.status_code, response.json()


def test_the_data_list_answers_with_a_count_and_computed_statuses(nonthaburi, cast) -> None:
    provide("GPP")
    status, body = get(Client(), "/api/data-list?area=12")
    assert status == 200
    assert body["count"] == 4 == len(body["results"])
    gpp = next(r for r in body["results"] if r["indicator"] == "GPP")
    assert gpp["status"] == "incomplete"
    assert gpp["reasons"] == ["low_coverage"]
    assert gpp["owner"] == "NSO-12"
    assert gpp["status_label"]
    status, body = get(Client(), "/api/data-list?area=12&status=missing")
    assert body["count"] == 3
    assert {r["status"] for r in body["results"]} == {"missing"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "area: give an area code"),
        ("area=99999", "area: no area with code 99999"),
        ("area=12&status=lost", "status: choose one of available, missing, incomplete"),
    ],
)
def test_bad_data_list_filters_say_which_parameter(nonthaburi, query, message) -> None:
    status, body = get(Client(), f"/api/data-list?{query}")
    assert status == 400
    assert message in body["detail"]


def test_the_gap_board_answers_with_a_count_and_the_priority_parts(nonthaburi, cast) -> None:
    sync_gaps(cast.nonthaburi)
    status, body = get(Client(), "/api/gaps?area=12")
    assert status == 200
    assert body["count"] == 4
    first = body["results"][0]
    assert first["indicator"] == "GPP"  # headline, with a target: the highest priority
    assert first["priority_parts"]["centrality"] == 1.0
    assert sum(first["priority_contributions"].values()) == pytest.approx(
        first["priority"], abs=0.2
    )
    status, body = get(Client(), "/api/gaps?area=12&type=outside_authority")
    assert [g["indicator"] for g in body["results"]] == ["TRADE"]
    status, body = get(Client(), "/api/gaps?area=12&status=shut&type=odd")
    assert status == 400
    assert "status: choose one of" in body["detail"]
    assert "type: choose one of" in body["detail"]


def patch(client: Client, gap: DataGap, data: dict[str, Any]) -> Any:
    response = client.patch(
        f"/api/gaps/{gap.pk}", data=json.dumps(data), content_type="application/json"
    )
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("planner_nonthaburi", True),
        ("statistician", True),
        ("admin", True),
        ("planner_phrae", False),
        ("data_officer", False),
        ("viewer", False),
    ],
)
def test_who_may_work_a_gap(nonthaburi, cast, who: str, allowed: bool) -> None:
    sync_gaps(cast.nonthaburi)
    gap = DataGap.objects.get(indicator__code="GPP")
    client = Client()
    client.force_login(getattr(cast, who))
    status, body = patch(
        client,
        gap,
        {
            "remedy": "collect",
            "agency": "NSO-12",
            "budget": "150000",
            "target_year": "2570",
            "status": "planned",
        },
    )
    assert status == (200 if allowed else 403), body
    gap.refresh_from_db()
    if allowed:
        assert gap.agency is not None
        assert (gap.remedy, gap.agency.code, gap.target_year, gap.status) == (
            "collect",
            "NSO-12",
            2027,
            "planned",
        )
        assert body["target_year_be"] == 2570
    else:
        assert gap.remedy == ""
        assert gap.status == "open"


def test_anonymous_cannot_work_a_gap(nonthaburi, cast) -> None:
    sync_gaps(cast.nonthaburi)
    status, _body = patch(Client(), DataGap.objects.get(indicator__code="GPP"), {"note": "x"})
    assert status == 401


def test_every_problem_with_a_gap_change_is_named_and_nothing_is_saved(nonthaburi, cast) -> None:
    sync_gaps(cast.nonthaburi)
    gap = DataGap.objects.get(indicator__code="GPP")
    client = Client()
    client.force_login(cast.planner_nonthaburi)
    status, body = patch(
        client,
        gap,
        {
            "status": "closed",
            "agency": "NOPE",
            "target_year": "ปีหน้า",
            "remedy": "proxy",
            "budget": "-5",
            "note": "changed",
        },
    )
    assert status == 422
    for field in ("status:", "agency:", "target_year:", "proxy_id:", "budget:"):
        assert field in body["detail"]
    gap.refresh_from_db()
    assert (gap.note, gap.status) == ("", "open")
