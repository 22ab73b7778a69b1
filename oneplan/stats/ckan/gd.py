"""GD Catalog fields of a dataset, named and valued as the DGA's CKAN scheming schema has them.

Thailand's GD Catalog runs CKAN with ckanext-thai_gdc, whose scheming schema stores its fields
as flat keys beside CKAN's core ones (``data_type``, ``objective``, ``update_frequency_unit``,
``geo_coverage``, ...), with Thai choice values. Where OnePlan's value is not one of the
schema's choices, the schema's "อื่นๆ" (other) is given with the text in ``<field>_other``.
"""

from __future__ import annotations

from typing import Any

from oneplan.geo.choices import AreaLevel
from oneplan.stats.choices import (
    AccessCategory,
    DataType,
    Language,
    Objective,
    UpdateUnit,
)
from oneplan.stats.models import Dataset

OTHER = "อื่นๆ"

DATA_TYPES = {
    DataType.RECORD: "ข้อมูลระเบียน",
    DataType.STATISTICAL: "ข้อมูลสถิติ",
    DataType.GEOSPATIAL: "ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
    DataType.OTHER: "ข้อมูลประเภทอื่นๆ",
}
OBJECTIVES = {
    Objective.NATIONAL_STRATEGY: "ยุทธศาสตร์ชาติ",
    Objective.MASTER_PLAN: "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ",
    Objective.NESDP: "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ",
    Objective.REFORM: "แผนปฏิรูปประเทศ",
    Objective.POLICY: "นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี",
    # Province and province-group development plans are level-3 plans under that resolution.
    Objective.AREA_PLAN: "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)",
    Objective.MISSION: "พันธกิจหน่วยงาน",
    Objective.LAW: "กฎหมายที่เกี่ยวข้อง",
    Objective.OTHER: OTHER,
}
UPDATE_UNITS = {
    UpdateUnit.DAY: "วัน",
    UpdateUnit.WEEK: "สัปดาห์",
    UpdateUnit.MONTH: "เดือน",
    UpdateUnit.QUARTER: "ไตรมาส",
    UpdateUnit.YEAR: "ปี",
    UpdateUnit.NEVER: "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล",
}
GEO_COVERAGE = {
    AreaLevel.COUNTRY: "ประเทศ",
    AreaLevel.REGION: "ภาค",
    AreaLevel.PROVINCE: "จังหวัด",
    AreaLevel.DISTRICT: "อำเภอ",
    AreaLevel.SUBDISTRICT: "ตำบล",
    AreaLevel.VILLAGE: "หมู่บ้าน",
    AreaLevel.LOCAL_GOVERNMENT: "เทศบาล/อบต.",
}
DATA_CATEGORIES = {
    AccessCategory.PUBLIC: "ข้อมูลสาธารณะ",
    AccessCategory.INTERNAL: "ข้อมูลใช้ภายใน",
    AccessCategory.PERSONAL: "ข้อมูลส่วนบุคคล",
    AccessCategory.SECURITY: "ข้อมูลความมั่นคง",
    AccessCategory.SECRET: "ข้อมูลความลับทางราชการ",
}
LANGUAGES = {
    Language.THAI: ["ไทย"],
    Language.ENGLISH: ["อังกฤษ"],
    Language.BOTH: ["ไทย", "อังกฤษ"],
}
# The schema's unit multipliers, by power of ten.
MULTIPLIERS = (
    "หน่วย",
    "สิบ",
    "ร้อย",
    "พัน",
    "หมื่น",
    "แสน",
    "ล้าน",
    "สิบล้าน",
    "ร้อยล้าน",
    "พันล้าน",
    "หมื่นล้าน",
    "แสนล้าน",
    "ล้านล้าน",
)
DATA_FORMATS = (
    "Database",
    "CSV",
    "XML",
    "Image",
    "Video",
    "Audio",
    "Text",
    "JSON",
    "HTML",
    "XLS",
    "PDF",
    "RDF",
    "NoSQL",
    "Arc/Info Coverage",
    "Shapefile",
    "GeoTiff",
    "GML",
)
_FORMAT_ALIASES = {"XLSX": "XLS", "TXT": "Text", "SHP": "Shapefile", "TIFF": "GeoTiff"}
DISAGGREGATIONS = (
    "เพศ",
    "อายุ/กลุ่มอายุ",
    "สถานภาพสมรส",
    "ศาสนา",
    "ระดับการศึกษา",
    "อาชีพ",
    "สถานภาพการทำงาน",
    "อุตสาหกรรม/ประเภทกิจการ",
    "รายได้",
    "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
    "ผลิตภัณฑ์",
)


