"""Creating and changing saved analyses: one reader for the page and the API, every problem
reported at once by field, nothing saved while there is one; and the snapshot of the result
that attached plan elements and requests keep."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.analysis import champion, problems
from oneplan.analysis.choices import (
    CHAMPION_KEYS,
    DEFAULT_CHAMPION_CRITERIA,
    DEFAULT_PROBLEM_CRITERIA,
    AnalysisKind,
    CriterionKey,
    NormalisationChoice,
)
from oneplan.analysis.models import Analysis, Candidate, Criterion, ManualScore
from oneplan.analysis.snapshot import champion_result, problem_result
from oneplan.geo.models import Area
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thainum import NumberError, parse_number
from oneplan.lib.thaiparse import parse_year
from oneplan.permissions import UserLike
from oneplan.plans.models import PlanElement
from oneplan.projects.models import Project
from oneplan.stats.models import Category, CategorySet, Indicator
from oneplan.valuechains.models import ValueChain

Problems = dict[str, list[str]]


def _add(problems: Problems, where: str, message: str) -> None:
    problems.setdefault(where, []).append(message)


def _lookup(model: Any, data: Mapping[str, Any], name: str, problems: Problems, need: bool) -> Any:
    code = str(data.get(name) or "").strip()
    if not code:
        if need:
            _add(problems, name, _("This field is required."))
        return None
    found = model.objects.filter(code=code).first()
    if found is None:
        _add(problems, name, _("Unknown code %(code)s.") % {"code": code})
    return found


def _year(data: Mapping[str, Any], name: str, problems: Problems) -> int | None:
    text = str(data.get(name) or "").strip()
    if not text:
        _add(problems, name, _("This field is required."))
        return None
    try:
        return parse_year(text)
    except ThaiDateError as exc:
        _add(problems, name, str(exc))
        return None


def _number(value: Any, where: str, problems: Problems) -> float | None:
    try:
        parsed = parse_number(value)
    except NumberError:
        _add(problems, where, _("%(value)s is not a number.") % {"value": value})
        return None
    return None if parsed is None else float(parsed)


def create_champion(data: Mapping[str, Any], user: UserLike) -> Analysis:
    """A new Product Champion analysis from a page's or the API's fields (years in BE or CE,
    as ``thaiparse.parse_year`` reads them). Raises ``ValidationError`` with every problem."""
    problems: Problems = {}
    name = str(data.get("name_th") or "").strip()
    if not name:
        _add(problems, "name_th", _("This field is required."))
    area = _lookup(Area, data, "area", problems, True)
    reference = _lookup(Area, data, "reference", problems, True)
    indicator = _lookup(Indicator, data, "indicator", problems, True)
    category_set = _lookup(CategorySet, data, "category_set", problems, True)
    employment = _lookup(Indicator, data, "employment", problems, False)
    start, end = _year(data, "start_year", problems), _year(data, "end_year", problems)
    if start is not None and end is not None and start >= end:
        _add(problems, "end_year", _("The last year must come after the first."))
    if area is not None and reference is not None and not reference.covers(area):
        _add(
            problems,
            "reference",
            _("%(ref)s does not contain %(area)s.") % {"ref": reference, "area": area},
        )
    categories: list[Category] = []
    if category_set is not None:
        wanted = [str(c) for c in data.get("candidates") or []]
        known = {c.code: c for c in category_set.categories.all()}
        for i, code in enumerate(wanted):
            if code not in known:
                _add(
                    problems,
                    f"candidates[{i}]",
                    _("%(code)s is not in %(set)s.") % {"code": code, "set": category_set.code},
                )
        categories = [known[c] for c in wanted if c in known] or list(known.values())
        if not categories:
            _add(problems, "category_set", _("The set has no categories."))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        analysis = Analysis.objects.create(
            kind=AnalysisKind.CHAMPION,
            name_th=name,
            name_en=str(data.get("name_en") or "").strip(),
            area=area,
            reference=reference,
            indicator=indicator,
            category_set=category_set,
            employment=employment,
            start_year=start,
            end_year=end,
            created_by_id=user.pk if user.is_authenticated else None,
        )
        for i, (key, weight, norm) in enumerate(DEFAULT_CHAMPION_CRITERIA):
            manual = key == CriterionKey.MANUAL
            Criterion.objects.create(
                analysis=analysis,
                key=key,
                weight=weight,
                normalisation=norm,
                label_th="ศักยภาพทางการตลาด" if manual else "",
                label_en="Market potential" if manual else "",
                scale_low=1 if manual else 0,
                scale_high=5 if manual else 1,
                position=i,
            )
        Candidate.objects.bulk_create(Candidate(analysis=analysis, category=c) for c in categories)
        recompute(analysis)
    return analysis


def update_champion(analysis: Analysis, data: Mapping[str, Any]) -> Analysis:
    """Change the name, the criteria (weights, normalisation, scales), the candidates' value
    chains and the typed scores. ``data``:

    ``criteria``: ``{criterion id: {"weight", "normalisation", "higher_is_better", "scale_low",
    "scale_high", "label_th", "label_en"}}``; ``scores``: ``{criterion id: {category code:
    value}}`` for criteria entered by hand; ``value_chains``: ``{category code: chain code or
    ""}``; ``add_criterion``: a key of ``CHAMPION_KEYS`` to add."""
    problems: Problems = {}
    criteria = {str(c.pk): c for c in analysis.criteria.all()}
    candidates = {c.category.code: c for c in analysis.candidates.select_related("category")}
    for cid, fields in (data.get("criteria") or {}).items():
        criterion = criteria.get(str(cid))
        where = f"criteria[{cid}]"
        if criterion is None:
            _add(problems, where, _("No such criterion in this analysis."))
            continue
        _criterion_fields(criterion, fields, where, problems)
    typed: list[tuple[Criterion, Candidate, float | None]] = []
    for cid, values in (data.get("scores") or {}).items():
        criterion = criteria.get(str(cid))
        if criterion is None or criterion.key != CriterionKey.MANUAL:
            _add(
                problems,
                f"scores[{cid}]",
                _("Scores are typed only for a criterion entered by hand."),
            )
            continue
        for code, raw in values.items():
            where = f"scores[{cid}][{code}]"
            if code not in candidates:
                _add(problems, where, _("%(code)s is not a candidate.") % {"code": code})
                continue
            value = _number(raw, where, problems)
            if value is not None and not criterion.scale_low <= value <= criterion.scale_high:
                _add(
                    problems,
                    where,
                    _("%(value)s is outside the scale %(low)s–%(high)s.")
                    % {"value": raw, "low": criterion.scale_low, "high": criterion.scale_high},
                )
            # A blank (or a dash) takes the candidate's score away: it has no value then.
            typed.append((criterion, candidates[code], value))
    chains: dict[str, ValueChain | None] = {}
    for code, chain_code in (data.get("value_chains") or {}).items():
        where = f"value_chains[{code}]"
        if code not in candidates:
            _add(problems, where, _("%(code)s is not a candidate.") % {"code": code})
        elif not chain_code:
            chains[code] = None
        else:
            chain = ValueChain.objects.filter(code=chain_code).select_related("area").first()
            if chain is None:
                _add(problems, where, _("Unknown code %(code)s.") % {"code": chain_code})
            elif chain.area is None or not analysis.area.covers(chain.area):
                _add(
                    problems,
                    where,
                    _("%(chain)s is not a value chain of %(area)s.")
                    % {"chain": chain_code, "area": analysis.area},
                )
            chains[code] = chain
    added = data.get("add_criterion")
    if added and added not in CHAMPION_KEYS:
        _add(problems, "add_criterion", _("Unknown criterion %(key)s.") % {"key": added})
    if "name_th" in data and not str(data["name_th"]).strip():
        _add(problems, "name_th", _("This field is required."))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        for criterion in criteria.values():
            criterion.save()
        for criterion, candidate, value in typed:
            if value is None:
                ManualScore.objects.filter(criterion=criterion, candidate=candidate).delete()
            else:
                ManualScore.objects.update_or_create(
                    criterion=criterion, candidate=candidate, defaults={"value": value}
                )
        for code, chain in chains.items():
            candidates[code].value_chain = chain
            candidates[code].save(update_fields=["value_chain"])
        if added:
            manual = added == CriterionKey.MANUAL
            Criterion.objects.create(
                analysis=analysis,
                key=added,
                weight=10,
                normalisation=NormalisationChoice.SCALE
                if manual or added == CriterionKey.COVERAGE
                else NormalisationChoice.MINMAX,
                scale_low=1 if manual else 0,
                scale_high=5 if manual else 1,
                position=len(criteria),
            )
        for name in ("name_th", "name_en"):
            if name in data:
                setattr(analysis, name, str(data[name]).strip())
        recompute(analysis)
    return analysis


def _criterion_fields(
    criterion: Criterion, fields: Mapping[str, Any], where: str, problems: Problems
) -> None:
    if "weight" in fields:
        weight = _number(fields["weight"], f"{where}.weight", problems)
        if weight is not None and weight < 0:
            _add(problems, f"{where}.weight", _("A weight cannot be negative."))
        elif weight is not None:
            criterion.weight = Decimal(str(round(weight, 2)))
    if "normalisation" in fields:
        if fields["normalisation"] not in NormalisationChoice.values:
            _add(
                problems,
                f"{where}.normalisation",
                _("Unknown normalisation %(n)s.") % {"n": fields["normalisation"]},
            )
        else:
            criterion.normalisation = fields["normalisation"]
    if "higher_is_better" in fields:
        criterion.higher_is_better = fields["higher_is_better"] in (True, "true", "on", "1", 1)
    for name in ("scale_low", "scale_high"):
        if name in fields:
            value = _number(fields[name], f"{where}.{name}", problems)
            if value is not None:
                setattr(criterion, name, value)
    if criterion.scale_high <= criterion.scale_low:
        _add(problems, f"{where}.scale_high", _("The scale's high must be above its low."))
    for name in ("label_th", "label_en"):
        if name in fields:
            setattr(criterion, name, str(fields[name]).strip()[:255])


def recompute(analysis: Analysis, user: UserLike | None = None) -> Analysis:
    """Compute the analysis from the data as it stands and keep the result with it."""
    if analysis.kind == AnalysisKind.CHAMPION:
        analysis.result = champion_result(champion.evaluate(analysis))
    else:
        assert analysis.fiscal_year is not None
        user = user or analysis.created_by or AnonymousUser()
        weights = {c.key: float(c.weight) for c in analysis.criteria.all()}
        analysis.result = problem_result(
            problems.rank(analysis.area, analysis.fiscal_year, user, weights)
        )
    analysis.computed = timezone.now()
    analysis.save()
    return analysis


def save_problems(area: Area, fiscal_year: int, user: UserLike, name: str = "") -> Analysis:
    """Keep today's problem ranking of ``area`` as a named analysis requests can cite."""
    with transaction.atomic():
        analysis = Analysis.objects.create(
            kind=AnalysisKind.PROBLEMS,
            name_th=name or _thai_ranking_name(area, fiscal_year),
            area=area,
            fiscal_year=fiscal_year,
            created_by_id=user.pk if user.is_authenticated else None,
        )
        for i, (key, weight, norm) in enumerate(DEFAULT_PROBLEM_CRITERIA):
            Criterion.objects.create(
                analysis=analysis, key=key, weight=weight, normalisation=norm, position=i
            )
        recompute(analysis, user)
    return analysis


