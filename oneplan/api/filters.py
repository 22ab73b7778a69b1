"""Expose a django-filter FilterSet as API query parameters, so each model has one filter
definition used by its list page, its API list and its export."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from ninja import Schema
from ninja.errors import HttpError
from pydantic import create_model


def query_schema(filterset: type[django_filters.FilterSet]) -> type[Schema]:
    """A pydantic schema with one optional string parameter per filter, documented."""
    fields: dict[str, Any] = {}
    for name, flt in filterset.base_filters.items():
        label = flt.extra.get("help_text") or flt.label or name
        fields[name] = (str | None, _field(str(label)))
    return create_model(f"{filterset.__name__}Query", __base__=Schema, **fields)


def _field(description: str) -> Any:
    from ninja import Field

    return Field(None, description=description)


def apply(
    filterset: type[django_filters.FilterSet], params: Schema, queryset: QuerySet[Any]
) -> QuerySet[Any]:
    """Filter ``queryset``; invalid parameters give a 400 naming each parameter and problem."""
    data = {k: v for k, v in params.dict().items() if v not in (None, "")}
    fs = filterset(data=data, queryset=queryset)
    if not fs.is_valid():
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in fs.errors.items())
        raise HttpError(400, problems)
    result: QuerySet[Any] = fs.qs
    return result
