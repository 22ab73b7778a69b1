"""The NESDC 19-sector category set and the registry's positioning measures (GPP at current
prices and chain volume, employment), so GPP and employment by sector load through the
importer on a fresh install. Existing rows of the same codes are left as they are."""

from django.db import migrations

from oneplan.analysis.choices import NESDC_SECTORS, SECTOR_INDICATORS, SECTOR_SET


def forwards(apps, schema_editor):
    CategorySet = apps.get_model("stats", "CategorySet")
    Category = apps.get_model("stats", "Category")
    Indicator = apps.get_model("stats", "Indicator")
    sectors, _ = CategorySet.objects.get_or_create(
        code=SECTOR_SET,
        defaults={"name_th": "สาขาการผลิต (สศช. 19 สาขา)", "name_en": "Economic sector (NESDC, 19)"},
    )
    for position, (code, name_th, name_en) in enumerate(NESDC_SECTORS):
        Category.objects.get_or_create(
            category_set=sectors,
            code=code,
            defaults={"name_th": name_th, "name_en": name_en, "position": position},
        )
    for code, name_th, name_en, unit, power in SECTOR_INDICATORS:
        indicator, created = Indicator.objects.get_or_create(
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
            indicator.category_sets.add(sectors)


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0001_initial"),
        ("stats", "0006_aggregate_values_keyed"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
