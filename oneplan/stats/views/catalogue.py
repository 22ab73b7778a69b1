"""Reading pages for the indicator registry and the data catalogue: lists with one FilterSet
each (HTMX partials from the same view) and the detail pages that tie an indicator to its
datasets, plans, freshness and latest values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.templatetags.thai import be_year, thai_date
from oneplan.core.views import ObjectListView
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.lib.formula import Formula, FormulaError
from oneplan.plans.models import PlanIndicator
from oneplan.stats.choices import Objective, UpdateUnit
from oneplan.stats.exports import FORMATS
from oneplan.stats.filtersets import PERIOD_TYPES, DatasetFilterSet, IndicatorFilterSet
from oneplan.stats.models import (
    AggregateValue,
    Category,
    Dataset,
    DatasetIndicator,
    Freshness,
    Indicator,
    Observation,
)

PLANS_SHOWN = 100  # plan uses listed on an indicator page; a national KPI may have hundreds
_REFERENCE = re.compile(r"\{([^}]*)\}")
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")

# The kind of a period code (year, fiscal_year, quarter, ...), as a database expression.
PERIOD_KIND = Case(
    *[When(condition, then=Value(str(kind))) for kind, condition in PERIOD_TYPES.items()],
    default=Value(""),
    output_field=CharField(),
)


def _with_kind(queryset: QuerySet[Any]) -> QuerySet[Any]:
    annotated: QuerySet[Any] = queryset.annotate(_period_length=Length("period")).annotate(
        _kind=PERIOD_KIND
    )
    return annotated


def _latest_period(model: type[Model], *, at_frequency: bool, national: bool) -> Subquery:
    values = model.objects.filter(indicator=OuterRef("pk"))  # type: ignore[attr-defined]
    if national:
        # The country's rows: a short range of the (indicator, area, ...) key index, where
        # scanning every value of a subdistrict-level indicator would be a million rows.
        country = Area.objects.filter(level=AreaLevel.COUNTRY).order_by("pk").values("pk")[:1]
        values = values.filter(area_id=Subquery(country))
    if at_frequency:
        values = _with_kind(values).filter(_kind=OuterRef("frequency"))
    return Subquery(values.order_by("-start").values("period")[:1])


def indicator_rows() -> QuerySet[Indicator]:
    """Indicators with what the list shows, in one query: the number of datasets providing
    each and its latest period at its own frequency (the country's value or roll-up, else
    any observed value; COALESCE stops at the first found)."""
    providers = (
        DatasetIndicator.objects.filter(indicator=OuterRef("pk"))
        .order_by()
        .values("indicator")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Indicator.objects.select_related("freshness")
        .annotate(
            dataset_count=Coalesce(Subquery(providers, output_field=IntegerField()), 0),
            latest_period=Coalesce(
                _latest_period(Observation, at_frequency=True, national=True),
                _latest_period(AggregateValue, at_frequency=True, national=True),
                _latest_period(Observation, at_frequency=True, national=False),
                _latest_period(Observation, at_frequency=False, national=False),
                output_field=CharField(),
            ),
        )
        .order_by("code")
    )


def dataset_rows() -> QuerySet[Dataset]:
    """Datasets with their owner and the number of indicators each provides."""
    provided = (
        DatasetIndicator.objects.filter(dataset=OuterRef("pk"))
        .order_by()
        .values("dataset")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Dataset.objects.select_related("owner")
        .annotate(indicator_count=Coalesce(Subquery(provided, output_field=IntegerField()), 0))
        .order_by("code")
    )


class IndicatorListView(ObjectListView):
    queryset = indicator_rows()
    filterset = IndicatorFilterSet
    template_name = "stats/indicator_list.html"
    partial_template_name = "stats/indicator_table.html"


class DatasetListView(ObjectListView):
    queryset = dataset_rows()
    filterset = DatasetFilterSet
    template_name = "stats/dataset_list.html"
    partial_template_name = "stats/dataset_table.html"


def unit_label(unit: str, multiplier: int) -> str:
    """ "ล้านบาท", or "บาท × 10³" when values are stored in thousands (SDMX UNIT_MULT)."""
    if not multiplier:
        return unit
    power = "10" + str(multiplier).translate(_SUPERSCRIPT)
    return f"{unit} × {power}".strip()


@dataclass(frozen=True)
class FormulaPart:
    """A piece of a formula as written; ``indicator`` is set for a reference to one."""

    text: str
    indicator: Indicator | None = None


def formula_parts(formula: str) -> list[FormulaPart]:
    """The formula split around its ``{CODE}`` references, each linked to its indicator."""
    codes = {match.strip() for match in _REFERENCE.findall(formula)}
    known = {i.code: i for i in Indicator.objects.filter(code__in=codes)} if codes else {}
    parts: list[FormulaPart] = []
    position = 0
    for match in _REFERENCE.finditer(formula):
        if match.start() > position:
            parts.append(FormulaPart(formula[position : match.start()]))
        parts.append(FormulaPart(match.group(0), known.get(match.group(1).strip())))
        position = match.end()
    if position < len(formula):
        parts.append(FormulaPart(formula[position:]))
    return parts


def used_by(indicator: Indicator) -> list[Indicator]:
    """Indicators computed from this one (in their formula) or weighted by it."""
    candidates = Indicator.objects.filter(formula__contains=indicator.code) | (
        Indicator.objects.filter(denominator=indicator)
    )
    users = []
    for other in candidates.exclude(pk=indicator.pk).distinct().order_by("code"):
        uses = other.denominator_id == indicator.pk
        if not uses and other.formula:
            try:
                uses = indicator.code in Formula.parse(other.formula).codes
            except FormulaError:
                uses = False  # a broken formula uses nothing; the admin shows why
        if uses:
            users.append(other)
    return users


@dataclass
class ProvinceValue:
    area: Area
    value: float | None
    status: str = ""
    count: int | None = None
    expected: int | None = None

    @property
    def percent(self) -> float | None:
        """Completeness: the share of expected base values that went in, in percent."""
        if self.count is None or not self.expected:
            return None
        return 100 * self.count / self.expected


@dataclass
class LatestValues:
    """The values of the latest period at province level, and how complete it is."""

    period: str = ""
    rows: tuple[ProvinceValue, ...] = ()
    provinces: int = 0
    national: ProvinceValue | None = None


def _newest(queryset: QuerySet[Any], frequency: str) -> tuple[str, Any] | None:
    at_frequency = _with_kind(queryset).filter(_kind=frequency).order_by("-start")
    found = at_frequency.values_list("start", "period").first()
    if found is None:  # values at another frequency than the registry says: show those
        found = queryset.order_by("-start", "period").values_list("start", "period").first()
    return found


def latest_values(indicator: Indicator) -> LatestValues:
    """Totals of the latest period for each province: observed values where loaded at
    province level, otherwise the roll-ups (with their completeness); a constant number of
    queries however many provinces or values there are."""
    levels = dict(
        Area.objects.filter(level__in=(AreaLevel.PROVINCE, AreaLevel.COUNTRY)).values_list(
            "pk", "level"
        )
    )
    provinces = [pk for pk, level in levels.items() if level == AreaLevel.PROVINCE]
    # Area ids rather than a join, so the (indicator, area, ...) key index answers.
    observed = Observation.objects.filter(
        indicator=indicator, area_id__in=provinces, disaggregation=""
    )
    derived = AggregateValue.objects.filter(
        indicator=indicator, area_id__in=list(levels), disaggregation=""
    )
    candidates = [
        c
        for c in (_newest(observed, indicator.frequency), _newest(derived, indicator.frequency))
        if c
    ]
    if not candidates:
        return LatestValues(provinces=len(provinces))
    period = max(candidates, key=lambda c: c[0])[1]
    by_area: dict[int, ProvinceValue] = {}
    national = None
    for agg in derived.filter(period=period).select_related("area"):
        row = ProvinceValue(agg.area, agg.value, count=agg.count, expected=agg.expected)
        if levels.get(agg.area_id) == AreaLevel.COUNTRY:
            national = row
        else:
            by_area[agg.area_id] = row
    for obs in observed.filter(period=period).select_related("area"):
        by_area[obs.area_id] = ProvinceValue(obs.area, obs.value, obs.get_status_display())
    rows = tuple(sorted(by_area.values(), key=lambda r: r.area.code))
    return LatestValues(period, rows, len(provinces), national)


def export_links(query: dict[str, str]) -> list[tuple[str, str]]:
    """(format, URL) for each observation export format, filtered by ``query``."""
    base = reverse("api:export_observations")
    return [(fmt.upper(), f"{base}?{urlencode(query | {'format': fmt})}") for fmt in FORMATS]


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("denominator").prefetch_related(
            Prefetch(
                "category_sets__categories",
                queryset=Category.objects.order_by("position", "code"),
            )
        ),
        code=code,
    )
    permissions.require(request.user, permissions.Action.VIEW, indicator)
    plan_uses = list(
        PlanIndicator.objects.filter(indicator=indicator)
        .filter(permissions.plan_content_filter(request.user, "element__edition"))
        .select_related("element__edition__plan__area")
        .order_by("element__edition__plan__code", "-element__edition__number", "element__pk")[
            : PLANS_SHOWN + 1
        ]
    )
    return render(
        request,
        "stats/indicator_detail.html",
        {
            "indicator": indicator,
            "unit": unit_label(indicator.unit, indicator.unit_multiplier),
            "formula": formula_parts(indicator.formula) if indicator.formula else [],
            "used_by": used_by(indicator),
            "provided_by": indicator.provided_by.select_related("dataset__owner").order_by(
                "dataset__code"
            ),
            "plan_uses": plan_uses[:PLANS_SHOWN],
            "more_plans": len(plan_uses) > PLANS_SHOWN,
            "freshness": Freshness.objects.filter(indicator=indicator).first(),
            "latest": latest_values(indicator),
            "number_format": f"{indicator.decimals}g",
            "exports": export_links({"indicator": indicator.code}),
            "aggregate_csv": f"{reverse('api:export_aggregates')}?"
            + urlencode({"indicator": indicator.code, "format": "csv"}),
            "api_url": reverse("api:get_indicator", kwargs={"code": indicator.code}),
        },
    )


@dataclass(frozen=True)
class CatalogueField:
    """One GD Catalog field as shown: its translated label, the value, an optional link."""

    label: str
    value: str
    url: str = ""


# The GD Catalog fields in the order the national catalogue lists them.
CATALOGUE_FIELDS = (
    "code",
    "name_th",
    "name_en",
    "data_type",
    "owner",
    "maintainer",
    "maintainer_email",
    "contact",
    "tags",
    "objectives",
    "update_unit",
    "coverage_level",
    "source",
    "source_type",
    "data_format",
    "access",
    "classification",
    "license",
    "access_conditions",
    "language",
    "issued",
    "modified",
    "release_calendar",
    "first_year",
    "last_year",
    "disaggregation",
    "unit_of_measure",
    "unit_multiplier",
    "calculation",
    "standard",
    "official",
    "url",
)


def _field(name: str) -> models.Field[Any, Any]:
    field = Dataset._meta.get_field(name)
    assert isinstance(field, models.Field)  # the catalogue names only concrete fields
    return field


def _label(name: str) -> str:
    """The model's translated name of a dataset field, as a label."""
    return capfirst(str(_field(name).verbose_name))


