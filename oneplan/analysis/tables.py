"""The tables of an analysis's result (the plain data of ``snapshot``) as both its workbook
(``exports``) and its PDF (``pdf``) show them: the columns of each table, the title and the
header block. Headings follow the reader's language (Thai by default); years are shown BE in
Thai and fiscal years as ปีงบประมาณ 2569."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from oneplan.analysis.choices import AnalysisKind, CriterionKey, NormalisationChoice
from oneplan.analysis.snapshot import shown_label
from oneplan.core.templatetags.thai import be_year, fiscal_year
from oneplan.stats.kpi.rules import Status
from oneplan.stats.kpi.status import STATUS_LABELS

Row = dict[str, Any]
RAW_KINDS = {
    CriterionKey.LQ: "ratio",
    CriterionKey.GROWTH: "percent",
    CriterionKey.SHARE: "percent",
    CriterionKey.COMPETITIVE: "percent",
    CriterionKey.COVERAGE: "percent",
    CriterionKey.EMPLOYMENT: "count",
}
PROBLEM_PARTS = (CriterionKey.GAP, CriterionKey.BEHIND, CriterionKey.WORSENING)


@dataclass(frozen=True)
class Column:
    """A table's column. Its kind of value sets the workbook's number format and how the PDF
    writes it: text, count, value (1 decimal), measure and change (2), ratio (2), percent,
    points (1), number (as it is)."""

    key: str
    heading: str
    kind: str = "text"
    width: float = 12
    get: Callable[[Row], Any] | None = None

    def value(self, row: Row) -> Any:
        return self.get(row) if self.get is not None else row.get(self.key)


def _in(field: str, key: str) -> Callable[[Row], Any]:
    """A row's value under ``key`` in its mapping ``field`` (a criterion's points, say)."""
    return lambda row: row[field].get(str(key))


def shown(value: Any, kind: str) -> str:
    """A value as the PDF prints it ("–" for none)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if kind == "percent":
        return f"{value * 100:,.1f}%"
    digits = {"count": 0, "value": 1, "points": 1, "measure": 2, "change": 2, "ratio": 2}
    if kind in digits:
        return f"{value:,.{digits[kind]}f}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def kind_label(kind: str) -> str:
    return _("Positioning") if kind == "positioning" else str(AnalysisKind(kind).label)


def key_label(key: str) -> str:
    try:
        return str(CriterionKey(key).label)
    except ValueError:
        return key


def years_label(data: Row) -> str:
    return f"{be_year(data['start_year'])}–{be_year(data['end_year'])}"


def fiscal_year_label(year: int | None) -> str:
    """ปีงบประมาณ 2569 in Thai, FY2026 in English; "–" when none was judged."""
    return fiscal_year(year) if year else "–"


def title(data: Row) -> str:
    """E.g. Product Champion: นนทบุรี 2562–2566, or Problem ranking: นนทบุรี ปีงบประมาณ 2569."""
    area = data.get("area_name") or data["area"]
    when = (
        fiscal_year_label(data["fiscal_year"]) if data["kind"] == "problems" else years_label(data)
    )
    return f"{kind_label(data['kind'])}: {area} {when}"


def header_lines(data: Row) -> list[tuple[str, str]]:
    """The header block's (label, text) lines, under the title."""
    area = data.get("area_name") or data["area"]
    if data["kind"] == "problems":
        plan = "–"
        if data.get("plan"):
            plan = _("%(plan)s, edition %(number)s") % {
                "plan": data["plan"],
                "number": data["edition"],
            }
        peers = ", ".join(data.get("peers") or []) or "–"
        if data.get("peers_of"):
            peers = f"{data['peers_of']}: {peers}"
        return [
            (_("Area"), area),
            (_("Fiscal year"), fiscal_year_label(data["fiscal_year"])),
            (_("Plan"), plan),
            (_("Compared with"), peers),
        ]
    measure = data.get("indicator_name") or data["indicator"]
    if data.get("unit"):
        measure = f"{measure} ({data['unit']})"
    return [
        (_("Area"), area),
        (_("Reference"), data.get("reference_name") or data["reference"]),
        (_("Measure"), measure),
        (_("Years"), years_label(data)),
    ]


def input_columns(data: Row) -> list[Column]:
    """One line per sector or product: the values, share, growth, LQ and shift-share parts."""
    first, last = {"year": be_year(data["start_year"])}, {"year": be_year(data["end_year"])}
    return [
        Column("code", _("Code"), width=9),
        Column("name_th", _("Thai name"), width=36),
        Column("name_en", _("English name"), width=30),
        Column("start", _("Area %(year)s") % first, "value"),
        Column("end", _("Area %(year)s") % last, "value"),
        Column("reference_start", _("Reference %(year)s") % first, "value", 14),
        Column("reference_end", _("Reference %(year)s") % last, "value", 14),
        Column("share", _("Share %(year)s") % last, "percent"),
        Column("growth", _("Growth (CAGR)"), "percent"),
        Column("reference_growth", _("Reference growth (CAGR)"), "percent"),
        Column("lq_start", _("LQ %(year)s") % first, "ratio", 10),
        Column("lq", _("LQ %(year)s") % last, "ratio", 10),
        Column("national_share", _("National share"), "change"),
        Column("industry_mix", _("Industry mix"), "change"),
        Column("competitive", _("Competitive effect"), "change"),
        Column("dynamic_national_share", _("Dynamic: national share"), "change"),
        Column("dynamic_industry_mix", _("Dynamic: industry mix"), "change"),
        Column("dynamic_competitive", _("Dynamic: competitive effect"), "change"),
        Column("employment", _("Employment %(year)s") % last, "count"),
        Column("employment_lq", _("Employment LQ %(year)s") % last, "ratio"),
    ]


