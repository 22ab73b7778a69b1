"""Gaps close by themselves when their data arrives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from oneplan.geo.models import Area
from oneplan.valuechains.choices import GapStatus
from oneplan.valuechains.gaps import sync_gaps
from oneplan.valuechains.models import DataGap


def close_gaps_when_data_arrives(sender: Any, indicator_ids: Iterable[int], **kwargs: Any) -> None:
    """Re-judge the boards with an unclosed gap on one of the refreshed indicators."""
    areas = (
        DataGap.objects.filter(indicator_id__in=list(indicator_ids))
        .exclude(status=GapStatus.CLOSED)
        .values_list("area_id", flat=True)
        .distinct()
    )
    for area in Area.objects.filter(pk__in=list(areas)):
        sync_gaps(area)
