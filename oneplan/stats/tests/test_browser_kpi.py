"""The KPI scorecard in headless Chromium: the demo's Nonthaburi plan, charts drawn in Thai."""

from __future__ import annotations

import os

import pytest

from oneplan.stats.models import Indicator
from oneplan.testing.browser import SHOTS, thai_glyphs_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scorecard_draws_a_chart_per_kpi(page):
    page.goto(f"{page.base}/data/scorecard/12/")
    page.wait_for_selector("body[data-charts-ready]")
    rows = page.locator("table.kpi tbody tr")
    kpis = Indicator.objects.filter(plan_uses__targets__area__code="12").distinct().count()
    assert rows.count() == kpis
    assert page.evaluate("document.body.dataset.chartsReady") == str(kpis)
    # every chart drew on a canvas of its own size
    assert page.locator(".kpi-chart canvas").count() == kpis
    assert page.locator("#status-chart canvas").count() == 1
    for status in ("achieved", "on_track", "off_track", "no_data"):
        assert page.locator(f"table.kpi .kpi-status.kpi-{status}").count() >= 1, status
    assert thai_glyphs_drawn(page, "table.kpi td")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "kpi-scorecard.png"), full_page=True)


def test_choosing_a_year_reloads_the_scorecard(page):
    page.goto(f"{page.base}/data/scorecard/12/")
    page.select_option("select[name=year]", "FY2023")
    page.click("#scorecard-form button[type=submit]")
    page.wait_for_selector("body[data-charts-ready]")
    assert "year=FY2023" in page.url
    assert "2566" in page.locator("select[name=year] option:checked").inner_text()
    assert "FY2023" in page.locator("a[href*='/api/kpi/scorecard']").get_attribute("href")
