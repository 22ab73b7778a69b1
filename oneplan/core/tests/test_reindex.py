"""Stored search texts can be made again (``oneplan reindex-search``): a stale one is found
again afterwards, a current one is not written."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from oneplan.core.search import search_names, searchable_models
from oneplan.geo.models import Area
from oneplan.orgs.models import Agency


def test_every_model_keeping_a_search_text_is_found_and_no_history_table() -> None:
    labels = {m._meta.label for m in searchable_models()}
    assert {
        "geo.Area",
        "orgs.Agency",
        "plans.PlanElement",
        "projects.Project",
        "stats.Dataset",
        "stats.Indicator",
    } <= labels
    assert not any("Historical" in label for label in labels)


def test_stale_texts_are_made_again_and_current_ones_left(cast: Any) -> None:
    province = cast.nonthaburi
    agency = Agency.objects.filter(name_th__contains="สำนักงาน").first() or Agency.objects.first()
    assert agency is not None
    Area.objects.filter(pk=province.pk).update(search_text="")
    Agency.objects.filter(pk=agency.pk).update(search_text="old")
    assert not search_names(Area.objects.all(), "นนทบุรี").filter(pk=province.pk).exists()

    out = io.StringIO()
    call_command("reindex_search", stdout=out)
    lines = dict(line.split(": ", 1) for line in out.getvalue().splitlines())
    assert lines["geo.Area"].endswith(", 1 changed")
    assert lines["orgs.Agency"].endswith(", 1 changed")
    assert search_names(Area.objects.all(), "นนทบุรี").filter(pk=province.pk).exists()
    agency.refresh_from_db()
    assert agency.search_text == agency.build_search_text() != "old"

    again = io.StringIO()
    call_command("reindex_search", stdout=again)
    assert all(line.endswith(" 0 changed") for line in again.getvalue().splitlines())
