"""Analysis pages in headless Chromium over the demo: the positioning charts drawn (with the LQ
map once boundaries are loaded), and a committee changing a Product Champion weight."""

from __future__ import annotations

import json
import os

import pytest

from oneplan.analysis.models import Analysis
from oneplan.geo.loaders.engine import load_boundaries
from oneplan.geo.loaders.readers import read_boundary_file
from oneplan.testing.browser import SHOTS, log_in, thai_glyphs_drawn
from oneplan.testing.shared_data import shared_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def drawn(page, selector: str) -> bool:
    """An ECharts canvas with something painted on it."""
    return bool(
        page.evaluate(
            """(sel) => {
                const c = document.querySelector(sel + ' canvas');
                if (!c) return false;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
                return false;
            }""",
            selector,
        )
    )


def test_positioning_draws_every_chart_and_the_map(page):
    geojson = shared_file("geo", "chingchai_provinces.geojson")
    result = read_boundary_file(geojson, "pro_code")
    load_boundaries(geojson.name, result.boundaries, dry_run=False, reason="test")
    page.goto(f"{page.base}/analysis/positioning/12/?reference=G10&sector=L")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert "นนทบุรี" in page.locator("h1").inner_text()
    assert thai_glyphs_drawn(page, "h1")
    for chart in ("#bubble-chart", "#lq-chart", "#waterfall-chart", "#lq-map"):
        assert drawn(page, chart), chart
    spec = json.loads(page.locator("#positioning-data").inner_text())
    # The group's four provinces are on the map, Nonthaburi specialised in real estate.
    by_code = {v["name"]: v["value"] for v in spec["map_values"]}
    assert set(by_code) == {"12", "13", "14", "19"}
    assert by_code["12"] > 1
    assert len(spec["map"]["features"]) == 4
    lq_cell = page.locator("#positioning-table tr[data-sector=L] td.lq").inner_text()
    assert float(lq_cell) == pytest.approx(by_code["12"], abs=0.01)
    shot(page, "analysis-positioning.png")


def test_a_committee_member_reweights_the_product_champion(page):
    analysis = Analysis.objects.get(kind="champion", area__code="12")
    lq = analysis.criteria.get(key="lq")
    log_in(page, "committee.nonthaburi")
    page.goto(f"{page.base}{analysis.get_absolute_url()}")
    page.wait_for_load_state("networkidle")
    assert drawn(page, "#ranking-chart")
    first = page.locator("#ranking-table tbody tr").first.get_attribute("data-code")
    assert first == "DURIAN"
    page.fill(f"input[name=c{lq.pk}-weight]", "0")
    page.click("#criteria-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(f"input[name=c{lq.pk}-weight]").input_value() == "0"
    analysis.refresh_from_db()
    points = {row["code"]: row["contributions"][str(lq.pk)] for row in analysis.result["ranking"]}
    assert set(points.values()) == {0.0}
    shot(page, "analysis-champion.png")


def test_a_visitor_reads_but_cannot_change(page):
    analysis = Analysis.objects.get(kind="champion", area__code="12")
    page.goto(f"{page.base}{analysis.get_absolute_url()}")
    page.wait_for_load_state("networkidle")
    assert page.locator("#ranking-table tbody tr").count() == 5
    assert page.locator("#criteria-form button[type=submit]").count() == 0
    assert page.locator("#attach-form").count() == 0
