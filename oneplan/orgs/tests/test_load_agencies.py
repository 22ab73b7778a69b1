"""Agency loader: the seed ministries and departments load, bad rows are all reported."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from oneplan.demo.load import AGENCY_FILES, load_demo
from oneplan.orgs.models import Agency

pytestmark = pytest.mark.django_db


def test_seed_agencies_load_with_their_tree(cast):
    out = io.StringIO()
    call_command("load_agencies", str(AGENCY_FILES[0]), stdout=out)
    doae = Agency.objects.get(code="DOAE")
    assert doae.parent.code == "MOAC"
    assert doae.name_th == "กรมส่งเสริมการเกษตร"
    assert Agency.objects.filter(kind="ministry").count() >= 12
    assert "department" in out.getvalue()


def test_bad_agency_file_reports_every_row_and_writes_nothing(cast, tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text(
        "code,kind,name_th,name_en,parent,area\n"
        "X1,ministry,กระทรวงทดสอบ,Test,,\n"
        "X2,bureau,กรมทดสอบ,Test,X1,\n"
        "X3,department,,Test,NOPE,\n"
        "X4,provincial_office,สำนักงานทดสอบ,Test,X1,99\n",
        encoding="utf-8",
    )
    before = Agency.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 problem"):
        call_command("load_agencies", str(path), stderr=err)
    report = err.getvalue()
    assert "row 3, column kind" in report
    assert "row 4, column name_th" in report
    assert "row 4, column parent" in report
    assert "row 5, column area" in report
    assert Agency.objects.count() == before


def test_demo_loads_twice_without_changes(db):
    load_demo()
    count, history = Agency.objects.count(), Agency.history.count()
    load_demo()
    assert Agency.objects.count() == count
    assert Agency.history.count() == history
