"""API for the indicator registry, the data catalogue, observations and aggregates."""

# No ``from __future__ import annotations`` here: ninja's @paginate wrapper resolves the
# view's string annotations in its own module, where the filter schema is unknown.

import datetime as dt
import tempfile
from typing import Any

from django.db.models import F, QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from oneplan.api.filters import apply, query_schema
from oneplan.api.pagination import Paged
from oneplan.lib.thaidate import Period, ThaiDateError, format_period
from oneplan.stats import exports
from oneplan.stats.filtersets import (
    DatasetFilterSet,
    IndicatorFilterSet,
    ObservationFilterSet,
    ValueFilterSet,
)
from oneplan.stats.models import AggregateValue, Dataset, Indicator, Observation

router = Router(tags=["data"])
IndicatorQuery = query_schema(IndicatorFilterSet)
DatasetQuery = query_schema(DatasetFilterSet)
ObservationQuery = query_schema(ObservationFilterSet)
AggregateQuery = query_schema(ValueFilterSet)


class IndicatorOut(Schema):
    code: str
    name_th: str
    name_en: str
    definition: str
    unit: str
    unit_multiplier: int
    direction: str
    frequency: str
    aggregation: str
    denominator: str | None
    formula: str
    min_area_level: str
    official: bool
    disaggregations: list[str]
    datasets: list[str]

    @staticmethod
    def resolve_definition(obj: Indicator) -> str:
        return obj.description

    @staticmethod
    def resolve_denominator(obj: Indicator) -> str | None:
        return obj.denominator.code if obj.denominator else None

    @staticmethod
    def resolve_disaggregations(obj: Indicator) -> list[str]:
        return sorted(s.code for s in obj.category_sets.all())

    @staticmethod
    def resolve_datasets(obj: Indicator) -> list[str]:
        return sorted(d.code for d in obj.datasets.all())


class ProvidesOut(Schema):
    indicator: str
    frequency: str
    min_area_level: str


class ResourceOut(Schema):
    name: str
    url: str
    format: str
    description: str


class DatasetOut(Schema):
    name: str
    title: str
    title_en: str
    notes: str
    data_type: str
    owner: str | None
    maintainer: str
    maintainer_email: str
    tags: list[str]
    objectives: list[str]
    update_frequency: str
    coverage: str
    source: str
    source_type: str
    access: str
    license: str
    language: str
    issued: dt.date | None
    modified: dt.date | None
    first_year_be: int | None
    last_year_be: int | None
    official: bool
    provides: list[ProvidesOut]
    resources: list[ResourceOut]

    @staticmethod
    def resolve_name(obj: Dataset) -> str:
        return obj.code

    @staticmethod
    def resolve_title(obj: Dataset) -> str:
        return obj.name_th

    @staticmethod
    def resolve_title_en(obj: Dataset) -> str:
        return obj.name_en

    @staticmethod
    def resolve_notes(obj: Dataset) -> str:
        return obj.description

    @staticmethod
    def resolve_owner(obj: Dataset) -> str | None:
        return obj.owner.code if obj.owner else None

    @staticmethod
    def resolve_update_frequency(obj: Dataset) -> str:
        return f"{obj.update_interval} {obj.update_unit}"

    @staticmethod
    def resolve_coverage(obj: Dataset) -> str:
        return obj.coverage_area.code if obj.coverage_area else obj.coverage_level

    @staticmethod
    def resolve_first_year_be(obj: Dataset) -> int | None:
        return obj.first_year + 543 if obj.first_year else None

    @staticmethod
    def resolve_last_year_be(obj: Dataset) -> int | None:
        return obj.last_year + 543 if obj.last_year else None

    @staticmethod
    def resolve_provides(obj: Dataset) -> list[dict[str, str]]:
        return [
            {
                "indicator": p.indicator.code,
                "frequency": p.frequency,
                "min_area_level": p.min_area_level,
            }
            for p in obj.provides.all()
        ]

    @staticmethod
    def resolve_resources(obj: Dataset) -> list[dict[str, str]]:
        return [
            {
                "name": r.name,
                "url": r.url or (r.upload.url if r.upload else ""),
                "format": r.resource_format,
                "description": r.description,
            }
            for r in obj.resources.all()
        ]


class ValueOut(Schema):
    indicator: str
    area: str
    area_level: str
    period: str
    period_label: str
    disaggregation: str
    value: float | None

    @staticmethod
    def resolve_period_label(obj: dict[str, Any]) -> str:
        return _label(obj["period"])


class ObservationOut(ValueOut):
    status: str
    dataset: str | None
    batch: int | None


class AggregateOut(ValueOut):
    count: int
    expected: int
    completeness: float

    @staticmethod
    def resolve_completeness(obj: dict[str, Any]) -> float:
        return round(obj["count"] / obj["expected"], 4) if obj["expected"] else 0.0


_LABELS: dict[str, str] = {}


def _label(code: str) -> str:
    """The Thai label of a period code (cached: a response repeats few periods)."""
    label = _LABELS.get(code)
    if label is None:
        try:
            label = format_period(Period.parse(code))
        except ThaiDateError:
            label = code
        _LABELS[code] = label
    return label


