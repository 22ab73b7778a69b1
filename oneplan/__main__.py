"""The ``oneplan`` command: every Django management command, with OnePlan's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command (``oneplan migrate``, ``oneplan load-areas FILE``, ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneplan.settings")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    # Hyphenated names are what users type; Django's command modules use underscores.
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
