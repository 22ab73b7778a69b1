"""Check area rows against each other and the database, then write them in one transaction."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from oneplan.core.importing import ImportRejected, Problem
from oneplan.core.models import set_history_user
from oneplan.geo.choices import COUNTRY_CODE, DOPA_CODE_LENGTHS, DOPA_PARENT_LENGTH, AreaLevel
from oneplan.geo.loaders.readers import AreaRow, BoundaryRow
from oneplan.geo.models import Area, area_code_problems

THAI_LETTERS = re.compile(r"[\u0e01-\u0e5b]")
# UTF-8 Thai read as Latin-1/cp1252 shows up as "à¸..." sequences.
MOJIBAKE = re.compile(r"à[¸¹º]|Ã|\ufffd")
UPDATABLE_FIELDS = (
    "name_th",
    "name_en",
    "level",
    "parent",
    "postal_codes",
    "search_text",
    "last_updated",
)
LEVEL_ORDER = {level: i for i, level in enumerate(AreaLevel.values)}


@cache
def dopa_province_codes() -> frozenset[str]:
    """The 77 province codes of the Interior Ministry, from the ``geothai`` registry package."""
    import geothai

    return frozenset(p.code for p in geothai.provinces())


@dataclass
class LoadSummary:
    """Counts per level of what a load did (or would do, on a dry run)."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def levels(self) -> list[str]:
        seen = set(self.created) | set(self.updated) | set(self.unchanged)
        return sorted(seen, key=lambda lv: LEVEL_ORDER.get(lv, 99))

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


@dataclass
class _Checked:
    row: AreaRow
    level: str
    parent_code: str


def check_rows(file: str, rows: Sequence[AreaRow]) -> tuple[list[_Checked], list[Problem]]:
    """Every problem in ``rows`` at once: codes, levels, names, encodings, parents, duplicates."""
    problems: list[Problem] = []
    checked: list[_Checked] = []
    first_seen: dict[str, int] = {}

    def problem(row: AreaRow, column: str, message: str) -> None:
        problems.append(Problem(file, row.row, column, message))

    for row in rows:
        ok = True
        if not row.code:
            problem(row, "code", _("The code is missing."))
            continue
        if row.code in first_seen:
            problem(
                row,
                "code",
                _("Duplicate code %(code)s (first on row %(first)s).")
                % {"code": row.code, "first": first_seen[row.code]},
            )
            continue
        first_seen[row.code] = row.row
        level = row.level or (
            DOPA_CODE_LENGTHS.get(len(row.code), "") if row.code.isdigit() else ""
        )
        if row.level and row.level not in AreaLevel.values:
            problem(
                row,
                "level",
                _("Unknown level %(level)s; use one of %(levels)s.")
                % {"level": row.level, "levels": ", ".join(AreaLevel.values)},
            )
            ok = False
        elif not level:
            problem(
                row,
                "code",
                _(
                    "Cannot tell the level of code %(code)s: DOPA codes have 2, 4, 6 or 8 "
                    "digits; for other areas add a level column."
                )
                % {"code": row.code},
            )
            ok = False
        else:
            for message in area_code_problems(row.code, level):
                problem(row, "code", f"{row.code}: {message}")
                ok = False
        if ok and level == AreaLevel.PROVINCE and row.code not in dopa_province_codes():
            problem(
                row,
                "code",
                _("%(code)s is not a province code in the Interior Ministry (DOPA) list.")
                % {"code": row.code},
            )
            ok = False
        for column in ("name_th", "name_en"):
            value = getattr(row, column)
            if MOJIBAKE.search(value):
                problem(
                    row,
                    column,
                    _(
                        "%(value)r looks garbled: the file was probably saved in another "
                        "encoding. Save it as UTF-8."
                    )
                    % {"value": value},
                )
                ok = False
        if not row.name_th:
            problem(row, "name_th", _("The Thai name is missing."))
            ok = False
        elif not THAI_LETTERS.search(row.name_th) and not MOJIBAKE.search(row.name_th):
            problem(
                row,
                "name_th",
                _("%(value)r has no Thai letters.") % {"value": row.name_th},
            )
            ok = False
        parent_code = _parent_code(row, level)
        if level in DOPA_PARENT_LENGTH and row.parent_code and row.parent_code != parent_code:
            problem(
                row,
                "parent_code",
                _("The parent of %(code)s is %(expected)s by its code, not %(given)s.")
                % {"code": row.code, "expected": parent_code, "given": row.parent_code},
            )
            ok = False
        if level == AreaLevel.LOCAL_GOVERNMENT and not parent_code:
            problem(
                row,
                "parent_code",
                _("A local government needs a parent_code (its district or province)."),
            )
            ok = False
        if ok:
            checked.append(_Checked(row, level, parent_code))

    # Parents must exist in the file or the database.
    in_file = {c.row.code for c in checked}
    wanted = {c.parent_code for c in checked if c.parent_code and c.parent_code not in in_file}
    in_db = set(Area.objects.filter(code__in=wanted).values_list("code", flat=True))
    in_db.add(COUNTRY_CODE)  # load_areas creates the country first (ensure_country)
    valid: list[_Checked] = []
    rejected_codes = set(first_seen) - in_file
    for item in checked:
        pc = item.parent_code
        if pc and pc not in in_file and pc not in in_db:
            why = (
                _("its parent %(parent)s was rejected above")
                if pc in rejected_codes
                else _("no area %(parent)s in the file or the database")
            ) % {"parent": pc}
            problem(
                item.row,
                "code",
                _("%(code)s has no parent: %(why)s.") % {"code": item.row.code, "why": why},
            )
            continue
        valid.append(item)
    return valid, problems


