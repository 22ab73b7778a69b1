"""Template filters: Buddhist-Era years, Thai dates and fiscal years in Thai; plain in English."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_be_year_in_thai_and_english():
    with translation.override("th"):
        assert render("{{ y|be_year }}", y=2025) == "2568"
    with translation.override("en"):
        assert render("{{ y|be_year }}", y=2025) == "2025"


def test_thai_date_styles():
    day = dt.date(2014, 6, 13)
    with translation.override("th"):
        assert render("{{ d|thai_date }}", d=day) == "13 มิถุนายน 2557"
        assert render('{{ d|thai_date:"short" }}', d=day) == "13 มิ.ย. 57"
    with translation.override("en"):
        assert render("{{ d|thai_date }}", d=day) == "13 June 2014"


def test_fiscal_year_display():
    with translation.override("th"):
        assert render("{{ y|fiscal_year }}", y=2026) == "ปีงบประมาณ 2569"
    with translation.override("en"):
        assert render("{{ y|fiscal_year }}", y=2026) == "FY2026"


def test_empty_values_render_empty():
    assert render("{{ y|be_year }}{{ d|thai_date }}{{ y|fiscal_year }}", y=None, d=None) == ""
