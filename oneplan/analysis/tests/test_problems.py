"""Problem ranking: the three parts at their boundaries, and a small plan of Nonthaburi whose
indicators are ranked worst first against targets, the trend and the group's average."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from oneplan.analysis import editing, problems
from oneplan.analysis.choices import AnalysisKind
from oneplan.analysis.problems import behind_part, gap_part, relative_slope, worsening_part
from oneplan.analysis.tests.factories import World, world
from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period
from oneplan.plans import models as plan_models
from oneplan.plans.choices import EditionStatus
from oneplan.plans.tests import factories as pf
from oneplan.stats.kpi.rules import Direction
from oneplan.stats.models import Indicator, Observation

HIGHER, LOWER, BAND = Direction.HIGHER, Direction.LOWER, Direction.BAND
TODAY = date(2026, 1, 15)  # fiscal year 2026 is open; 2025 has ended


# --- the parts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "target", "value", "part"),
    [
        (HIGHER, 100, 100, 0.0),  # met exactly
        (HIGHER, 100, 120, 0.0),  # beaten
        (HIGHER, 100, 90, 0.1),
        (HIGHER, 100, 0, 1.0),
        (HIGHER, 100, -50, 1.0),  # at most 1
        (HIGHER, -10, -12, 0.2),  # a share of the target's size
        (LOWER, 10, 8, 0.0),
        (LOWER, 10, 12, 0.2),
        (LOWER, 10, 30, 1.0),
        (BAND, 50, 45, 0.1),  # either side of a band counts
        (BAND, 50, 55, 0.1),
        (BAND, 50, 50, 0.0),
        (HIGHER, 0, 0, 0.0),  # a target of 0: met or not
        (HIGHER, 0, -0.001, 1.0),
        (LOWER, 0, 0.5, 1.0),
        (LOWER, 0, -3, 0.0),
        (HIGHER, None, 5, None),
        (HIGHER, 5, None, None),
    ],
)
def test_gap_part(direction, target, value, part):
    got = gap_part(direction, target, value)
    assert got == (pytest.approx(part) if part is not None else None)


@pytest.mark.parametrize(
    ("direction", "value", "average", "part"),
    [
        (HIGHER, 100, 100, 0.0),
        (HIGHER, 90, 100, 0.1),
        (HIGHER, 110, 100, 0.0),  # ahead is not behind
        (HIGHER, -200, 100, 1.0),  # at most 1
        (LOWER, 110, 100, 0.1),
        (LOWER, 90, 100, 0.0),
        (LOWER, 300, 100, 1.0),
        (HIGHER, -8, -10, 0.0),  # -8 is above -10: ahead
        (HIGHER, -12, -10, 0.2),  # a share of the average's size
        (HIGHER, -1, 0, 1.0),  # an average of 0: behind or not
        (HIGHER, 0, 0, 0.0),
        (LOWER, 1, 0, 1.0),
        (BAND, 12, 10, None),  # not judged for a band
        (HIGHER, None, 10, None),
        (HIGHER, 10, None, None),
    ],
)
def test_behind_part(direction, value, average, part):
    got = behind_part(direction, value, average)
    assert got == (pytest.approx(part) if part is not None else None)


@pytest.mark.parametrize(
    ("values", "slope"),
    [
        ([], None),
        ([5], None),  # under two values
        ([1, 2], 1 / 1.5),
        ([2, 1], -1 / 1.5),
        ([100, 110, 120, 130], 10 / 115),
        ([100, 100, 100], 0.0),
        ([95, 90, 80], -7.5 / (265 / 3)),  # ((-1)(95 - m) + (1)(80 - m)) / 2 = -7.5
        ([0, 0], None),  # a mean of 0
        ([3, -3], None),
        ([-10, -20], -10 / 15),  # a share of the mean's size: still falling
    ],
)
def test_relative_slope(values, slope):
    got = relative_slope(values)
    assert got == (pytest.approx(slope) if slope is not None else None)


@pytest.mark.parametrize(
    ("direction", "change", "part"),
    [
        (HIGHER, 0.0, 0.0),
        (HIGHER, 0.05, 0.0),  # improving
        (HIGHER, -0.05, 0.5),
        (HIGHER, -0.10, 1.0),  # 10 % a year is the full part
        (HIGHER, -0.25, 1.0),
        (LOWER, 0.05, 0.5),
        (LOWER, 0.10, 1.0),
        (LOWER, -0.05, 0.0),
        (BAND, -0.5, None),
        (HIGHER, None, None),
    ],
)
def test_worsening_part(direction, change, part):
    got = worsening_part(direction, change)
    assert got == (pytest.approx(part) if part is not None else None)


# --- ranking a plan -----------------------------------------------------------------------


def observe(code: str, area: Area, period: str, value: float) -> None:
    Observation.objects.create(
        indicator=Indicator.objects.get(code=code),
        area=area,
        period=period,
        start=Period.parse(period).start,
        value=value,
    )


@pytest.fixture
def plan(db) -> tuple[World, plan_models.PlanEdition]:
    """A published Nonthaburi plan 2023-2027 with five KPIs under one goal, each with a target
    for fiscal 2025, and values for Nonthaburi and two provinces of its group."""
    w = world()
    edition = pf.plan_edition("12", status=EditionStatus.PUBLISHED)
    issue = pf.element(edition, "issue", "ประเด็นการพัฒนาที่ 1")
    goal = pf.element(edition, "goal", "เป้าประสงค์", parent=issue)
    pf.plan_indicator(goal, "INCOME", targets={2024: 100, 2025: 100})
    pf.plan_indicator(goal, "WASTE", targets={2025: 50})
    pf.plan_indicator(goal, "QUALITY", targets={2025: 10})
    pf.plan_indicator(goal, "SCHOOL", targets={2025: 90})
    pf.plan_indicator(goal, "NODATA", targets={2025: 5})
    Indicator.objects.filter(code="WASTE").update(direction="lower")
    Indicator.objects.filter(code="QUALITY").update(direction="band")
    nonthaburi = w["12"]
    for year, value in ((2023, 95), (2024, 90), (2025, 80)):
        observe("INCOME", nonthaburi, f"FY{year}", value)
    for year, value in ((2023, 40), (2024, 45), (2025, 50)):
        observe("WASTE", nonthaburi, f"FY{year}", value)
    observe("QUALITY", nonthaburi, "FY2025", 12)
    observe("SCHOOL", nonthaburi, "2025", 95)  # a calendar year stands in for the fiscal one
    observe("INCOME", w["13"], "FY2025", 120)
    observe("INCOME", w["14"], "FY2025", 100)
    observe("WASTE", w["13"], "FY2025", 50)
    return w, edition


def ranked(w: World, fiscal_year: int = 2025, **kw) -> problems.Ranking:
    return problems.rank(w["12"], fiscal_year, AnonymousUser(), today=TODAY, **kw)


def test_the_worst_come_first_by_hand(plan):
    """Weights 50 / 25 / 25. By hand, fiscal 2025:

    * INCOME (higher): 80 against 100 -> gap 0.2; group average (80 + 120 + 100) / 3 = 100 ->
      behind 0.2; 95, 90, 80 falls 7.5 a year on a mean of 88.3 -> 8.5 % -> worsening 0.849;
      score 10 + 5 + 21.2 = 36.2;
    * WASTE (lower): 50 against 50 -> 0; average of 50 and 50 -> 0; rises 5 a year on 45 ->
      11 % -> 1; score 25;
    * QUALITY (band): 12 against 10 -> 0.2; the rest not judged; score 10;
    * SCHOOL: 95 against 90, one value, no peers' values: 0; NODATA: nothing: 0.
    """
    w, edition = plan
    ranking = ranked(w)
    assert ranking.edition == edition
    assert ranking.fiscal_year == 2025
    rows = [(p.row.indicator.code, p.scored.score, p.scored.rank) for p in ranking.problems]
    assert rows == [
        ("INCOME", 36.2, 1),
        ("WASTE", 25.0, 2),
        ("QUALITY", 10.0, 3),
        ("SCHOOL", 0.0, 4),  # ties share the better rank, in the plan's order
        ("NODATA", 0.0, 4),
    ]
    income = ranking.problems[0]
    assert (income.year, income.value, income.target) == (2025, 80, 100)
    assert income.peer_average == pytest.approx(100)
    assert income.change == pytest.approx(-7.5 / (265 / 3))
    assert income.parts == {
        "gap": pytest.approx(0.2),
        "behind": pytest.approx(0.2),
        "worsening": pytest.approx(7.5 / (265 / 3) / 0.10),
    }
    assert income.scored.contributions == {"gap": 10.0, "behind": 5.0, "worsening": 21.2}
    waste = ranking.problems[1]
    assert waste.parts == {"gap": 0.0, "behind": 0.0, "worsening": 1.0}
    quality = ranking.problems[2]
    assert quality.parts == {"gap": pytest.approx(0.2), "behind": None, "worsening": None}
    assert quality.scored.missing == ["behind", "worsening"]
    school = ranking.problems[3]
    assert (school.value, school.peer_average, school.change) == (95, None, None)
    assert school.parts == {"gap": 0.0, "behind": None, "worsening": None}
    nodata = ranking.problems[4]
    assert nodata.value is None
    assert nodata.scored.missing == ["gap", "behind", "worsening"]
    for p in ranking.problems:
        assert round(sum(p.scored.contributions.values()), 1) == p.scored.score


def test_the_peers_are_the_provinces_of_the_group(plan):
    w, _edition = plan
    ranking = ranked(w)
    assert ranking.peers_of == w.group
    assert [a.code for a in ranking.peers] == ["12", "13", "14", "19"]
    container, members = problems.peers(w["12"])
    assert container == w.group
    assert members == ranking.peers


def test_a_peers_average_needs_two_values_and_follows_typed_values(plan):
    w, _edition = plan
    observe("SCHOOL", w["19"], "FY2025", 75)
    school = next(p for p in ranked(w).problems if p.row.indicator.code == "SCHOOL")
    assert school.peer_average == pytest.approx((95 + 75) / 2)
    assert school.parts["behind"] == 0.0  # 95 is above 85
    observe("SCHOOL", w["13"], "FY2025", 185)
    school = next(p for p in ranked(w).problems if p.row.indicator.code == "SCHOOL")
    assert school.peer_average == pytest.approx((95 + 185 + 75) / 3)
    assert school.parts["behind"] == pytest.approx((355 / 3 - 95) / (355 / 3))


def test_a_group_is_compared_with_the_groups_of_its_region(plan):
    w, _edition = plan
    container, members = problems.peers(w.group)
    assert container == w.region
    assert w.group in members
    assert all(m.level == "province_group" for m in members)


def test_weights_change_the_order(plan):
    w, _edition = plan
    ranking = ranked(w, weights={"gap": 100, "behind": 0, "worsening": 0})
    assert [(p.row.indicator.code, p.scored.score) for p in ranking.problems[:3]] == [
        ("INCOME", 20.0),
        ("QUALITY", 20.0),
        ("WASTE", 0.0),
    ]


def test_nothing_to_rank_without_a_plan_the_user_may_see(plan):
    w, edition = plan
    edition.status = EditionStatus.DRAFT
    edition.save()
    ranking = ranked(w)  # the public sees no draft
    assert ranking.edition is None
    assert ranking.problems == []
    assert problems.rank(w["13"], 2025, AnonymousUser(), today=TODAY).problems == []


def test_a_saved_ranking_keeps_the_result_and_ranks_again_with_new_weights(plan, cast):
    w, _edition = plan
    analysis = editing.save_problems(w["12"], 2025, cast.planner_nonthaburi)
    assert analysis.kind == AnalysisKind.PROBLEMS
    assert "2568" in analysis.name_th
    result = analysis.result
    assert (result["fiscal_year"], result["peers_of"]) == (2025, "G10")
    assert [(r["indicator"], r["score"]) for r in result["ranking"][:3]] == [
        ("INCOME", 36.2),
        ("WASTE", 25.0),
        ("QUALITY", 10.0),
    ]
    assert result["ranking"][0]["peer_average"] == 100
    gap = analysis.criteria.get(key="gap")
    editing.update_problems(
        analysis, {"criteria": {str(gap.pk): {"weight": 0}}}, cast.planner_nonthaburi
    )
    analysis.refresh_from_db()
    assert analysis.result["weights"] == {"gap": 0.0, "behind": 25.0, "worsening": 25.0}
    first = analysis.result["ranking"][0]
    # INCOME: (0.2 x 25 + 0.849 x 25) / 50 -> 52.5; WASTE: 25 / 50 -> 50.
    assert (first["indicator"], first["score"]) == ("INCOME", 52.5)


def test_the_trend_of_an_earlier_year_does_not_use_later_values(plan):
    """the trend takes every closed year of
    the plan, also those after the fiscal year judged. Ranking fiscal 2024 (INCOME 90 against
    100) must not look at 2025's value of 80: the trend over 95, 90 falls 5 on a mean of 92.5,
    not 7.5 on 88.3 as it would with 2025 in."""
    w, _edition = plan
    income = next(p for p in ranked(w, 2024).problems if p.row.indicator.code == "INCOME")
    assert (income.year, income.value) == (2024, 90)  # the gap is 2024's
    assert income.change == pytest.approx(-5 / 92.5)
