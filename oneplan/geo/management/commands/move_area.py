"""oneplan move-area CODE CONTAINER --from DATE: a province changes group (or a group region)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from oneplan.geo.memberships import move
from oneplan.geo.models import Area
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_date


class Command(BaseCommand):
    help = (
        "Move a province to another province group (or a group to another region) from a date, "
        "ending its current link that day. Dates may be typed the Thai way: '1 ต.ค. 2570'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the province (or group) code, e.g. 12")
        parser.add_argument("container", help="the new group (or region) code, e.g. G11")
        parser.add_argument("--from", dest="start", required=True, help="first day of the change")
        parser.add_argument("--source", default="", help="the announcement")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = parse_date(options["start"])
        except ThaiDateError as exc:
            raise CommandError(f"--from: {exc}") from exc
        found = {
            a.code: a for a in Area.objects.filter(code__in=[options["code"], options["container"]])
        }
        missing = [c for c in (options["code"], options["container"]) if c not in found]
        if missing:
            raise CommandError(f"no area with code {', '.join(missing)}")
        try:
            link = move(
                found[options["code"]], found[options["container"]], start, options["source"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{link.member} → {link.container} from {link.valid_from.isoformat()}")
