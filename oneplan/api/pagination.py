"""Bounded limit/offset paging with a total count and next/previous links (NetBox style)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class Paged(PaginationBase):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=settings.ONEPLAN_API_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=settings.ONEPLAN_API_MAX_OFFSET)

    class Output(Schema):
        count: int
        next: str | None
        previous: str | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        if isinstance(queryset, QuerySet) and not queryset.ordered:
            raise ValueError("refusing to page an unordered queryset")
        limit, offset = pagination.limit, pagination.offset
        count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        page = list(queryset[offset : offset + limit])

        def link(new_offset: int) -> str:
            query = request.GET.copy()
            query["limit"] = str(limit)
            query["offset"] = str(new_offset)
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        return {
            "count": count,
            "next": link(offset + limit) if offset + limit < count else None,
            "previous": link(max(offset - limit, 0)) if offset > 0 else None,
            "results": page,
        }
