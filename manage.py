#!/usr/bin/env python
"""Django's manage.py, kept for habit; ``oneplan`` is the same thing installed as a command."""

from oneplan.__main__ import main

if __name__ == "__main__":
    main()
