"""The demo's plan story: frameworks, the Nonthaburi and group plans, and Phrae's One Plan chain
from a village need up to the provincial plan; each step through the same functions as pages."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from oneplan.plans.loaders import FRAMEWORKS, load_plan_file, load_plan_types
from oneplan.plans.models import Plan, PlanEdition, PlanElement
from oneplan.plans.referrals import adopt, raise_need, return_need
from oneplan.plans.tree import add_element

HERE = Path(__file__).resolve().parent
PLANS = HERE / "plans.json"


def _element(plan: str, number: str, edition: int | None = None) -> PlanElement:
    editions = PlanEdition.objects.filter(plan__code=plan)
    chosen = editions.get(number=edition) if edition else editions.order_by("-number").first()
    return PlanElement.objects.get(edition=chosen, number=number)


def load_plans() -> None:
    load_plan_types()
    load_plan_file(FRAMEWORKS)
    load_plan_file(PLANS)
    User = get_user_model()
    phrae = User.objects.get(username="planner.phrae")
    nonthaburi = User.objects.get(username="planner.nonthaburi")
    _phrae_chain(phrae)
    _nonthaburi_review(nonthaburi)


def _phrae_chain(planner: object) -> None:
    village = PlanElement.objects.filter(edition__plan__code="VDP-54010403-2568", kind="need")
    if not village.exists() or village.filter(referrals__isnull=False).exists():
        return
    ditch, road, water = (village.get(number=n) for n in ("1", "2", "3"))
    local = Plan.objects.get(code="LDP-L540104-2566")
    district = Plan.objects.get(code="DDP-5401-2566")
    province = Plan.objects.get(code="PDP-54-2566")
    step = raise_need(ditch, local, planner, "ราษฎรหมู่ที่ 3 เสนอในเวทีประชาคมหมู่บ้าน")
    adopt(step, _element(local.code, "1.1"), planner)
    step = raise_need(ditch, district, planner, "เกินขีดความสามารถด้านงบประมาณของ อปท.")
    adopt(step, _element(district.code, "1.1"), planner)
    step = raise_need(ditch, province, planner, "ก.บ.อ. เห็นชอบให้เสนอจังหวัด")
    adopt(step, _element(province.code, "1.1"), planner)
    step = raise_need(road, district, planner)
    return_need(
        step,
        planner,
        "การซ่อมถนนภายในหมู่บ้านอยู่ในอำนาจหน้าที่ของ อปท. โปรดบรรจุในแผนพัฒนาท้องถิ่น",
    )
    step = raise_need(water, local, planner)
    adopt(step, _element(local.code, "2"), planner)
    raise_need(water, province, planner, "ขอรับการสนับสนุนงบประมาณจังหวัด")


def _nonthaburi_review(planner: object) -> None:
    plan = Plan.objects.get(code="PDP-12-2566")
    if plan.editions.count() > 1:
        return
    from oneplan.plans.editions import start_review

    review = start_review(plan, planner, 2025, "ฉบับทบทวน ปีงบประมาณ 2568")
    otop = PlanElement.objects.get(edition=review, number="2")
    add_element(
        review,
        planner,
        kind="approach",
        parent=otop,
        name_th="ส่งเสริมการตลาดออนไลน์และการท่องเที่ยวชุมชน OTOP นวัตวิถี",
    )
    aec = PlanElement.objects.get(edition=review, number="5.1")
    aec.name_th = "จัดการเรียนรู้ภาษาอาเซียนและภาษาอังกฤษสำหรับประชาชนและผู้ประกอบการ"
    aec.save()
