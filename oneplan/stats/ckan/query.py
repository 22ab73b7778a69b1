"""``fq`` filters and ``sort`` orders of ``package_search``, in the Solr syntax CKAN clients send.

Filters: ``field:value`` terms (values bare or "quoted"; dates also as ``[from TO to]`` with
``*`` and ``NOW``), combined by juxtaposition or ``AND`` (both must hold), ``OR``, ``-`` or
``NOT`` (must not hold) and parentheses, e.g. ``organization:nso-12 tags:"ประชากร"`` or
ckanext-harvest's ``(metadata_modified:[2025-01-01T00:00:00Z TO *])``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from oneplan.core.search import search_names
from oneplan.orgs.models import Agency
from oneplan.stats.ckan.ids import organization_id, organization_name, pk_of
from oneplan.stats.ckan.params import SearchQueryError
from oneplan.stats.models import Dataset, Resource

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<open>\() | (?P<close>\)) |
        (?P<term>(?P<sign>[+-]?)(?P<field>\*|[A-Za-z_][A-Za-z0-9_.]*):
            (?P<value>"(?:[^"\\]|\\.)*"|\[[^\]]*\]|\{[^}]*\}|(?:[^\s()\\]|\\.)+)) |
        (?P<op>AND|OR|NOT|&&|\|\|)(?=[\s(]|$) |
        (?P<prefix>[+-])(?=\() |
        (?P<bad>\S+)
    )""",
    re.VERBOSE,
)
NOTHING = Q(pk__in=[])


@dataclass(frozen=True, slots=True)
class Range:
    low: str
    high: str
    inclusive: bool


def agency_by_name_or_id(value: str) -> Agency | None:
    """The agency whose CKAN name or id is ``value`` (codes are matched without case first)."""
    found = Agency.objects.filter(code__iexact=value).first()
    if found is not None:
        return found
    for pk, code in Agency.objects.values_list("pk", "code"):
        if value in (organization_name(code), organization_id(code)):
            return Agency.objects.get(pk=pk)
    return None


def _organization(value: str) -> Q:
    agency = agency_by_name_or_id(value)
    return Q(owner=agency) if agency is not None else NOTHING


def _tag(value: str) -> Q:
    if connection.features.supports_json_field_contains:
        return Q(tags__contains=[value])
    # SQLite cannot test JSON containment; json_each lists the items of the tag array.
    table = connection.ops.quote_name(Dataset._meta.db_table)
    sql = f"SELECT d.id FROM {table} d, json_each(d.tags) t WHERE t.value = %s"
    return Q(pk__in=RawSQL(sql, [value]))


def _res_format(value: str) -> Q:
    return Q(pk__in=Resource.objects.filter(resource_format__iexact=value).values("dataset_id"))


def _words(value: str) -> Q:
    return Q(pk__in=search_names(Dataset.objects.all(), value).values("pk"))


def _id(value: str) -> Q:
    pk = pk_of(value)
    return Q(pk=pk) if pk is not None else NOTHING


def _always(expected: str) -> Callable[[str], Q]:
    return lambda value: Q() if value.lower() in (expected, "*") else NOTHING


FIELDS: dict[str, Callable[[str], Q]] = {
    "organization": _organization,
    "owner_org": _organization,
    "tags": _tag,
    "res_format": _res_format,
    "license_id": lambda value: Q(license=value),
    "name": lambda value: Q(code=value),
    "id": _id,
    "title": _words,
    "notes": _words,
    "text": _words,
    "groups": lambda value: NOTHING,  # OnePlan has no CKAN groups
    "type": _always("dataset"),
    "dataset_type": _always("dataset"),
    "state": _always("active"),
    "private": _always("false"),
    "capacity": _always("public"),
}
DATE_FIELDS = {"metadata_modified": "metadata_modified", "metadata_created": "created"}
_NOW_MATH = re.compile(r"^NOW(?:([+-])(\d+)(SECOND|MINUTE|HOUR|DAY)S?)?(?:/DAY)?$")