def _objective(value: str) -> str:
    return str(Objective(value).label) if value in Objective.values else value


def _special(dataset: Dataset, name: str, language: str) -> CatalogueField | None:
    label = _label(name)
    if name == "owner" and dataset.owner is not None:
        owner = dataset.owner
        return CatalogueField(label, owner.display_name(language), owner.get_absolute_url())
    if name == "update_unit":
        unit = dataset.get_update_unit_display()
        if dataset.update_unit in (UpdateUnit.IRREGULAR, UpdateUnit.NEVER):
            return CatalogueField(label, str(unit))
        text = _("every %(interval)d %(unit)s") % {
            "interval": dataset.update_interval,
            "unit": str(unit).lower(),
        }
        return CatalogueField(label, text)
    if name == "coverage_level":
        level = str(dataset.get_coverage_level_display())
        area = dataset.coverage_area
        if area is None:
            return CatalogueField(label, level)
        return CatalogueField(
            label, f"{level}: {area.display_name(language)}", area.get_absolute_url()
        )
    if name in ("first_year", "last_year"):
        # Stored in CE but shown in the reader's era, so not under the "(CE)" field name.
        label = _("First year of data") if name == "first_year" else _("Last year of data")
        return CatalogueField(label, be_year(getattr(dataset, name)))
    if name == "objectives":
        return CatalogueField(label, ", ".join(_objective(str(o)) for o in dataset.objectives))
    if name == "maintainer_email" and dataset.maintainer_email:
        return CatalogueField(label, dataset.maintainer_email, f"mailto:{dataset.maintainer_email}")
    return None


