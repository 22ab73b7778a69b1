"""The tree fragment's rows, built in Python: a 2,000-element plan must render in well under
300 ms, which a per-row template loop cannot do. Row markup stays small (tool buttons carry
only data attributes; one script on the edition page turns clicks into HTMX requests)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from oneplan.plans.choices import ElementKind
from oneplan.plans.models import PlanEdition, PlanIndicator
from oneplan.plans.tree import walk


@dataclass(frozen=True)
class Node:
    """The few fields of an element that the tree shows."""

    pk: int
    parent_id: int | None
    kind: str
    number: str
    position: int
    name_th: str


def tree_rows(edition: PlanEdition, base: str, editable: bool) -> tuple[SafeString, int]:
    """The ``<tr>`` rows of ``edition``'s tree and how many there are (four queries)."""
    nodes = [
        Node(**values)
        for values in edition.elements.values(
            "pk", "parent_id", "kind", "number", "position", "name_th"
        )
    ]
    through = edition.elements.model.agencies.through
    agencies: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for element_id, code, name in (
        through.objects.filter(planelement__edition=edition)
        .values_list("planelement_id", "agency__code", "agency__name_th")
        .order_by("agency__code")
    ):
        agencies[element_id].append((code, name))
    counts: dict[int, int] = defaultdict(int)
    for element_id in PlanIndicator.objects.filter(element__edition=edition).values_list(
        "element_id", flat=True
    ):
        counts[element_id] += 1
    kinds = {k.value: str(k.label) for k in ElementKind}
    tools = ""
    if editable:
        tools = format_html(
            '<td class="tools"><button data-move="up" title="{}">↑</button>'
            '<button data-move="down" title="{}">↓</button>'
            '<button data-move="in" title="{}">→</button>'
            '<button data-move="out" title="{}">←</button>'
            '<button data-edit title="{}">✎</button>'
            '<button data-add title="{}">+</button>'
            '<button data-delete title="{}">✕</button></td>',
            _("Move up"),
            _("Move down"),
            _("Move under the element above"),
            _("Move out one level"),
            _("Edit"),
            _("Add an element under this one"),
            _("Delete"),
        )
    parts: list[str] = []
    rows = walk(nodes)  # type: ignore[arg-type]
    for row in rows:
        node: Node = row.element  # type: ignore[assignment]
        names = "".join(
            f'<span title="{escape(name)}">{escape(code)}</span> '
            for code, name in agencies.get(node.pk, ())
        )
        parts.append(
            f'<tr class="kind-{node.kind}" data-pk="{node.pk}" '
            f'data-label="{escape(node.number or kinds[node.kind])}">'
            f'<td class="num">{escape(node.number)}</td>'
            f'<td class="depth-{row.depth}" style="padding-left:{row.depth}.5rem">'
            f'<span class="kind">{escape(kinds[node.kind])}</span> '
            f'<a href="{base}elements/{node.pk}/">{escape(node.name_th)}</a></td>'
            f'<td class="agencies">{names}</td>'
            f'<td class="count">{counts.get(node.pk) or ""}</td>{tools}</tr>'
        )
    return mark_safe("\n".join(parts)), len(rows)
