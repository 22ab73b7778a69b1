"""The demo's positioning data and analyses (sample data, marked so on every page):

* GPP and employment by the 19 NESDC sectors for all 77 provinces, 2019–2023, generated from a
  national mix with provincial leanings (Nonthaburi leans to real estate, public
  administration and trade; its group's other provinces to manufacturing);
* the value of five key products in Nonthaburi's group;
* Nonthaburi's Product Champion analysis of those products against its group, with the
  committee's market-potential scores, attached to the sufficiency-economy issue and the
  durian request; and its problem ranking for FY2569, cited by the drainage request.

All loaded through the importer users run; running it again changes nothing."""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model

from oneplan.analysis import editing
from oneplan.analysis.choices import SECTOR_SET, AnalysisKind, CriterionKey
from oneplan.analysis.models import Analysis
from oneplan.analysis.registry import ensure_sector_registry
from oneplan.exchange.mapping import parse_mapping
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.plans.models import PlanElement
from oneplan.projects.models import Project
from oneplan.stats.loading import load_file
from oneplan.stats.models import Category, CategorySet, Indicator, Observation

YEARS = range(2019, 2024)
# The national mix (% of GPP) and yearly growth (%) by sector.
MIX = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRS",
        (8, 2.5, 27, 3, 0.5, 2.5, 16, 6, 4, 3, 7, 8, 1.5, 2, 5, 3, 2, 0.5, 1),
        strict=True,
    )
)
GROWTH = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRS",
        (1, -1, 1.5, 3, 2, 2, 3, 2.5, 4, 6, 4, 3, 3, 3, 1.5, 1, 4, 3, 2),
        strict=True,
    )
)
# Provincial leanings: a factor on the national mix and extra growth (points a year).
LEAN = {
    "12": {
        "L": (2.4, 3.0),
        "O": (2.2, 0.5),
        "G": (1.3, 1.0),
        "K": (1.3, 0.5),
        "P": (1.6, 0),
        "C": (0.45, -1.0),
        "A": (0.25, -1.5),
        "I": (1.1, 2.0),
    },
    "13": {"C": (1.5, 0.5), "P": (1.8, 1.0), "G": (1.2, 0)},
    "14": {"C": (2.0, 1.0), "I": (1.6, 1.5), "A": (1.1, 0)},
    "19": {"C": (1.7, 0.5), "B": (4.0, 0), "D": (2.5, 1.0)},
}
# GPP in 2019 (million baht) of Bangkok and Nonthaburi's group, near NESDC's published order.
SIZE = {"10": 5_022_000, "12": 316_000, "13": 380_000, "14": 420_000, "19": 236_000}
# Value added per worker (baht) by sector, for employment.
PRODUCTIVITY = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRS",
        (
            60,
            900,
            700,
            3000,
            300,
            250,
            280,
            400,
            180,
            1200,
            1500,
            2000,
            500,
            250,
            350,
            300,
            400,
            250,
            120,
        ),
        strict=True,
    )
)
PRODUCT_SET = "PRODUCT"
PRODUCTS = (
    ("DURIAN", "ทุเรียนนนท์", "Nonthaburi durian"),
    ("ORNAMENTAL", "ไม้ดอกไม้ประดับ", "Ornamental plants"),
    ("POTTERY", "เครื่องปั้นดินเผาเกาะเกร็ด", "Ko Kret pottery"),
    ("DESSERT", "ขนมไทยและอาหารแปรรูป", "Thai desserts and processed food"),
    ("RICE", "ข้าว", "Rice"),
)
# Million baht in 2019 and growth (% a year), by province of the group.
PRODUCT_VALUES = {
    "12": {
        "DURIAN": (420, 6),
        "ORNAMENTAL": (610, 3),
        "POTTERY": (180, 5),
        "DESSERT": (350, 4),
        "RICE": (260, -2),
    },
    "13": {
        "DURIAN": (15, 1),
        "ORNAMENTAL": (540, 2),
        "POTTERY": (40, 1),
        "DESSERT": (300, 3),
        "RICE": (2100, 0),
    },
    "14": {
        "DURIAN": (5, 0),
        "ORNAMENTAL": (120, 1),
        "POTTERY": (95, 2),
        "DESSERT": (280, 2),
        "RICE": (4200, 1),
    },
    "19": {
        "DURIAN": (30, 2),
        "ORNAMENTAL": (60, 1),
        "POTTERY": (20, 0),
        "DESSERT": (150, 2),
        "RICE": (1900, 0),
    },
}
MARKET_POTENTIAL = {"DURIAN": 5, "ORNAMENTAL": 4, "POTTERY": 4, "DESSERT": 3, "RICE": 2}
CHAINS = {"DURIAN": "VC-12-DURIAN", "POTTERY": "VC-12-OTOP", "DESSERT": "VC-12-OTOP"}
CHAMPION_NAME = "การวิเคราะห์สินค้าเด่น (Product Champion) จังหวัดนนทบุรี พ.ศ. 2562–2566"


