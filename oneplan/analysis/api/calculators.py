"""Stateless calculators: the maths of ``oneplan.lib.regional`` on the caller's own numbers.
Nothing is read or stored; every problem with the input is reported at once (422)."""

# No ``from __future__ import annotations``: ninja reads the route annotations at runtime.

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from oneplan.lib import regional

router = Router(tags=["Analysis calculators"])
TOTAL = "total"


# Values are taken as given (``Any``) and checked by ``lib.regional``, so that a value that is
# not a number is reported together with every other problem, in one answer.
Values = dict[str, Any]


class LocationQuotientIn(Schema):
    region: Values
    reference: Values


class LocationQuotientOut(Schema):
    sector: str
    lq: float | None


class ShiftShareIn(Schema):
    region_start: Values
    region_end: Values
    reference_start: Values
    reference_end: Values


class DynamicShiftShareIn(Schema):
    region: dict[int, Values]
    reference: dict[int, Values]


class ShiftShareOut(Schema):
    sector: str
    start: float
    end: float
    change: float
    national_share: float
    industry_mix: float
    competitive: float


def _reserved(named: dict[str, Values]) -> list[str]:
    return [
        f"{name}.{key}: '{TOTAL}' is reserved for the total line; rename that sector"
        for name, values in named.items()
        for key in values
        if key.lower() == TOTAL
    ]


def _unusable(problems: list[str]) -> HttpError:
    return HttpError(422, "; ".join(problems))


def _rows(result: regional.ShiftShareResult) -> list[ShiftShareOut]:
    return [
        ShiftShareOut(
            sector=r.sector,
            start=r.start,
            end=r.end,
            change=r.change,
            national_share=r.national_share,
            industry_mix=r.industry_mix,
            competitive=r.competitive,
        )
        for r in [*result.rows, result.total]
    ]


@router.post("/analysis/location-quotient", response=list[LocationQuotientOut], auth=None)
def location_quotient(request: HttpRequest, payload: LocationQuotientIn) -> Any:
    """Per sector of ``region``: ``(region_i / region total) / (reference_i / reference
    total)``; ``null`` where the reference has nothing in the sector."""
    try:
        lq = regional.location_quotients(payload.region, payload.reference)
    except regional.InputError as exc:
        raise _unusable(exc.problems) from exc
    return [LocationQuotientOut(sector=s, lq=v) for s, v in lq.items()]


@router.post("/analysis/shift-share", response=list[ShiftShareOut], auth=None)
def shift_share(request: HttpRequest, payload: ShiftShareIn) -> Any:
    """Classic shift-share: per sector, then a last line with ``"sector": "total"``, the
    change split into national share, industry mix and competitive effect (input units)."""
    named = payload.dict()
    reserved = _reserved(named)
    try:
        result = regional.shift_share(**named)
    except regional.InputError as exc:
        raise _unusable(reserved + exc.problems) from exc
    if reserved:
        raise _unusable(reserved)
    return _rows(result)


@router.post("/analysis/dynamic-shift-share", response=list[ShiftShareOut], auth=None)
def dynamic_shift_share(request: HttpRequest, payload: DynamicShiftShareIn) -> Any:
    """Dynamic shift-share (Barff and Knight): the classic split year on year, added up.
    ``region`` and ``reference`` map each year to the sectors' values."""
    reserved = _reserved(
        {
            f"{side}.{year}": values
            for side in ("region", "reference")
            for year, values in getattr(payload, side).items()
        }
    )
    try:
        result = regional.dynamic_shift_share(payload.region, payload.reference)
    except regional.InputError as exc:
        raise _unusable(reserved + exc.problems) from exc
    if reserved:
        raise _unusable(reserved)
    return _rows(result)
