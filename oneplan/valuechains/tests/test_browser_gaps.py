"""The data list and the gap board in headless Chromium: Nonthaburi's demo list in Thai with
all three statuses, and a planner working a gap on the board."""

from __future__ import annotations

import os

import pytest

from oneplan.demo.gaps import load_gaps
from oneplan.demo.valuechains import load_value_chains
from oneplan.testing.browser import SHOTS, log_in, thai_glyphs_drawn
from oneplan.valuechains.models import DataGap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_data_list_shows_each_status_in_thai(page):
    load_value_chains()
    page.goto(f"{page.base}/valuechains/areas/12/data-list/")
    assert "บัญชีรายการข้อมูล" in page.locator("h1").inner_text()
    statuses = set(
        page.locator("tr[data-status]").evaluate_all("rows => rows.map(r => r.dataset.status)")
    )
    assert statuses == {"available", "missing", "incomplete"}
    missing = page.locator("tr[data-indicator='NB-TRADE'] .datastatus")
    assert missing.inner_text() == "ไม่มี"
    assert thai_glyphs_drawn(page, "h1")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "data-list.png"), full_page=True)


def test_a_planner_works_a_gap_on_the_board(page):
    load_value_chains()
    load_gaps()
    log_in(page, "planner.nonthaburi")
    page.goto(f"{page.base}/valuechains/areas/12/gaps/")
    row = page.locator("tr[data-gap='NB-DURIAN-AREA']")
    row.locator("select[name=remedy]").select_option("finer_level")
    row.locator("input[name=agency]").fill("DOAE-12")
    row.locator("input[name=budget]").fill("80,000")
    row.locator("input[name=target_year]").fill("2570")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "NB-DURIAN-AREA" in page.locator(".messages").inner_text()
    gap = DataGap.objects.get(area__code="12", indicator__code="NB-DURIAN-AREA")
    assert (gap.remedy, gap.agency.code, int(gap.budget), gap.target_year) == (
        "finer_level",
        "DOAE-12",
        80000,
        2027,
    )
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "gap-board.png"), full_page=True)
