"""The kinds of saved analysis, the criteria a Product Champion score can use, and the
19-sector layout of Gross Provincial Product."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnalysisKind(models.TextChoices):
    CHAMPION = "champion", _("Product Champion")
    PROBLEMS = "problems", _("Problem ranking")


class CriterionKey(models.TextChoices):
    """Where a criterion's raw value comes from (see docs/user/analysis.md)."""

    LQ = "lq", _("Location quotient")
    GROWTH = "growth", _("Growth (CAGR)")
    SHARE = "share", _("Share of the area's total")
    COMPETITIVE = "competitive", _("Competitive effect (shift-share)")
    EMPLOYMENT = "employment", _("Employment")
    COVERAGE = "coverage", _("Value-chain coverage")
    MANUAL = "manual", _("Entered by the committee")
    # Problem ranking
    GAP = "gap", _("Distance from target")
    BEHIND = "behind", _("Behind the group average")
    WORSENING = "worsening", _("Worsening trend")


class NormalisationChoice(models.TextChoices):
    MINMAX = "minmax", _("Lowest to highest (min–max)")
    RANK = "rank", _("Rank (percentile)")
    SCALE = "scale", _("Declared scale")


CHAMPION_KEYS = (
    CriterionKey.LQ,
    CriterionKey.GROWTH,
    CriterionKey.SHARE,
    CriterionKey.COMPETITIVE,
    CriterionKey.EMPLOYMENT,
    CriterionKey.COVERAGE,
    CriterionKey.MANUAL,
)
PROBLEM_KEYS = (CriterionKey.GAP, CriterionKey.BEHIND, CriterionKey.WORSENING)

# A new Product Champion analysis starts with these (key, weight, normalisation); the
# committee changes them.
DEFAULT_CHAMPION_CRITERIA = (
    (CriterionKey.LQ, 30, NormalisationChoice.MINMAX),
    (CriterionKey.GROWTH, 20, NormalisationChoice.MINMAX),
    (CriterionKey.SHARE, 20, NormalisationChoice.MINMAX),
    (CriterionKey.COVERAGE, 10, NormalisationChoice.SCALE),
    (CriterionKey.MANUAL, 20, NormalisationChoice.SCALE),
)
DEFAULT_PROBLEM_CRITERIA = (
    (CriterionKey.GAP, 50, NormalisationChoice.SCALE),
    (CriterionKey.BEHIND, 25, NormalisationChoice.SCALE),
    (CriterionKey.WORSENING, 25, NormalisationChoice.SCALE),
)

SECTOR_SET = "SECTOR"
# NESDC's Gross Provincial Product by the 19 sections A–S of TSIC 2009 (ISIC Rev. 4).
NESDC_SECTORS = (
    ("A", "เกษตรกรรม การป่าไม้ และการประมง", "Agriculture, forestry and fishing"),
    ("B", "การทำเหมืองแร่และเหมืองหิน", "Mining and quarrying"),
    ("C", "การผลิต", "Manufacturing"),
    ("D", "ไฟฟ้า ก๊าซ ไอน้ำ และระบบปรับอากาศ", "Electricity, gas, steam and air conditioning"),
    ("E", "การจัดหาน้ำ การจัดการน้ำเสียและของเสีย", "Water supply, sewerage and waste management"),
    ("F", "การก่อสร้าง", "Construction"),
    ("G", "การขายส่งและการขายปลีก การซ่อมยานยนต์", "Wholesale and retail trade, repair of vehicles"),
    ("H", "การขนส่งและสถานที่เก็บสินค้า", "Transportation and storage"),
    ("I", "ที่พักแรมและบริการด้านอาหาร", "Accommodation and food service"),
    ("J", "ข้อมูลข่าวสารและการสื่อสาร", "Information and communication"),
    ("K", "กิจกรรมทางการเงินและการประกันภัย", "Financial and insurance activities"),
    ("L", "กิจกรรมเกี่ยวกับอสังหาริมทรัพย์", "Real estate activities"),
    ("M", "กิจกรรมทางวิชาชีพ วิทยาศาสตร์ และเทคนิค", "Professional, scientific and technical"),
    ("N", "กิจกรรมการบริหารและการบริการสนับสนุน", "Administrative and support services"),
    (
        "O",
        "การบริหารราชการ การป้องกันประเทศ และการประกันสังคมภาคบังคับ",
        "Public administration and defence",
    ),
    ("P", "การศึกษา", "Education"),
    ("Q", "กิจกรรมด้านสุขภาพและงานสังคมสงเคราะห์", "Human health and social work"),
    ("R", "ศิลปะ ความบันเทิง และนันทนาการ", "Arts, entertainment and recreation"),
    ("S", "กิจกรรมบริการด้านอื่น ๆ", "Other service activities"),
)
# The registry's positioning measures, created with the sector set (code, Thai, English, unit,
# power of ten).
SECTOR_INDICATORS = (
    (
        "GPP",
        "ผลิตภัณฑ์มวลรวมจังหวัด ณ ราคาประจำปี",
        "Gross provincial product, current prices",
        "ล้านบาท",
        6,
    ),
    (
        "GPP-CVM",
        "ผลิตภัณฑ์มวลรวมจังหวัด แบบปริมาณลูกโซ่",
        "Gross provincial product, chain volume measures",
        "ล้านบาท",
        6,
    ),
    ("EMP", "ผู้มีงานทำ", "Employed persons", "คน", 0),
)
