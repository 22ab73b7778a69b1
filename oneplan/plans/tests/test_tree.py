"""Editing an edition's element tree: numbers always follow the tree."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from oneplan.plans import tree
from oneplan.plans.choices import ElementKind as K
from oneplan.plans.models import PlanElement
from oneplan.plans.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(cast):
    return f.plan_edition("12")


@pytest.fixture
def three(edition, cast):
    """Issues A, B, C at the top; A has goals A1, A2."""
    user = cast.planner_nonthaburi
    a = tree.add_element(edition, user, kind=K.ISSUE, name_th="A")
    b = tree.add_element(edition, user, kind=K.ISSUE, name_th="B")
    c = tree.add_element(edition, user, kind=K.ISSUE, name_th="C")
    tree.add_element(edition, user, kind=K.GOAL, name_th="A1", parent=a)
    tree.add_element(edition, user, kind=K.GOAL, name_th="A2", parent=a)
    return {"A": a, "B": b, "C": c}


def _get(edition, name):
    return edition.elements.get(name_th=name)


def test_add_numbers_follow_the_tree(edition, three):
    assert f.shape(edition) == [
        (0, "1", "A"),
        (1, "1.1", "A1"),
        (1, "1.2", "A2"),
        (0, "2", "B"),
        (0, "3", "C"),
    ]


def test_add_strips_names_and_sets_agencies(edition, cast):
    element = tree.add_element(
        edition,
        cast.planner_nonthaburi,
        kind=K.ISSUE,
        name_th="  ประเด็น  ",
        name_en=" Issue ",
        agencies=[f.agency("PO-12")],
    )
    assert (element.name_th, element.name_en, element.number) == ("ประเด็น", "Issue", "1")
    assert [a.code for a in element.agencies.all()] == ["PO-12"]
    assert element.history.first().history_user == cast.planner_nonthaburi


def test_vision_unnumbered_and_its_children_count_on_at_its_level(edition, cast):
    user = cast.planner_nonthaburi
    vision = tree.add_element(edition, user, kind=K.VISION, name_th="V")
    tree.add_element(edition, user, kind=K.ISSUE, name_th="I1", parent=vision)
    i2 = tree.add_element(edition, user, kind=K.ISSUE, name_th="I2", parent=vision)
    tree.add_element(edition, user, kind=K.GOAL, name_th="G", parent=i2)
    tree.add_element(edition, user, kind=K.ISSUE, name_th="I3")
    assert f.shape(edition) == [
        (0, "", "V"),
        (1, "1", "I1"),
        (1, "2", "I2"),
        (2, "2.1", "G"),
        (0, "3", "I3"),
    ]


@pytest.mark.parametrize("kind", [K.NEED, K.ACTIVITY, K.STRATEGY])
def test_kind_not_allowed_by_plan_type_refused_on_add(edition, cast, kind):
    with pytest.raises(ValidationError) as caught:
        tree.add_element(edition, cast.planner_nonthaburi, kind=kind, name_th="X")
    assert "kind" in caught.value.message_dict
    assert not edition.elements.exists()


def test_kind_not_allowed_refused_on_change(edition, three, cast):
    with pytest.raises(ValidationError) as caught:
        tree.change_element(three["B"], cast.planner_nonthaburi, kind=K.NEED)
    assert "kind" in caught.value.message_dict
    assert _get(edition, "B").kind == K.ISSUE


def test_change_names_kind_and_agencies(edition, three, cast):
    changed = tree.change_element(
        three["B"],
        cast.planner_nonthaburi,
        name_th=" บี ",
        kind=K.GOAL,
        agencies=[f.agency("PO-12"), f.agency("KBJ-12")],
    )
    assert (changed.name_th, changed.kind, changed.number) == ("บี", K.GOAL, "2")
    assert sorted(a.code for a in changed.agencies.all()) == ["KBJ-12", "PO-12"]


def test_change_to_vision_renumbers_the_rest(edition, three, cast):
    tree.change_element(three["A"], cast.planner_nonthaburi, kind=K.VISION)
    assert [n for _d, n, _name in f.shape(edition)] == ["", "1", "2", "3", "4"]


def test_change_refuses_other_fields(three, cast):
    with pytest.raises(ValueError, match="number cannot be changed"):
        tree.change_element(three["A"], cast.planner_nonthaburi, number="9")


def test_delete_takes_the_subtree_and_renumbers(edition, three, cast):
    tree.delete_element(three["A"], cast.planner_nonthaburi)
    assert f.shape(edition) == [(0, "1", "B"), (0, "2", "C")]
    assert not PlanElement.objects.filter(name_th__in=["A1", "A2"]).exists()


def test_move_up_and_down(edition, three, cast):
    user = cast.planner_nonthaburi
    tree.move_element(three["C"], user, "up")
    assert [(n, name) for d, n, name in f.shape(edition) if d == 0] == [
        ("1", "A"),
        ("2", "C"),
        ("3", "B"),
    ]
    moved = tree.move_element(_get(edition, "A"), user, "down")
    assert moved.number == "2"
    assert [name for d, _n, name in f.shape(edition) if d == 0] == ["C", "A", "B"]
    assert _get(edition, "A2").number == "2.2"


def test_move_up_at_the_top_and_down_at_the_bottom_change_nothing(edition, three, cast):
    before = f.shape(edition)
    tree.move_element(three["A"], cast.planner_nonthaburi, "up")
    tree.move_element(_get(edition, "C"), cast.planner_nonthaburi, "down")
    assert f.shape(edition) == before


def test_move_in_goes_last_under_the_previous_sibling(edition, three, cast):
    moved = tree.move_element(three["B"], cast.planner_nonthaburi, "in")
    assert moved.parent_id == three["A"].pk
    assert f.shape(edition) == [
        (0, "1", "A"),
        (1, "1.1", "A1"),
        (1, "1.2", "A2"),
        (1, "1.3", "B"),
        (0, "2", "C"),
    ]


def test_move_in_without_a_previous_sibling_refused(edition, three, cast):
    with pytest.raises(ValidationError):
        tree.move_element(three["A"], cast.planner_nonthaburi, "in")
    assert _get(edition, "A").parent_id is None


def test_move_out_lands_just_after_the_parent(edition, three, cast):
    moved = tree.move_element(_get(edition, "A1"), cast.planner_nonthaburi, "out")
    assert moved.parent_id is None
    assert f.shape(edition) == [
        (0, "1", "A"),
        (1, "1.1", "A2"),
        (0, "2", "A1"),
        (0, "3", "B"),
        (0, "4", "C"),
    ]


def test_move_out_at_the_top_refused(three, cast):
    with pytest.raises(ValidationError):
        tree.move_element(three["B"], cast.planner_nonthaburi, "out")


def test_unknown_move_refused(three, cast):
    with pytest.raises(ValueError, match="unknown move"):
        tree.move_element(three["B"], cast.planner_nonthaburi, "sideways")


def test_move_under_at_a_position(edition, three, cast):
    moved = tree.move_under(three["C"], cast.planner_nonthaburi, three["A"], position=1)
    assert moved.number == "1.1"
    assert f.shape(edition) == [
        (0, "1", "A"),
        (1, "1.1", "C"),
        (1, "1.2", "A1"),
        (1, "1.3", "A2"),
        (0, "2", "B"),
    ]


def test_move_under_to_the_top_defaults_to_last(edition, three, cast):
    tree.move_under(_get(edition, "A1"), cast.planner_nonthaburi, None)
    assert [(n, name) for d, n, name in f.shape(edition) if d == 0] == [
        ("1", "A"),
        ("2", "B"),
        ("3", "C"),
        ("4", "A1"),
    ]
    assert _get(edition, "A2").number == "1.1"


def test_move_under_own_descendant_is_a_cycle_and_refused(edition, three, cast):
    before = f.shape(edition)
    with pytest.raises(ValidationError) as caught:
        tree.move_under(three["A"], cast.planner_nonthaburi, _get(edition, "A2"))
    assert "parent" in caught.value.message_dict
    assert f.shape(edition) == before


def test_move_under_itself_refused(edition, three, cast):
    with pytest.raises(ValidationError):
        tree.move_under(three["B"], cast.planner_nonthaburi, _get(edition, "B"))
    assert _get(edition, "B").parent_id is None


def test_move_under_an_element_of_another_edition_refused(edition, three, cast):
    other = f.element(f.plan_edition("12", code="OTHER"), K.ISSUE, "elsewhere")
    with pytest.raises(ValidationError) as caught:
        tree.move_under(three["B"], cast.planner_nonthaburi, other)
    assert "parent" in caught.value.message_dict


def test_renumber_repairs_numbers_and_counts_changes(edition, three):
    PlanElement.objects.filter(name_th__in=["B", "A2"]).update(number="99")
    assert tree.renumber(edition) == 2
    assert (_get(edition, "B").number, _get(edition, "A2").number) == ("2", "1.2")
    assert tree.renumber(edition) == 0


def test_walk_is_depth_first_by_position_with_depths(edition):
    top2 = f.element(edition, K.ISSUE, "T2")
    top1 = f.element(edition, K.ISSUE, "T1")
    PlanElement.objects.filter(pk=top1.pk).update(position=0)  # T1 now comes first
    child = f.element(edition, K.GOAL, "T2.a", parent=top2)
    f.element(edition, K.APPROACH, "T2.a.x", parent=child)
    f.element(edition, K.GOAL, "T2.b", parent=top2)
    f.element(edition, K.GOAL, "T1.a", parent=top1)
    rows = tree.walk(list(edition.elements.all()))
    assert [(r.depth, r.element.name_th) for r in rows] == [
        (0, "T1"),
        (1, "T1.a"),
        (0, "T2"),
        (1, "T2.a"),
        (2, "T2.a.x"),
        (1, "T2.b"),
    ]


def test_planner_of_another_province_cannot_edit(edition, three, cast):
    with pytest.raises(PermissionDenied):
        tree.add_element(edition, cast.planner_phrae, kind=K.ISSUE, name_th="X")
    with pytest.raises(PermissionDenied):
        tree.move_element(three["B"], cast.planner_phrae, "up")
    with pytest.raises(PermissionDenied):
        tree.delete_element(three["B"], cast.viewer)
    assert edition.elements.count() == 5
