"""The worked example of docs/user/projects.md, computed by the code the pages use."""

from __future__ import annotations

import pytest

from oneplan.projects.choices import DEFAULT_WEIGHTS
from oneplan.projects.priority import (
    Priority,
    alignment_part,
    coverage_part,
    reach_part,
    readiness_part,
    severity_part,
)


def test_the_documented_example_scores_64_9() -> None:
    parts = {
        "alignment": alignment_part(True, 2),
        "severity": severity_part([0.4]),
        "readiness": readiness_part(True, True, False),
        "coverage": coverage_part(True, False),
        "reach": reach_part(1_200, 3),
    }
    assert parts["alignment"] == pytest.approx(0.833, abs=1e-3)
    assert parts["readiness"] == pytest.approx(0.667, abs=1e-3)
    assert parts["reach"] == pytest.approx(0.458, abs=1e-3)
    priority = Priority(parts=parts, weights=dict(DEFAULT_WEIGHTS))
    assert priority.score == 64.9
    assert sum(priority.contributions().values()) == pytest.approx(64.9, abs=0.1)
