"""The demo's data: the Nonthaburi indicators' settings, a catalogue of datasets and sample values,
loaded through the same importer users run, so the scorecard shows every KPI status."""

from __future__ import annotations

import csv
import json
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from oneplan.exchange.mapping import parse_mapping
from oneplan.orgs.models import Agency
from oneplan.stats.loading import load_file
from oneplan.stats.models import Dataset, DatasetIndicator, Indicator, Observation, Resource

CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue.json"
DATASET_FIELDS = (
    "name_th",
    "name_en",
    "source",
    "source_type",
    "official",
    "update_unit",
    "coverage_level",
    "tags",
    "objectives",
    "quality_timeliness",
)


def load_data() -> None:
    """Indicators' settings, datasets and values; running it again changes nothing."""
    spec = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    for indicator in Indicator.objects.filter(code__in=spec["indicators"]):
        for name, value in spec["indicators"][indicator.code].items():
            setattr(indicator, name, value)
        indicator.save()
    for entry in spec["datasets"]:
        _dataset(entry, spec["note"])
    by_dataset: dict[str, list[tuple[str, str, str, Any]]] = defaultdict(list)
    for dataset, indicator, area, values in spec["values"]:
        for period, value in values.items():
            by_dataset[dataset].append((indicator, area, period, value))
    for dataset, rows in by_dataset.items():
        if not Observation.objects.filter(dataset__code=dataset).exists():
            _load(dataset, rows)
    # Deadlines last: the sample history predates them and would be refused as locked.
    for entry in spec["datasets"]:
        if "entry_expiry_days" in entry:
            Dataset.objects.filter(code=entry["code"]).update(
                entry_expiry_days=entry["entry_expiry_days"]
            )


def _dataset(entry: dict[str, Any], note: str) -> Dataset:
    fields = {k: entry[k] for k in DATASET_FIELDS if k in entry}
    dataset, _ = Dataset.objects.update_or_create(
        code=entry["code"],
        defaults=fields | {"owner": Agency.objects.get(code=entry["owner"]), "description": note},
    )
    for indicator, frequency, level in entry["provides"]:
        DatasetIndicator.objects.update_or_create(
            dataset=dataset,
            indicator=Indicator.objects.get(code=indicator),
            defaults={"frequency": frequency, "min_area_level": level},
        )
    for position, res in enumerate(entry.get("resources", []), start=1):
        Resource.objects.update_or_create(
            dataset=dataset,
            name=res["name"],
            defaults={"url": res["url"], "resource_format": res["format"], "position": position},
        )
    return dataset


def _load(dataset: str, rows: list[tuple[str, str, str, Any]]) -> None:
    """Write the values as a CSV with Thai headers and load it like any user's file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{dataset}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"])
            writer.writerows(rows)
        load_file(path, parse_mapping({"dataset": dataset}, "demo"))