def catalogue_fields(dataset: Dataset) -> list[CatalogueField]:
    """Every GD Catalog field of ``dataset``, labelled with the model's translated names."""
    language = (get_language() or "th")[:2]
    shown = []
    for name in CATALOGUE_FIELDS:
        special = _special(dataset, name, language)
        if special is not None:
            shown.append(special)
            continue
        field = _field(name)
        label = _label(name)
        value = getattr(dataset, name)
        if getattr(field, "choices", None):
            text = str(getattr(dataset, f"get_{name}_display")())
        elif isinstance(field, models.DateField):
            text = thai_date(value)
        elif isinstance(field, models.BooleanField):
            text = _("Yes") if value else _("No")
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = "" if value is None else str(value)
        url = text if isinstance(field, models.URLField) else ""
        shown.append(CatalogueField(label, text, url))
    return shown


def dataset_detail(request: HttpRequest, code: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset.objects.select_related("owner", "coverage_area"), code=code)
    permissions.require(request.user, permissions.Action.VIEW, dataset)
    quality = [(_label(name), getattr(dataset, name)) for name in Dataset.QUALITY_FIELDS]
    return render(
        request,
        "stats/dataset_detail.html",
        {
            "dataset": dataset,
            "fields": catalogue_fields(dataset),
            "quality": quality,
            "provides": dataset.provides.select_related("indicator").order_by("indicator__code"),
            "resources": dataset.resources.all(),
            "exports": export_links({"dataset": dataset.code}),
            "datapackage_url": reverse("api:dataset_datapackage", kwargs={"name": dataset.code}),
            "api_url": reverse("api:get_dataset", kwargs={"name": dataset.code}),
        },
    )
