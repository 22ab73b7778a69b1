"""The home and area pages in headless Chromium (Debian's package): Thai drawn, switch works."""

from __future__ import annotations

import os

import pytest

from oneplan.demo.load import DEMO_PASSWORD
from oneplan.testing.browser import SHOTS, thai_glyphs_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_is_thai_by_default_with_the_structure(page):
    page.goto(page.base + "/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "th"
    heading = page.locator("h1").inner_text()
    assert heading == "โครงสร้างพื้นที่เพื่อการวางแผนของประเทศไทย"
    assert page.locator("[data-level=province] .n").inner_text() == "77"
    assert page.locator("[data-level=subdistrict] .n").inner_text() == "7,436"
    assert page.get_by_role("link", name="กลุ่มจังหวัดภาคกลางตอนบน 1").count() == 1
    assert page.evaluate("document.fonts.status") == "loaded"
    assert thai_glyphs_drawn(page, "h1")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "home.png"), full_page=True)


def test_language_switch_to_english_and_back(page):
    page.goto(page.base + "/areas/12/")
    assert page.locator("h1").inner_text().startswith("นนทบุรี")
    with page.expect_navigation():  # the switch posts the form, then the page reloads
        page.select_option("#language-form select", "en")
    assert page.locator("h1").inner_text().startswith("Nonthaburi")
    assert "Upper Central 1" in page.locator("#area-group").inner_text()
    with page.expect_navigation():
        page.select_option("#language-form select", "th")
    assert page.locator("#area-region").inner_text() == "ภาคกลาง"


def test_area_search_filters_without_reload(page):
    page.goto(page.base + "/areas/?level=district")
    page.fill("input[name=q]", "บางกรวย")
    page.wait_for_function(
        "() => document.querySelectorAll('#results tbody tr').length === 1", timeout=5000
    )
    assert "1202" in page.locator("#results tbody tr").inner_text()
    assert "q=" in page.url  # the filtered list can be bookmarked


def test_login_shows_the_user(page):
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", "planner.nonthaburi")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "นักวางแผน" in page.locator("header.site").inner_text()
    assert page.get_by_role("button", name="ออกจากระบบ").count() == 1
