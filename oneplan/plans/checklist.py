"""The checklist report: what the source documents complain about, found in one plan edition."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from oneplan.lib.thaidate import format_be_year
from oneplan.orgs.models import Agency
from oneplan.plans.choices import ElementKind
from oneplan.plans.models import Alignment, IndicatorAgency, PlanEdition, PlanElement, PlanIndicator
from oneplan.plans.tree import walk

LINKED_KINDS = frozenset(
    {ElementKind.ISSUE, ElementKind.STRATEGY, ElementKind.GOAL, ElementKind.NEED}
)
MEASURED_KINDS = frozenset({ElementKind.ISSUE, ElementKind.STRATEGY, ElementKind.APPROACH})


@dataclass
class Finding:
    element: PlanElement
    detail: str = ""
    agency: Agency | None = None


@dataclass
class Check:
    code: str
    title: Promise
    explanation: Promise
    findings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.findings


def _subtree_has(rows_elements: list[PlanElement], has: set[int]) -> set[int]:
    """Element pks whose subtree (itself included) contains an element in ``has``."""
    parent_of = {e.pk: e.parent_id for e in rows_elements}
    result: set[int] = set()
    for pk in has:
        node: int | None = pk
        while node is not None and node not in result:
            result.add(node)
            node = parent_of.get(node)
    return result


def _under(elements: list[PlanElement], heads: set[int]) -> set[int]:
    """Element pks lying below any element in ``heads``."""
    parent_of = {e.pk: e.parent_id for e in elements}
    result: set[int] = set()
    for e in elements:
        node = parent_of.get(e.pk)
        while node is not None:
            if node in heads:
                result.add(e.pk)
                break
            node = parent_of.get(node)
    return result


def checklist(edition: PlanEdition) -> list[Check]:
    plan = edition.plan
    elements = [r.element for r in walk(edition.elements.prefetch_related("agencies"))]
    ids = {e.pk for e in elements}
    linked = set(
        Alignment.objects.filter(source__edition=edition).values_list("source_id", flat=True)
    )
    indicators = list(
        PlanIndicator.objects.filter(element__edition=edition)
        .select_related("indicator", "element")
        .prefetch_related(
            "targets",
            Prefetch("responsibilities", queryset=IndicatorAgency.objects.select_related("agency")),
        )
        .order_by("element__position", "position")
    )
    order = {e.pk: i for i, e in enumerate(elements)}
    indicators.sort(key=lambda pi: (order.get(pi.element_id, 0), pi.position))
    measured = _subtree_has(elements, {pi.element_id for pi in indicators})
    # An element is linked when it, something under it or something above it links upward.
    with_links = _subtree_has(elements, linked & ids) | _under(elements, linked & ids)

    no_link = Check(
        "no_upward_link",
        _("Elements with no upward link"),
        _(
            "Issues, goals and needs with no link to a plan above, from themselves, from anything "
            "under them or from what they belong to."
        ),
    )
    if not plan.plan_type.is_framework:
        no_link.findings = [
            Finding(e) for e in elements if e.kind in LINKED_KINDS and e.pk not in with_links
        ]
    no_indicator = Check(
        "no_indicator",
        _("Strategies and approaches with no indicator"),
        _("Nothing under them says how success is measured."),
        [Finding(e) for e in elements if e.kind in MEASURED_KINDS and e.pk not in measured],
    )
    no_agency = Check(
        "indicator_no_agency",
        _("Indicators with no responsible agency"),
        _("Nobody answers for the indicator."),
    )
    no_target = Check(
        "indicator_no_target",
        _("Indicators without a target for every fiscal year"),
        _("Each fiscal year of the plan needs a target in the plan's area."),
    )
    no_source = Check(
        "indicator_no_source",
        _("Indicators with no data source"),
        _("No dataset or agency is named as the source of the values."),
    )
    outside = Check(
        "indicator_outside_authority",
        _("Indicators outside the province's authority"),
        _("Marked as beyond what the plan's agencies can act on."),
    )
    for pi in indicators:
        label = f"{pi.indicator.code} {pi.indicator}"
        if not pi.responsibilities.all():
            no_agency.findings.append(Finding(pi.element, label))
        years = {t.fiscal_year for t in pi.targets.all() if t.area_id == plan.area_id}
        missing = [y for y in plan.fiscal_years if y not in years]
        if missing:
            shown = ", ".join(format_be_year(y) for y in missing)
            no_target.findings.append(Finding(pi.element, f"{label}: {shown}"))
        if not pi.data_source.strip():
            no_source.findings.append(Finding(pi.element, label))
        if pi.outside_authority:
            outside.findings.append(Finding(pi.element, label))
    no_action = Check(
        "agency_no_action_plan",
        _("Agencies with no action-plan item supporting the plan"),
        _(
            "Agencies named in the plan, yet no element of an action plan they answer for "
            "links to it."
        ),
        _agencies_without_support(edition, elements, indicators),
    )
    return [no_link, no_indicator, no_agency, no_target, no_source, outside, no_action]


def _agencies_without_support(
    edition: PlanEdition, elements: list[PlanElement], indicators: list[PlanIndicator]
) -> list[Finding]:
    named: dict[int, tuple[Agency, PlanElement]] = {}
    for element in elements:
        for agency in element.agencies.all():
            named.setdefault(agency.pk, (agency, element))
    for pi in indicators:
        for r in pi.responsibilities.all():
            named.setdefault(r.agency_id, (r.agency, pi.element))
    supporting = Alignment.objects.filter(
        target__edition=edition, source__edition__plan__plan_type__is_action_plan=True
    )
    supported: dict[int, set[int]] = defaultdict(set)
    for agency_id, source_id in supporting.values_list("source__agencies", "source_id"):
        if agency_id is not None:
            supported[agency_id].add(source_id)
    return [
        Finding(element, str(agency), agency)
        for agency_id, (agency, element) in sorted(named.items(), key=lambda kv: kv[1][0].code)
        if not supported.get(agency_id)
    ]
