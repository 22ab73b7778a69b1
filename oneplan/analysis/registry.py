"""The NESDC sector set and the registry's positioning measures, created where missing: by the
migration on every installation, and again by the demo (a flushed test database loses rows a
migration wrote). Takes the model classes so the migration can pass its historical ones."""

from __future__ import annotations

from typing import Any

from oneplan.analysis.choices import NESDC_SECTORS, SECTOR_INDICATORS, SECTOR_SET


def ensure_sector_registry(category_set: Any, category: Any, indicator: Any) -> None:
    sectors, _ = category_set.objects.get_or_create(
        code=SECTOR_SET,
        defaults={"name_th": "สาขาการผลิต (สศช. 19 สาขา)", "name_en": "Economic sector (NESDC, 19)"},
    )
    for position, (code, name_th, name_en) in enumerate(NESDC_SECTORS):
        category.objects.get_or_create(
            category_set=sectors,
            code=code,
            defaults={"name_th": name_th, "name_en": name_en, "position": position},
        )
    for code, name_th, name_en, unit, power in SECTOR_INDICATORS:
        found, created = indicator.objects.get_or_create(
            code=code,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "unit": unit,
                "unit_multiplier": power,
                "decimals": 0,
                "frequency": "year",
                "aggregation": "sum",
                "min_area_level": "province",
                "official": True,
            },
        )
        if created:
            found.category_sets.add(sectors)
