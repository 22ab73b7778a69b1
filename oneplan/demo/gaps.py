"""The demo's gap boards: computed from the data lists of every area with a plan; two of
Nonthaburi's gaps worked."""

from __future__ import annotations

from oneplan.geo.models import Area
from oneplan.orgs.models import Agency
from oneplan.valuechains.choices import GapStatus, Remedy
from oneplan.valuechains.gaps import sync_gaps
from oneplan.valuechains.models import DataGap

# indicator code -> (remedy, responsible agency, budget in baht, target fiscal year CE, status)
WORKED = {
    "NB-TRADE": (Remedy.ASK_CENTRAL, "NSO-12", 0, 2027, GapStatus.PLANNED),
    "NB-AEC-LEARNERS": (Remedy.COLLECT, "NSO-12", 250_000, 2028, GapStatus.OPEN),
}


def load_gaps() -> None:
    """Run again, it keeps what was set (the sync only touches types and automatic closing)."""
    for area in Area.objects.filter(plans__isnull=False).distinct():
        sync_gaps(area)
    nonthaburi = Area.objects.get(code="12")
    for code, (remedy, agency, budget, year, status) in WORKED.items():
        gap = DataGap.objects.filter(area=nonthaburi, indicator__code=code).first()
        if gap is None or gap.remedy:
            continue
        gap.remedy, gap.agency = remedy, Agency.objects.get(code=agency)
        gap.budget, gap.target_year, gap.status = budget, year, status
        gap.save()