def input_total(data: Row) -> Row | None:
    """The shift-share's total line (over the sectors with values in every year)."""
    total, dynamic = data.get("total"), data.get("dynamic_total")
    if total is None and dynamic is None:
        return None
    row: Row = {"name_th": _("Total (shift-share)"), **(total or {})}
    row.update({f"dynamic_{k}": v for k, v in (dynamic or {}).items()})
    return row


def ranking_columns(data: Row) -> list[Column]:
    """A Product Champion's ranking: each criterion's points, raw and normalised value."""
    columns = [
        Column("rank", _("Rank"), "count", 7),
        Column("code", _("Code"), width=12),
        Column("name_th", _("Name"), width=36),
        Column("value_chain", _("Value chain"), width=16),
        Column("score", _("Score"), "points", 9),
    ]
    for c in data["criteria"]:
        key, what = str(c["id"]), {"criterion": shown_label(c)}
        raw_kind = RAW_KINDS.get(c["key"], "number")
        columns += [
            Column(
                f"points:{key}",
                _("%(criterion)s: points") % what,
                "points",
                get=_in("contributions", key),
            ),
            Column(
                f"raw:{key}",
                _("%(criterion)s: value") % what,
                raw_kind,
                get=_in("raw", key),
            ),
            Column(
                f"normalised:{key}",
                _("%(criterion)s: normalised") % what,
                "ratio",
                get=_in("normalised", key),
            ),
        ]
    labels = {str(c["id"]): shown_label(c) for c in data["criteria"]}
    columns.append(
        Column(
            "missing",
            _("Without a value"),
            width=24,
            get=lambda r: ", ".join(labels.get(str(k), str(k)) for k in r["missing"]),
        )
    )
    return columns


def criteria_columns(data: Row) -> list[Column]:
    total = sum(c["weight"] for c in data["criteria"] if c["weight"] > 0)

    def scale(end: str) -> Callable[[Row], Any]:
        return lambda c: c[end] if c["normalisation"] == NormalisationChoice.SCALE else None

    return [
        Column("label", _("Criterion"), width=36),
        Column("key", _("Source of the value"), width=30, get=lambda c: key_label(c["key"])),
        Column("weight", _("Weight"), "number", 9),
        Column(
            "share",
            _("Share of the weights"),
            "percent",
            get=lambda c: max(c["weight"], 0) / total if total else None,
        ),
        Column(
            "normalisation",
            _("Normalisation"),
            width=28,
            get=lambda c: str(NormalisationChoice(c["normalisation"]).label),
        ),
        Column(
            "higher_is_better",
            _("Higher is better"),
            width=10,
            get=lambda c: _("Yes") if c["higher_is_better"] else _("No"),
        ),
        Column("scale_low", _("Scale low"), "number", 9, get=scale("scale_low")),
        Column("scale_high", _("Scale high"), "number", 9, get=scale("scale_high")),
    ]


def problem_columns(data: Row) -> list[Column]:
    """A problem ranking: each indicator's values and each part's value and points."""
    columns = [
        Column("rank", _("Rank"), "count", 7),
        Column("indicator", _("Indicator code"), width=14),
        Column("name_th", _("Indicator"), width=40),
        Column("unit", _("Unit"), width=10),
        Column("element", _("Plan element"), width=36),
        Column("year", _("Fiscal year"), width=16, get=lambda r: fiscal_year_label(r["year"])),
        Column("value", _("Value"), "measure"),
        Column("target", _("Target"), "measure"),
        Column("peer_average", _("Peers' average"), "measure"),
        Column("change", _("Change per year"), "percent"),
        Column(
            "status", _("Status"), width=14, get=lambda r: str(STATUS_LABELS[Status(r["status"])])
        ),
        Column("score", _("Score"), "points", 9),
    ]
    for part in PROBLEM_PARTS:
        what = {"criterion": key_label(part)}
        columns += [
            Column(
                f"part:{part}",
                _("%(criterion)s: value") % what,
                "ratio",
                get=_in("parts", part),
            ),
            Column(
                f"points:{part}",
                _("%(criterion)s: points") % what,
                "points",
                get=_in("contributions", part),
            ),
        ]
    return columns


def file_name(data: Row, extension: str) -> str:
    """E.g. analysis-champion-12-2566.xlsx or analysis-problems-12-2569.pdf (BE years)."""
    year = data["fiscal_year"] if data["kind"] == "problems" else data["end_year"]
    parts = ["analysis", data["kind"], data["area"], *([str(year + 543)] if year else [])]
    return f"{'-'.join(parts)}.{extension}"
