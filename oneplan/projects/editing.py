"""Recording a project: one reader for what people type (codes, Buddhist-Era years, amounts
with separators) and one saver, used by the page and the API alike.

``read_project`` turns a dict of typed values into model values and a problem per field
(``funding[2].amount_requested``); ``save_project`` checks permission, saves the project
with its funding lines, outputs, tags and links in one transaction, or nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.models import set_history_user
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area, AreaMembership
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thainum import NumberError, parse_number
from oneplan.lib.thaiparse import parse_fiscal_year
from oneplan.orgs.models import Agency
from oneplan.plans.models import PlanElement, PlanIndicator
from oneplan.projects.choices import Channel, Framework, FundingSource, OriginLevel, OutputKind
from oneplan.projects.models import AlignmentTag, FundingLine, Project, ProjectOutput
from oneplan.stats.models import Indicator
from oneplan.valuechains.models import SuccessFactor

LIST_AREAS = (AreaLevel.PROVINCE, AreaLevel.PROVINCE_GROUP)
SCALARS = ("description", "name_en", "land_ready", "design_ready")


@dataclass
class ProjectInput:
    """Model values read from a submission; only the keys present are changed."""

    fields: dict[str, Any] = field(default_factory=dict)
    relations: dict[str, list[Any]] = field(default_factory=dict)
    funding: list[FundingLine] | None = None
    outputs: list[ProjectOutput] | None = None
    tags: list[AlignmentTag] | None = None
    problems: dict[str, list[str]] = field(default_factory=dict)

    def problem(self, key: str, message: str) -> None:
        self.problems.setdefault(key, []).append(message)


def _year(value: Any, key: str, read: ProjectInput) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    try:
        return parse_fiscal_year(text)
    except ThaiDateError as exc:
        read.problem(key, str(exc))
        return None


def _amount(value: Any, key: str, read: ProjectInput, *, required: bool = True) -> Decimal | None:
    try:
        number = parse_number(value)
    except NumberError:
        read.problem(key, _("%(value)s is not an amount.") % {"value": value})
        return None
    if number is None:
        if required:
            read.problem(key, _("Give the amount."))
        return None
    if number < 0:
        read.problem(key, _("An amount cannot be negative."))
        return None
    return number


def _choice(value: Any, choices: Any, key: str, read: ProjectInput) -> str:
    text = str(value or "").strip()
    if text not in choices.values:
        read.problem(
            key,
            _("%(value)s is not one of %(allowed)s.")
            % {"value": text or _("nothing"), "allowed": ", ".join(choices.values)},
        )
    return text


def _by_code(model: Any, code: Any, key: str, read: ProjectInput) -> Any:
    text = str(code or "").strip()
    if not text:
        return None
    found = model.objects.filter(code=text).first()
    if found is None:
        read.problem(key, _("No record with code %(code)s.") % {"code": text})
    return found


def _ids(model: Any, values: list[Any], key: str, read: ProjectInput) -> list[Any]:
    wanted = []
    for v in values:
        try:
            wanted.append(int(v))
        except (TypeError, ValueError):
            read.problem(key, _("%(value)s is not an id.") % {"value": v})
    found = {o.pk: o for o in model.objects.filter(pk__in=wanted)}
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        read.problem(key, _("Not found: %(ids)s.") % {"ids": ", ".join(missing)})
    return list(found.values())


def read_project(sent: dict[str, Any]) -> ProjectInput:
    """Read a submission; every problem is collected, keyed by field."""
    read = ProjectInput()
    f = read.fields
    if "title" in sent:
        title = str(sent["title"] or "").strip()
        if not title:
            read.problem("title", _("Give the project's title."))
        f["name_th"] = title
    for name in SCALARS:
        if name in sent:
            f[name] = sent[name] if name.endswith("_ready") else str(sent[name] or "").strip()
    for name in ("fiscal_year", "last_year"):
        if name in sent:
            f[name] = _year(sent[name], name, read)
    if (
        "fiscal_year" in sent
        and f.get("fiscal_year") is None
        and "fiscal_year" not in read.problems
    ):
        read.problem("fiscal_year", _("Give the fiscal year, e.g. 2569."))
    if "area" in sent:
        area = _by_code(Area, sent["area"], "area", read)
        if area is not None and area.level not in LIST_AREAS:
            read.problem("area", _("A project list belongs to a province or a province group."))
        f["area"] = area
    if "channel" in sent:
        f["channel"] = _choice(sent["channel"], Channel, "channel", read)
    if "origin_level" in sent:
        level = sent["origin_level"]
        f["origin_level"] = _choice(level, OriginLevel, "origin_level", read) if level else ""
    if "agency" in sent:
        f["agency"] = _by_code(Agency, sent["agency"], "agency", read)
    if "beneficiaries" in sent:
        count = _amount(sent["beneficiaries"], "beneficiaries", read, required=False)
        f["beneficiaries"] = int(count) if count is not None else None
    if "factor" in sent:
        factors = _ids(SuccessFactor, [sent["factor"]] if sent["factor"] else [], "factor", read)
        f["factor"] = factors[0] if factors else None
    if "origin" in sent:
        origins = _ids(PlanElement, [sent["origin"]] if sent["origin"] else [], "origin", read)
        f["origin"] = origins[0] if origins else None
    if "locations" in sent:
        codes = [str(c).strip() for c in sent["locations"] or [] if str(c).strip()]
        found = {a.code: a for a in Area.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            read.problem(
                "locations", _("No area with code %(codes)s.") % {"codes": ", ".join(missing)}
            )
        read.relations["locations"] = list(found.values())
    if "elements" in sent:
        read.relations["elements"] = _ids(PlanElement, sent["elements"] or [], "elements", read)
    if "addresses" in sent:
        read.relations["addresses"] = _ids(
            PlanIndicator, sent["addresses"] or [], "addresses", read
        )
    if "funding" in sent:
        read.funding = [_funding(i, row, read) for i, row in enumerate(sent["funding"] or [], 1)]
    if "outputs" in sent:
        read.outputs = [_output(i, row, read) for i, row in enumerate(sent["outputs"] or [], 1)]
    if "tags" in sent:
        read.tags = [_tag(i, row, read) for i, row in enumerate(sent["tags"] or [], 1)]
        seen: set[tuple[str, str]] = set()
        for i, tag in enumerate(read.tags, 1):
            if (tag.framework, tag.code) in seen:
                read.problem(f"tags[{i}]", _("The same tag is given twice."))
            seen.add((tag.framework, tag.code))
    return read


def _funding(i: int, row: dict[str, Any], read: ProjectInput) -> FundingLine:
    key = f"funding[{i}]"
    source = _choice(row.get("source"), FundingSource, f"{key}.source", read)
    holder = _by_code(Agency, row.get("agency"), f"{key}.agency", read)
    if (
        source == FundingSource.DEPARTMENT
        and holder is None
        and f"{key}.agency" not in read.problems
    ):
        read.problem(f"{key}.agency", _("Name the ministry or department whose budget is asked."))
    return FundingLine(
        source=source,
        agency=holder,
        fiscal_year=_year(row.get("fiscal_year"), f"{key}.fiscal_year", read) or 0,
        amount_requested=_amount(row.get("amount_requested"), f"{key}.amount_requested", read)
        or Decimal(0),
    )


def _output(i: int, row: dict[str, Any], read: ProjectInput) -> ProjectOutput:
    key = f"outputs[{i}]"
    name = str(row.get("name_th") or "").strip()
    if not name:
        read.problem(f"{key}.name_th", _("Name the output."))
    return ProjectOutput(
        kind=_choice(row.get("kind") or OutputKind.OUTPUT, OutputKind, f"{key}.kind", read),
        name_th=name,
        indicator=_by_code(Indicator, row.get("indicator"), f"{key}.indicator", read),
        unit=str(row.get("unit") or "").strip(),
        target=_amount(row.get("target"), f"{key}.target", read) or Decimal(0),
        fiscal_year=_year(row.get("fiscal_year"), f"{key}.fiscal_year", read),
    )


def _tag(i: int, row: dict[str, Any], read: ProjectInput) -> AlignmentTag:
    key = f"tags[{i}]"
    code = str(row.get("code") or "").strip()
    if not code:
        read.problem(f"{key}.code", _("Give the framework's code, e.g. 6.1."))
    return AlignmentTag(
        framework=_choice(row.get("framework"), Framework, f"{key}.framework", read),
        code=code,
        label=str(row.get("label") or "").strip(),
    )


def _check_places(project: Project, read: ProjectInput) -> None:
    """Locations lie inside the project's area (or a member province of its group)."""
    area = read.fields.get("area") or getattr(project, "area", None)
    places = read.relations.get("locations")
    if area is None or places is None:
        return
    homes = [
        area,
        *(
            m.member
            for m in AreaMembership.objects.current()
            .filter(container=area)
            .select_related("member")
        ),
    ]
    outside = [p.code for p in places if not any(h.covers(p) for h in homes)]
    if outside:
        read.problem(
            "locations",
            _("Outside %(area)s: %(codes)s.") % {"area": area, "codes": ", ".join(outside)},
        )


