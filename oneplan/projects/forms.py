"""The project form: what the page shows and what it sends to ``editing.read_project``.

Everything is kept as typed. ``ProjectForm.sent`` turns it into the dict the domain reader
takes; the reader's problems (``funding[2].amount_requested``) come back to the row and cell
they concern. Blank rows are not sent, so the reader's row numbers are mapped back to the
rows on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict

from oneplan import permissions
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area, province_codes_in
from oneplan.orgs.choices import AgencyKind
from oneplan.orgs.models import Agency
from oneplan.plans.choices import ElementKind
from oneplan.plans.models import Plan, PlanElement, PlanIndicator
from oneplan.projects.choices import Channel, OutputKind
from oneplan.projects.models import Project
from oneplan.valuechains.models import SuccessFactor

BLANK_ROWS = 3
ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "funding": ("source", "agency", "fiscal_year", "amount_requested"),
    "outputs": ("kind", "name_th", "unit", "target"),
    "tags": ("framework", "code"),
}
# Fields whose default (a select's first choice) does not make a row filled in.
DEFAULTED = frozenset({"kind"})
TEXT_FIELDS = (
    "title",
    "description",
    "fiscal_year",
    "last_year",
    "area",
    "channel",
    "agency",
    "locations",
    "factor",
    "origin",
    "origin_level",
    "beneficiaries",
)
MULTI_FIELDS = ("elements", "addresses")
CHECKS = ("land_ready", "design_ready")
ELEMENT_KINDS = (ElementKind.ISSUE, ElementKind.GOAL, ElementKind.APPROACH)
LIST_LEVELS = (AreaLevel.PROVINCE, AreaLevel.PROVINCE_GROUP)
BUDGET_HOLDER_KINDS = (AgencyKind.MINISTRY, AgencyKind.DEPARTMENT)
ROW_KEY = re.compile(r"^(funding|outputs|tags)\[(\d+)\](?:\.(\w+))?$")


def amount_text(value: Decimal | int | None) -> str:
    """An amount as people type it: thousands separators, decimals only when there are any."""
    if value is None:
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def be_text(year: int | None) -> str:
    return str(year + 543) if year else ""


@dataclass
class Row:
    """One repeated row (a funding line, an output, a tag) as typed, with its problems."""

    number: int
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def blank(self) -> bool:
        return not any(v.strip() for k, v in self.values.items() if k not in DEFAULTED)


@dataclass
class ProjectForm:
    values: dict[str, str] = field(default_factory=dict)
    chosen: dict[str, set[str]] = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    # Problems naming no field on the page (shown above the form).
    general: list[str] = field(default_factory=list)
    # The reader's row number -> the page's row number, per kind of row.
    sent_rows: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def initial(cls, project: Project | None, area: Area | None = None) -> ProjectForm:
        """The form for a new project (in ``area``) or filled from ``project``."""
        form = cls()
        if project is None:
            form.values = dict.fromkeys(TEXT_FIELDS, "")
            form.values["channel"] = Channel.PROVINCE
            form.values["area"] = area.code if area else ""
            form.chosen = {name: set() for name in MULTI_FIELDS}
            form.checks = dict.fromkeys(CHECKS, False)
            form.rows = {kind: [] for kind in ROW_FIELDS}
        else:
            form.values = {
                "title": project.name_th,
                "description": project.description,
                "fiscal_year": be_text(project.fiscal_year),
                "last_year": be_text(project.last_year),
                "area": project.area.code,
                "channel": project.channel,
                "agency": project.agency.code if project.agency else "",
                "locations": " ".join(a.code for a in project.locations.all()),
                "factor": str(project.factor_id or ""),
                "origin": str(project.origin_id or ""),
                "origin_level": project.origin_level,
                "beneficiaries": amount_text(project.beneficiaries),
            }
            form.chosen = {
                "elements": {str(pk) for pk in project.elements.values_list("pk", flat=True)},
                "addresses": {str(pk) for pk in project.addresses.values_list("pk", flat=True)},
            }
            form.checks = {"land_ready": project.land_ready, "design_ready": project.design_ready}
            form.rows = {kind: _saved_rows(project, kind) for kind in ROW_FIELDS}
        for kind, rows in form.rows.items():
            start = len(rows)
            rows.extend(_blank_row(kind, start + i) for i in range(1, BLANK_ROWS + 1))
        return form

    @classmethod
    def from_post(cls, post: QueryDict) -> ProjectForm:
        """The form as submitted (every row kept, blank ones too)."""
        form = cls(
            values={name: post.get(name, "").strip() for name in TEXT_FIELDS},
            chosen={name: set(post.getlist(name)) for name in MULTI_FIELDS},
            checks={name: name in post for name in CHECKS},
        )
        for kind, names in ROW_FIELDS.items():
            count = _int(post.get(f"{kind}-rows"), 0)
            rows = [
                Row(n, {name: post.get(f"{kind}-{n}-{name}", "").strip() for name in names})
                for n in range(1, count + 1)
            ]
            form.rows[kind] = rows
            if sum(1 for r in rows if r.blank) < 1:
                rows.append(_blank_row(kind, len(rows) + 1))
        return form

    def sent(self) -> dict[str, Any]:
        """The submission for ``editing.read_project`` (blank rows left out)."""
        data: dict[str, Any] = {name: self.values.get(name, "") for name in TEXT_FIELDS}
        data["locations"] = [c for c in re.split(r"[\s,;]+", data["locations"]) if c]
        for name in MULTI_FIELDS:
            data[name] = sorted(self.chosen.get(name, set()))
        for name in CHECKS:
            data[name] = self.checks.get(name, False)
        for kind in ROW_FIELDS:
            filled = [r for r in self.rows.get(kind, []) if not r.blank]
            self.sent_rows[kind] = {i: r.number for i, r in enumerate(filled, start=1)}
            data[kind] = [dict(r.values) for r in filled]
        return data

    def take_problems(self, problems: dict[str, list[str]]) -> None:
        """Put each problem next to its field or cell; keys without one go above the form."""
        for key, messages in problems.items():
            key = "title" if key == "name_th" else key
            match = ROW_KEY.match(key)
            if match:
                kind, number, name = match.group(1), int(match.group(2)), match.group(3) or ""
                shown = self.sent_rows.get(kind, {}).get(number, number)
                row = next((r for r in self.rows[kind] if r.number == shown), None)
                if row is not None:
                    row.errors.setdefault(name or "row", []).extend(messages)
                    continue
            if key in self.values or key in self.chosen or key in CHECKS or key in ROW_FIELDS:
                self.errors.setdefault(key, []).extend(messages)
            else:
                self.general.extend(messages)

    @property
    def has_problems(self) -> bool:
        return bool(
            self.errors
            or self.general
            or any(r.errors for rows in self.rows.values() for r in rows)
        )


def _int(text: str | None, default: int) -> int:
    try:
        return max(0, min(int(text or ""), 200))
    except ValueError:
        return default


def _blank_row(kind: str, number: int) -> Row:
    values = dict.fromkeys(ROW_FIELDS[kind], "")
    if kind == "outputs":
        values["kind"] = OutputKind.OUTPUT
    return Row(number, values)


def _saved_rows(project: Project, kind: str) -> list[Row]:
    if kind == "funding":
        return [
            Row(
                n,
                {
                    "source": line.source,
                    "agency": line.agency.code if line.agency else "",
                    "fiscal_year": be_text(line.fiscal_year),
                    "amount_requested": amount_text(line.amount_requested),
                },
            )
            for n, line in enumerate(project.funding.select_related("agency"), start=1)
        ]
    if kind == "outputs":
        return [
            Row(
                n,
                {
                    "kind": o.kind,
                    "name_th": o.name_th,
                    "unit": o.unit,
                    "target": amount_text(o.target),
                },
            )
            for n, o in enumerate(project.outputs.all(), start=1)
        ]
    return [
        Row(n, {"framework": t.framework, "code": t.code})
        for n, t in enumerate(project.tags.all(), start=1)
    ]


# What the selects offer ------------------------------------------------------------------


def record_targets(user: permissions.UserLike) -> list[Area]:
    """The provinces and groups whose projects ``user`` may record."""
    if not user.is_authenticated:
        return []
    memberships = permissions.memberships(user)
    if permissions.is_admin(user) or any(m.scope is None for m in memberships):
        candidates = list(Area.objects.filter(level__in=LIST_LEVELS).order_by("level", "code"))
    else:
        scopes = {m.scope.pk: m.scope for m in memberships if isinstance(m.scope, Area)}
        candidates = sorted(
            (a for a in scopes.values() if a.level in LIST_LEVELS), key=lambda a: a.code
        )
        groups = Area.objects.filter(
            level=AreaLevel.PROVINCE_GROUP, members__member__in=[a.pk for a in candidates]
        )
        provinces = Area.objects.filter(
            level=AreaLevel.PROVINCE,
            memberships__container__in=[a.pk for a in candidates],
        )
        known = {a.pk for a in candidates}
        candidates += [a for a in [*groups, *provinces] if a.pk not in known]
    return [a for a in candidates if permissions.can(user, "change", Project(area=a))]


def current_editions(area: Area) -> list[int]:
    """The edition of each of ``area``'s plans that others align to."""
    found = []
    for plan in Plan.objects.filter(area=area):
        edition = plan.current_edition()
        if edition is not None:
            found.append(edition.pk)
    return found


