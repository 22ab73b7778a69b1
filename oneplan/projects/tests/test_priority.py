"""A request's priority score: each part at its boundaries, the weights, the severity read
from the data, and scoring many requests in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period
from oneplan.orgs.models import Agency
from oneplan.plans.choices import ElementKind
from oneplan.plans.tests.factories import element, plan_edition, plan_indicator
from oneplan.projects.choices import DEFAULT_WEIGHTS, DocumentKind, Framework
from oneplan.projects.models import AlignmentTag, PriorityWeights, Project, ProjectDocument
from oneplan.projects.priority import (
    Priority,
    alignment_part,
    coverage_part,
    priorities,
    reach_part,
    readiness_part,
    severity_part,
    weights_for,
    with_priority_data,
)
from oneplan.projects.tests.factories import project, subdistrict
from oneplan.stats.models import Indicator, Observation
from oneplan.valuechains.models import Stage, SuccessFactor, ValueChain

# The parts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("serves_plan", "frameworks", "expected"),
    [
        (False, 0, 0.0),
        (True, 0, 0.5),
        (False, 1, 1 / 6),
        (False, 3, 0.5),
        (True, 2, 0.5 + 1 / 3),
        (True, 3, 1.0),
        (True, 7, 1.0),  # three or more count in full
    ],
)
def test_alignment_part(serves_plan, frameworks, expected):
    assert alignment_part(serves_plan, frameworks) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("estimate", "land", "design", "expected"),
    [
        (False, False, False, 0.0),
        (True, False, False, 1 / 3),
        (False, True, True, 2 / 3),
        (True, True, True, 1.0),
    ],
)
def test_readiness_part(estimate, land, design, expected):
    assert readiness_part(estimate, land, design) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("factor", "issue_with_chain", "expected"),
    [(True, False, 1.0), (True, True, 1.0), (False, True, 0.5), (False, False, 0.0)],
)
def test_coverage_part(factor, issue_with_chain, expected):
    assert coverage_part(factor, issue_with_chain) == expected


@pytest.mark.parametrize(
    ("beneficiaries", "locations", "expected"),
    [
        (None, 0, 0.0),
        (0, 0, 0.0),
        (100_000, 0, 0.5),  # the people half in full
        (None, 10, 0.5),  # the places half in full
        (100_000, 10, 1.0),
        (5_000_000, 25, 1.0),  # both capped
        (None, 5, 0.25),
        (9, 0, 0.5 / 5.000004342923104),  # log10(10) / log10(100,001)
        (99_999, 0, 0.5 * 0.99999913),
    ],
)
def test_reach_part(beneficiaries, locations, expected):
    assert reach_part(beneficiaries, locations) == pytest.approx(expected, abs=1e-7)


@pytest.mark.parametrize(
    ("gaps", "expected"),
    [([], 0.0), ([0.0], 0.0), ([0.1, 0.4, 0.25], 0.4), ([1.0], 1.0), ([0.2, 3.5], 1.0)],
)
def test_severity_part_is_the_worst_gap_capped_at_one(gaps, expected):
    assert severity_part(gaps) == expected


# The score -----------------------------------------------------------------------------------

PARTS = {"alignment": 0.5, "severity": 0.4, "readiness": 1 / 3, "coverage": 0.5, "reach": 0.75}


def test_the_score_is_the_weighted_mean_of_the_parts_times_100():
    priority = Priority(parts=PARTS, weights=dict(DEFAULT_WEIGHTS))
    # (3 × 0.5 + 3 × 0.4 + 2 × ⅓ + 1 × 0.5 + 1 × 0.75) / 10 × 100 = 46.17
    assert priority.score == 46.2
    assert priority.contributions() == {
        "alignment": 15.0,
        "severity": 12.0,
        "readiness": 6.7,
        "coverage": 5.0,
        "reach": 7.5,
    }
    assert sum(priority.contributions().values()) == pytest.approx(priority.score)


def test_full_parts_score_100_and_empty_parts_0():
    full = dict.fromkeys(PARTS, 1.0)
    assert Priority(parts=full, weights=dict(DEFAULT_WEIGHTS)).score == 100.0
    assert Priority(parts=dict.fromkeys(PARTS, 0.0), weights=dict(DEFAULT_WEIGHTS)).score == 0.0


def test_zero_weights_score_0():
    assert Priority(parts=PARTS, weights=dict.fromkeys(PARTS, 0.0)).score == 0.0


def test_only_the_weighted_parts_count():
    weights = dict.fromkeys(PARTS, 0.0) | {"severity": 2.0}
    priority = Priority(parts=PARTS, weights=weights)
    assert priority.score == 40.0
    assert priority.contributions()["severity"] == 40.0
    assert priority.contributions()["alignment"] == 0.0


def test_contributions_add_up_to_the_score_after_rounding():
    # Readiness ⅓ gives 6.667 points (shown 6.7) and severity 0.0152 gives 0.456 (shown 0.5):
    # the score is 7.1, the parts shown add up to 7.2.
    parts = dict.fromkeys(PARTS, 0.0) | {"readiness": 1 / 3, "severity": 0.0152}
    priority = Priority(parts=parts, weights=dict(DEFAULT_WEIGHTS))
    assert priority.score == 7.1
    assert round(sum(priority.contributions().values()), 1) == priority.score


# The weights ---------------------------------------------------------------------------------


@pytest.fixture
def committees(cast):
    return {
        "kbj": Agency.objects.get(code="KBJ-12"),
        "other": Agency.objects.create(code="KBJ-54", kind="committee", name_th="ก.บ.จ. แพร่"),
    }


def test_without_rows_the_built_in_weights_apply(committees):
    assert weights_for(committees["kbj"].pk) == DEFAULT_WEIGHTS
    assert weights_for(None) == DEFAULT_WEIGHTS


def test_the_default_row_beats_the_built_in_weights(committees):
    PriorityWeights.objects.create(committee=None, alignment=5, severity=1)
    expected = DEFAULT_WEIGHTS | {"alignment": 5.0, "severity": 1.0}
    assert weights_for(committees["kbj"].pk) == expected
    assert weights_for(None) == expected


def test_a_committee_s_row_beats_the_default_row(committees):
    PriorityWeights.objects.create(committee=None, alignment=5, severity=1)
    PriorityWeights.objects.create(committee=committees["kbj"], reach=4, coverage=0)
    assert weights_for(committees["kbj"].pk) == DEFAULT_WEIGHTS | {"reach": 4.0, "coverage": 0.0}
    assert weights_for(committees["other"].pk) == DEFAULT_WEIGHTS | {
        "alignment": 5.0,
        "severity": 1.0,
    }


def test_a_committee_s_row_applies_without_a_default_row(committees):
    PriorityWeights.objects.create(committee=committees["kbj"], reach=4)
    assert weights_for(committees["kbj"].pk) == DEFAULT_WEIGHTS | {"reach": 4.0}
    assert weights_for(committees["other"].pk) == DEFAULT_WEIGHTS


def test_priorities_use_the_committee_s_weights(committees):
    PriorityWeights.objects.create(
        committee=committees["kbj"], alignment=0, severity=0, readiness=1, coverage=0, reach=0
    )
    p = project(land_ready=True)
    [scored] = priorities(
        with_priority_data(Project.objects.filter(pk=p.pk)), committees["kbj"].pk
    ).values()
    assert scored.score == pytest.approx(33.3)


# Parts read from a request's data ----------------------------------------------------------


def observe(code: str, period: str, value: float, area: str = "12") -> None:
    Observation.objects.create(
        indicator=Indicator.objects.get(code=code),
        area=Area.objects.get(code=area),
        period=period,
        start=Period.parse(period).start,
        value=value,
    )


@pytest.fixture
def plan12(cast):
    """Nonthaburi's plan: an issue with a value chain and a goal without one."""
    edition = plan_edition("12")
    issue = element(edition, ElementKind.ISSUE, "เกษตรมูลค่าสูง")
    goal = element(edition, ElementKind.GOAL, "รายได้เกษตรกรเพิ่มขึ้น", parent=issue)
    chain = ValueChain.objects.create(
        code="durian-12", name_th="ทุเรียนนนท์", area=cast.nonthaburi, element=issue
    )
    stage = Stage.objects.create(chain=chain, position=1, name_th="ต้นน้ำ")
    factor = SuccessFactor.objects.create(stage=stage, position=1, name_th="พันธุ์ดี")
    return {"edition": edition, "issue": issue, "goal": goal, "factor": factor}