def update_problems(analysis: Analysis, data: Mapping[str, Any], user: UserLike) -> Analysis:
    """Change a problem ranking's name or weights, then rank again."""
    problems: Problems = {}
    criteria = {str(c.pk): c for c in analysis.criteria.all()}
    for cid, fields in (data.get("criteria") or {}).items():
        criterion = criteria.get(str(cid))
        if criterion is None:
            _add(problems, f"criteria[{cid}]", _("No such criterion in this analysis."))
        else:
            _criterion_fields(
                criterion,
                {"weight": fields.get("weight", criterion.weight)},
                f"criteria[{cid}]",
                problems,
            )
    for key in ("scores", "value_chains", "add_criterion"):
        if data.get(key):
            _add(problems, key, _("A problem ranking has no %(what)s.") % {"what": key})
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        for criterion in criteria.values():
            criterion.save()
        for name in ("name_th", "name_en"):
            if name in data:
                setattr(analysis, name, str(data[name]).strip())
        recompute(analysis, user)
    return analysis


def attach(
    analysis: Analysis,
    user: UserLike,
    *,
    element: PlanElement | None = None,
    project: Project | None = None,
    detach: bool = False,
) -> None:
    """Attach ``analysis`` to a plan element or a request (or take it off). Needs the right to
    change the element or the request, and the two must concern the same place."""
    target: PlanElement | Project = element if element is not None else project  # type: ignore[assignment]
    permissions.require(user, permissions.Action.CHANGE, target)
    where = target.edition.plan.area if isinstance(target, PlanElement) else target.area
    if not (analysis.area.covers(where) or where.covers(analysis.area)):
        raise ValidationError(
            {
                "analysis": [
                    _("The analysis is about %(a)s; this is for %(b)s.")
                    % {"a": analysis.area, "b": where}
                ]
            }
        )
    related = analysis.plan_elements if isinstance(target, PlanElement) else analysis.projects
    if detach:
        related.remove(target)  # type: ignore[arg-type]
    else:
        related.add(target)  # type: ignore[arg-type]


def _thai_ranking_name(area: Area, fiscal_year: int) -> str:
    """A kept ranking's default Thai name, in Thai whatever the reader's language."""
    with translation.override("th"):
        return _("Problem ranking of %(area)s, fiscal year %(year)s") % {
            "area": area.name_th,
            "year": fiscal_year + 543,
        }
