"""oneplan reindex-search: make every stored search text again with today's segmentation."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from oneplan.core.search import reindex


class Command(BaseCommand):
    help = (
        "Rebuild the segmented search text of every searchable record (areas, agencies, "
        "indicators, datasets, plan elements, projects, ...), e.g. after an upgrade changed how "
        "Thai text is segmented. Records whose text is current are not written."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for label, (seen, changed) in reindex().items():
            self.stdout.write(f"{label}: {seen:,} records, {changed:,} changed")
