"""Composite scoring: normalisations, weights, contributions that add up, ties and gaps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneplan.lib.scoring import Criterion, Normalisation, apportion, normalise, score


def test_minmax_rank_and_scale() -> None:
    values = {"a": 10.0, "b": 20.0, "c": 40.0, "d": None}
    assert normalise(values, Criterion("x", 1)) == {"a": 0.0, "b": 1 / 3, "c": 1.0, "d": None}
    assert normalise(values, Criterion("x", 1, Normalisation.RANK)) == {
        "a": 0.0,
        "b": 0.5,
        "c": 1.0,
        "d": None,
    }
    scale = Criterion("x", 1, Normalisation.SCALE, low=1, high=5)
    assert normalise({"a": 1, "b": 4, "c": 9}, scale) == {"a": 0.0, "b": 0.75, "c": 1.0}
    lower = Criterion("x", 1, higher_is_better=False)
    assert normalise({"a": 1, "b": 3}, lower) == {"a": 1.0, "b": 0.0}


def test_ties_and_equal_values() -> None:
    assert normalise({"a": 5, "b": 5}, Criterion("x", 1)) == {"a": 1.0, "b": 1.0}
    ranked = normalise({"a": 1, "b": 2, "c": 2, "d": 3}, Criterion("x", 1, Normalisation.RANK))
    assert ranked == {"a": 0.0, "b": 0.5, "c": 0.5, "d": 1.0}


def test_a_bad_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="high must be above its low"):
        normalise({"a": 1}, Criterion("x", 1, Normalisation.SCALE, low=5, high=5))


def test_worked_example() -> None:
    """Three products on LQ (weight 2), growth (1) and a committee's 1–5 (1): the ranking the
    user guide shows."""
    criteria = [
        Criterion("lq", 2),
        Criterion("growth", 1),
        Criterion("market", 1, Normalisation.SCALE, low=1, high=5),
    ]
    values: dict[str, dict[str, float | None]] = {
        "lq": {"durian": 3.0, "otop": 1.0, "tour": 2.0},
        "growth": {"durian": 0.02, "otop": 0.10, "tour": 0.06},
        "market": {"durian": 5, "otop": 2, "tour": None},
    }
    ranked = score(["durian", "otop", "tour"], values, criteria)
    assert [(r.candidate, r.score, r.rank) for r in ranked] == [
        ("durian", 75.0, 1),
        ("tour", 37.5, 2),
        ("otop", 31.2, 3),
    ]
    assert ranked[0].contributions == {"lq": 50.0, "growth": 0.0, "market": 25.0}
    assert ranked[1].missing == ["market"]
    # 25 + 6.25 rounds to 31.2 shown, and the points add up to it.
    assert ranked[2].contributions == {"lq": 0.0, "growth": 25.0, "market": 6.2}


def test_equal_scores_share_a_rank() -> None:
    ranked = score(["a", "b", "c"], {"x": {"a": 1, "b": 1, "c": 0}}, [Criterion("x", 1)])
    assert [(r.candidate, r.rank) for r in ranked] == [("a", 1), ("b", 1), ("c", 3)]


def test_no_weight_scores_zero() -> None:
    ranked = score(["a"], {"x": {"a": 1}}, [Criterion("x", 0)])
    assert ranked[0].score == 0
    assert ranked[0].contributions == {"x": 0.0}


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.floats(0, 100), min_size=1))
def test_apportioned_parts_add_up(raw: dict[str, float]) -> None:
    total = round(sum(raw.values()), 1)
    parts = apportion(raw, total)
    assert round(sum(parts.values()), 1) == total
    assert all(abs(parts[k] - raw[k]) < 0.1 + 1e-9 for k in raw)
