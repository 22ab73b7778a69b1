"""Real public files for tests, read in place from ../shared/data (never copied here).

``ONEPLAN_SHARED_DATA`` points elsewhere; a test whose file is missing skips and names it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = Path(os.environ.get("ONEPLAN_SHARED_DATA", REPO.parent / "shared" / "data"))


def shared_file(*parts: str) -> Path:
    """The path of a shared data file, or skip the calling test saying which file it wanted."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"needs {path} (set ONEPLAN_SHARED_DATA to the shared data folder)")
    return path
