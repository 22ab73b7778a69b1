"""Load agencies from JSON (a list, or {"agencies": [...]}) or CSV
(``code,kind,name_th,name_en[,abbreviation,parent,area,description]``): check all, then write."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan.core.importing import ImportRejected, Problem
from oneplan.core.models import set_history_user
from oneplan.geo.models import Area
from oneplan.orgs.choices import AgencyKind
from oneplan.orgs.models import Agency

FIELDS = ("code", "kind", "name_th", "name_en", "abbreviation", "parent", "area", "description")


@dataclass
class AgencySummary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)


def read_agency_file(path: Path) -> list[dict[str, Any]]:
    """Rows with their row number under ``_row``; raises ``ImportRejected`` if unreadable."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [
                Problem(
                    path.name,
                    None,
                    "",
                    _("The file is not valid UTF-8 (byte %(pos)s); save it as UTF-8.")
                    % {"pos": exc.start},
                )
            ]
        ) from exc
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportRejected([Problem(path.name, exc.lineno, "", exc.msg)]) from exc
        items = data.get("agencies", []) if isinstance(data, dict) else data
        return [{**item, "_row": i} for i, item in enumerate(items, start=1)]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("code", "kind", "name_th") if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportRejected(
            [
                Problem(
                    path.name, 1, ", ".join(missing), _("Missing columns: %s") % ", ".join(missing)
                )
            ]
        )
    return [{**row, "_row": i} for i, row in enumerate(reader, start=2)]


def load_agencies(
    file: str, rows: list[dict[str, Any]], *, user: AbstractBaseUser | None = None
) -> AgencySummary:
    """Create or update agencies (parents may come later in the file); all-or-nothing."""
    problems: list[Problem] = []
    codes = [str(r.get("code") or "").strip() for r in rows]
    known = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    area_codes = {str(r.get("area") or "").strip() for r in rows} - {""}
    areas = {a.code: a for a in Area.objects.filter(code__in=area_codes)}
    parent_codes = {str(r.get("parent") or "").strip() for r in rows} - {""}
    parents_in_db = set(Agency.objects.filter(code__in=parent_codes).values_list("code", flat=True))
    seen: dict[str, int] = {}
    for row, code in zip(rows, codes, strict=True):
        n = row["_row"]

        def bad(column: str, message: str, n: int = n) -> None:
            problems.append(Problem(file, n, column, message))

        if not code:
            bad("code", _("The code is missing."))
            continue
        if code in seen:
            bad(
                "code",
                _("Duplicate code %(code)s (first on row %(first)s).")
                % {"code": code, "first": seen[code]},
            )
        seen[code] = n
        if row.get("kind") not in AgencyKind.values:
            bad(
                "kind",
                _("Unknown kind %(kind)r; use one of %(kinds)s.")
                % {"kind": row.get("kind"), "kinds": ", ".join(AgencyKind.values)},
            )
        if not str(row.get("name_th") or "").strip():
            bad("name_th", _("The Thai name is missing."))
        parent = str(row.get("parent") or "").strip()
        if parent and parent not in codes and parent not in parents_in_db:
            bad("parent", _("No agency %(code)s in the file or the database.") % {"code": parent})
        area = str(row.get("area") or "").strip()
        if area and area not in areas:
            bad("area", _("No area %(code)s.") % {"code": area})
    if problems:
        raise ImportRejected(problems)
    summary = AgencySummary()
    with transaction.atomic():
        pending_parents: list[tuple[Agency, str]] = []
        for row, code in zip(rows, codes, strict=True):
            groups = row.get("thematic_groups")
            values = {
                "kind": row["kind"],
                "name_th": str(row["name_th"]).strip(),
                "name_en": str(row.get("name_en") or "").strip(),
                "abbreviation": str(row.get("abbreviation") or "").strip(),
                "area": areas.get(str(row.get("area") or "").strip()),
                "description": str(row.get("description") or "").strip(),
            }
            if groups and not values["description"]:
                values["description"] = "thematic groups: " + ", ".join(map(str, groups))
            agency = known.get(code)
            if agency is None:
                agency = Agency(code=code, **values)
                summary.created[values["kind"]] += 1
            elif any(getattr(agency, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(agency, k, v)
                summary.updated[values["kind"]] += 1
            else:
                summary.unchanged[values["kind"]] += 1
                pending_parents.append((agency, str(row.get("parent") or "").strip()))
                continue
            set_history_user(agency, user)
            agency.save()
            known[code] = agency
            pending_parents.append((agency, str(row.get("parent") or "").strip()))
        for agency, parent_code in pending_parents:
            parent_agency = known.get(parent_code) or (
                Agency.objects.filter(code=parent_code).first() if parent_code else None
            )
            if agency.parent_id != (parent_agency.pk if parent_agency else None):
                agency.parent = parent_agency
                set_history_user(agency, user)
                agency.save(update_fields=["parent", "last_updated"])
    return summary
