"""The data list and gap board download as CSV and Excel with what the pages show."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from oneplan.valuechains.gaps import sync_gaps
from oneplan.valuechains.tests.conftest import provide

pytestmark = pytest.mark.usefixtures("reference_db")


def test_the_data_list_downloads_as_csv_and_excel(nonthaburi, cast) -> None:
    provide("GPP")
    response = Client().get("/valuechains/areas/12/data-list/file?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 5  # header and four needs
    gpp = next(r for r in rows if r[0] == "GPP")
    assert gpp[7] == "NSO-12"
    book = load_workbook(
        io.BytesIO(Client().get("/valuechains/areas/12/data-list/file?format=xlsx").content)
    )
    sheet = book.active
    assert sheet is not None
    codes = [str(sheet.cell(row=i, column=1).value) for i in range(2, sheet.max_row + 1)]
    assert sorted(codes) == ["DURIAN-AREA", "DURIAN-YIELD", "GPP", "TRADE"]


def test_the_gap_board_downloads_highest_priority_first(nonthaburi, cast) -> None:
    sync_gaps(cast.nonthaburi)
    response = Client().get("/valuechains/areas/12/gaps/file?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert next(r[1] for r in rows[1:]) == "GPP"
    assert float(rows[1][0]) >= float(rows[-1][0])


def test_an_unknown_format_is_refused_by_name(nonthaburi) -> None:
    response = Client().get("/valuechains/areas/12/gaps/file?format=pdf")
    assert response.status_code == 400
    assert "format: เลือก csv หรือ xlsx ไม่ใช่ pdf" in response.content.decode()
