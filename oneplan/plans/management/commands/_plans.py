"""What the plan commands share: finding an edition and the acting user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
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


def acting_user(username: str | None) -> Any:
    """The user whose permissions apply; None (no --user) acts as the system."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user {username!r}")
    return user
