"""The demo's value chains: three templates in the library (durian, OTOP products, tourism),
each with upstream, midstream and downstream stages, and Nonthaburi's copies of them attached
to the matching strategic issues of its plan, through the same functions as the pages.

The indicators on the success factors are the demo registry's: some have data (NB-OTOP,
NB-TOURREV), one falls short (NB-DURIAN-AREA: not every district reports), and two have no
dataset at all (NB-TRADE, G10-AGVAL), so the canvas and the data list show each status."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from oneplan.geo.models import Area
from oneplan.plans.models import PlanElement
from oneplan.stats.models import Indicator
from oneplan.valuechains.editing import add_factor, add_requirement, add_stage
from oneplan.valuechains.library import copy_chain, issues_for
from oneplan.valuechains.models import ValueChain

AREA = "12"  # Nonthaburi
STAGES = (("ต้นน้ำ", "Upstream"), ("กลางน้ำ", "Midstream"), ("ปลายน้ำ", "Downstream"))


@dataclass(frozen=True)
class Factor:
    name_th: str
    name_en: str
    description: str = ""
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    code: str
    name_th: str
    name_en: str
    description: str
    stages: tuple[tuple[Factor, ...], tuple[Factor, ...], tuple[Factor, ...]]
    issue_word: str  # a word of the Nonthaburi strategic issue the copy serves
    copy_code: str
    copy_name_th: str


TEMPLATES = (
    Template(
        "VC-DURIAN",
        "ห่วงโซ่คุณค่าทุเรียน",
        "Durian value chain",
        "ตั้งแต่ต้นพันธุ์และพื้นที่ปลูก การดูแลคุณภาพผลผลิต จนถึงตลาดและการท่องเที่ยวเชิงเกษตร",
        (
            (
                Factor(
                    "พันธุ์ดีและพื้นที่ปลูกที่เหมาะสม",
                    "Good varieties and suitable planting area",
                    "ต้นพันธุ์ทุเรียนพื้นเมืองที่ได้มาตรฐาน การฟื้นฟูสวนหลังน้ำท่วม และการขยายพื้นที่ปลูก",
                    ("NB-DURIAN-AREA",),
                ),
                Factor(
                    "ระบบน้ำและการจัดการสวนตามมาตรฐาน GAP",
                    "Water and orchard management to GAP standards",
                    "คันดินป้องกันน้ำท่วม น้ำเพียงพอในหน้าแล้ง และเกษตรกรที่ได้รับรอง GAP",
                ),
            ),
            (
                Factor(
                    "คุณภาพผลผลิตและการคัดเกรด",
                    "Produce quality and grading",
                    "ตัดทุเรียนแก่ได้ที่ คัดเกรด และตรวจย้อนกลับถึงสวนได้",
                ),
                Factor(
                    "การแปรรูปและเพิ่มมูลค่าผลผลิต",
                    "Processing and added value",
                    "แปรรูปผลผลิตตกเกรดและเพิ่มมูลค่าด้วยตราสินค้าของจังหวัด",
                    ("G10-AGVAL",),
                ),
            ),
            (
                Factor(
                    "ตลาดพรีเมียมและการจำหน่ายล่วงหน้า",
                    "Premium markets and advance sales",
                    "การจองล่วงหน้า ช่องทางออนไลน์ และการส่งออก",
                    ("NB-TRADE",),
                ),
                Factor(
                    "การท่องเที่ยวเชิงเกษตรในสวนทุเรียน",
                    "Agro-tourism in durian orchards",
                    "สวนทุเรียนเปิดรับนักท่องเที่ยวในฤดูกาลผลิต",
                    ("NB-TOURREV",),
                ),
            ),
        ),
        "ทุเรียน",
        "VC-12-DURIAN",
        "ห่วงโซ่คุณค่าทุเรียนนนท์",
    ),
    Template(
        "VC-OTOP",
        "ห่วงโซ่คุณค่าผลิตภัณฑ์ OTOP",
        "OTOP products value chain",
        "ผลิตภัณฑ์หนึ่งตำบลหนึ่งผลิตภัณฑ์ ตั้งแต่วัตถุดิบและภูมิปัญญา การผลิตได้มาตรฐาน จนถึงตลาด",
        (
            (
                Factor(
                    "วัตถุดิบในท้องถิ่นและภูมิปัญญาชุมชน",
                    "Local raw materials and community know-how",
                    "วัตถุดิบหาได้ในพื้นที่ และภูมิปัญญาที่สืบทอดเป็นเอกลักษณ์ของผลิตภัณฑ์",
                ),
                Factor(
                    "การรวมกลุ่มผู้ผลิตและวิสาหกิจชุมชนที่เข้มแข็ง",
                    "Strong producer groups and community enterprises",
                ),
            ),
            (
                Factor(
                    "มาตรฐานผลิตภัณฑ์ (มผช. อย.) และการออกแบบบรรจุภัณฑ์",
                    "Product standards and packaging design",
                    "ผลิตภัณฑ์ผ่านมาตรฐานผลิตภัณฑ์ชุมชนหรือ อย. และมีบรรจุภัณฑ์ที่ดึงดูดผู้ซื้อ",
                ),
                Factor(
                    "การพัฒนาผลิตภัณฑ์ด้วยนวัตกรรมและความคิดสร้างสรรค์",
                    "Product development through innovation and creativity",
                ),
            ),
            (
                Factor(
                    "ช่องทางการตลาดออนไลน์และหน้าร้าน",
                    "Online and shop-front sales channels",
                    "ยอดจำหน่ายผ่านตลาดออนไลน์ งานแสดงสินค้า และศูนย์จำหน่ายสินค้า OTOP",
                    ("NB-OTOP",),
                ),
                Factor(
                    "การเชื่อมโยงตลาดส่งออก",
                    "Links to export markets",
                    "ผู้ประกอบการ OTOP ที่ได้รับการส่งเสริมให้ค้าขายกับต่างประเทศ",
                    ("NB-TRADE",),
                ),
            ),
        ),
        "OTOP",
        "VC-12-OTOP",
        "ห่วงโซ่คุณค่าผลิตภัณฑ์ OTOP นนทบุรี",
    ),
    Template(
        "VC-TOURISM",
        "ห่วงโซ่คุณค่าการท่องเที่ยว",
        "Tourism value chain",
        "จากแหล่งท่องเที่ยวและชุมชน ผ่านการเดินทางและบริการ จนถึงการตลาดและรายได้ของชุมชน",
        (
            (
                Factor(
                    "แหล่งท่องเที่ยวทางธรรมชาติ วัฒนธรรม และวิถีชีวิตริมน้ำ",
                    "Natural, cultural and riverside-life attractions",
                ),
                Factor(
                    "ชุมชนท่องเที่ยวและมัคคุเทศก์ท้องถิ่นที่มีศักยภาพ",
                    "Capable tourism communities and local guides",
                ),
            ),
            (
                Factor(
                    "การเดินทางเข้าถึงแหล่งท่องเที่ยวทั้งทางบกและทางน้ำ",
                    "Access to attractions by road and by water",
                ),
                Factor(
                    "ที่พัก ร้านอาหาร และบริการได้มาตรฐาน",
                    "Accommodation, food and services to standard",
                ),
            ),
            (
                Factor(
                    "การตลาดและประชาสัมพันธ์การท่องเที่ยว",
                    "Tourism marketing and promotion",
                ),
                Factor(
                    "รายได้จากการท่องเที่ยวกระจายสู่ชุมชน",
                    "Tourism income reaching communities",
                    "รายได้จากนักท่องเที่ยวของจังหวัดและของกลุ่มจังหวัด",
                    ("NB-TOURREV", "G10-TOURREV"),
                ),
            ),
        ),
        "ท่องเที่ยว",
        "VC-12-TOURISM",
        "ห่วงโซ่คุณค่าการท่องเที่ยววิถีชีวิตริมน้ำนนทบุรี",
    ),
)


def load_value_chains() -> None:
    """The templates, then Nonthaburi's copies; running it again changes nothing."""
    with transaction.atomic():
        area = Area.objects.filter(code=AREA).first()
        issues = list(issues_for(area)) if area is not None else []
        for spec in TEMPLATES:
            template = _template(spec)
            if area is not None and not ValueChain.objects.filter(code=spec.copy_code).exists():
                copy_chain(
                    template,
                    area,
                    _issue(issues, spec.issue_word),
                    spec.copy_code,
                    name_th=spec.copy_name_th,
                )


def _issue(issues: list[PlanElement], word: str) -> PlanElement | None:
    """The strategic issue naming ``word``; the sufficiency-economy issue names durian and
    tourism, the creative-economy one OTOP."""
    return next((e for e in issues if word in e.name_th), None)


def _template(spec: Template) -> ValueChain:
    found = ValueChain.objects.filter(code=spec.code).first()
    if found is not None:
        return found
    chain = ValueChain.objects.create(
        code=spec.code,
        name_th=spec.name_th,
        name_en=spec.name_en,
        description=spec.description,
        is_template=True,
    )
    registry = {
        i.code: i
        for i in Indicator.objects.filter(
            code__in={c for factors in spec.stages for f in factors for c in f.indicators}
        )
    }
    for (name_th, name_en), factors in zip(STAGES, spec.stages, strict=True):
        stage = add_stage(chain, None, name_th=name_th, name_en=name_en)
        for f in factors:
            factor = add_factor(
                stage, None, name_th=f.name_th, name_en=f.name_en, description=f.description
            )
            for code in f.indicators:
                if code in registry:  # the demo's plans register them; a bare registry lacks them
                    add_requirement(factor, None, registry[code])
    return chain
