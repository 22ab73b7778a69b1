"""Product Champion scoring: each candidate sector or product gets a raw value per criterion
(from the positioning, the value chains, or typed by the committee), normalised and weighted
by ``oneplan.lib.scoring``; the ranking shows each criterion's points.

Raw values per criterion:

* location quotient, growth (CAGR), share: from the positioning, last year against the
  reference;
* competitive effect: the classic shift-share competitive part as a share of the first year's
  value (a rate, so large and small sectors compare);
* employment: persons employed in the sector in the last year;
* value-chain coverage: the share of the candidate's value chain's success factors served by
  at least one request past the draft (and not declined);
* entered by the committee: the values typed, on the criterion's declared scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from oneplan.analysis import positioning
from oneplan.analysis.choices import CriterionKey
from oneplan.analysis.models import Analysis, Candidate, Criterion, ManualScore
from oneplan.lib import scoring
from oneplan.valuechains.models import SuccessFactor

INACTIVE_STATES = ("draft", "declined")


@dataclass
class Ranked:
    candidate: Candidate
    scored: scoring.Scored
    raw: dict[int, float | None]  # criterion pk -> raw value
    row: positioning.SectorRow | None


@dataclass
class ChampionResult:
    analysis: Analysis
    positioning: positioning.Positioning
    criteria: list[Criterion]
    ranked: list[Ranked]


def as_scoring(criterion: Criterion) -> scoring.Criterion:
    return scoring.Criterion(
        key=str(criterion.pk),
        weight=float(criterion.weight),
        normalisation=scoring.Normalisation(criterion.normalisation),
        higher_is_better=criterion.higher_is_better,
        low=criterion.scale_low,
        high=criterion.scale_high,
    )


def coverage(chain_ids: set[int]) -> dict[int, float]:
    """Per value chain: the share of its success factors served by an active request."""
    rows = (
        SuccessFactor.objects.filter(stage__chain_id__in=chain_ids)
        .values("stage__chain_id")
        .annotate(
            factors=Count("pk", distinct=True),
            served=Count(
                "pk",
                distinct=True,
                filter=Q(projects__isnull=False) & ~Q(projects__state__in=INACTIVE_STATES),
            ),
        )
    )
    return {r["stage__chain_id"]: r["served"] / r["factors"] for r in rows if r["factors"]}


def _raw(
    criterion: Criterion,
    candidate: Candidate,
    row: positioning.SectorRow | None,
    covered: dict[int, float],
    typed: dict[tuple[int, int], float],
) -> float | None:
    key = criterion.key
    if key == CriterionKey.MANUAL:
        return typed.get((criterion.pk, candidate.pk))
    if key == CriterionKey.COVERAGE:
        if candidate.value_chain_id is None:
            return None
        return covered.get(candidate.value_chain_id, 0.0)
    if row is None:
        return None
    if key == CriterionKey.LQ:
        return row.lq
    if key == CriterionKey.GROWTH:
        return row.growth
    if key == CriterionKey.SHARE:
        return row.share
    if key == CriterionKey.EMPLOYMENT:
        return row.employment
    if key == CriterionKey.COMPETITIVE:
        if row.shift is None or not row.start:
            return None
        return row.shift.competitive / row.start
    return None


def evaluate(analysis: Analysis) -> ChampionResult:
    """Compute the analysis as its inputs stand now."""
    assert analysis.reference
    assert analysis.indicator
    assert analysis.category_set
    assert analysis.start_year
    assert analysis.end_year
    pos = positioning.compute(
        analysis.area,
        analysis.reference,
        analysis.indicator,
        analysis.category_set,
        analysis.start_year,
        analysis.end_year,
        analysis.employment,
    )
    criteria = list(analysis.criteria.all())
    candidates = list(analysis.candidates.select_related("category", "value_chain"))
    typed = {
        (s.criterion_id, s.candidate_id): s.value
        for s in ManualScore.objects.filter(criterion__analysis=analysis)
    }
    covered = coverage({c.value_chain_id for c in candidates if c.value_chain_id})
    rows = {c.pk: pos.row(c.category.code) for c in candidates}
    raw = {
        c.pk: {k.pk: _raw(k, c, rows[c.pk], covered, typed) for k in criteria} for c in candidates
    }
    scored = scoring.score(
        [str(c.pk) for c in candidates],
        {str(k.pk): {str(c.pk): raw[c.pk][k.pk] for c in candidates} for k in criteria},
        [as_scoring(k) for k in criteria],
    )
    by_pk = {str(c.pk): c for c in candidates}
    ranked = [
        Ranked(by_pk[s.candidate], s, raw[int(s.candidate)], rows[int(s.candidate)]) for s in scored
    ]
    return ChampionResult(analysis, pos, criteria, ranked)
