"""The registry and the catalogue in headless Chromium: search the list, open an indicator,
follow it to its dataset, all in Thai drawn with the Sarabun web font."""

from __future__ import annotations

import os

import pytest

from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period
from oneplan.orgs.models import Agency
from oneplan.plans.models import PlanElement, PlanIndicator
from oneplan.stats.aggregates import refresh
from oneplan.stats.models import Dataset, DatasetIndicator, Indicator, Observation
from oneplan.testing.browser import SHOTS, thai_glyphs_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def durian_values() -> Indicator:
    """A district-level durian indicator on the demo plan's durian goal, with values for two
    of Nonthaburi's six districts in 2023 and 2024, rolled up, and a dataset providing it."""
    durian = Indicator.objects.create(
        code="NB-DURIAN-DISTRICT",
        name_th="พื้นที่ปลูกทุเรียนรายอำเภอ",
        unit="ไร่",
        frequency="year",
        min_area_level="district",
    )
    goal = PlanElement.objects.get(
        edition__plan__code="PDP-12-2566",
        edition__number=1,
        name_th="ทุเรียนนนทบุรีเป็นสินค้าเกษตรมูลค่าสูง",
    )
    PlanIndicator.objects.create(element=goal, indicator=durian, position=9)
    dataset = Dataset.objects.create(
        code="doae-12-durian-district",
        name_th="พื้นที่ปลูกไม้ผลรายอำเภอ จังหวัดนนทบุรี",
        owner=Agency.objects.get(code="DOAE-12"),
        tags=["ทุเรียน"],
        first_year=2023,
        last_year=2024,
    )
    DatasetIndicator.objects.create(
        dataset=dataset, indicator=durian, frequency="year", min_area_level="district"
    )
    for year, values in ((2023, (1500, 900)), (2024, (1550, 930))):
        for district, value in zip(("1202", "1206"), values, strict=True):
            Observation.objects.create(
                indicator=durian,
                area=Area.objects.get(code=district),
                period=str(year),
                start=Period.parse(str(year)).start,
                value=value,
                dataset=dataset,
            )
    refresh([durian.pk])
    return durian


def shoot(page, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def test_search_open_an_indicator_and_follow_it_to_its_dataset(page):
    durian_values()
    page.goto(page.base + "/")
    page.click("header.site nav a[href='/data/indicators/']")
    page.wait_for_load_state("networkidle")
    total = page.locator("table.indicators tbody tr").count()
    assert total > 5  # the demo plans' indicators

    # Typing narrows the table in place (HTMX), without a reload.
    page.evaluate("window.__same_page = true")
    page.fill("form.filters input[name=q]", "ทุเรียน")
    page.wait_for_function(
        "document.querySelectorAll('table.indicators tbody tr').length < " + str(total)
    )
    row = page.locator("table.indicators tbody tr", has_text="NB-DURIAN-DISTRICT")
    assert "พ.ศ. 2567" in row.inner_text()  # the latest period, Buddhist Era
    assert row.locator(".badge.fresh").count() == 1
    assert page.evaluate("window.__same_page") is True
    assert "q=" in page.url  # the search is in the address, to share or reload
    shoot(page, "indicator-list.png")

    row.locator("a", has_text="NB-DURIAN-DISTRICT").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "พื้นที่ปลูกทุเรียนรายอำเภอ"
    assert thai_glyphs_drawn(page, "h1")
    values = page.locator("table.values")
    assert "นนทบุรี" in values.inner_text()
    assert "2,480.00" in values.inner_text()  # 1,550 + 930 in 2024
    assert "33.3%" in values.inner_text()  # two of six districts sent values
    plans = page.locator("#indicator-plans").inner_text()
    assert "ทุเรียนนนทบุรีเป็นสินค้าเกษตรมูลค่าสูง" in plans
    shoot(page, "indicator-detail.png")

    page.click("#indicator-datasets a[href='/data/datasets/doae-12-durian-district/']")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "พื้นที่ปลูกไม้ผลรายอำเภอ จังหวัดนนทบุรี"
    record = page.locator("#dataset-catalogue").inner_text()
    assert "หน่วยงานเจ้าของข้อมูล" in record
    assert "2566" in record
    assert "2567" in record
    assert thai_glyphs_drawn(page, "#dataset-catalogue dt")
    shoot(page, "dataset-detail.png")

    page.click("nav.crumbs a[href='/data/datasets/']")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.datasets tbody tr", has_text="doae-12-durian-district").count() == 1
    shoot(page, "dataset-list.png")
