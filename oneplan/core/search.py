"""One name search for every list: page filters and API filters both call it."""

from __future__ import annotations

from typing import TypeVar

import django_filters
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