def save_project(user: Any, read: ProjectInput, project: Project | None = None) -> Project:
    """Create (``project`` None) or change a project from ``read``; all or nothing."""
    creating = project is None
    target = project or Project()
    if creating:
        for name in ("title", "fiscal_year", "area"):
            key = "name_th" if name == "title" else name
            if key not in read.fields and name not in read.problems:
                read.problem(name, _("This field is required."))
    _check_places(target, read)
    if read.problems:
        raise ValidationError(read.problems)
    for name, value in read.fields.items():
        setattr(target, name, value)
    # Adding needs the same rule as changing: an editor whose scope holds the area.
    if not permissions.can(user, permissions.Action.CHANGE, target):
        raise PermissionDenied(
            _("You may not record or change projects of %(area)s now.") % {"area": target.area}
        )
    try:
        target.full_clean(exclude=["code", "search_text"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    with transaction.atomic():
        set_history_user(target, user)
        target.save()
        for name, objects in read.relations.items():
            getattr(target, name).set(objects)
        if read.funding is not None:
            target.funding.all().delete()
            for line in read.funding:
                line.project = target
                line.fiscal_year = line.fiscal_year or target.fiscal_year
            FundingLine.objects.bulk_create(read.funding)
        if read.outputs is not None:
            target.outputs.all().delete()
            for output in read.outputs:
                output.project = target
            ProjectOutput.objects.bulk_create(read.outputs)
        if read.tags is not None:
            target.tags.all().delete()
            for tag in read.tags:
                tag.project = target
            AlignmentTag.objects.bulk_create(read.tags)
    return target
