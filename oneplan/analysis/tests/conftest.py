"""Fixtures the analysis tests share (a module may define its own ``place`` instead)."""

from __future__ import annotations

import pytest

from oneplan.analysis.tests.api_helpers import REFERENCE, REGION
from oneplan.analysis.tests.factories import World, gpp, put_years, world


@pytest.fixture
def place(cast) -> World:
    """The reference geography with Nonthaburi's and its group's GPP by sector, 2019–2021."""
    w = world()
    put_years(gpp(), w["12"], REGION)
    put_years(gpp(), w.group, REFERENCE)
    return w
