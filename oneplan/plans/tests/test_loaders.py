"""Plan types and the national frameworks from the JSON files OnePlan ships."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from oneplan.core.importing import ImportRejected
from oneplan.orgs.choices import AgencyKind
from oneplan.plans.choices import EditionStatus, ElementKind, PlanLevel
from oneplan.plans.loaders import FRAMEWORKS, PLAN_TYPES, load_plan_file, load_plan_types
from oneplan.plans.models import (
    Alignment,
    EditionTransition,
    Plan,
    PlanEdition,
    PlanElement,
    PlanType,
)
from oneplan.testing.cast import agency

pytestmark = pytest.mark.django_db

FRAMEWORK_SIZES = {"NS": 6, "MP": 23, "NESDP-13": 13, "SDG": 17}


@pytest.fixture
def nesdc(cast):
    return agency("NESDC", AgencyKind.DEPARTMENT, "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ")


@pytest.fixture
def frameworks(nesdc):
    load_plan_types()
    return load_plan_file(FRAMEWORKS)


def elements(code: str) -> list[PlanElement]:
    edition = Plan.objects.get(code=code).latest_edition()
    assert edition is not None
    return list(edition.elements.order_by("position"))


def snapshot() -> list[int]:
    models = (PlanType, Plan, PlanEdition, PlanElement, Alignment, EditionTransition)
    return [m.objects.count() for m in models] + [m.history.count() for m in models[:-1]]


def test_plan_types_load_once(db):
    items = json.loads(PLAN_TYPES.read_text(encoding="utf-8"))["plan_types"]
    assert load_plan_types() == len(items)
    assert load_plan_types() == 0
    province = PlanType.objects.get(code="PROVINCE")
    assert province.level == PlanLevel.PROVINCE
    assert province.reviewed_yearly
    assert province.element_kinds == [
        "vision",
        "issue",
        "goal",
        "approach",
        "programme",
        "project",
    ]
    assert set(PlanType.objects.filter(is_framework=True).values_list("code", flat=True)) == {
        "NS",
        "MP",
        "REFORM",
        "NESDP",
        "POLICY",
        "SDG",
    }
    for plan_type in PlanType.objects.all():
        assert set(plan_type.element_kinds) <= set(ElementKind.values), plan_type.code


def test_plan_types_file_changes_are_applied(db, tmp_path):
    load_plan_types()
    data = json.loads(PLAN_TYPES.read_text(encoding="utf-8"))
    data["plan_types"][0]["name_en"] = "National Strategy (renamed)"
    path = tmp_path / "types.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_plan_types(path) == 1
    assert PlanType.objects.get(code="NS").name_en == "National Strategy (renamed)"


def test_an_unknown_element_kind_is_refused(db, tmp_path):
    path = tmp_path / "types.json"
    bad = {"code": "X", "name_th": "แผนเอ็กซ์", "level": "national", "element_kinds": ["planet"]}
    path.write_text(json.dumps({"plan_types": [bad]}), encoding="utf-8")
    with pytest.raises(ValidationError, match="planet"):
        load_plan_types(path)
    assert not PlanType.objects.filter(code="X").exists()


def test_frameworks_are_published_national_plans(frameworks):
    assert sorted(r.plan.code for r in frameworks) == sorted(FRAMEWORK_SIZES)
    for code, size in FRAMEWORK_SIZES.items():
        plan = Plan.objects.get(code=code)
        assert plan.area.code == "TH"
        assert plan.plan_type.is_framework
        [edition] = plan.editions.all()
        assert edition.status == EditionStatus.PUBLISHED
        assert [e.number for e in elements(code)] == [str(n) for n in range(1, size + 1)], code
        assert all(e.parent_id is None for e in elements(code))
    ns = Plan.objects.get(code="NS")
    assert (ns.first_year, ns.last_year) == (2018, 2037)  # พ.ศ. 2561-2580
    assert ns.owner.code == "NESDC"
    assert Plan.objects.get(code="SDG").owner is None
    assert {e.kind for e in elements("NS")} == {ElementKind.STRATEGY}
    assert {e.kind for e in elements("MP")} == {ElementKind.MASTER_PLAN}
    assert {e.kind for e in elements("NESDP-13")} == {ElementKind.MILESTONE}
    assert {e.kind for e in elements("SDG")} == {ElementKind.GOAL}
    assert elements("SDG")[0].name_en == "No poverty"


def test_each_master_plan_serves_one_strategy(frameworks):
    strategies = {e.pk: e.number for e in elements("NS")}
    data = json.loads(FRAMEWORKS.read_text(encoding="utf-8"))
    wanted = next(p for p in data["plans"] if p["code"] == "MP")["elements"]
    for master_plan, item in zip(elements("MP"), wanted, strict=True):
        links = list(master_plan.links_up.all())
        assert len(links) == 1, master_plan
        assert links[0].target_id in strategies
        assert [f"NS:{strategies[links[0].target_id]}"] == item["aligns_to"]
    assert Alignment.objects.count() == 23
    assert {strategies[a.target_id] for a in Alignment.objects.all()} == {
        str(n) for n in range(1, 7)
    }


def test_the_path_to_published_is_recorded(frameworks):
    edition = Plan.objects.get(code="NS").latest_edition()
    moves = [(t.from_status, t.to_status) for t in edition.transitions.all()]
    assert moves == [("draft", "submitted"), ("submitted", "approved"), ("approved", "published")]


def test_loading_twice_changes_nothing(frameworks):
    before = snapshot()
    assert load_plan_types() == 0
    assert load_plan_file(FRAMEWORKS) == []
    assert snapshot() == before


def test_a_framework_needs_its_owner_agency(cast):
    load_plan_types()
    before = snapshot()
    with pytest.raises(ImportRejected) as info:
        load_plan_file(FRAMEWORKS)
    assert snapshot() == before
    owners = [p for p in info.value.problems if p.column == "owner"]
    assert sorted(p.sheet for p in owners) == ["plan MP", "plan NESDP-13", "plan NS"]
    assert all(p.message == "unknown agency 'NESDC'" for p in owners)
    assert all(p.file == "frameworks.json" for p in info.value.problems)
