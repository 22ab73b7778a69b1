"""Filters for what people type in Thai: fiscal years and periods, parsed once, here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms

from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_fiscal_year, parse_period


class ThaiParsedField(forms.CharField):
    """A text field cleaned by one of the Thai calendar parsers; its message on failure."""

    parse: Callable[[str], Any]

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        try:
            return type(self).parse(text)
        except ThaiDateError as exc:
            raise forms.ValidationError(str(exc)) from exc


class FiscalYearField(ThaiParsedField):
    """A fiscal year as typed (2569, ปีงบประมาณ 2569, FY2026), cleaned to the CE year."""

    parse = staticmethod(parse_fiscal_year)


class PeriodField(ThaiParsedField):
    """A period as typed (2568, ปีงบประมาณ 2568, มี.ค. 2568, FY2025-Q1), cleaned to a Period."""

    parse = staticmethod(parse_period)


class FiscalYearFilter(django_filters.Filter):  # type: ignore[misc]
    field_class = FiscalYearField


class PeriodFilter(django_filters.Filter):  # type: ignore[misc]
    field_class = PeriodField
