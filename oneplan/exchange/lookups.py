"""Name and code lookups the importer resolves cells against, built once per load.

Areas are found by DOPA code or by Thai/English name (administrative prefixes such as
"จังหวัด" or "อ." dropped); indicators by code or Thai name; periods through the Thai calendar
parser, each distinct text parsed once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period, PeriodKind, ThaiDateError
from oneplan.lib.thaiparse import parse_period
from oneplan.lib.thaitext import ADMIN_PREFIXES, normalize
from oneplan.stats.choices import ObservationStatus
from oneplan.stats.models import Indicator

# Largest first: an unqualified name that several areas share means the largest of them.
LEVEL_RANK = {level: rank for rank, level in enumerate(AreaLevel.values)}
_SPREADSHEET_YEAR = re.compile(r"(\d{4})\.0+")
STATUS_WORDS = {
    "p": ObservationStatus.PROVISIONAL,
    "provisional": ObservationStatus.PROVISIONAL,
    "เบื้องต้น": ObservationStatus.PROVISIONAL,
    "ชั่วคราว": ObservationStatus.PROVISIONAL,
    "f": ObservationStatus.FINAL,
    "a": ObservationStatus.FINAL,
    "final": ObservationStatus.FINAL,
    "ทางการ": ObservationStatus.FINAL,
    "สมบูรณ์": ObservationStatus.FINAL,
    "": ObservationStatus.FINAL,
}
TOTAL_WORDS = frozenset({"", "_t", "_z", "total", "รวม", "ทั้งหมด"})


class NotFound(ValueError):
    """A cell that names nothing known; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class AreaRef:
    pk: int
    code: str
    level: str
    name: str


@dataclass(frozen=True, slots=True)
class IndicatorRef:
    pk: int
    code: str
    name: str
    frequency: str
    min_area_level: str
    min_value: float | None
    max_value: float | None
    computed: bool
    category_sets: frozenset[str]


def name_key(text: str) -> str:
    """A name as compared: normalised, administrative prefixes and spaces dropped."""
    key = normalize(text)
    for prefix in ADMIN_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :].lstrip()
            break
    return key.replace(" ", "")


