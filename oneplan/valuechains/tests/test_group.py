"""Across a province group: gaps shared by several provinces, on the API and the board."""

from __future__ import annotations

import pytest
from django.test import Client

from oneplan.geo.models import Area
from oneplan.plans.tests.factories import indicator, province_group
from oneplan.valuechains.choices import GapStatus
from oneplan.valuechains.gaps import shared_gaps
from oneplan.valuechains.models import DataGap

pytestmark = pytest.mark.usefixtures("reference_db")


@pytest.fixture
def group(db):
    """A group of three provinces: TRADE missing in two, WATER in one, GPP closed in two."""
    grp = province_group("GT12", "12", "13", "14")
    for code, provinces, status in (
        ("TRADE", ("12", "13"), GapStatus.OPEN),
        ("WATER", ("14",), GapStatus.PLANNED),
        ("GPP", ("12", "14"), GapStatus.CLOSED),
    ):
        for province in provinces:
            DataGap.objects.create(
                area=Area.objects.get(code=province),
                indicator=indicator(code),
                types=["no_dataset"] if code == "TRADE" else ["stale"],
                status=status,
            )
    return grp


def test_gaps_open_in_two_or_more_provinces_are_shared(group) -> None:
    shared = shared_gaps(group)
    assert [(s.indicator.code, [p.code for p in s.provinces]) for s in shared] == [
        ("TRADE", ["12", "13"])
    ]
    assert [s.indicator.code for s in shared_gaps(group, least=1)] == ["TRADE", "WATER"]


def test_the_api_lists_shared_gaps_with_a_count(group) -> None:
    body = Client().get("/api/gaps/shared?group=GT12").json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "indicator": "TRADE",
        "name_th": "TRADE",
        "provinces": ["12", "13"],
        "count": 2,
        "types": ["no_dataset"],
    }
    response = Client().get("/api/gaps/shared?group=12")
    assert response.status_code == 400
    assert "group: 12 is not a province group" in response.json()["detail"]


def test_the_group_board_shows_the_shared_gaps(group) -> None:
    page = Client().get("/valuechains/areas/GT12/gaps/").content.decode()
    assert 'data-shared="TRADE"' in page
    assert 'data-shared="WATER"' not in page
    province_page = Client().get("/valuechains/areas/12/gaps/").content.decode()
    assert "data-shared" not in province_page
