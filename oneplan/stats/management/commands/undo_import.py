"""oneplan undo-import BATCH: take back what one import batch wrote."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from oneplan.core.cli import acting_user
from oneplan.stats.batches import undo_batch
from oneplan.stats.models import ImportBatch


class Command(BaseCommand):
    help = "Undo an import batch: remove the values it added and restore those it changed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch", type=int)
        parser.add_argument("--user", help="act as this user (permissions apply)")

    def handle(self, *args: Any, **options: Any) -> None:
        batch = ImportBatch.objects.filter(pk=options["batch"]).first()
        if batch is None:
            raise CommandError(f"no import batch #{options['batch']}")
        try:
            removed, restored = undo_batch(batch, acting_user(options["user"]))
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"batch #{batch.pk} undone: {removed:,} removed, {restored:,} restored")
