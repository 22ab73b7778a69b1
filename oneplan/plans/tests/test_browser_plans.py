"""Editing a plan's tree in headless Chromium: add, move, edit and delete without a reload."""

from __future__ import annotations

import os

import pytest

from oneplan.plans.models import Plan, PlanElement
from oneplan.testing.browser import SHOTS, log_in, thai_glyphs_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page, number):
    return page.locator("table.tree tr", has=page.locator(f"td.num:text-is('{number}')"))


def test_tree_editing_without_page_reloads(page):
    log_in(page, "planner.nonthaburi")
    draft = Plan.objects.get(code="PDP-12-2566").editions.get(number=2)
    page.goto(f"{page.base}/plans/editions/{draft.pk}/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__same_page = true")
    assert thai_glyphs_drawn(page, "h1")
    rows_before = page.locator("table.tree tbody tr").count()

    # Add an approach under strategic issue 5 with the row's "+" button.
    _row(page, "5").locator("button[data-add]").click()
    assert page.locator("#add-under-label").inner_text() == "5"
    page.select_option("#add-form select[name=kind]", "approach")
    page.fill("#add-form input[name=name_th]", "ส่งเสริมครูสอนภาษาในชุมชน")
    page.click("#add-form button[type=submit]")
    page.wait_for_selector("td:has-text('ส่งเสริมครูสอนภาษาในชุมชน')")
    assert page.locator("table.tree tbody tr").count() == rows_before + 1
    assert "ส่งเสริมครูสอนภาษาในชุมชน" in _row(page, "5.2").inner_text()

    # Move it up: the numbers follow the tree.
    _row(page, "5.2").locator("button[data-move=up]").click()
    page.wait_for_function(
        "document.querySelector('table.tree').innerText.includes('5.1') && "
        "[...document.querySelectorAll('table.tree tr')].some(r => r.innerText.startsWith('5.1')"
        " && r.innerText.includes('ส่งเสริมครูสอนภาษาในชุมชน'))"
    )
    new = PlanElement.objects.get(edition=draft, name_th="ส่งเสริมครูสอนภาษาในชุมชน")
    assert new.number == "5.1"

    # Edit its name in place.
    _row(page, "5.1").locator("button[data-edit]").click()
    page.wait_for_selector("#edit-form")
    page.fill("#edit-form input[name=name_th]", "ส่งเสริมครูอาสาสอนภาษาในชุมชน")
    page.fill("#edit-form input[name=agencies]", "PO-12")
    page.click("#edit-form button[type=submit]")
    page.wait_for_selector("td:has-text('ส่งเสริมครูอาสาสอนภาษาในชุมชน')")
    assert "PO-12" in _row(page, "5.1").inner_text()
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "plan-tree.png"), full_page=True)

    # Delete it (confirming the dialog).
    page.once("dialog", lambda dialog: dialog.accept())
    _row(page, "5.1").locator("button[data-delete]").click()
    page.wait_for_function(
        "!document.querySelector('table.tree').innerText.includes('ส่งเสริมครูอาสา')"
    )
    assert page.locator("table.tree tbody tr").count() == rows_before
    assert not PlanElement.objects.filter(pk=new.pk).exists()
    assert page.evaluate("window.__same_page") is True  # never a full reload


def test_an_approved_edition_has_no_editing_tools(page):
    log_in(page, "planner.nonthaburi")
    published = Plan.objects.get(code="PDP-12-2566").editions.get(number=1)
    page.goto(f"{page.base}/plans/editions/{published.pk}/")
    assert page.locator("table.tree tbody tr").count() >= 15
    assert page.locator("td.tools").count() == 0
    assert page.locator("#add-form").count() == 0
