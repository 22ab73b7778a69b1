"""What the plan commands share: finding an edition and the acting user."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from oneplan.plans.models import Plan, PlanEdition


def add_edition_arguments(parser: CommandParser) -> None:
    parser.add_argument("plan", help="plan code, e.g. PDP-12-2566")
    parser.add_argument(
        "--edition", type=int, default=None, help="edition number (default: the latest)"
    )


def find_edition(code: str, number: int | None) -> PlanEdition:
    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        raise CommandError(f"no plan {code!r}")
    edition = plan.editions.filter(number=number).first() if number else plan.latest_edition()
    if edition is None:
        raise CommandError(f"{code} has no edition {number or ''}".strip())
    return edition
