"""The checklist, the alignment matrix, edition comparison and target entry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from oneplan.plans import alignment, checklist, diff, editions, measures, tree
from oneplan.plans.choices import EditionStatus as S
from oneplan.plans.choices import ElementKind as K
from oneplan.plans.choices import PlanLevel
from oneplan.plans.models import Plan, PlanIndicator, Target
from oneplan.plans.tests import factories as f

pytestmark = pytest.mark.django_db

CHECKS = [
    "no_upward_link",
    "no_indicator",
    "indicator_no_agency",
    "indicator_no_target",
    "indicator_no_source",
    "indicator_outside_authority",
    "agency_no_action_plan",
]
ALL_YEARS = dict.fromkeys(range(f.FIRST_YEAR, f.LAST_YEAR + 1), "1")


def _framework(code="NS"):
    kind = f.plan_type(code, level=PlanLevel.NATIONAL, kinds=list(K), is_framework=True)
    return f.plan_edition("TH", kind=kind)


def _found(edition, code):
    check = next(c for c in checklist.checklist(edition) if c.code == code)
    return [(finding.element.name_th, finding.detail) for finding in check.findings]


@pytest.fixture
def edition(cast):
    return f.plan_edition("12")


def test_checklist_runs_seven_checks_in_order(edition):
    checks = checklist.checklist(edition)
    assert [c.code for c in checks] == CHECKS
    assert all(c.passed for c in checks)  # an empty edition has nothing to complain about


def test_no_upward_link(edition):
    issue = f.element(edition, K.ISSUE, "I")
    goal = f.element(edition, K.GOAL, "G", parent=issue)
    approach = f.element(edition, K.APPROACH, "A", parent=goal)
    f.element(edition, K.ISSUE, "I2")
    assert [name for name, _d in _found(edition, "no_upward_link")] == ["I", "G", "I2"]
    national = f.element(_framework(), K.STRATEGY, "S")
    f.link(approach, national)  # counts for everything it lies under
    assert [name for name, _d in _found(edition, "no_upward_link")] == ["I2"]
    f.link(edition.elements.get(name_th="I2"), national)
    assert _found(edition, "no_upward_link") == []


def test_no_upward_link_counts_a_link_from_above(edition):
    issue = f.element(edition, K.ISSUE, "I")
    f.element(edition, K.GOAL, "G", parent=issue)
    f.link(issue, f.element(_framework(), K.STRATEGY, "S"))
    assert _found(edition, "no_upward_link") == []


def test_frameworks_are_not_asked_for_upward_links(cast):
    framework = _framework()
    f.element(framework, K.STRATEGY, "S")
    f.element(framework, K.GOAL, "G")
    assert _found(framework, "no_upward_link") == []


def test_no_indicator(edition):
    issue = f.element(edition, K.ISSUE, "I")
    first = f.element(edition, K.APPROACH, "A1", parent=issue)
    f.element(edition, K.APPROACH, "A2", parent=issue)
    f.element(edition, K.GOAL, "G", parent=issue)  # goals are not asked for one
    assert [name for name, _d in _found(edition, "no_indicator")] == ["I", "A1", "A2"]
    f.plan_indicator(first)
    assert [name for name, _d in _found(edition, "no_indicator")] == ["A2"]
    f.plan_indicator(edition.elements.get(name_th="A2"), "IND-2")
    assert _found(edition, "no_indicator") == []


def test_indicator_with_no_agency(edition):
    pi = f.plan_indicator(f.element(edition, K.ISSUE, "I"), "KPI-9", data_source="x")
    assert _found(edition, "indicator_no_agency") == [("I", "KPI-9 KPI-9")]
    measures.set_responsible(pi, f.agency("PO-12"), [])
    assert _found(edition, "indicator_no_agency") == []


def test_missing_target_for_a_fiscal_year(edition):
    years = dict.fromkeys(range(f.FIRST_YEAR, f.LAST_YEAR), "5")  # all but 2027 (พ.ศ. 2570)
    pi = f.plan_indicator(f.element(edition, K.ISSUE, "I"), targets=years)
    f.plan_indicator(edition.elements.get(), "IND-2", targets=ALL_YEARS, target_area="1201")
    assert _found(edition, "indicator_no_target") == [
        ("I", "IND-1 IND-1: พ.ศ. 2570"),
        ("I", "IND-2 IND-2: พ.ศ. 2566, พ.ศ. 2567, พ.ศ. 2568, พ.ศ. 2569, พ.ศ. 2570"),
    ]
    Target.objects.create(plan_indicator=pi, area=edition.plan.area, fiscal_year=2027, value=1)
    assert [d for _n, d in _found(edition, "indicator_no_target")] == [
        "IND-2 IND-2: พ.ศ. 2566, พ.ศ. 2567, พ.ศ. 2568, พ.ศ. 2569, พ.ศ. 2570"
    ]


def test_no_data_source(edition):
    pi = f.plan_indicator(f.element(edition, K.ISSUE, "I"), data_source="   ")
    assert [name for name, _d in _found(edition, "indicator_no_source")] == ["I"]
    PlanIndicator.objects.filter(pk=pi.pk).update(data_source="สสช.")
    assert _found(edition, "indicator_no_source") == []


def test_outside_authority(edition):
    issue = f.element(edition, K.ISSUE, "I")
    pi = f.plan_indicator(issue, outside_authority=True)
    f.plan_indicator(issue, "IND-2")
    assert _found(edition, "indicator_outside_authority") == [("I", "IND-1 IND-1")]
    PlanIndicator.objects.filter(pk=pi.pk).update(outside_authority=False)
    assert _found(edition, "indicator_outside_authority") == []


def _action_plan(agency_code, target, *, is_action_plan=True, code="AP"):
    kind = f.plan_type(code, level=PlanLevel.PROVINCE, is_action_plan=is_action_plan)
    action = f.plan_edition("12", kind=kind, code=f"{code}-{Plan.objects.count()}")
    f.link(f.element(action, K.PROJECT, "โครงการ", agencies=[agency_code]), target)


def test_agency_with_no_supporting_action_plan_element(edition):
    issue = f.element(edition, K.ISSUE, "I", agencies=["PO-12"])
    f.plan_indicator(issue, lead="DOAE-12")
    check = "agency_no_action_plan"
    found = next(c for c in checklist.checklist(edition) if c.code == check).findings
    assert [(x.agency.code, x.element.name_th) for x in found] == [("DOAE-12", "I"), ("PO-12", "I")]
    _action_plan("PO-12", issue, is_action_plan=False, code="NOTAP")  # not an action plan
    _action_plan("DOAE-12", f.element(_framework(), K.ISSUE, "S"))  # links elsewhere
    assert [d for _n, d in _found(edition, check)] == [
        "สำนักงานเกษตรจังหวัดนนทบุรี",
        "สำนักงานจังหวัดนนทบุรี",
    ]
    _action_plan("PO-12", issue)
    assert [d for _n, d in _found(edition, check)] == ["สำนักงานเกษตรจังหวัดนนทบุรี"]
    _action_plan("DOAE-12", issue)
    assert _found(edition, check) == []


def test_matrix_direct_and_indirect(cast):
    framework = _framework()
    s1 = f.element(framework, K.STRATEGY, "S1")
    s1_goal = f.element(framework, K.GOAL, "S1.g", parent=s1)
    s2 = f.element(framework, K.STRATEGY, "S2")
    s3 = f.element(framework, K.STRATEGY, "S3")
    group_kind = f.plan_type("GDP", level=PlanLevel.PROVINCE_GROUP)
    f.province_group("GT12", "12")
    group = f.plan_edition("GT12", kind=group_kind)
    g1 = f.element(group, K.ISSUE, "G1")
    g1_approach = f.element(group, K.APPROACH, "G1.a", parent=g1)
    f.link(g1, s2)
    f.link(g1_approach, s3)  # under the group issue: does not count for what links to G1
    province = f.plan_edition("12")
    p1 = f.element(province, K.ISSUE, "P1")
    f.link(f.element(province, K.APPROACH, "P1.a", parent=p1), s1_goal)
    p2 = f.element(province, K.ISSUE, "P2")
    f.link(p2, g1)
    p3 = f.element(province, K.ISSUE, "P3")
    result = alignment.matrix(province, framework.plan)
    assert result.framework == framework
    assert [r.name_th for r in result.rows] == ["P1", "P2", "P3"]
    assert [c.name_th for c in result.columns] == ["S1", "S2", "S3"]
    cells = {(r.name_th, c.name_th): result.cell(r, c) for r in result.rows for c in result.columns}
    assert {k: v for k, v in cells.items() if v} == {
        ("P1", "S1"): alignment.Reach.DIRECT,
        ("P2", "S2"): alignment.Reach.INDIRECT,
    }
    assert result.unaligned_rows() == [p3]
    # A direct link wins over an indirect path to the same column.
    f.link(p2, s2)
    assert alignment.matrix(province, framework).cell(p2, s2) == alignment.Reach.DIRECT


def _review(cast):
    """An approved edition A, B (with B1), C, and its review where B is deleted, C renamed
    and D added."""
    old = f.plan_edition("12", status=S.APPROVED)
    a = f.element(old, K.ISSUE, "A")
    f.plan_indicator(a, targets={2024: "5"})
    b = f.element(old, K.ISSUE, "B")
    f.element(old, K.GOAL, "B1", parent=b)
    f.element(old, K.ISSUE, "C")
    new = editions.start_review(old.plan, cast.planner_nonthaburi, 2025)
    user = cast.planner_nonthaburi
    tree.delete_element(new.elements.get(name_th="B"), user)
    tree.change_element(new.elements.get(name_th="C"), user, name_th="C ใหม่")
    tree.add_element(new, user, kind=K.ISSUE, name_th="D")
    return old, new


def test_compare(cast):
    old, new = _review(cast)
    rows = diff.compare(old, new)
    names = [((r.new or r.old).element.name_th, r.change) for r in rows]
    assert names == [
        ("A", diff.Change.UNCHANGED),
        ("B", diff.Change.REMOVED),
        ("B1", diff.Change.REMOVED),
        ("C ใหม่", diff.Change.CHANGED),
        ("D", diff.Change.ADDED),
    ]
    assert rows[3].fields == ["number", "name_th"]
    assert (rows[3].old.element.number, rows[3].new.element.number) == ("3", "2")
    assert (rows[1].new, rows[4].old) == (None, None)
    assert diff.summary(rows) == {"added": 1, "removed": 2, "changed": 1, "unchanged": 1}


def test_compare_puts_a_removed_first_element_first(cast):
    old, new = _review(cast)
    tree.move_under(new.elements.get(name_th="D"), cast.planner_nonthaburi, None, position=1)
    tree.delete_element(new.elements.get(name_th="A"), cast.planner_nonthaburi)
    rows = diff.compare(old, new)
    assert [((r.new or r.old).element.name_th, r.change) for r in rows] == [
        ("A", diff.Change.REMOVED),
        ("B", diff.Change.REMOVED),
        ("B1", diff.Change.REMOVED),
        ("D", diff.Change.ADDED),
        ("C ใหม่", diff.Change.CHANGED),
    ]


def test_compare_sees_changed_targets_and_agencies(cast):
    old, new = _review(cast)
    Target.objects.filter(plan_indicator__element__edition=new).update(value=Decimal("6"))
    a = new.elements.get(name_th="A")
    rows = {(r.new or r.old).element.name_th: r for r in diff.compare(old, new)}
    assert (rows["A"].change, rows["A"].fields) == (diff.Change.CHANGED, ["indicators"])
    assert rows["A"].new.indicators[-1] == "IND-1 IND-1 · 12 พ.ศ. 2567 = 6"
    tree.change_element(a, cast.planner_nonthaburi, agencies=[f.agency("PO-12")])
    rows = {(r.new or r.old).element.name_th: r for r in diff.compare(old, new)}
    assert rows["A"].fields == ["agencies", "indicators"]
    assert {r.change for r in diff.compare(old, old)} == {diff.Change.UNCHANGED}
    assert len(diff.compare(old, old)) == 4


@pytest.fixture
def pi(edition):
    return f.plan_indicator(f.element(edition, K.ISSUE, "I"))


def test_save_targets_reports_every_problem_and_writes_nothing(cast, pi):
    values = {
        ("12", 2024): "5",  # fine, but not written because of the others
        ("XX", 2024): "1",  # unknown area
        ("5401", 2024): "1",  # outside the plan's area
        ("12", 2030): "1",  # outside the plan's years
        ("1201", 2025): "มาก",  # not a number
        ("1201", 2026): "1.23456",  # too many decimals
    }
    with pytest.raises(ValidationError) as caught:
        measures.save_targets(pi, cast.planner_nonthaburi, values)
    messages = caught.value.messages
    assert len(messages) == 5
    assert messages[0].startswith("XX พ.ศ. 2567")
    assert [m.split(":")[0] for m in messages[1:]] == [
        "5401 พ.ศ. 2567",
        "12 พ.ศ. 2573",
        "1201 พ.ศ. 2568",
        "1201 พ.ศ. 2569",
    ]
    assert not Target.objects.exists()


def test_save_targets_accepts_thai_digits_and_separators(cast, pi):
    values = {
        ("12", 2024): "๑,๒๓๔.๕",
        ("12", 2025): "12,500",
        ("1201", 2024): " ๗ ",
        ("12", 2026): 3,
    }
    assert measures.save_targets(pi, cast.planner_nonthaburi, values) == 4
    stored = {(t.area.code, t.fiscal_year): t.value for t in pi.targets.all()}
    assert stored == {
        ("12", 2024): Decimal("1234.5"),
        ("12", 2025): Decimal("12500"),
        ("1201", 2024): Decimal("7"),
        ("12", 2026): Decimal("3"),
    }
    assert measures.save_targets(pi, cast.planner_nonthaburi, {("12", 2025): "12500.0"}) == 0


@pytest.mark.parametrize("blank", ["", "  ", "-", None])
def test_save_targets_blank_removes(cast, pi, blank):
    measures.save_targets(pi, cast.planner_nonthaburi, {("12", 2024): "1", ("12", 2025): "2"})
    changed = measures.save_targets(
        pi, cast.planner_nonthaburi, {("12", 2024): blank, ("12", 2026): blank}
    )
    assert changed == 1
    assert [(t.fiscal_year, t.value) for t in pi.targets.all()] == [(2025, Decimal("2"))]


def test_save_targets_needs_a_planner_of_the_area(cast, pi):
    with pytest.raises(PermissionDenied):
        measures.save_targets(pi, cast.planner_phrae, {("12", 2024): "1"})
    assert not Target.objects.exists()


def test_save_targets_refuses_a_value_too_large_for_the_column(cast, pi):
    # numeric(20, 4) holds 16 digits before the point.
    with pytest.raises(ValidationError) as caught:
        measures.save_targets(pi, cast.planner_nonthaburi, {("12", 2024): "12345678901234567"})
    assert [m.split(":")[0] for m in caught.value.messages] == ["12 พ.ศ. 2567"]
    assert not Target.objects.exists()
    assert measures.save_targets(pi, cast.planner_nonthaburi, {("12", 2024): "๙,๙๙๙,๙๙๙.๙๙๙๙"}) == 1
    assert pi.targets.get().value == Decimal("9999999.9999")


@pytest.mark.parametrize(
    "typed",
    [
        "9999999999999999.5",  # fits the column's 16 integer digits, not a float's precision
        "1234567890123.4567",  # SQLite would give back 1234567890123.46
    ],
)
def test_save_targets_refuses_what_a_database_would_change(cast, pi, typed):
    with pytest.raises(ValidationError, match="15"):
        measures.save_targets(pi, cast.planner_nonthaburi, {("12", 2024): typed})
    assert not pi.targets.exists()


def test_save_targets_keeps_fifteen_digits_exactly(cast, pi):
    measures.save_targets(pi, cast.planner_nonthaburi, {("12", 2024): "12345678901.2345"})
    assert pi.targets.get().value == Decimal("12345678901.2345")