@dataclass
class Lookups:
    """Everything a load resolves against, from a few queries."""

    areas_by_code: dict[str, AreaRef]
    areas_by_name: dict[str, list[AreaRef]]
    indicators_by_code: dict[str, IndicatorRef]
    indicators_by_name: dict[str, list[IndicatorRef]]
    categories: dict[str, dict[str, str]]  # set code -> (normalised code or name -> code)
    may_load: Callable[[AreaRef], bool]
    area_level: str = ""
    _periods: dict[str, Period | str] = field(default_factory=dict)
    _areas: dict[str, AreaRef | str] = field(default_factory=dict)
    # Area names are normalised on first use: most files give codes, and normalising 25,000
    # Thai names takes about a second.
    _unindexed: list[tuple[AreaRef, str]] = field(default_factory=list)

    @classmethod
    def build(cls, may_load: Callable[[AreaRef], bool], area_level: str = "") -> Lookups:
        from oneplan.stats.models import Category

        areas_by_code: dict[str, AreaRef] = {}
        unindexed: list[tuple[AreaRef, str]] = []
        for pk, code, level, name_th, name_en in Area.objects.values_list(
            "pk", "code", "level", "name_th", "name_en"
        ):
            ref = AreaRef(pk, code, level, name_th)
            areas_by_code[code.upper()] = ref
            unindexed.append((ref, name_en))
        by_code: dict[str, IndicatorRef] = {}
        by_name: dict[str, list[IndicatorRef]] = defaultdict(list)
        sets: dict[int, set[str]] = defaultdict(set)
        through = Indicator.category_sets.through.objects.values_list(
            "indicator_id", "categoryset__code"
        )
        for indicator_id, set_code in through:
            sets[indicator_id].add(set_code)
        for ind in Indicator.objects.all():
            iref = IndicatorRef(
                ind.pk,
                ind.code,
                ind.name_th,
                ind.frequency,
                ind.min_area_level,
                ind.min_value,
                ind.max_value,
                bool(ind.formula),
                frozenset(sets[ind.pk]),
            )
            by_code[ind.code.upper()] = iref
            by_name[name_key(ind.name_th)].append(iref)
        categories: dict[str, dict[str, str]] = defaultdict(dict)
        for set_code, code, name_th, name_en in Category.objects.values_list(
            "category_set__code", "code", "name_th", "name_en"
        ):
            for key in (code, name_th, name_en):
                if key:
                    categories[set_code][normalize(key)] = code
        lookups = cls(
            areas_by_code, {}, by_code, dict(by_name), dict(categories), may_load, area_level
        )
        lookups._unindexed = unindexed
        return lookups

    def area(self, text: str, match: str = "auto") -> AreaRef:
        """The area a cell names (cached per distinct text)."""
        found = self._areas.get(text)
        if found is None:
            try:
                found = self._find_area(text, match)
            except NotFound as exc:
                found = str(exc)
            self._areas[text] = found
        if isinstance(found, str):
            raise NotFound(found)
        return found

    def _find_area(self, text: str, match: str) -> AreaRef:
        code = normalize(text).upper()
        if match != "name" and (code.isdigit() or code == "TH"):
            ref = self.areas_by_code.get(code)
            if ref is None:
                raise NotFound(_("no area has the code %(code)s") % {"code": text})
            return ref
        if match == "code":
            raise NotFound(_("%(text)s is not an area code") % {"text": text})
        for ref, name_en in self._unindexed:
            for name in {name_key(ref.name), name_key(name_en)} - {""}:
                self.areas_by_name.setdefault(name, []).append(ref)
        self._unindexed = []
        candidates = self.areas_by_name.get(name_key(text), [])
        if self.area_level:
            candidates = [c for c in candidates if c.level == self.area_level]
        if not candidates:
            raise NotFound(
                _("no area is named %(name)s; give its DOPA code or its Thai name") % {"name": text}
            )
        top = min(LEVEL_RANK[c.level] for c in candidates)
        largest = [c for c in candidates if LEVEL_RANK[c.level] == top]
        if len(largest) > 1:
            raise NotFound(
                _("%(count)s areas are named %(name)s (%(codes)s); give the DOPA code")
                % {
                    "count": len(largest),
                    "name": text,
                    "codes": ", ".join(c.code for c in largest[:5]),
                }
            )
        return largest[0]

    def indicator(self, text: str) -> IndicatorRef:
        ref = self.indicators_by_code.get(text.strip().upper())
        if ref is not None:
            return ref
        named = self.indicators_by_name.get(name_key(text), [])
        if len(named) == 1:
            return named[0]
        if named:
            raise NotFound(
                _("several indicators are named %(name)s; give the code") % {"name": text}
            )
        raise NotFound(_("no indicator has the code or name %(text)s") % {"text": text})

    def period(self, text: str) -> Period:
        """Parse a period cell; spreadsheet years such as 2562.0 are read as 2562."""
        found = self._periods.get(text)
        if found is None:
            cleaned = _SPREADSHEET_YEAR.sub(r"\1", text.strip())
            try:
                found = parse_period(cleaned)
            except ThaiDateError as exc:
                found = str(exc)
            self._periods[text] = found
        if isinstance(found, str):
            raise NotFound(found)
        return found

    def category(self, set_code: str, text: str) -> str | None:
        """The category code a cell names; None for the total."""
        key = normalize(text)
        if key in TOTAL_WORDS:
            return None
        code = self.categories.get(set_code, {}).get(key)
        if code is None:
            known = sorted(set(self.categories.get(set_code, {}).values()))
            raise NotFound(
                _("%(text)s is not a category of %(set)s (known: %(known)s)")
                % {"text": text, "set": set_code, "known": ", ".join(known) or "-"}
            )
        return code


def fit_period(period: Period, frequency: str, period_as: str) -> Period:
    """The period a value is stored under, or a clear reason why it does not fit."""
    wanted = PeriodKind(frequency)
    if period.kind is wanted:
        return period
    if period_as == frequency and _finer(period.kind, wanted):
        return Period.for_date(period.start, wanted)
    if _SPAN[period.kind] == _SPAN[wanted]:
        raise NotFound(
            _("%(period)s does not follow the indicator's calendar (%(frequency)s)")
            % {"period": period.code, "frequency": wanted.value}
        )
    relation = _("finer") if _finer(period.kind, wanted) else _("coarser")
    raise NotFound(
        _("%(period)s is %(relation)s than the indicator's frequency (%(frequency)s)")
        % {"period": period.code, "relation": relation, "frequency": wanted.value}
    )


_SPAN = {
    PeriodKind.DAY: 0,
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 2,
    PeriodKind.FISCAL_QUARTER: 2,
    PeriodKind.YEAR: 3,
    PeriodKind.FISCAL_YEAR: 3,
}


def _finer(kind: PeriodKind, than: PeriodKind) -> bool:
    return _SPAN[kind] < _SPAN[than]
