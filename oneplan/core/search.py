"""One name search for every list: page filters and API filters both call it; and rebuilding
the stored search texts (after the word segmentation changed, e.g. an upgraded dictionary)."""

from __future__ import annotations

from typing import TypeVar

import django_filters
from django.apps import apps
from django.db import transaction
from django.db.models import Model, Q, QuerySet

from oneplan.lib.thaitext import query_terms

M = TypeVar("M", bound=Model)


def search_names(queryset: QuerySet[M], query: str) -> QuerySet[M]:
    """Keep records whose segmented search text contains every term of ``query``."""
    terms = query_terms(query or "")
    condition = Q()
    for term in terms:
        condition &= Q(search_text__icontains=term)
    return queryset.filter(condition) if terms else queryset


class NameSearchFilter(django_filters.CharFilter):  # type: ignore[misc]
    """A ``q`` filter over the segmented search text (see ``search_names``)."""

    def filter(self, qs: QuerySet[M], value: str) -> QuerySet[M]:
        return search_names(qs, value)


def searchable_models() -> list[type[Model]]:
    """Every model keeping a ``search_text`` that ``build_search_text`` makes."""
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if "search_text" in names and callable(getattr(model, "build_search_text", None)):
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def reindex(chunk: int = 2000) -> dict[str, tuple[int, int]]:
    """Make every stored search text again; per model label, (records, records changed).
    Records are read and written in chunks; a record whose text is current is not written."""
    counts: dict[str, tuple[int, int]] = {}
    for model in searchable_models():
        seen = changed = 0
        batch: list[Model] = []
        with transaction.atomic():
            for record in model._base_manager.order_by("pk").iterator(chunk_size=chunk):
                seen += 1
                text = record.build_search_text()  # type: ignore[attr-defined]
                if text != record.search_text:  # type: ignore[attr-defined]
                    record.search_text = text  # type: ignore[attr-defined]
                    batch.append(record)
                if len(batch) >= chunk:
                    model._base_manager.bulk_update(batch, ["search_text"])
                    changed += len(batch)
                    batch = []
            if batch:
                model._base_manager.bulk_update(batch, ["search_text"])
                changed += len(batch)
        counts[model._meta.label] = (seen, changed)
    return counts