def _rows(queryset: QuerySet[Any], *extra: str) -> QuerySet[Any]:
    # values() rows, not model instances: a page of 1,000 values stays a few milliseconds.
    rows: QuerySet[Any] = queryset.annotate(
        indicator_code=F("indicator__code"),
        area_code=F("area__code"),
        area_level=F("area__level"),
    ).values(
        "indicator_code", "area_code", "area_level", "period", "disaggregation", "value", *extra
    )
    return rows


def _rename(row: dict[str, Any]) -> dict[str, Any]:
    row["indicator"] = row.pop("indicator_code")
    row["area"] = row.pop("area_code")
    return row


def _rename_observation(row: dict[str, Any]) -> dict[str, Any]:
    row["dataset"] = row.pop("dataset__code")
    row["batch"] = row.pop("batch_id")
    return _rename(row)


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator registry")
@paginate(Paged)
def list_indicators(request: HttpRequest, filters: Query[IndicatorQuery]) -> Any:  # type: ignore[valid-type]
    queryset = (
        Indicator.objects.select_related("denominator")
        .prefetch_related("category_sets", "datasets")
        .order_by("code")
    )
    return apply(IndicatorFilterSet, filters, queryset)


@router.get("/indicators/{code}", response=IndicatorOut, summary="One indicator")
def get_indicator(request: HttpRequest, code: str) -> Any:
    return get_object_or_404(Indicator, code=code)


@router.get("/datasets", response=list[DatasetOut], summary="The data catalogue")
@paginate(Paged)
def list_datasets(request: HttpRequest, filters: Query[DatasetQuery]) -> Any:  # type: ignore[valid-type]
    queryset = (
        Dataset.objects.select_related("owner", "coverage_area")
        .prefetch_related("provides__indicator", "resources")
        .order_by("code")
    )
    return apply(DatasetFilterSet, filters, queryset)


@router.get("/datasets/{name}", response=DatasetOut, summary="One dataset")
def get_dataset(request: HttpRequest, name: str) -> Any:
    return get_object_or_404(Dataset, code=name)


@router.get("/observations", response=list[ObservationOut], summary="Observed values")
@paginate(Paged)
def list_observations(request: HttpRequest, filters: Query[ObservationQuery]) -> Any:  # type: ignore[valid-type]
    """Values as loaded: filter by `indicator`, `area`, `level`, `within`, `period`,
    `period_from`/`period_to`, `disaggregation`, `status`, `dataset`, `batch`."""
    queryset = apply(ObservationFilterSet, filters, Observation.objects.all()).order_by(
        "indicator_id", "area_id", "start", "disaggregation"
    )
    return _Page(_rows(queryset, "status", "dataset__code", "batch_id"), _rename_observation)


@router.get("/aggregates", response=list[AggregateOut], summary="Roll-ups and computed values")
@paginate(Paged)
def list_aggregates(request: HttpRequest, filters: Query[AggregateQuery]) -> Any:  # type: ignore[valid-type]
    """Derived values (areas and periods rolled up, computed indicators) with completeness
    (`count` of `expected` base values). Same filters as observations."""
    queryset = apply(ValueFilterSet, filters, AggregateValue.objects.all()).order_by(
        "indicator_id", "area_id", "start", "disaggregation"
    )
    return _Page(_rows(queryset, "count", "expected"), _rename)


@router.get("/observations/export", summary="Export observations (csv, xlsx, sdmx-csv, sdmx-json)")
def export_observations(
    request: HttpRequest,
    filters: Query[ObservationQuery],  # type: ignore[valid-type]
    format: str = "csv",
) -> Any:
    """The filtered observations as a file: `format` is csv (loads back with `oneplan
    import`), xlsx, sdmx-csv (SDMX-CSV 2.0) or sdmx-json (SDMX-JSON 2.1)."""
    queryset = apply(ObservationFilterSet, filters, Observation.objects.all())
    return _file(queryset, format, "observations")


@router.get("/aggregates/export", summary="Export aggregates (csv, xlsx, sdmx-csv, sdmx-json)")
def export_aggregates(
    request: HttpRequest,
    filters: Query[AggregateQuery],  # type: ignore[valid-type]
    format: str = "csv",
) -> Any:
    queryset = apply(ValueFilterSet, filters, AggregateValue.objects.all())
    return _file(queryset, format, "aggregates")


@router.get("/datasets/{name}/datapackage", summary="A dataset as a Frictionless data package")
def dataset_datapackage(request: HttpRequest, name: str) -> Any:
    dataset = get_object_or_404(Dataset, code=name)
    handle = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 (response closes)
    exports.dataset_package(dataset, handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=f"{dataset.code}.zip", content_type="application/zip"
    )


def _file(queryset: QuerySet[Any], fmt: str, stem: str) -> Any:
    if fmt not in exports.FORMATS:
        raise HttpError(400, f"format: use one of {', '.join(exports.FORMATS)}")
    queryset = queryset.order_by("indicator_id", "area_id", "start", "disaggregation")
    content_type, suffix = exports.FORMATS[fmt]
    try:
        handle = exports.spooled(queryset, fmt)
    except ValueError as exc:
        raise HttpError(400, str(exc)) from exc
    return FileResponse(
        handle, as_attachment=True, filename=f"{stem}.{suffix}", content_type=content_type
    )


class _Page:
    """A values() queryset that pages and counts like one, renaming keys on the way out."""

    def __init__(self, queryset: QuerySet[Any], convert: Any) -> None:
        self.queryset = queryset
        self.convert = convert
        self.ordered = True

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [self.convert(row) for row in self.queryset[item]]
