"""The annual project list: which requests it holds, their order, the ceiling split, and the
committee's reorders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from oneplan.projects.choices import FundingSource
from oneplan.projects.models import Project, RankChange
from oneplan.projects.projectlist import build, dragged, reorder
from oneplan.projects.tests.factories import YEAR, fund, project, project_list

pytestmark = pytest.mark.django_db

REASON = "มติ ก.บ.จ. ครั้งที่ 3/2568 ให้เลื่อนโครงการน้ำขึ้นก่อน"


def codes(view) -> list[str]:
    return [e.project.code for e in view.entries]


def listed(state: str = "submitted", amount: float = 1_000_000, **kw) -> Project:
    return project(kw.pop("title", f"โครงการ {state} {amount}"), state=state, amount=amount, **kw)


# What is listed ----------------------------------------------------------------------------


def test_drafts_and_declined_requests_are_not_listed(cast):
    shown = {
        state: listed(state)
        for state in ("submitted", "screened", "approved", "sent", "funded", "reconsidered")
    }
    listed("draft")
    listed("declined")
    view = build(project_list())
    assert sorted(e.project.state for e in view.entries) == sorted(shown)


def test_only_lines_of_the_list_s_budget_and_year_count(cast):
    mixed = listed(amount=1_000_000, title="ผสมหลายแหล่ง")
    fund(mixed, 5_000_000, source=FundingSource.DEPARTMENT, budget_holder="DOAE")
    fund(mixed, 700_000, year=YEAR + 1)  # the project's second year
    fund(mixed, 300_000)  # a second line from the province's budget this year
    listed(amount=2_000_000, source=FundingSource.DEPARTMENT, budget_holder="DOAE")
    listed(amount=400_000, year=YEAR + 1, title="ปีหน้า")
    listed(amount=400_000, area_code="54", locations=(), title="แพร่")

    view = build(project_list())

    assert codes(view) == [mixed.code]
    assert view.entries[0].amount == Decimal("1300000")
    assert view.total == Decimal("1300000")


def test_a_list_of_another_budget_counts_that_budget_s_lines(cast):
    mixed = listed(amount=1_000_000)
    fund(mixed, 5_000_000, source=FundingSource.DEPARTMENT, budget_holder="DOAE")
    listed(amount=2_000_000)
    view = build(project_list(source=FundingSource.DEPARTMENT))
    assert codes(view) == [mixed.code]
    assert view.total == Decimal("5000000")


def test_an_empty_list(cast):
    view = build(project_list())
    assert (view.entries, view.total, view.within_total) == ([], Decimal(0), Decimal(0))


# The order ------------------------------------------------------------------------------------


def test_hand_placed_first_then_by_score_then_by_code(cast):
    low_first = listed(title="คะแนนต่ำ สร้างก่อน")
    ready = listed(title="พร้อมทุกด้าน", land_ready=True, design_ready=True)
    half = listed(title="มีที่ดิน", land_ready=True)
    placed_second = listed(title="ลำดับ 2", rank=2)
    low_second = listed(title="คะแนนต่ำ สร้างทีหลัง")
    placed_first = listed(title="ลำดับ 1", rank=1, land_ready=True)

    view = build(project_list())

    assert codes(view) == [
        placed_first.code,
        placed_second.code,
        ready.code,
        half.code,
        low_first.code,
        low_second.code,
    ]
    assert [e.position for e in view.entries] == [1, 2, 3, 4, 5, 6]
    assert [e.placed_by_hand for e in view.entries] == [True, True, False, False, False, False]
    # readiness ⅓ or ⅔ of 20 points, plus 0.5 for one location of ten
    assert [e.priority.score for e in view.entries] == [7.2, 0.5, 13.8, 7.2, 0.5, 0.5]


# The ceiling -----------------------------------------------------------------------------------


def test_once_the_ceiling_is_crossed_the_rest_is_over_even_if_small(cast):
    big = listed(amount=2_000_000, rank=1)
    crossing = listed(amount=1_000_000, rank=2)
    small = listed(amount=300_000, rank=3)  # would fit in what is left, but comes after

    view = build(project_list(ceiling=2_500_000))

    assert codes(view) == [big.code, crossing.code, small.code]
    assert [e.within_ceiling for e in view.entries] == [True, False, False]
    assert [e.running_total for e in view.entries] == [
        Decimal("2000000"),
        Decimal("3000000"),
        Decimal("3300000"),
    ]
    assert [e.project.code for e in view.within] == [big.code]
    assert [e.project.code for e in view.over] == [crossing.code, small.code]
    assert view.total == Decimal("3300000")
    assert view.within_total == Decimal("2000000")


def test_reaching_the_ceiling_exactly_is_within(cast):
    listed(amount=2_000_000, rank=1)
    listed(amount=500_000, rank=2)
    listed(amount=0.01, rank=3)
    view = build(project_list(ceiling=2_500_000))
    assert [e.within_ceiling for e in view.entries] == [True, True, False]
    assert view.within_total == Decimal("2500000")


# Reordering -------------------------------------------------------------------------------------


@pytest.fixture
def four(cast):
    """Four listed requests placed 1 to 4, and their list."""
    projects = [listed(title=f"โครงการ {i}", rank=i) for i in range(1, 5)]
    return {"list": project_list(), "codes": [p.code for p in projects]}


def ranks() -> dict[str, int | None]:
    return dict(Project.objects.values_list("code", "rank"))


def test_reversing_records_only_the_dragged_projects(cast, four):
    a, b, c, d = four["codes"]

    moves = reorder(four["list"], cast.planner_nonthaburi, [d, c, b, a], f" {REASON} ")

    # Keeping one in place and dragging the other three is the smallest set of moves.
    recorded = list(
        RankChange.objects.order_by("to_rank").values_list(
            "project__code", "from_rank", "to_rank", "reason", "user__username"
        )
    )
    assert recorded == [
        (d, 4, 1, REASON, "planner_nonthaburi"),
        (c, 3, 2, REASON, "planner_nonthaburi"),
        (b, 2, 3, REASON, "planner_nonthaburi"),
    ]
    assert len(moves) == 3
    assert ranks() == {d: 1, c: 2, b: 3, a: 4}
    assert codes(build(four["list"])) == [d, c, b, a]


def test_moving_one_project_records_one_move(cast, four):
    a, b, c, d = four["codes"]
    reorder(four["list"], cast.committee_member, [a, d, b, c], REASON)
    assert list(RankChange.objects.values_list("project__code", "from_rank", "to_rank")) == [
        (d, 4, 2)
    ]
    assert ranks() == {a: 1, d: 2, b: 3, c: 4}


def test_reordering_scored_projects_saves_ranks_one_to_n(cast):
    scored = [
        listed(title="พร้อม", land_ready=True, design_ready=True),
        listed(title="ครึ่ง", land_ready=True),
        listed(title="ยังไม่พร้อม"),
    ]
    the_list = project_list()
    first, second, third = (p.code for p in scored)
    assert codes(build(the_list)) == [first, second, third]

    reorder(the_list, cast.planner_nonthaburi, [third, first, second], REASON)

    assert ranks() == {third: 1, first: 2, second: 3}
    assert list(RankChange.objects.values_list("project__code", "from_rank", "to_rank")) == [
        (third, 3, 1)
    ]


def test_keeping_the_order_records_nothing_but_places_every_project(cast):
    scored = [listed(title="พร้อม", land_ready=True), listed(title="ยังไม่พร้อม")]
    the_list = project_list()
    order = [p.code for p in scored]
    assert reorder(the_list, cast.planner_nonthaburi, order, REASON) == []
    assert not RankChange.objects.exists()
    assert ranks() == {order[0]: 1, order[1]: 2}


def test_reordering_needs_a_reason(cast, four):
    with pytest.raises(ValidationError) as caught:
        reorder(four["list"], cast.planner_nonthaburi, list(reversed(four["codes"])), "  ")
    assert list(caught.value.message_dict) == ["reason"]
    assert ranks() == dict(zip(four["codes"], [1, 2, 3, 4], strict=True))
    assert not RankChange.objects.exists()


def test_a_bad_order_reports_every_problem_at_once_and_changes_nothing(cast, four):
    a, b, c, d = four["codes"]
    with pytest.raises(ValidationError) as caught:
        reorder(four["list"], cast.planner_nonthaburi, [d, d, "P2569-12-9999", a], "")
    problems = caught.value.message_dict
    assert set(problems) == {"reason", "order"}
    unknown, missing, twice = problems["order"]
    assert "P2569-12-9999" in unknown
    assert [code in missing for code in (a, b, c, d)] == [False, True, True, False]
    assert not any(code in twice for code in (a, b, c, d))  # "a project appears twice"
    assert ranks() == {a: 1, b: 2, c: 3, d: 4}
    assert not RankChange.objects.exists()


def test_a_project_of_another_list_is_unknown(cast, four):
    phrae = listed(area_code="54", locations=(), title="แพร่")
    a, b, c, d = four["codes"]
    with pytest.raises(ValidationError) as caught:
        reorder(four["list"], cast.planner_nonthaburi, [a, b, c, d, phrae.code], REASON)
    problems = caught.value.message_dict
    assert list(problems) == ["order"]
    [unknown] = problems["order"]
    assert phrae.code in unknown


@pytest.mark.parametrize("name", ["planner_phrae", "viewer", "statistician", "reviewer"])
def test_only_the_area_s_planners_and_committee_reorder(cast, four, name):
    with pytest.raises(PermissionDenied):
        reorder(four["list"], getattr(cast, name), list(reversed(four["codes"])), REASON)
    assert ranks() == dict(zip(four["codes"], [1, 2, 3, 4], strict=True))
    assert not RankChange.objects.exists()


# Which projects were dragged -----------------------------------------------------------------

BEFORE = {code: i for i, code in enumerate("abcde", start=1)}


@pytest.mark.parametrize(
    ("order", "moved"),
    [
        ("abcde", set()),
        ("aebcd", {"e"}),  # the fifth dragged up to second: only it moved
        ("acdeb", {"b"}),  # the second dragged to the end
        ("eabcd", {"e"}),
        ("bcdea", {"a"}),
        ("adbce", {"d"}),
        ("cdeab", {"a", "b"}),  # two dragged to the end, not three to the front
    ],
)
def test_dragged_is_all_but_the_longest_run_in_the_old_order(order, moved):
    assert dragged(list(order), BEFORE) == moved


@pytest.mark.parametrize(
    ("order", "count"),
    [
        ("bacde", 1),  # a swap of neighbours is one drag, of either
        ("edcba", 4),  # a reversal keeps one
        ("baedc", 3),  # the longest run still in order is two long
    ],
)
def test_dragged_keeps_a_longest_run_when_several_are_as_long(order, count):
    moved = dragged(list(order), BEFORE)
    kept = [BEFORE[c] for c in order if c not in moved]
    assert len(moved) == count
    assert kept == sorted(kept)


def test_dragged_of_nothing_is_nothing():
    assert dragged([], {}) == set()