def _parent_code(row: AreaRow, level: str) -> str:
    if level in DOPA_PARENT_LENGTH:
        return row.code[: DOPA_PARENT_LENGTH[AreaLevel(level)]]
    if level in (AreaLevel.PROVINCE, AreaLevel.REGION, AreaLevel.PROVINCE_GROUP):
        return COUNTRY_CODE
    if level == AreaLevel.COUNTRY:
        return ""
    return row.parent_code


def ensure_country(user: AbstractBaseUser | None = None) -> Area:
    """The single country area every province, region and group hangs from."""
    country = Area.objects.filter(code=COUNTRY_CODE).first()
    if country is None:
        country = Area(
            code=COUNTRY_CODE, level=AreaLevel.COUNTRY, name_th="ประเทศไทย", name_en="Thailand"
        )
        set_history_user(country, user)
        country.save()
    return country


def load_areas(
    file: str,
    rows: Sequence[AreaRow],
    *,
    dry_run: bool = False,
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> LoadSummary:
    """Check ``rows``; if all is well, create or update the areas (parents first) atomically.

    Raises ``ImportRejected`` with every problem, writing nothing, when any row is wrong.
    Loading the same rows twice changes nothing the second time.
    """
    checked, problems = check_rows(file, rows)
    if problems:
        raise ImportRejected(problems)
    summary = LoadSummary()
    checked.sort(key=lambda c: (LEVEL_ORDER[c.level], c.row.code))
    now = timezone.now()
    with transaction.atomic():
        ensure_country(user)
        codes = [c.row.code for c in checked] + [c.parent_code for c in checked if c.parent_code]
        existing: dict[str, Area] = {}
        for start in range(0, len(codes), 900):
            for area in Area.objects.filter(code__in=codes[start : start + 900]):
                existing[area.code] = area
        by_level: dict[str, list[_Checked]] = defaultdict(list)
        for item in checked:
            by_level[item.level].append(item)
        for level in sorted(by_level, key=LEVEL_ORDER.__getitem__):
            to_create: list[Area] = []
            to_update: list[Area] = []
            for item in by_level[level]:
                parent = existing.get(item.parent_code) if item.parent_code else None
                values: dict[str, Any] = {
                    "name_th": item.row.name_th,
                    "name_en": item.row.name_en,
                    "level": item.level,
                    "parent_id": parent.pk if parent else None,
                    "postal_codes": item.row.postal_codes,
                }
                found = existing.get(item.row.code)
                if found is None:
                    area = Area(code=item.row.code, **values)
                    area.search_text = area.build_search_text()
                    to_create.append(area)
                    summary.created[level] += 1
                elif any(getattr(found, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(found, k, v)
                    found.search_text = found.build_search_text()
                    found.last_updated = now
                    to_update.append(found)
                    summary.updated[level] += 1
                else:
                    summary.unchanged[level] += 1
            if dry_run:
                continue
            if to_create:
                created = bulk_create_with_history(
                    to_create,
                    Area,
                    batch_size=500,
                    default_user=user,
                    default_change_reason=reason,
                )
                # Some backends do not return primary keys from bulk inserts; read them back.
                if any(a.pk is None for a in created):
                    fresh = Area.objects.filter(code__in=[a.code for a in to_create])
                    created = list(fresh)
                for area in created:
                    existing[area.code] = area
            if to_update:
                bulk_update_with_history(
                    to_update,
                    Area,
                    fields=list(UPDATABLE_FIELDS),
                    batch_size=500,
                    default_user=user,
                    default_change_reason=reason,
                )
        if dry_run:
            transaction.set_rollback(True)
    return summary


def load_boundaries(
    file: str,
    rows: Sequence[BoundaryRow],
    *,
    dry_run: bool = False,
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> LoadSummary:
    """Attach GeoJSON geometries to existing areas; every code must already be known."""
    problems: list[Problem] = []
    found = {a.code: a for a in Area.objects.filter(code__in=[r.code for r in rows])}
    seen: dict[str, int] = {}
    summary = LoadSummary()
    to_update: list[Area] = []
    for row in rows:
        if row.code in seen:
            problems.append(
                Problem(
                    file,
                    row.row,
                    "properties",
                    _("Duplicate code %(code)s (first on feature %(first)s).")
                    % {"code": row.code, "first": seen[row.code]},
                )
            )
            continue
        seen[row.code] = row.row
        area = found.get(row.code)
        if area is None:
            problems.append(
                Problem(
                    file,
                    row.row,
                    "properties",
                    _("No area with code %(code)s; load the areas first.") % {"code": row.code},
                )
            )
            continue
        if area.boundary == row.geometry:
            summary.unchanged[area.level] += 1
        else:
            area.boundary = row.geometry
            area.last_updated = timezone.now()
            to_update.append(area)
            summary.updated[area.level] += 1
    if problems:
        raise ImportRejected(problems)
    if not dry_run and to_update:
        with transaction.atomic():
            bulk_update_with_history(
                to_update,
                Area,
                fields=["boundary", "last_updated"],
                batch_size=100,
                default_user=user,
                default_change_reason=reason,
            )
    return summary


def load_file(path: Path, **kwargs: Any) -> LoadSummary:
    """Read ``path`` (areas or boundaries) and load it; raises ``ImportRejected`` on problems."""
    from oneplan.geo.loaders.readers import read_area_file

    encoding = kwargs.pop("encoding", "utf-8-sig")
    result = read_area_file(path, encoding=encoding)
    if result.problems:
        raise ImportRejected(result.problems)
    if result.boundaries:
        return load_boundaries(path.name, result.boundaries, **kwargs)
    return load_areas(path.name, result.rows, **kwargs)
