"""The data list computed from a plan, value chains, the catalogue and stored values; the gap
board kept in step (opening, closing by itself when data arrives), and its priority."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oneplan.geo.models import Area
from oneplan.stats.models import Indicator
from oneplan.valuechains.choices import GapStatus
from oneplan.valuechains.datalist import data_list
from oneplan.valuechains.gaps import priority, sync_gaps, weights_for
from oneplan.valuechains.models import DataGap, Requirement
from oneplan.valuechains.rules import Reason, Status
from oneplan.valuechains.tests.conftest import load, provide

pytestmark = pytest.mark.usefixtures("reference_db")
TODAY = date(2026, 11, 20)


def rows_by_code(area: Area) -> dict[str, Any]:
    return {r.indicator.code: r for r in data_list(area, today=TODAY)}


def test_the_list_holds_the_plan_s_indicators_and_the_chain_s_needs(nonthaburi, cast) -> None:
    rows = rows_by_code(cast.nonthaburi)
    assert set(rows) == {"GPP", "DURIAN-AREA", "TRADE", "DURIAN-YIELD"}
    assert rows["GPP"].centrality == "headline"
    assert rows["GPP"].has_target
    assert rows["DURIAN-AREA"].centrality == "issue"
    assert rows["DURIAN-AREA"].agency.code == "DOAE-12"
    assert rows["DURIAN-YIELD"].needed_by == ["ทุเรียนนนท์ › พันธุ์ดี"]
    assert rows["DURIAN-YIELD"].level == "district"  # the requirement's, not the indicator's
    # Nothing is catalogued yet: all missing, no dataset; TRADE also outside authority.
    assert {r.status for r in rows.values()} == {Status.MISSING}
    assert rows["TRADE"].reasons == (Reason.NO_DATASET, Reason.OUTSIDE_AUTHORITY)


def test_statuses_follow_the_catalogue_and_the_values(nonthaburi, cast) -> None:
    provide("GPP")
    provide("DURIAN-AREA", owner="")
    provide("DURIAN-YIELD", level="province")
    load(nonthaburi["tmp"], "GPP", "12", "2025", 5)
    rows = rows_by_code(cast.nonthaburi)
    assert rows["GPP"].status is Status.AVAILABLE
    assert (rows["GPP"].latest_period, rows["GPP"].coverage) == ("2025", 1.0)
    assert rows["GPP"].owner.code == "NSO-12"
    assert rows["GPP"].dataset == "ds-gpp"
    assert rows["DURIAN-AREA"].reasons == (Reason.NO_OWNER,)
    assert rows["DURIAN-YIELD"].status is Status.INCOMPLETE
    assert rows["DURIAN-YIELD"].reasons == (Reason.TOO_COARSE, Reason.LOW_COVERAGE)


def test_a_roll_up_s_coverage_counts(nonthaburi, cast) -> None:
    provide("DURIAN-YIELD", level="district")
    Indicator.objects.filter(code="DURIAN-YIELD").update(min_area_level="district")
    load(nonthaburi["tmp"], "DURIAN-YIELD", "1201", "2025", 3)  # one district of six
    row = rows_by_code(cast.nonthaburi)["DURIAN-YIELD"]
    districts = Area.objects.filter(parent__code="12", level="district").count()
    assert row.coverage == pytest.approx(1 / districts)
    assert row.reasons == (Reason.LOW_COVERAGE,)


def test_the_list_takes_a_fixed_number_of_queries(
    nonthaburi, cast, django_assert_max_num_queries
) -> None:
    for code in ("GPP", "DURIAN-AREA", "TRADE"):
        provide(code)
    for i in range(30):
        extra = Indicator.objects.create(code=f"X{i}", name_th=f"ตัวชี้วัด {i}")
        Requirement.objects.create(
            area=cast.nonthaburi, indicator=extra, factor=nonthaburi["factor"]
        )
    with django_assert_max_num_queries(30):
        assert len(data_list(cast.nonthaburi, today=TODAY)) == 34


def test_gaps_open_and_close_by_themselves_when_the_data_arrives(nonthaburi, cast) -> None:
    provide("GPP")
    synced = sync_gaps(cast.nonthaburi, today=TODAY)
    assert synced.opened == 4
    gap = DataGap.objects.get(area=cast.nonthaburi, indicator__code="GPP")
    assert gap.types == ["low_coverage"]
    assert gap.status == GapStatus.OPEN
    load(nonthaburi["tmp"], "GPP", "12", "2025", 5)  # the refresh after the load syncs
    gap.refresh_from_db()
    assert (gap.status, gap.closed_by_data) == (GapStatus.CLOSED, True)
    assert DataGap.objects.filter(area=cast.nonthaburi).exclude(status="closed").count() == 3


def test_a_gap_closed_by_data_reopens_when_the_data_falls_short_again(nonthaburi, cast) -> None:
    provide("GPP")
    load(nonthaburi["tmp"], "GPP", "12", "2025", 5)
    sync_gaps(cast.nonthaburi, today=TODAY)
    assert not DataGap.objects.filter(indicator__code="GPP").exists()
    DataGap.objects.create(
        area=cast.nonthaburi,
        indicator=Indicator.objects.get(code="GPP"),
        status=GapStatus.CLOSED,
        closed_by_data=True,
    )
    later = date(2028, 1, 1)  # the 2025 value is stale by then
    assert sync_gaps(cast.nonthaburi, today=later).updated == 1
    gap = DataGap.objects.get(indicator__code="GPP")
    assert (gap.status, gap.types) == (GapStatus.OPEN, ["stale"])


def test_priority_shows_its_parts_and_they_add_up(nonthaburi, cast) -> None:
    rows = [r for r in data_list(cast.nonthaburi, today=TODAY) if r.indicator.code == "GPP"]
    score = priority(rows, weights_for(cast.nonthaburi))
    assert score.parts == {"centrality": 1.0, "reach": 0.2, "severity": 1.0, "target": 1.0}
    assert score.score == pytest.approx(sum(score.contributions().values()), abs=0.2)
    assert score.score == pytest.approx(100 * (3 + 0.4 + 2 + 3) / 10)
    factor_rows = [
        r for r in data_list(cast.nonthaburi, today=TODAY) if r.indicator.code == "DURIAN-YIELD"
    ]
    assert priority(factor_rows, weights_for(cast.nonthaburi)).score < score.score
