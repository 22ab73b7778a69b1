"""An analysis's result as plain data: what the saved analysis keeps, the API serves and the
XLSX and PDF files print. Years are CE here; pages and files show them in BE."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from oneplan.analysis.champion import ChampionResult
from oneplan.analysis.choices import CriterionKey
from oneplan.analysis.models import Criterion
from oneplan.analysis.positioning import Positioning
from oneplan.analysis.problems import Ranking


def criterion_label(criterion: Criterion) -> str:
    """The label kept in a result: the committee's own, else the criterion's name in Thai."""
    if criterion.label_th:
        return criterion.label_th
    with translation.override("th"):
        return str(criterion.get_key_display())


def shown_label(kept: dict[str, Any]) -> str:
    """A kept criterion's label for the reader: the committee's own label as typed, else the
    criterion's name in the reader's language (not the language it was computed in)."""
    if kept.get("custom_label"):
        return str(kept["custom_label"])
    try:
        return str(CriterionKey(kept["key"]).label)
    except (KeyError, ValueError):
        return str(kept.get("label", ""))


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def positioning_rows(pos: Positioning) -> list[dict[str, Any]]:
    """One line per sector: the inputs and every measure."""
    out = []
    for row in pos.rows:
        shift = row.shift
        dynamic = row.dynamic
        out.append(
            {
                "code": row.code,
                "name_th": row.category.name_th,
                "name_en": row.category.name_en,
                "start": row.start,
                "end": row.end,
                "reference_start": row.reference_start,
                "reference_end": row.reference_end,
                "share": _r(row.share),
                "growth": _r(row.growth),
                "reference_growth": _r(row.reference_growth),
                "lq": _r(row.lq),
                "lq_start": _r(row.lq_start),
                "national_share": _r(shift.national_share, 2) if shift else None,
                "industry_mix": _r(shift.industry_mix, 2) if shift else None,
                "competitive": _r(shift.competitive, 2) if shift else None,
                "dynamic_national_share": _r(dynamic.national_share, 2) if dynamic else None,
                "dynamic_industry_mix": _r(dynamic.industry_mix, 2) if dynamic else None,
                "dynamic_competitive": _r(dynamic.competitive, 2) if dynamic else None,
                "employment": row.employment,
                "employment_lq": _r(row.employment_lq),
            }
        )
    return out


def positioning_data(pos: Positioning) -> dict[str, Any]:
    total = pos.shift_total
    dynamic = pos.dynamic_total
    return {
        "kind": "positioning",
        "area": pos.area.code,
        "area_name": pos.area.name_th,
        "reference": pos.reference.code,
        "reference_name": pos.reference.name_th,
        "indicator": pos.indicator.code,
        "unit": pos.indicator.unit,
        "category_set": pos.category_set.code,
        "start_year": pos.start_year,
        "end_year": pos.end_year,
        "sectors": positioning_rows(pos),
        "total": None
        if total is None
        else {
            "start": total.start,
            "end": total.end,
            "national_share": round(total.national_share, 2),
            "industry_mix": round(total.industry_mix, 2),
            "competitive": round(total.competitive, 2),
        },
        "dynamic_total": None
        if dynamic is None
        else {
            "national_share": round(dynamic.national_share, 2),
            "industry_mix": round(dynamic.industry_mix, 2),
            "competitive": round(dynamic.competitive, 2),
        },
        "notes": pos.notes,
    }


def champion_result(result: ChampionResult) -> dict[str, Any]:
    criteria = [
        {
            "id": c.pk,
            "key": c.key,
            "label": criterion_label(c),
            "custom_label": c.label_th,
            "weight": float(c.weight),
            "normalisation": c.normalisation,
            "higher_is_better": c.higher_is_better,
            "scale_low": c.scale_low,
            "scale_high": c.scale_high,
        }
        for c in result.criteria
    ]
    ranking = [
        {
            "rank": r.scored.rank,
            "code": r.candidate.category.code,
            "name_th": r.candidate.category.name_th,
            "name_en": r.candidate.category.name_en,
            "value_chain": r.candidate.value_chain.code if r.candidate.value_chain else None,
            "score": r.scored.score,
            "contributions": {str(k): v for k, v in r.scored.contributions.items()},
            "raw": {str(k): _r(v) for k, v in r.raw.items()},
            "normalised": {str(k): _r(v) for k, v in r.scored.normalised.items()},
            "missing": list(r.scored.missing),
        }
        for r in result.ranked
    ]
    data = positioning_data(result.positioning)
    return {**data, "kind": "champion", "criteria": criteria, "ranking": ranking}


def problem_result(ranking: Ranking) -> dict[str, Any]:
    edition = ranking.edition
    rows = []
    for p in ranking.problems:
        assert p.scored is not None
        rows.append(
            {
                "rank": p.scored.rank,
                "plan_indicator": p.row.plan_indicator.pk,
                "indicator": p.row.indicator.code,
                "name_th": p.row.indicator.name_th,
                "element": str(p.row.element),
                "unit": p.row.indicator.unit,
                "direction": p.row.indicator.direction,
                "year": p.year,
                "value": p.value,
                "target": p.target,
                "peer_average": _r(p.peer_average),
                "change": _r(p.change),
                "status": p.row.status.value,
                "score": p.scored.score,
                "parts": {str(k): _r(v) for k, v in p.parts.items()},
                "contributions": dict(p.scored.contributions),
                "missing": list(p.scored.missing),
            }
        )
    return {
        "kind": "problems",
        "area": ranking.area.code,
        "area_name": ranking.area.name_th,
        "fiscal_year": ranking.fiscal_year,
        "plan": edition.plan.code if edition else None,
        "edition": edition.number if edition else None,
        "peers_of": ranking.peers_of.code if ranking.peers_of else None,
        "peers": [a.code for a in ranking.peers],
        "weights": ranking.weights,
        "ranking": rows,
        "notes": [] if edition else [_("No plan with indicators and targets for this area.")],
    }
