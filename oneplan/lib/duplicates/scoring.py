"""How a candidate pair is scored, and the reasons shown beside the score.

score = text similarity
        + bonuses (shared area, same agency, same value-chain factor)
        − penalties (title words replaced, distinguishing numbers differ, place names differ),
        clipped to 0..1.

Pairs that cannot be the same work are not scored at all (``comparable``).

Every number that goes into it is a field of ``Weights``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from oneplan.lib.duplicates.tokens import Grouped, conflicts


class ReasonCode(StrEnum):
    """Stable codes for the reasons beside a score (the web side translates them)."""

    TITLE = "title"  # detail: cosine similarity of the titles, "0.93"
    DESCRIPTION = "description"  # detail: cosine similarity of the descriptions
    SAME_AREA = "same_area"  # detail: the most precise area code both cover, "1201"
    SAME_AGENCY = "same_agency"
    SAME_FACTOR = "same_factor"
    TITLE_WORDS_DIFFER = "title_words_differ"  # detail: the share of title words replaced
    NUMBERS_DIFFER = "numbers_differ"  # detail: "หมู่ 3/5" (what each side has)
    PLACES_DIFFER = "places_differ"  # detail: "ตำบล บางรัก/บางกรวย"


@dataclass(frozen=True)
class Reason:
    """One reason for (or against) a pair: a code and its value."""

    code: ReasonCode
    detail: str = ""

    def __str__(self) -> str:
        label = self.code.value.replace("_", " ")
        return f"{label} {self.detail}" if self.detail else label


@dataclass(frozen=True)
class Weights:
    """The knobs of the score; the defaults were tuned on bench/requestgen.py's planted pairs."""

    # Share of the title in the text vector (the description has the rest).
    title_share: float = 0.7
    # Bonuses by the most precise area both requests cover (DOPA code length 2, 4, 6 or 8).
    area_province: float = 0.02
    area_district: float = 0.04
    area_local: float = 0.06
    same_agency: float = 0.03
    same_factor: float = 0.04
    # Penalty per unit of title weight replaced on both sides (a different product, place or
    # target group in the same template), see vectors.unshared.
    replaced_words: float = 1.0
    # Penalties, each applied once however many numbers or places differ.
    number_conflict: float = 0.5
    place_conflict: float = 0.5
    # Weight of the numbers and place names inside the candidate vectors, so that a request's
    # nearest neighbours are its real duplicates before its template twins.
    token_weight: float = 0.7
    # Character grams found in fewer than this share of texts weigh as if they were that
    # common: typing slips make grams found nowhere else (see vectors.tfidf).
    rare_share: float = 0.0005

    @property
    def max_bonus(self) -> float:
        return max(self.area_province, self.area_district, self.area_local) + (
            self.same_agency + self.same_factor
        )


@dataclass(frozen=True, eq=False)
class Profile:
    """What the score needs of one request besides its text."""

    fiscal_year: int | None
    areas: tuple[str, ...]  # DOPA codes: 2-digit province ... 8-digit village
    other_areas: frozenset[str]  # any other code (a province group, a region)
    agency: str
    factor: str
    numbers: Grouped
    places: Grouped

    @property
    def provinces(self) -> frozenset[str]:
        return frozenset(code[:2] for code in self.areas)


def is_dopa(code: str) -> bool:
    """A DOPA area code: 2 (province), 4 (district), 6 (subdistrict) or 8 (village) digits."""
    return code.isascii() and code.isdigit() and len(code) in (2, 4, 6, 8)


def common_area(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    """The most precise area both cover (one code a prefix of the other), or None."""
    best: str | None = None
    for x in a:
        for y in b:
            shorter, longer = (x, y) if len(x) <= len(y) else (y, x)
            if longer.startswith(shorter) and (best is None or len(shorter) > len(best)):
                best = shorter
    return best


def comparable(a: Profile, b: Profile) -> bool:
    """Whether two requests may be the same work at all: the same fiscal year (a request
    without one matches any year) and, when both name DOPA areas, an area in common."""
    if a.fiscal_year is not None and b.fiscal_year is not None and a.fiscal_year != b.fiscal_year:
        return False
    return not (a.areas and b.areas and common_area(a.areas, b.areas) is None)


def score(
    text: float,
    a: Profile,
    b: Profile,
    weights: Weights,
    *,
    replaced: float = 0.0,
    floor: float = 0.0,
) -> tuple[float, list[Reason]]:
    """The pair's score from its text similarity, the share of title words replaced
    (``vectors.unshared``) and the profiles, with the reasons that moved it (the text reasons
    are added by the caller, which knows the title and description parts). A pair that falls
    below ``floor`` before its numbers and places are compared is returned as it stands."""
    reasons: list[Reason] = []
    total = text
    area = common_area(a.areas, b.areas) if a.areas and b.areas else None
    if area is not None:
        bonus = {2: weights.area_province, 4: weights.area_district}.get(len(area))
        total += weights.area_local if bonus is None else bonus
        reasons.append(Reason(ReasonCode.SAME_AREA, area))
    elif shared := sorted(a.other_areas & b.other_areas):
        total += weights.area_province
        reasons.append(Reason(ReasonCode.SAME_AREA, shared[0]))
    if a.agency and a.agency == b.agency:
        total += weights.same_agency
        reasons.append(Reason(ReasonCode.SAME_AGENCY))
    if a.factor and a.factor == b.factor:
        total += weights.same_factor
        reasons.append(Reason(ReasonCode.SAME_FACTOR))
    if (penalty := weights.replaced_words * replaced) >= 0.005:
        total -= penalty
        reasons.append(Reason(ReasonCode.TITLE_WORDS_DIFFER, f"{replaced:.2f}"))
    if total < floor:
        return max(0.0, total), reasons
    if differ := conflicts(a.numbers, b.numbers):
        total -= weights.number_conflict
        reasons.extend(Reason(ReasonCode.NUMBERS_DIFFER, f"{k} {x}/{y}") for k, x, y in differ)
    if differ := conflicts(a.places, b.places, fuzzy=True):
        total -= weights.place_conflict
        reasons.extend(Reason(ReasonCode.PLACES_DIFFER, f"{k} {x}/{y}") for k, x, y in differ)
    return min(1.0, max(0.0, total)), reasons
