"""oneplan budget-reminders [--year 2569] [--today YYYY-MM-DD]: e-mail whoever is late for a
step of the budget calendar (run it daily from cron or a scheduler)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_fiscal_year
from oneplan.projects.calendar import current_calendar, send_reminders
from oneplan.projects.models import BudgetCalendar


class Command(BaseCommand):
    help = "E-mail reminders to whoever is late for a step of the budget calendar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", help="fiscal year, BE (default: the one being prepared)")
        parser.add_argument("--today", help="the date to judge lateness on (ISO; default today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as exc:
            raise CommandError(f"--today: {exc}") from exc
        today = today or timezone.localdate()
        if options["year"]:
            try:
                year = parse_fiscal_year(options["year"])
            except ThaiDateError as exc:
                raise CommandError(f"--year: {exc}") from exc
            calendar = BudgetCalendar.objects.filter(fiscal_year=year).first()
            if calendar is None:
                raise CommandError(f"no budget calendar for fiscal year {options['year']}")
        else:
            calendar = current_calendar(today)
            if calendar is None:
                raise CommandError("no budget calendar has been set up")
        sent = send_reminders(calendar, today)
        self.stdout.write(f"{calendar}: {sent} reminder(s) sent")
