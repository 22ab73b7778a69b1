"""The template library: copying a template to a province, who may, and the demo's chains."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from oneplan.valuechains import rules
from oneplan.valuechains.canvas import build_canvas
from oneplan.valuechains.library import copy_chain, copy_targets, issues_for, suggest_code
from oneplan.valuechains.models import Requirement, ValueChain
from oneplan.valuechains.tests import chains

pytestmark = pytest.mark.django_db


def test_copy_chain_copies_stages_factors_and_needs_into_the_areas_data_list(cast):
    template = chains.chain("VC-DURIAN")
    issue = chains.issue("12")
    copy = copy_chain(template, cast.nonthaburi, issue, "VC-12-DURIAN")

    assert (copy.area, copy.element, copy.copied_from) == (cast.nonthaburi, issue, template)
    assert not copy.is_template
    assert copy.name_th == template.name_th
    assert chains.stage_names(copy) == ["ต้นน้ำ", "กลางน้ำ", "ปลายน้ำ"]
    upstream, _, downstream = copy.stages.order_by("position")
    assert chains.factor_names(upstream) == ["พันธุ์ดีและพื้นที่ปลูก", "ระบบน้ำ"]
    copied = Requirement.objects.filter(factor__stage__chain=copy)
    assert sorted(copied.values_list("indicator__code", flat=True)) == [
        "AGVAL",
        "DURIAN-AREA",
        "DURIAN-AREA",
        "TRADE",
    ]
    assert set(copied.values_list("area__code", flat=True)) == {"12"}
    market = downstream.factors.get()
    assert sorted(market.requirements.values_list("indicator__code", flat=True)) == [
        "DURIAN-AREA",
        "TRADE",
    ]
    # the template is untouched: its needs still belong to no area
    assert Requirement.objects.filter(factor__stage__chain=template, area=None).count() == 4
    assert template.stages.count() == 3


def test_the_copy_is_independent_of_the_template(cast):
    template = chains.chain("VC-DURIAN")
    copy = copy_chain(template, cast.nonthaburi)
    copy.stages.get(position=1).factors.all().delete()
    assert template.stages.get(position=1).factors.count() == 2
    assert copy.code == "VC-12-DURIAN"


def test_suggested_codes_are_free(cast):
    template = chains.chain("VC-DURIAN")
    assert suggest_code(template, cast.nonthaburi) == "VC-12-DURIAN"
    copy_chain(template, cast.nonthaburi)
    assert suggest_code(template, cast.nonthaburi) == "VC-12-DURIAN-2"
    assert suggest_code(template, cast.phrae) == "VC-54-DURIAN"


def test_a_taken_code_is_refused(cast):
    template = chains.chain("VC-DURIAN")
    copy_chain(template, cast.nonthaburi, code="VC-12-X")
    with pytest.raises(ValidationError) as refused:
        copy_chain(template, cast.nonthaburi, code="VC-12-X")
    assert "code" in refused.value.message_dict
    assert ValueChain.objects.filter(area=cast.nonthaburi).count() == 1


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("planner_nonthaburi", True),
        ("statistician", True),  # NSO-12's statistician works the chains with the planners
        ("planner_phrae", False),
        ("viewer", False),
        ("data_officer", False),
    ],
)
def test_who_may_copy_a_template_to_nonthaburi(cast, who, allowed):
    template = chains.chain("VC-DURIAN")
    user = getattr(cast, who)
    if allowed:
        copy = copy_chain(template, cast.nonthaburi, user=user)
        assert copy.stages.count() == 3
    else:
        with pytest.raises(PermissionDenied):
            copy_chain(template, cast.nonthaburi, user=user)
        assert not ValueChain.objects.filter(area=cast.nonthaburi).exists()


def test_copy_targets_are_the_areas_a_person_may_plan_for(cast):
    assert [a.code for a in copy_targets(cast.planner_nonthaburi)] == ["12"]
    assert [a.code for a in copy_targets(cast.statistician)] == ["12"]
    assert [a.code for a in copy_targets(cast.planner_phrae)] == ["54"]
    assert copy_targets(cast.viewer) == []
    assert copy_targets(AnonymousUser()) == []
    assert {"12", "54"} <= {a.code for a in copy_targets(cast.admin)}


def test_issues_for_an_area_are_its_current_plans_strategic_issues(cast):
    issue = chains.issue("12")
    assert list(issues_for(cast.nonthaburi)) == [issue]
    assert list(issues_for(cast.phrae)) == []


def test_demo_chains_load_once_and_show_every_data_status():
    from oneplan.demo.load import load_demo
    from oneplan.demo.valuechains import load_value_chains

    load_demo()
    load_value_chains()
    load_value_chains()  # again: nothing doubles
    templates = ValueChain.objects.filter(is_template=True)
    assert sorted(templates.values_list("code", flat=True)) == [
        "VC-DURIAN",
        "VC-OTOP",
        "VC-TOURISM",
    ]
    copies = ValueChain.objects.filter(area__code="12").select_related("element", "copied_from")
    assert {c.copied_from.code for c in copies} == set(templates.values_list("code", flat=True))
    for copy in copies:
        assert [s.name_th for s in copy.stages.all()] == ["ต้นน้ำ", "กลางน้ำ", "ปลายน้ำ"]
        assert all(2 <= s.factors.count() <= 3 for s in copy.stages.all())
        assert copy.element is not None
        assert copy.element.kind == "issue"
        assert copy.element.edition.plan.code == "PDP-12-2566"
    durian = copies.get(code="VC-12-DURIAN")
    assert "ทุเรียน" in durian.element.name_th
    assert "OTOP" in copies.get(code="VC-12-OTOP").element.name_th
    assert Requirement.objects.filter(factor__stage__chain__in=copies).count() == 8
    statuses = {
        n.indicator.code: n.status for c in copies for n in build_canvas(c, AnonymousUser()).needs
    }
    assert statuses["G10-AGVAL"] == rules.Status.MISSING  # no dataset provides it
    assert statuses["NB-TRADE"] == rules.Status.MISSING
    assert statuses["NB-DURIAN-AREA"] == rules.Status.INCOMPLETE
    assert statuses["NB-OTOP"] == rules.Status.AVAILABLE
    assert statuses["NB-TOURREV"] == rules.Status.AVAILABLE
