"""Project pages in headless Chromium: the annual project list drawn in Thai and reordered by
drag and drop with a reason, a planner submitting a draft from its page, and the other pages
(form, meeting point, calendar) drawn for the screenshots."""

from __future__ import annotations

import os

import pytest

from oneplan.plans.models import PlanElement
from oneplan.projects.models import (
    Project,
    RankChange,
)
from oneplan.projects.tests.factories import project, subdistrict
from oneplan.testing.browser import SHOTS, log_in, thai_glyphs_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLES = [
    "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3 ตำบลสวนใหญ่",
    "ขุดลอกคลองบางกร่าง",
    "ส่งเสริมการปลูกทุเรียนนนท์ปลอดภัย",
    "พัฒนาตลาดเกษตรกรจังหวัดนนทบุรี",
]


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def issue_of_nonthaburi() -> PlanElement:
    return PlanElement.objects.filter(edition__plan__area__code="12", kind="issue").order_by("pk")[
        0
    ]


def drag(page, source, target) -> None:
    """Drag ``source`` onto ``target`` with the mouse, in steps (SortableJS's pointer mode)."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    for step in range(1, 21):
        y = start["y"] + (end["y"] + 2 - start["y"]) * step / 20
        page.mouse.move(start["x"] + start["width"] / 2, y)
        page.wait_for_timeout(15)
    page.mouse.up()


def test_the_project_list_is_reordered_by_drag_and_drop(page):
    """The demo's list of Nonthaburi for 2569 (ceiling 10 million baht)."""
    log_in(page, "planner.nonthaburi")
    page.goto(f"{page.base}/projects/lists/12/2569/")
    assert "ปีงบประมาณ 2569" in page.locator("h1").inner_text()
    assert thai_glyphs_drawn(page, "h1")
    before = page.locator("#pj-rows tr[data-code]").evaluate_all(
        "rows => rows.map(r => r.dataset.code)"
    )
    assert len(before) >= 4
    # the ceiling line parts the rows within it from those over it
    rows = page.locator("#pj-rows tr[data-code]")
    within = page.locator("#pj-rows tr.within").count()
    divider = page.locator("tr[data-divider]").bounding_box()
    assert 0 < within < len(before)
    assert (
        rows.nth(within - 1).bounding_box()["y"]
        < divider["y"]
        < rows.nth(within).bounding_box()["y"]
    )
    shot(page, "project-list.png")

    last = before[-1]
    drag(
        page,
        page.locator(f"tr[data-code='{last}'] .pj-grip"),
        page.locator(f"tr[data-code='{before[0]}'] .pj-grip"),
    )
    after = rows.evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert after == [last, *before[:-1]]
    assert page.locator("#reorder-dirty").is_visible()
    page.fill("textarea[name=reason]", "มติ ก.บ.จ. ครั้งที่ 3/2568: ความเร่งด่วนของตลาด")
    shot(page, "project-list-dragged.png")
    page.click("#reorder-save")
    page.wait_for_load_state("networkidle")

    assert [p.code for p in Project.objects.filter(rank__isnull=False).order_by("rank")] == after
    move = RankChange.objects.get()
    assert (move.project.code, move.from_rank, move.to_rank) == (last, len(before), 1)
    assert move.reason.startswith("มติ ก.บ.จ.")
    saved = page.locator("#pj-rows tr[data-code]").evaluate_all(
        "rows => rows.map(r => r.dataset.code)"
    )
    assert saved == after
    assert page.locator(f"tr[data-code='{last}'] .pj-hand").count() == 1
    assert page.locator(f"table.pj-moves tr[data-moved='{last}']").count() == 1
    shot(page, "project-list-saved.png")


def test_a_planner_submits_a_draft_from_its_page(page):
    subdistrict()
    draft = project(TITLES[2], serves=(issue_of_nonthaburi(),), beneficiaries=850)
    log_in(page, "planner.nonthaburi")
    page.goto(f"{page.base}{draft.get_absolute_url()}")
    assert page.locator("h1 .state").get_attribute("data-state") == "draft"
    assert page.locator("form[data-move]").count() == 1
    assert page.locator(".pj-bars li").count() == 5
    assert thai_glyphs_drawn(page, "h1")
    shot(page, "request-draft.png")
    page.locator("form[data-move='submitted'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1 .state").get_attribute("data-state") == "submitted"
    assert draft.code in page.locator(".messages").inner_text()
    assert page.locator("#history tbody tr").count() == 1
    draft.refresh_from_db()
    assert draft.state == "submitted"
    shot(page, "request-submitted.png")


def test_the_other_pages_draw_in_thai(page):
    """The form with its problems, the meeting point, the outcomes and the calendar, with the
    demo's requests (for the screenshots)."""
    log_in(page, "planner.nonthaburi")
    page.goto(f"{page.base}/projects/add/")
    page.fill("input[name=title]", "")
    page.fill("input[name=fiscal_year]", "ปีหน้า")
    page.fill("input[name=funding-2-amount_requested]", "หนึ่งล้าน")
    page.click("form#project-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".field-error").count() >= 3
    assert thai_glyphs_drawn(page, ".pj-problems")
    shot(page, "project-form-problems.png")

    page.goto(f"{page.base}/projects/meeting/DOAE/2569/")
    assert page.locator("section[data-area='12'] tr[data-code]").count() >= 2
    assert page.locator(".pj-progress").count() == 1
    assert thai_glyphs_drawn(page, "h1")
    shot(page, "meeting-point.png")

    page.goto(f"{page.base}/projects/areas/12/2569/outcomes/")
    assert page.locator("section[data-agency='DOAE']").count() == 1
    shot(page, "area-outcomes.png")

    page.goto(f"{page.base}/projects/calendar/2569/")
    steps = page.locator("ol.pj-timeline > li")
    assert steps.count() >= 4
    assert set(steps.evaluate_all("items => items.map(i => i.dataset.status)")) <= {
        "done",
        "late",
        "upcoming",
    }
    shot(page, "budget-calendar.png")

    page.goto(f"{page.base}/projects/?fiscal_year=2569")
    assert page.locator("table.requests tr[data-code]").count() >= 7
    shot(page, "request-list.png")

    durian = Project.objects.filter(sample=True, state="sent").order_by("code").first()
    page.goto(f"{page.base}{durian.get_absolute_url()}")
    shot(page, "request-sent.png")