@dataclass
class Choices:
    elements: list[PlanElement]
    factors: list[SuccessFactor]
    indicators: list[PlanIndicator]
    origins: list[PlanElement]
    agencies: list[Agency]
    holders: list[Agency]


def choices_for(area: Area | None, project: Project | None) -> Choices:
    """What the selects offer for ``area``, keeping whatever ``project`` already has."""
    if area is None:
        return Choices([], [], [], [], [], [])
    editions = current_editions(area)

    def kept(relation: str) -> Q:
        # What the project already points at stays on offer (e.g. an older edition's element).
        return Q(**{relation: project.pk}) if project is not None else Q(pk__in=[])

    elements = PlanElement.objects.filter(
        Q(edition__in=editions, kind__in=ELEMENT_KINDS) | kept("projects")
    )
    factors = SuccessFactor.objects.filter(Q(stage__chain__area=area) | kept("projects"))
    indicators = PlanIndicator.objects.filter(Q(element__edition__in=editions) | kept("projects"))
    origins = PlanElement.objects.filter(
        Q(kind=ElementKind.NEED, referrals__to_plan__area=area) | kept("projects_from")
    )
    codes = province_codes_in(area) if area.level != AreaLevel.PROVINCE else {area.code}
    near = Q(area=area)
    for code in codes:
        near |= Q(area__code__startswith=code)
    agencies = Agency.objects.filter(near | kept("projects"))
    return Choices(
        elements=_distinct(
            elements.select_related("edition__plan").order_by("edition", "position")
        ),
        factors=_distinct(
            factors.select_related("stage__chain").order_by("stage__chain__code", "stage__position")
        ),
        indicators=_distinct(
            indicators.select_related("indicator", "element").order_by("element__position")
        ),
        origins=_distinct(origins.select_related("edition__plan").order_by("pk")),
        agencies=_distinct(agencies.order_by("code")),
        holders=list(Agency.objects.filter(kind__in=BUDGET_HOLDER_KINDS).order_by("code")),
    )


def _distinct(qs: QuerySet[Any]) -> list[Any]:
    seen: set[int] = set()
    result = []
    for obj in qs:
        if obj.pk not in seen:
            seen.add(obj.pk)
            result.append(obj)
    return result