def _choice(table: dict[Any, str], value: str, label: str) -> tuple[str, str]:
    """(schema value, text for ``<field>_other``)."""
    if value in table:
        return table[value], ""
    return OTHER, label


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.replace(";", ",").split(",") if w.strip()]


def _multiple(values: list[str], choices: dict[str, str]) -> tuple[list[str], str]:
    """Schema values for a multiple-choice field; unknown values go to "อื่นๆ" and ``_other``."""
    known: list[str] = []
    others: list[str] = []
    for value in values:
        match = choices.get(value.casefold())
        if match is None:
            others.append(value)
        elif match not in known:
            known.append(match)
    if others:
        known.append(OTHER)
    return known, ", ".join(others)


_FORMAT_CHOICES = {f.casefold(): f for f in DATA_FORMATS} | {
    k.casefold(): v for k, v in _FORMAT_ALIASES.items()
}
_DISAGGREGATION_CHOICES = {d.casefold(): d for d in DISAGGREGATIONS}
_OBJECTIVE_CHOICES = {str(k).casefold(): v for k, v in OBJECTIVES.items()} | {
    v.casefold(): v for v in OBJECTIVES.values()
}


def _multiplier(power: int) -> tuple[str, str]:
    if 0 <= power < len(MULTIPLIERS):
        return MULTIPLIERS[power], ""
    return OTHER, f"10^{power}"


def _be_year(year: int | None) -> str:
    return str(year + 543) if year else ""


def gd_fields(dataset: Dataset) -> dict[str, Any]:
    """The GD Catalog keys of ``dataset`` (flat, as ckanext-scheming returns them)."""
    unit, unit_other = _choice(
        UPDATE_UNITS, dataset.update_unit, str(dataset.get_update_unit_display())
    )
    if dataset.update_unit == UpdateUnit.IRREGULAR:
        unit_other = "ไม่สม่ำเสมอ"
    coverage, coverage_other = _choice(
        GEO_COVERAGE, dataset.coverage_level, str(dataset.get_coverage_level_display())
    )
    objectives, objective_other = _multiple(
        [str(o) for o in dataset.objectives or []], _OBJECTIVE_CHOICES
    )
    formats, format_other = _multiple(_words(dataset.data_format), _FORMAT_CHOICES)
    disaggregations, disaggregation_other = _multiple(
        _words(dataset.disaggregation), _DISAGGREGATION_CHOICES
    )
    multiplier, multiplier_other = _multiplier(dataset.unit_multiplier)
    area = dataset.coverage_area
    return {
        "data_type": DATA_TYPES.get(DataType(dataset.data_type), OTHER),
        "objective": objectives,
        "objective_other": objective_other,
        "update_frequency_unit": unit,
        "update_frequency_unit_other": unit_other,
        "update_frequency_interval": str(dataset.update_interval),
        "geo_coverage": coverage,
        "geo_coverage_other": coverage_other,
        "geo_coverage_area_code": area.code if area else "",
        "geo_coverage_area_name": area.name_th if area else "",
        "data_source": dataset.source,
        "data_source_type": dataset.source_type,
        "data_format": formats,
        "data_format_other": format_other,
        "data_category": DATA_CATEGORIES.get(AccessCategory(dataset.access), OTHER),
        "data_classification": dataset.classification,
        "accessible_condition": dataset.access_conditions,
        "data_language": LANGUAGES.get(Language(dataset.language), [OTHER]),
        "created_date": dataset.issued.isoformat() if dataset.issued else "",
        "last_updated_date": dataset.modified.isoformat() if dataset.modified else "",
        "data_release_calendar": dataset.release_calendar,
        "first_year_of_data": _be_year(dataset.first_year),
        "last_year_of_data": _be_year(dataset.last_year),
        "disaggregate": disaggregations,
        "disaggregate_other": disaggregation_other,
        "unit_of_measure": dataset.unit_of_measure,
        "unit_of_multiplier": multiplier,
        "unit_of_multiplier_other": multiplier_other,
        "calculation_method": dataset.calculation,
        "standard": dataset.standard,
        "official_statistics": "True" if dataset.official else "False",
        "contact": dataset.contact,
        **{field: getattr(dataset, field) for field in Dataset.QUALITY_FIELDS},
    }
