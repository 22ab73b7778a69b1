"""Generic views (list with one FilterSet, HTMX partial from the same view) and site pages."""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from oneplan import permissions

PAGE_SIZE = 50


class ObjectListView(View):
    """A filtered, paginated table; an HTMX request gets only the table fragment."""

    queryset: ClassVar[QuerySet[Any]]
    filterset: ClassVar[type[django_filters.FilterSet]]
    template_name: ClassVar[str]
    partial_template_name: ClassVar[str]

    def get(self, request: HttpRequest) -> HttpResponse:
        model: type[Model] = self.queryset.model
        permissions.require(request.user, permissions.Action.VIEW, model)
        queryset = self.get_queryset(request)
        fs = self.filterset(data=request.GET or None, queryset=queryset)
        objects = fs.qs if fs.is_bound and fs.is_valid() else queryset
        page = Paginator(objects, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = self.rows(list(page.object_list))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter": fs,
            "page": page,
            "objects": page.object_list,
            "query": query.urlencode(),
            "model_name": model._meta.verbose_name_plural,
        }
        htmx = getattr(request, "htmx", False)
        template = self.partial_template_name if htmx else self.template_name
        return render(request, template, context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        """The rows this reader may see (all, unless a list narrows them per person)."""
        return self.queryset.all()

    def rows(self, objects: list[Any]) -> list[Any]:
        """The page's rows as the table shows them (a list may add what is not stored)."""
        return objects


def require_page(request: HttpRequest, page: str) -> None:
    if not permissions.can_view_page(request.user, page):
        raise PermissionDenied


def report_invalid(request: HttpRequest, exc: ValidationError) -> None:
    """Show every message of a domain function's ``ValidationError`` on the next page."""
    for message in exc.messages:
        messages.error(request, message)
