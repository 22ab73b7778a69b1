"""The value-chain canvas in headless Chromium: the demo's Nonthaburi durian chain drawn in
Thai with its data statuses, and a planner building on it over HTMX."""

from __future__ import annotations

import os

import pytest

from oneplan.demo.valuechains import load_value_chains
from oneplan.testing.browser import SHOTS, log_in, thai_glyphs_drawn
from oneplan.valuechains.models import Requirement, ValueChain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUS_OF = {
    "NB-DURIAN-AREA": "incomplete",  # not every district reports
    "G10-AGVAL": "missing",  # no dataset provides it
    "NB-TRADE": "missing",
    "NB-TOURREV": "available",
}


def test_canvas_draws_stages_cards_and_data_statuses(page):
    load_value_chains()
    page.goto(f"{page.base}/valuechains/VC-12-DURIAN/")
    page.wait_for_load_state("networkidle")
    heads = page.locator(".vc-stage .vc-stage-head h2").all_inner_texts()
    assert heads == ["ต้นน้ำ", "กลางน้ำ", "ปลายน้ำ"]
    chain = ValueChain.objects.get(code="VC-12-DURIAN")
    factors = sum(s.factors.count() for s in chain.stages.all())
    assert page.locator(".vc-card").count() == factors >= 6
    first_card = page.locator(".vc-stage").first.locator(".vc-card").first
    assert "พันธุ์ดี" in first_card.locator("h3").inner_text()
    # each indicator line is coloured by the status the data list gives it
    colours = {}
    for code, status in STATUS_OF.items():
        line = page.locator(f".vc-card .vc-need[data-indicator='{code}']")
        assert line.count() == 1, code
        assert line.get_attribute("data-status") == status, code
        colours[status] = line.evaluate("el => getComputedStyle(el).borderLeftColor")
    assert len(set(colours.values())) == 3  # three different colours
    assert page.locator(".vc-legend [data-status]").count() == 3
    assert page.locator(".vc-card .vc-projects").count() == factors
    assert page.locator(".vc-card form").count() == 0  # anonymous: nothing to edit
    # the stages sit side by side, as columns
    boxes = [s.bounding_box() for s in page.locator(".vc-stage").all()]
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    assert abs(boxes[0]["y"] - boxes[2]["y"]) < 2
    assert thai_glyphs_drawn(page, ".vc-card h3")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "value-chain-canvas.png"), full_page=True)


def test_planner_adds_a_factor_and_an_indicator_on_the_canvas(page):
    load_value_chains()
    log_in(page, "planner.nonthaburi")
    page.goto(f"{page.base}/valuechains/VC-12-DURIAN/")
    midstream = page.locator(".vc-stage").nth(1)
    midstream.locator(".vc-add-factor > summary").click()
    form = midstream.locator(".vc-add-factor form")
    form.locator("input[name=name_th]").fill("การรับรองสิ่งบ่งชี้ทางภูมิศาสตร์ (GI)")
    form.locator("button[type=submit]").click()
    card = page.locator(".vc-card", has_text="สิ่งบ่งชี้ทางภูมิศาสตร์")
    card.wait_for()
    assert (
        page.locator(".vc-stage")
        .nth(1)
        .locator(".vc-card")
        .last.inner_text()
        .startswith("การรับรองสิ่งบ่งชี้ทางภูมิศาสตร์")
    )
    # choose an indicator from the registry for the new card
    card.locator(".vc-add > summary").click()
    card.locator("input[name=indicator]").fill("NB-OTOP")
    card.locator(".vc-add button[type=submit]").click()
    line = page.locator(".vc-card", has_text="สิ่งบ่งชี้ทางภูมิศาสตร์").locator(
        ".vc-need[data-indicator='NB-OTOP']"
    )
    line.wait_for()
    assert line.get_attribute("data-status") == "available"
    assert Requirement.objects.filter(
        factor__name_th__contains="(GI)", indicator__code="NB-OTOP", area__code="12"
    ).exists()
    # a stage without a name is refused at its field, and the form stays open
    page.locator(".vc-new-stage > details > summary").click()
    page.locator(".vc-new-stage input[name=name_th]").fill("   ")  # passes the browser's check
    page.locator(".vc-new-stage button[type=submit]").click()
    error = page.locator("#new-stage-name_th-errors")
    error.wait_for()
    assert error.inner_text().strip()
    assert page.locator(".vc-new-stage details[open]").count() == 1
    assert ValueChain.objects.get(code="VC-12-DURIAN").stages.count() == 3
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "value-chain-editing.png"), full_page=True)


def test_planner_copies_a_template_to_nonthaburi(page):
    load_value_chains()
    log_in(page, "planner.nonthaburi")
    page.goto(f"{page.base}/valuechains/VC-OTOP/")
    page.locator("a[href='/valuechains/VC-OTOP/copy/']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=code]").input_value() == "VC-12-OTOP-2"
    page.select_option(
        "select[name=element]", label="2 เมืองแห่งเศรษฐกิจสร้างสรรค์: ด้านอุตสาหกรรม สินค้า OTOP"
    )
    page.locator("#chain-form button[type=submit]").click()
    page.wait_for_url("**/valuechains/VC-12-OTOP-2/")
    assert (
        page.locator(".vc-card .vc-need[data-indicator='NB-OTOP']").get_attribute("data-status")
        == "available"
    )
    copy = ValueChain.objects.get(code="VC-12-OTOP-2")
    assert copy.copied_from.code == "VC-OTOP"
    assert "OTOP" in copy.element.name_th
