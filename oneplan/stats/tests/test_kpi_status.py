"""KPI status of a plan's indicators in an area, through the scorecard function and the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period
from oneplan.plans.choices import EditionStatus
from oneplan.plans.models import Target
from oneplan.plans.tests import factories as pf
from oneplan.stats import aggregates
from oneplan.stats.kpi.rules import Status, Trend
from oneplan.stats.kpi.status import plan_for_area, scorecard
from oneplan.stats.models import Indicator, Observation

TODAY = date(2026, 1, 15)  # fiscal year 2026 (2569) is open; 2025 (2568) has ended


def observe(code: str, area: str, period: str, value: float) -> None:
    Observation.objects.create(
        indicator=Indicator.objects.get(code=code),
        area=Area.objects.get(code=area),
        period=period,
        start=Period.parse(period).start,
        value=value,
    )


@pytest.fixture
def plan_kpis(reference_db, db):
    """A published Nonthaburi plan 2023-2027 with four KPIs under one issue."""
    edition = pf.plan_edition("12", status=EditionStatus.PUBLISHED)
    issue = pf.element(edition, "issue", "ประเด็นการพัฒนาที่ 1")
    goal = pf.element(edition, "goal", "เป้าประสงค์", parent=issue)
    pf.plan_indicator(goal, "REVENUE", targets={2024: 100, 2025: 110, 2026: 120})
    pf.plan_indicator(goal, "POVERTY", targets={2025: 10})
    Indicator.objects.filter(code="POVERTY").update(direction="lower")
    pf.plan_indicator(goal, "VISITS", targets={2026: 1200})
    Indicator.objects.filter(code="VISITS").update(frequency="month")
    pf.plan_indicator(issue, "MISSING", targets={2025: 5})
    observe("REVENUE", "12", "FY2024", 105)  # achieved
    observe("REVENUE", "12", "FY2025", 100)  # 9% short, closed year: off track
    observe("POVERTY", "12", "2024", 12)
    observe("POVERTY", "12", "2025", 10.4)  # calendar year, within 5%: on track
    for month in (10, 11, 12):  # FY2026 so far, ahead of the same months a year earlier
        observe("VISITS", "12", f"2024-{month:02d}", 100)
        observe("VISITS", "12", f"2025-{month:02d}", 110)
    for month in range(1, 10):
        observe("VISITS", "12", f"2025-{month:02d}", 100)
    aggregates.refresh()
    return edition


def by_code(card):
    return {row.indicator.code: row for row in card.rows}


def test_statuses_follow_the_rules(plan_kpis):
    card = scorecard(plan_kpis, Area.objects.get(code="12"), today=TODAY)
    rows = by_code(card)
    assert card.fiscal_year == 2026
    assert list(rows) == ["MISSING", "REVENUE", "POVERTY", "VISITS"]  # reading order
    revenue = {c.fiscal_year: c for c in rows["REVENUE"].years}
    assert revenue[2024].status is Status.ACHIEVED
    assert revenue[2025].status is Status.OFF_TRACK
    assert revenue[2025].trend is Trend.WORSENING
    # no value yet for 2026: the row shows the latest year that has one
    assert revenue[2026].status is Status.NO_DATA
    assert rows["REVENUE"].current.fiscal_year == 2025
    assert rows["REVENUE"].status is Status.OFF_TRACK
    poverty = {c.fiscal_year: c for c in rows["POVERTY"].years}
    assert poverty[2025].period == "2025"
    assert poverty[2025].status is Status.ON_TRACK
    assert poverty[2025].trend is Trend.IMPROVING
    assert rows["MISSING"].status is Status.NO_DATA
    assert card.counts == {"achieved": 0, "on_track": 2, "off_track": 1, "no_data": 1}


def test_open_year_is_judged_on_its_projection(plan_kpis):
    rows = by_code(scorecard(plan_kpis, Area.objects.get(code="12"), today=TODAY))
    visits = {c.fiscal_year: c for c in rows["VISITS"].years}[2026]
    # three months of twelve rolled up into FY2026: 330 so far, heading for 1,320
    assert visits.actual == pytest.approx(330)
    assert visits.open
    assert visits.period == "FY2026"
    assert visits.projected == pytest.approx(1320)
    assert visits.trend is Trend.IMPROVING  # 1,320 against 2025's full 1,200
    assert visits.status is Status.ON_TRACK  # not achieved on a projection


def test_an_open_year_falling_behind_is_off_track(plan_kpis):
    Observation.objects.filter(indicator__code="VISITS", period__startswith="2025-1").update(
        value=50
    )
    aggregates.refresh()
    rows = by_code(scorecard(plan_kpis, Area.objects.get(code="12"), today=TODAY))
    visits = {c.fiscal_year: c for c in rows["VISITS"].years}[2026]
    assert visits.projected == pytest.approx(600)
    assert visits.trend is Trend.WORSENING
    assert visits.status is Status.OFF_TRACK


def test_a_typed_fiscal_year_value_wins_over_the_roll_up(plan_kpis):
    observe("VISITS", "12", "FY2026", 1250)
    visits = by_code(scorecard(plan_kpis, Area.objects.get(code="12"), today=TODAY))["VISITS"]
    cell = {c.fiscal_year: c for c in visits.years}[2026]
    assert cell.actual == 1250
    assert cell.status is Status.ACHIEVED


def test_a_chosen_year_limits_what_is_judged(plan_kpis):
    card = scorecard(plan_kpis, Area.objects.get(code="12"), fiscal_year=2024, today=TODAY)
    revenue = by_code(card)["REVENUE"]
    assert revenue.status is Status.ACHIEVED
    assert [c.status for c in revenue.years if c.fiscal_year > 2024] == [None, None, None]
    assert by_code(card)["POVERTY"].status is Status.NO_DATA  # no target before 2025


def test_targets_of_another_area_are_not_mixed_in(plan_kpis):
    pi = plan_kpis.elements.get(kind="goal").indicators.get(indicator__code="REVENUE")
    Target.objects.create(
        plan_indicator=pi, area=Area.objects.get(code="1201"), fiscal_year=2024, value=Decimal(1)
    )
    district = scorecard(plan_kpis, Area.objects.get(code="1201"), today=TODAY)
    assert [r.indicator.code for r in district.rows] == ["REVENUE"]
    assert district.rows[0].status is Status.NO_DATA


def test_query_count_does_not_grow_with_kpis(plan_kpis, django_assert_max_num_queries):
    area = Area.objects.get(code="12")
    goal = plan_kpis.elements.get(kind="goal")
    with django_assert_max_num_queries(7):
        scorecard(plan_kpis, area, today=TODAY)
    for n in range(20):
        pf.plan_indicator(goal, f"EXTRA-{n}", targets={2025: n})
    with django_assert_max_num_queries(7):
        assert len(scorecard(plan_kpis, area, today=TODAY).rows) == 24


def test_the_area_plan_covering_the_year_is_chosen(plan_kpis):
    area = Area.objects.get(code="12")
    later = pf.plan("12", code="PDP-12-2028", first_year=2028, last_year=2032)
    assert plan_for_area(area, 2026) == plan_kpis.plan
    assert plan_for_area(area, 2030) == later
    assert plan_for_area(area, 2040) == later  # none covers it: the latest plan


def test_scorecard_api(client, plan_kpis):
    answer = client.get("/api/kpi/scorecard", {"area": "12", "fiscal_year": "2568"})
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["plan"] == plan_kpis.plan.code
    assert data["fiscal_year"] == "FY2025"
    assert data["fiscal_year_be"] == 2568
    assert data["count"] == 4 == len(data["items"])
    revenue = next(i for i in data["items"] if i["indicator"] == "REVENUE")
    assert revenue["status"] == "off_track"
    assert revenue["status_fiscal_year_be"] == 2568
    assert revenue["trend"] == "worsening"
    assert [y["fiscal_year_be"] for y in revenue["years"]] == [2566, 2567, 2568, 2569, 2570]
    assert revenue["years"][1] | {"open": False} == {
        "fiscal_year": "FY2024",
        "fiscal_year_be": 2567,
        "target": 100.0,
        "actual": 105.0,
        "period": "FY2024",
        "status": "achieved",
        "trend": None,
        "open": False,
        "projected": None,
    }
    assert sum(data["counts"].values()) == 4


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"area": "99"}, 404, "Not found"),
        ({"area": "12", "fiscal_year": "next year"}, 400, "fiscal_year"),
        ({"area": "13"}, 404, "13"),
        ({"area": "12", "plan": "NOPE"}, 404, "Not found"),
    ],
)
def test_scorecard_api_errors(client, plan_kpis, params, status, text):
    answer = client.get("/api/kpi/scorecard", params)
    assert answer.status_code == status
    assert text in answer.content.decode()


def test_drafts_are_not_shown_to_the_public(client, plan_kpis):
    plan_kpis.status = EditionStatus.DRAFT
    plan_kpis.save()
    assert client.get("/api/kpi/scorecard", {"area": "12"}).status_code == 404


def test_scorecard_page(client, plan_kpis, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        answer = client.get("/data/scorecard/12/", {"year": "2568"}, HTTP_ACCEPT_LANGUAGE="th")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "ปีงบประมาณ 2568" in html
    assert 'data-kpi="REVENUE"' in html
    counts = answer.context["card"].counts
    assert counts == {"achieved": 0, "on_track": 1, "off_track": 1, "no_data": 2}
    chart = answer.context["charts"][
        str(by_code(answer.context["card"])["REVENUE"].plan_indicator.pk)
    ]
    assert chart["years"] == ["2566", "2567", "2568", "2569", "2570"]
    assert chart["actual"][1:3] == [105.0, 100.0]
    assert 'id="kpi-charts"' in html


def test_scorecard_page_reports_a_bad_year_and_shows_the_default(client, plan_kpis):
    answer = client.get("/data/scorecard/12/", {"year": "ปีหน้า"})
    assert answer.status_code == 200
    assert answer.context["problems"]
    assert "ปีหน้า" in answer.context["problems"][0]


def test_scorecard_page_404s(client, plan_kpis):
    assert client.get("/data/scorecard/13/").status_code == 404  # no plan
    assert client.get("/data/scorecard/99/").status_code == 404  # no area
    plan_kpis.status = EditionStatus.DRAFT
    plan_kpis.save()
    assert client.get("/data/scorecard/12/").status_code == 404  # a draft, for the public
