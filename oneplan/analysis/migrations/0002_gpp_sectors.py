"""The NESDC 19-sector category set and the registry's positioning measures (GPP at current
prices and chain volume, employment), so GPP and employment by sector load through the
importer on a fresh install. Existing rows of the same codes are left as they are."""

from django.db import migrations

from oneplan.analysis.registry import ensure_sector_registry


def forwards(apps, schema_editor):
    ensure_sector_registry(
        apps.get_model("stats", "CategorySet"),
        apps.get_model("stats", "Category"),
        apps.get_model("stats", "Indicator"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0001_initial"),
        ("stats", "0006_aggregate_values_keyed"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