def _instant(text: str, field: str) -> dt.datetime | None:
    if text == "*":
        return None
    now_math = _NOW_MATH.match(text.upper())
    if now_math:
        sign, amount, unit = now_math.groups()
        instant = timezone.now()
        if amount:
            step = dt.timedelta(**{f"{unit.lower()}s": int(amount)})
            instant = instant + step if sign == "+" else instant - step
        return instant
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise SearchQueryError(
            f"{field}: {text!r} is not a date; use e.g. 2025-01-31T00:00:00Z, NOW or *"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _date_filter(field: str, value: str | Range) -> Q:
    column = DATE_FIELDS[field]
    if isinstance(value, str):
        low = high = _instant(value, field)
        inclusive = True
    else:
        low, high = _instant(value.low, field), _instant(value.high, field)
        inclusive = value.inclusive
    condition = Q()
    if low is not None:
        condition &= Q(**{f"{column}__{'gte' if inclusive else 'gt'}": low})
    if high is not None:
        condition &= Q(**{f"{column}__{'lte' if inclusive else 'lt'}": high})
    return condition


def _value(raw: str) -> str | Range:
    if raw.startswith('"'):
        return re.sub(r"\\(.)", r"\1", raw[1:-1])
    if raw[0] in "[{":
        parts = raw[1:-1].split(" TO ")
        if len(parts) != 2:
            raise SearchQueryError(f"{raw}: a range reads [from TO to]")
        return Range(parts[0].strip(), parts[1].strip(), raw[0] == "[")
    return re.sub(r"\\(.)", r"\1", raw)


def term(field: str, raw: str) -> Q:
    """The filter of one ``field:value`` term."""
    value = _value(raw)
    if field == "*":
        if value != "*":
            raise SearchQueryError(f"*:{raw}: only *:* (everything) is understood")
        return Q()
    if field in DATE_FIELDS:
        return _date_filter(field, value)
    handler = FIELDS.get(field)
    if handler is None:
        known = ", ".join([*FIELDS, *DATE_FIELDS])
        raise SearchQueryError(f"unknown field {field!r} in {field}:{raw}; known: {known}")
    if isinstance(value, Range):
        raise SearchQueryError(f"{field}:{raw}: ranges work on dates only")
    return handler(value)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, re.Match[str]]] = []
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if kind == "bad":
                raise SearchQueryError(f"cannot read {match.group('bad')!r} in {text!r}")
            if kind is not None:
                self.tokens.append((kind, match))
        self.at = 0

    def _peek(self) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            return "", ""
        kind, match = self.tokens[self.at]
        return kind, match.group(kind)

    def parse(self) -> Q:
        result = self._or()
        if self.at < len(self.tokens):
            raise SearchQueryError(f"unexpected {self._peek()[1]!r} in {self.text!r}")
        return result

    def _or(self) -> Q:
        result = self._and()
        while self._peek() in (("op", "OR"), ("op", "||")):
            self.at += 1
            result = result | self._and()
        return result

    def _and(self) -> Q:
        result = self._unary()
        while True:
            kind, text = self._peek()
            if kind == "op" and text in ("AND", "&&"):
                self.at += 1
            elif kind not in ("term", "open", "prefix") and (kind, text) != ("op", "NOT"):
                return result
            result = result & self._unary()

    def _unary(self) -> Q:
        kind, text = self._peek()
        if (kind, text) in (("op", "NOT"), ("prefix", "-")):
            self.at += 1
            return ~self._unary()
        if (kind, text) == ("prefix", "+"):
            self.at += 1
            return self._unary()
        if kind == "open":
            self.at += 1
            inner = self._or()
            if self._peek()[0] != "close":
                raise SearchQueryError(f"a parenthesis is not closed in {self.text!r}")
            self.at += 1
            return inner
        if kind == "term":
            match = self.tokens[self.at][1]
            self.at += 1
            condition = term(match.group("field"), match.group("value"))
            return ~condition if match.group("sign") == "-" else condition
        raise SearchQueryError(f"expected field:value in {self.text!r}")


def parse_filter(text: str) -> Q:
    """The filter ``text`` (fq syntax) stands for; raises ``SearchQueryError`` naming the part
    it cannot read."""
    return _Parser(text).parse() if text.strip() else Q()


def fielded_query(text: str) -> Q | None:
    """``q`` as a filter when it is written in fields (``tags:x``, ``*:*``), else None."""
    if ":" not in text:
        return None
    try:
        return parse_filter(text)
    except SearchQueryError:
        return None


SORT_FIELDS = {
    "metadata_modified": "metadata_modified",
    "metadata_created": "created",
    "title_string": "name_th",
    "title": "name_th",
    "name": "code",
    "id": "pk",
}
DEFAULT_SORT = "score desc, metadata_modified desc"


def parse_sort(text: str) -> list[str]:
    """ORDER BY terms for a CKAN ``sort`` ("metadata_modified desc, name asc"); ``score``
    (relevance) is not computed here and is skipped; the key breaks ties."""
    order: list[str] = []
    for part in (p.strip() for p in (text or DEFAULT_SORT).split(",")):
        if not part:
            continue
        words = part.split()
        field = words[0]
        direction = words[1].lower() if len(words) > 1 else "asc"
        if len(words) > 2 or direction not in ("asc", "desc"):
            raise SearchQueryError(f"sort: {part!r} should read FIELD asc or FIELD desc")
        if field == "score":
            continue
        if field not in SORT_FIELDS:
            known = ", ".join([*SORT_FIELDS, "score"])
            raise SearchQueryError(f"sort: cannot sort on {field!r}; known: {known}")
        order.append(("-" if direction == "desc" else "") + SORT_FIELDS[field])
    if not order:
        order.append("-metadata_modified")
    if order[-1].lstrip("-") != "pk":
        order.append("pk")
    return order
