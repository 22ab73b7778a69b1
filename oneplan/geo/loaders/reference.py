"""OnePlan's reference geography: DOPA areas from ``geothai``; regions and groups of its own."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from oneplan.geo.choices import AreaLevel
from oneplan.geo.loaders.engine import LoadSummary, ensure_country, load_areas
from oneplan.geo.loaders.readers import AreaRow
from oneplan.geo.memberships import join
from oneplan.geo.models import Area

GROUPS_FILE = Path(__file__).resolve().parent.parent / "data" / "groups_2017.json"


def geothai_rows() -> list[AreaRow]:
    """Every province, district and subdistrict of the ``geothai`` package as loader rows."""
    import geothai

    rows: list[AreaRow] = []
    for p in geothai.provinces():
        rows.append(AreaRow(len(rows) + 1, p.code, p.name_th, p.name_en))
        for d in geothai.districts(p.code):
            rows.append(AreaRow(len(rows) + 1, d.code, d.name_th, d.name_en))
            for s in geothai.subdistricts(d.code):
                postal = " ".join(s.postal_codes)
                rows.append(
                    AreaRow(len(rows) + 1, s.code, s.name_th, s.name_en, postal_codes=postal)
                )
    return rows


@dataclass
class GroupsSummary:
    areas: LoadSummary
    links_created: int


def load_groups(path: Path = GROUPS_FILE, user: AbstractBaseUser | None = None) -> GroupsSummary:
    """Regions, province groups and their effective-dated memberships from OnePlan's data file."""
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    valid_from = dt.date.fromisoformat(doc["valid_from"])
    rows: list[AreaRow] = []
    for region in doc["regions"]:
        rows.append(
            AreaRow(
                len(rows) + 1,
                region["code"],
                region["name_th"],
                region["name_en"],
                level=AreaLevel.REGION,
            )
        )
        for group in region["groups"]:
            rows.append(
                AreaRow(
                    len(rows) + 1,
                    group["code"],
                    group["name_th"],
                    group["name_en"],
                    level=AreaLevel.PROVINCE_GROUP,
                )
            )
    created = 0
    with transaction.atomic():
        summary = load_areas(path.name, rows, user=user, reason=doc["source"])
        areas = {
            a.code: a
            for a in Area.objects.filter(
                level__in=[AreaLevel.REGION, AreaLevel.PROVINCE_GROUP, AreaLevel.PROVINCE]
            )
        }
        for region in doc["regions"]:
            for group in region["groups"]:
                created += join(
                    areas[group["code"]], areas[region["code"]], valid_from, doc["source"], user
                )
                for code in group["provinces"]:
                    created += join(
                        areas[code], areas[group["code"]], valid_from, doc["source"], user
                    )
    return GroupsSummary(summary, created)


def load_reference(user: AbstractBaseUser | None = None) -> tuple[LoadSummary, GroupsSummary]:
    """Load (or bring up to date) the whole reference geography; safe to run again."""
    with transaction.atomic():
        ensure_country(user)
        areas = load_areas("geothai", geothai_rows(), user=user, reason="geothai registry package")
        groups = load_groups(user=user)
    return areas, groups
