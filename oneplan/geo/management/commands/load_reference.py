"""oneplan load-reference: the country's areas from geothai and OnePlan's regions and groups."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from oneplan.core.cli import print_table
from oneplan.geo.choices import AreaLevel
from oneplan.geo.loaders.reference import load_reference


class Command(BaseCommand):
    help = (
        "Load or update the reference geography (77 provinces, 928 districts, 7,436 "
        "subdistricts, 6 regions, 18 province groups). Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        areas, groups = load_reference()
        rows = []
        for summary in (areas, groups.areas):
            for lv in summary.levels():
                rows.append(
                    [
                        str(AreaLevel(lv).label),
                        str(summary.created[lv]),
                        str(summary.updated[lv]),
                        str(summary.unchanged[lv]),
                    ]
                )
        print_table(self, "reference geography", ["level", "created", "updated", "unchanged"], rows)
        self.stdout.write(f"group and region memberships created: {groups.links_created}")
