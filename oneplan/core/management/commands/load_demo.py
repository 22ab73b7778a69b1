"""oneplan load-demo: the demo story and its logins (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from oneplan.demo.load import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo data (reference geography, agencies, the cast of users)."

    def handle(self, *args: Any, **options: Any) -> None:
        cast = load_demo()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for person in cast:
            self.stdout.write(f"  {person.username:<26} {person.role.label} · {person.full_name}")