def score_of(p: Project, committee_id: int | None = None) -> Priority:
    return priorities(with_priority_data(Project.objects.filter(pk=p.pk)), committee_id)[p.pk]


def test_severity_is_the_shortfall_to_the_target_over_the_target(plan12):
    pi = plan_indicator(plan12["goal"], "FARM-INCOME", targets={2026: 100})
    observe("FARM-INCOME", "FY2026", 60)
    p = project()
    p.addresses.add(pi)
    assert score_of(p).parts["severity"] == pytest.approx(0.4)


def test_severity_takes_the_latest_year_with_a_target_and_a_value(plan12):
    pi = plan_indicator(plan12["goal"], "FARM-INCOME", targets={2024: 100, 2025: 100, 2026: 100})
    observe("FARM-INCOME", "FY2024", 20)  # older, worse: not used
    observe("FARM-INCOME", "FY2025", 90)
    p = project()
    p.addresses.add(pi)
    assert score_of(p).parts["severity"] == pytest.approx(0.1)


def test_severity_of_a_lower_is_better_indicator(plan12):
    pi = plan_indicator(plan12["goal"], "POVERTY", targets={2026: 10})
    Indicator.objects.filter(code="POVERTY").update(direction="lower")
    observe("POVERTY", "2026", 12)  # a calendar-year value stands in for the fiscal year
    p = project()
    p.addresses.add(pi)
    assert score_of(p).parts["severity"] == pytest.approx(0.2)


