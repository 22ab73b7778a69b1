"""Composite scores: criteria normalised to 0–1, weighted, added up to 0–100, with each
criterion's contribution shown in points that add up to the shown score.

Plain Python, no Django. The normalisations (documented for users in docs/user/analysis.md):

* ``minmax``: ``(v − lowest) / (highest − lowest)`` over the candidates that have a value, so
  the best gets 1 and the worst 0; when every candidate has the same value all get 1 (the
  criterion tells them apart in nothing and moves no one in the ranking);
* ``rank``: the percentile of the candidate's rank, ``(rank − 1) / (n − 1)`` counting from the
  worst, with tied candidates sharing the mean of their ranks; robust to one extreme value;
* ``scale``: a value on a declared scale (a committee's 1–5, say), ``(v − low) / (high − low)``
  clipped to 0–1; the same score means the same whatever the other candidates score.

A criterion where lower is better is turned round (``1 − x``). A candidate without a value for a
criterion gets nothing from it and the criterion is listed as missing for that candidate.
The score is ``100 × Σ wₖ xₖ / Σ wₖ``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Normalisation(StrEnum):
    MINMAX = "minmax"
    RANK = "rank"
    SCALE = "scale"


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: float
    normalisation: Normalisation = Normalisation.MINMAX
    higher_is_better: bool = True
    low: float = 0.0  # the declared scale, for ``scale``
    high: float = 1.0


@dataclass
class Scored:
    candidate: str
    score: float
    normalised: dict[str, float | None]
    contributions: dict[str, float]
    missing: list[str] = field(default_factory=list)
    rank: int = 0


def _minmax(values: dict[str, float]) -> dict[str, float]:
    low, high = min(values.values()), max(values.values())
    if high == low:
        return dict.fromkeys(values, 1.0)
    return {k: (v - low) / (high - low) for k, v in values.items()}


def _rank(values: dict[str, float]) -> dict[str, float]:
    if len(values) == 1:
        return dict.fromkeys(values, 1.0)
    ordered = sorted(values.values())
    out = {}
    for k, v in values.items():
        below = sum(1 for x in ordered if x < v)
        ties = sum(1 for x in ordered if x == v)
        mean_rank = below + (ties + 1) / 2  # 1-based, ties share the mean
        out[k] = (mean_rank - 1) / (len(values) - 1)
    return out


def normalise(values: Mapping[str, float | None], criterion: Criterion) -> dict[str, float | None]:
    """The 0–1 value of each candidate on ``criterion`` (``None`` where it has no value)."""
    present = {k: float(v) for k, v in values.items() if v is not None and math.isfinite(float(v))}
    if not present:
        return dict.fromkeys(values)
    if criterion.normalisation is Normalisation.SCALE:
        span = criterion.high - criterion.low
        if span <= 0:
            raise ValueError(f"{criterion.key}: the scale's high must be above its low")
        scaled = {k: min(1.0, max(0.0, (v - criterion.low) / span)) for k, v in present.items()}
    elif criterion.normalisation is Normalisation.RANK:
        scaled = _rank(present)
    else:
        scaled = _minmax(present)
    if not criterion.higher_is_better:
        scaled = {k: 1.0 - v for k, v in scaled.items()}
    return {k: scaled.get(k) for k in values}


def apportion(raw: Mapping[str, float], total: float, decimals: int = 1) -> dict[str, float]:
    """Round ``raw`` parts so that they add up to ``total`` (already rounded to ``decimals``):
    each part is rounded down, and the parts that lost most get the spare units (the largest
    remainder method)."""
    unit = 10**decimals
    scaled = {k: v * unit for k, v in raw.items()}
    floors = {k: math.floor(v + 1e-9) for k, v in scaled.items()}
    spare = round(total * unit) - sum(floors.values())
    for k in sorted(raw, key=lambda k: scaled[k] - floors[k], reverse=True)[: max(spare, 0)]:
        floors[k] += 1
    return {k: floors[k] / unit for k in raw}


def score(
    candidates: Sequence[str],
    values: Mapping[str, Mapping[str, float | None]],
    criteria: Sequence[Criterion],
) -> list[Scored]:
    """Score and rank ``candidates``; ``values[criterion key][candidate]`` is the raw value.
    Ties share the better rank; the list is best first."""
    total_weight = sum(max(c.weight, 0.0) for c in criteria)
    normalised = {
        c.key: normalise({k: values.get(c.key, {}).get(k) for k in candidates}, c) for c in criteria
    }
    results = []
    for candidate in candidates:
        raw: dict[str, float] = {}
        missing = []
        for c in criteria:
            x = normalised[c.key][candidate]
            if x is None:
                missing.append(c.key)
            share = max(c.weight, 0.0) / total_weight if total_weight else 0.0
            raw[c.key] = 100 * share * (x or 0.0)
        shown = round(sum(raw.values()), 1)
        results.append(
            Scored(
                candidate,
                shown,
                {c.key: normalised[c.key][candidate] for c in criteria},
                apportion(raw, shown),
                missing,
            )
        )
    position = {k: i for i, k in enumerate(candidates)}
    results.sort(key=lambda r: (-r.score, position[r.candidate]))
    for i, r in enumerate(results):
        r.rank = results[i - 1].rank if i and results[i - 1].score == r.score else i + 1
    return results
