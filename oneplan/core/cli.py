"""Helpers shared by management commands: printing an import's problems and summaries."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from oneplan.core.importing import ImportRejected


def reject(command: BaseCommand, exc: ImportRejected, limit: int = 200) -> CommandError:
    """Write every problem to stderr and return the error that ends the command."""
    command.stderr.write(exc.report(limit=limit))
    return CommandError(f"{len(exc.problems)} problem(s) found; nothing was written.")


def print_table(command: BaseCommand, title: str, header: list[str], rows: list[list[str]]) -> None:
    """A small table on the command's stdout (plain text when not a terminal)."""
    table = Table(*header, title=title)
    for row in rows:
        table.add_row(*row)
    buffer = io.StringIO()
    Console(file=buffer, width=100, force_terminal=False).print(table)
    command.stdout.write(buffer.getvalue().rstrip("\n"))


def acting_user(username: str | None) -> Any:
    """The user whose permissions apply; None (no --user) acts as the system."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user {username!r}")
    return user