def test_severity_is_the_worst_indicator_and_at_most_one(plan12):
    met = plan_indicator(plan12["goal"], "MET", targets={2026: 50})
    far = plan_indicator(plan12["goal"], "FAR", targets={2026: 10})
    Indicator.objects.filter(code="FAR").update(direction="lower")
    observe("MET", "FY2026", 55)
    observe("FAR", "FY2026", 40)  # 30 over a target of 10
    p = project()
    p.addresses.add(met, far)
    assert score_of(p).parts["severity"] == 1.0


def test_severity_ignores_targets_and_values_of_other_areas(plan12):
    pi = plan_indicator(plan12["goal"], "FARM-INCOME", targets={2026: 100}, target_area="54")
    observe("FARM-INCOME", "FY2026", 60)
    p = project()
    p.addresses.add(pi)
    assert score_of(p).parts["severity"] == 0.0


def test_severity_without_values_is_zero(plan12):
    pi = plan_indicator(plan12["goal"], "FARM-INCOME", targets={2026: 100})
    observe("FARM-INCOME", "FY2026", 60, area="54")
    p = project()
    p.addresses.add(pi)
    assert score_of(p).parts["severity"] == 0.0


def test_a_ready_well_aligned_request_scores_its_parts(plan12):
    pi = plan_indicator(plan12["goal"], "FARM-INCOME", targets={2026: 100})
    observe("FARM-INCOME", "FY2026", 60)
    places = [subdistrict(f"1201{i:02d}", f"ตำบล {i}") for i in range(1, 11)]
    p = project(
        serves=(plan12["goal"],),
        locations=tuple(places),
        factor=plan12["factor"],
        beneficiaries=100_000,
        land_ready=True,
        design_ready=True,
    )
    p.addresses.add(pi)
    for framework, code in [
        (Framework.SDG, "2.3"),
        (Framework.SDG, "2.4"),  # a second SDG target is the same framework
        (Framework.MASTER_PLAN, "3"),
        (Framework.NATIONAL_STRATEGY, "2"),
    ]:
        AlignmentTag.objects.create(project=p, framework=framework, code=code)
    ProjectDocument.objects.create(project=p, kind=DocumentKind.ESTIMATE, title="ปร.4")

    priority = score_of(p)

    assert priority.parts == pytest.approx(
        {"alignment": 1.0, "severity": 0.4, "readiness": 1.0, "coverage": 1.0, "reach": 1.0}
    )
    assert priority.score == 82.0  # (3 + 3 × 0.4 + 2 + 1 + 1) / 10 × 100


def test_a_bare_request_scores_its_parts(plan12):
    p = project(locations=())
    ProjectDocument.objects.create(project=p, kind=DocumentKind.DESIGN, title="แบบ")
    AlignmentTag.objects.create(project=p, framework=Framework.SDG, code="2.3")
    AlignmentTag.objects.create(project=p, framework=Framework.SDG, code="2.4")
    priority = score_of(p)
    assert priority.parts == pytest.approx(
        {"alignment": 1 / 6, "severity": 0.0, "readiness": 0.0, "coverage": 0.0, "reach": 0.0}
    )
    assert priority.score == 5.0


def test_serving_an_issue_with_a_value_chain_covers_half(plan12):
    p = project(serves=(plan12["issue"],))
    assert score_of(p).parts["coverage"] == 0.5
    assert score_of(p).parts["alignment"] == 0.5


def test_serving_another_area_s_plan_is_not_alignment(plan12):
    phrae = element(plan_edition("54"), ElementKind.ISSUE, "ประเด็นแพร่")
    p = project(serves=(phrae,))
    assert score_of(p).parts["alignment"] == 0.0


# Queries ---------------------------------------------------------------------------------------


def scored_requests(plan12, count: int) -> list[int]:
    pi = plan_indicator(plan12["goal"], f"KPI-{count}", targets={2026: 100})
    observe(f"KPI-{count}", "FY2026", 60)
    pks = []
    for i in range(count):
        p = project(f"โครงการ {count}-{i}", serves=(plan12["issue"],), beneficiaries=100 * i)
        p.addresses.add(pi)
        AlignmentTag.objects.create(project=p, framework=Framework.SDG, code="2.3")
        ProjectDocument.objects.create(project=p, kind=DocumentKind.ESTIMATE, title="ปร.4")
        pks.append(p.pk)
    return pks


def queries_to_score(pks: list[int]) -> tuple[int, dict[int, Priority]]:
    with CaptureQueriesContext(connection) as queries:
        scored = priorities(with_priority_data(Project.objects.filter(pk__in=pks)))
    return len(queries), scored


def test_scoring_takes_the_same_queries_for_one_request_and_for_ten(plan12):
    one, scored_one = queries_to_score(scored_requests(plan12, 1))
    ten, scored_ten = queries_to_score(scored_requests(plan12, 10))
    assert len(scored_one) == 1
    assert len(scored_ten) == 10
    assert [p.parts["severity"] for p in scored_ten.values()] == [pytest.approx(0.4)] * 10
    assert ten == one
