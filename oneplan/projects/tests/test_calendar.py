"""The budget calendar: who is late for which step, and the reminders they get."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from oneplan.orgs.choices import Role
from oneplan.projects.calendar import reached, send_reminders, timeline
from oneplan.projects.models import BudgetCalendar, CalendarStep
from oneplan.projects.tests.factories import YEAR, project

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar() -> BudgetCalendar:
    cal = BudgetCalendar.objects.create(fiscal_year=YEAR)
    CalendarStep.objects.create(
        calendar=cal,
        position=1,
        name_th="ส่งคำขอ",
        state="submitted",
        role=Role.PROVINCIAL_PLANNER,
        due=dt.date(2024, 12, 20),
    )
    CalendarStep.objects.create(
        calendar=cal,
        position=2,
        name_th="กรมพิจารณา",
        state="funded",
        role=Role.DEPARTMENT_REVIEWER,
        due=dt.date(2025, 6, 30),
    )
    return cal


def test_reached_follows_the_cycle_and_closed_requests_are_never_late() -> None:
    assert reached("screened", "submitted")
    assert not reached("draft", "submitted")
    assert not reached("reconsidered", "screened")  # back to the queue: counts as submitted
    assert reached("declined", "funded")
    assert reached("funded", "funded")


def test_timeline_marks_late_steps_and_who_must_act(cast, calendar) -> None:
    draft = project("ร่าง", state="draft")
    sent = project("ส่งแล้ว", state="sent", source="department", budget_holder="DOAE")
    project("ปิดแล้ว", state="declined")
    steps = timeline(calendar, dt.date(2025, 1, 10))
    first, second = steps
    assert first.late
    assert not first.done
    assert [p.pk for p in first.waiting] == [draft.pk]
    assert list(first.by_actor) == ["นนทบุรี"]
    assert not second.late
    assert second.days_left == (dt.date(2025, 6, 30) - dt.date(2025, 1, 10)).days
    # the department step waits only for requests asking a department budget
    assert [p.pk for p in second.waiting] == [sent.pk]
    assert "กรมส่งเสริมการเกษตร" in second.by_actor
    assert [p.pk for p in second.by_actor["กรมส่งเสริมการเกษตร"]] == [sent.pk]


def test_timeline_for_one_area_leaves_others_out(cast, calendar) -> None:
    project("แพร่", area_code="54", agency=None, state="draft")
    project("นนท์", state="draft")
    waiting = timeline(calendar, dt.date(2025, 1, 10), cast.phrae)[0].waiting
    assert [p.name_th for p in waiting] == ["แพร่"]


def test_reminders_go_to_the_late_steps_actors_only(cast, calendar, mailoutbox) -> None:
    for user, email in (
        (cast.planner_nonthaburi, "n@example.org"),
        (cast.planner_phrae, "p@example.org"),
    ):
        user.email = email
        user.save()
    project("ร่างของนนทบุรี", state="draft")
    assert send_reminders(calendar, dt.date(2025, 1, 10)) == 1
    (mail,) = mailoutbox
    assert mail.to == ["n@example.org"]
    assert "ร่างของนนทบุรี" in mail.body
    assert "20/12/2567" in mail.subject  # the deadline in Buddhist Era


def test_nobody_is_reminded_before_a_deadline(cast, calendar, mailoutbox) -> None:
    cast.planner_nonthaburi.email = "n@example.org"
    cast.planner_nonthaburi.save()
    project("ร่าง", state="draft")
    assert send_reminders(calendar, dt.date(2024, 12, 1)) == 0
    assert mailoutbox == []


def test_command_reads_a_buddhist_era_year_and_reports(cast, calendar, capsys) -> None:
    call_command("budget_reminders", "--year", "2569", "--today", "2025-01-10")
    assert "0 reminder(s) sent" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no budget calendar for fiscal year 2570"):
        call_command("budget_reminders", "--year", "2570")
