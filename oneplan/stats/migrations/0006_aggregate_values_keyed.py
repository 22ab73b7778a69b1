"""Aggregate values keyed by indicator, area, period and categories (no id column), without
database-level foreign keys. Django cannot change a table's primary key in place, so the table
is made anew: aggregates are derived, and ``oneplan refresh-aggregates`` rebuilds them.

On SQLite the table is stored WITHOUT ROWID, as the B-tree of its key: a row is written once
instead of into the table and again into the key's index. (Django cannot say so itself; a
migration that remakes the table must keep it, which ``test_fast_paths`` checks.)"""

import django.db.models.deletion
from django.db import migrations, models


def mark_stale(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The aggregates are gone until the next refresh: say so on every indicator."""
    apps.get_model("stats", "Freshness").objects.update(refreshed=None, rows=0)


def without_rowid(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "sqlite":
        return
    model = apps.get_model("stats", "AggregateValue")
    sql, params = schema_editor.table_sql(model)
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(model._meta.db_table)}")
    schema_editor.execute(f"{sql} WITHOUT ROWID", params)


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0001_initial"),
        ("stats", "0005_entry_locks"),
    ]

    operations = [
        migrations.DeleteModel(name="AggregateValue"),
        migrations.CreateModel(
            name="AggregateValue",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "indicator",
                        "area",
                        "period",
                        "disaggregation",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aggregates",
                        to="stats.indicator",
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aggregates",
                        to="geo.area",
                    ),
                ),
                ("period", models.CharField(max_length=16, verbose_name="period")),
                ("start", models.DateField(verbose_name="period start")),
                ("disaggregation", models.CharField(blank=True, default="", max_length=100)),
                ("value", models.FloatField(null=True, verbose_name="value")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="values used")),
                (
                    "expected",
                    models.PositiveIntegerField(default=0, verbose_name="values expected"),
                ),
            ],
            options={
                "verbose_name": "aggregate value",
                "verbose_name_plural": "aggregate values",
            },
        ),
        migrations.RunPython(without_rowid, migrations.RunPython.noop),
        migrations.RunPython(mark_stale, migrations.RunPython.noop),
    ]