def _load(name: str, header: list[str], rows: list[list[object]], set_code: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
        load_file(path, parse_mapping({"disaggregation": {set_code: header[3]}}, "demo"))


def _sector_rows() -> tuple[list[list[object]], list[list[object]]]:
    gpp: list[list[object]] = []
    emp: list[list[object]] = []
    for province in Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code"):
        rng = random.Random(f"gpp-{province.code}")
        size = SIZE.get(province.code, 90_000 * rng.lognormvariate(0, 0.6))  # million, 2019
        lean = LEAN.get(province.code, {})
        shares = {s: MIX[s] * lean.get(s, (1.0, 0))[0] * rng.uniform(0.7, 1.3) for s in MIX}
        total = sum(shares.values())
        for s in MIX:
            value = size * shares[s] / total
            rate = (GROWTH[s] + lean.get(s, (1.0, 0.0))[1]) / 100
            for year in YEARS:
                shown = round(value, 1)
                gpp.append(["GPP", province.code, year + 543, s, shown])
                emp.append(
                    [
                        "EMP",
                        province.code,
                        year + 543,
                        s,
                        round(shown * 1e6 / (PRODUCTIVITY[s] * 1e3)),
                    ]
                )
                value *= 1 + rate + rng.uniform(-0.01, 0.01)
    return gpp, emp


def _products() -> None:
    products, _ = CategorySet.objects.get_or_create(
        code=PRODUCT_SET, defaults={"name_th": "สินค้าและผลิตภัณฑ์หลัก", "name_en": "Key products"}
    )
    for position, (code, name_th, name_en) in enumerate(PRODUCTS):
        Category.objects.get_or_create(
            category_set=products,
            code=code,
            defaults={"name_th": name_th, "name_en": name_en, "position": position},
        )
    indicator, created = Indicator.objects.get_or_create(
        code="PROD-VALUE",
        defaults={
            "name_th": "มูลค่าผลผลิตสินค้าหลัก",
            "name_en": "Value of key products",
            "unit": "ล้านบาท",
            "unit_multiplier": 6,
            "decimals": 1,
            "frequency": "year",
            "aggregation": "sum",
            "sample": True,
        },
    )
    if created:
        indicator.category_sets.add(products)
    if Observation.objects.filter(indicator=indicator).exists():
        return
    rows: list[list[object]] = []
    for province, items in PRODUCT_VALUES.items():
        for code, (start, growth) in items.items():
            for i, year in enumerate(YEARS):
                rows.append(
                    [
                        "PROD-VALUE",
                        province,
                        year + 543,
                        code,
                        round(start * (1 + growth / 100) ** i, 1),
                    ]
                )
    _load("products", ["ตัวชี้วัด", "พื้นที่", "ปี", "สินค้า", "ค่า"], rows, PRODUCT_SET)


def load_analysis() -> None:
    ensure_sector_registry(CategorySet, Category, Indicator)
    gpp = Indicator.objects.get(code="GPP")
    Indicator.objects.filter(code__in=["GPP", "EMP"]).update(sample=True)
    if not Observation.objects.filter(indicator=gpp).exists():
        gpp_rows, emp_rows = _sector_rows()
        header = ["ตัวชี้วัด", "พื้นที่", "ปี", "สาขา", "ค่า"]
        _load("gpp", header, gpp_rows, SECTOR_SET)
        _load("employment", header, emp_rows, SECTOR_SET)
    _products()
    if Analysis.objects.filter(kind=AnalysisKind.CHAMPION, area__code="12").exists():
        return
    planner = get_user_model().objects.get(username="planner.nonthaburi")
    analysis = editing.create_champion(
        {
            "name_th": CHAMPION_NAME,
            "name_en": "Nonthaburi Product Champion analysis, 2019–2023",
            "area": "12",
            "reference": "G10",
            "indicator": "PROD-VALUE",
            "category_set": PRODUCT_SET,
            "start_year": "2562",
            "end_year": "2566",
        },
        planner,
    )
    manual = analysis.criteria.get(key=CriterionKey.MANUAL)
    editing.update_champion(
        analysis,
        {"scores": {str(manual.pk): MARKET_POTENTIAL}, "value_chains": CHAINS},
    )
    issue = PlanElement.objects.filter(
        edition__plan__area__code="12", edition__status="draft", number="4", kind="issue"
    ).first()
    if issue is not None:
        editing.attach(analysis, planner, element=issue)
    problems = editing.save_problems(Area.objects.get(code="12"), 2026, planner)
    drainage = Project.objects.filter(code="P2569-12-0007").first()
    if drainage is not None:
        editing.attach(problems, planner, project=drainage)
