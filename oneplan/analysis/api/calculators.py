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


class LocationQuotientIn(Schema):
    region: dict[str, float]
    reference: dict[str, float]


class LocationQuotientOut(Schema):
    sector: str
    lq: float | None


class ShiftShareIn(Schema):
    region_start: dict[str, float]
    region_end: dict[str, float]
    reference_start: dict[str, float]
    reference_end: dict[str, float]


class DynamicShiftShareIn(Schema):
    region: dict[int, dict[str, float]]
    reference: dict[int, dict[str, float]]


class ShiftShareOut(Schema):
    sector: str
    start: float
    end: float
    change: float
    national_share: float
    industry_mix: float
    competitive: float


def _reserved(*inputs: dict[str, float]) -> None:
    if any(key.lower() == TOTAL for values in inputs for key in values):
        raise HttpError(422, f"'{TOTAL}' is reserved for the total line; rename that sector")


def _unusable(exc: regional.InputError) -> HttpError:
    return HttpError(422, "; ".join(exc.problems))


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
        raise _unusable(exc) from exc
    return [LocationQuotientOut(sector=s, lq=v) for s, v in lq.items()]


@router.post("/analysis/shift-share", response=list[ShiftShareOut], auth=None)
def shift_share(request: HttpRequest, payload: ShiftShareIn) -> Any:
    """Classic shift-share: per sector, then a last line with ``"sector": "total"``, the
    change split into national share, industry mix and competitive effect (input units)."""
    inputs = (
        payload.region_start,
        payload.region_end,
        payload.reference_start,
        payload.reference_end,
    )
    _reserved(*inputs)
    try:
        result = regional.shift_share(*inputs)
    except regional.InputError as exc:
        raise _unusable(exc) from exc
    return _rows(result)


@router.post("/analysis/dynamic-shift-share", response=list[ShiftShareOut], auth=None)
def dynamic_shift_share(request: HttpRequest, payload: DynamicShiftShareIn) -> Any:
    """Dynamic shift-share (Barff and Knight): the classic split year on year, added up.
    ``region`` and ``reference`` map each year to the sectors' values."""
    _reserved(*payload.region.values(), *payload.reference.values())
    try:
        result = regional.dynamic_shift_share(payload.region, payload.reference)
    except regional.InputError as exc:
        raise _unusable(exc) from exc
    return _rows(result)
