"""The analysis pages over the demo: reading for everyone, changing for the area's analysts,
every problem of a bad edit named with nothing saved, attaching, and the files."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from oneplan.analysis.models import Analysis
from oneplan.demo.load import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> Analysis:
    load_demo()
    return Analysis.objects.get(kind="champion", area__code="12")


def client_for(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def test_everyone_reads_and_only_analysts_change(demo: Analysis) -> None:
    anonymous = client_for(None)
    for url in (
        "/analysis/",
        "/analysis/positioning/12/",
        "/analysis/positioning/12/?reference=TH&start=2562&end=2566",
        demo.get_absolute_url(),
        "/analysis/problems/12/2569/",
    ):
        response = anonymous.get(url)
        assert response.status_code == 200, url
    page = anonymous.get(demo.get_absolute_url()).content.decode()
    assert "ทุเรียนนนท์" in page
    assert '-weight"' not in page  # no weight inputs for a visitor
    assert anonymous.get("/analysis/add/").status_code == 403
    assert anonymous.post(f"/analysis/{demo.pk}/edit", {}).status_code == 403
    assert client_for("planner.phrae").post(f"/analysis/{demo.pk}/edit", {}).status_code == 403
    assert client_for("reviewer.doae").post(f"/analysis/{demo.pk}/recompute").status_code == 403
    assert client_for("statistician.nonthaburi").get("/analysis/add/").status_code == 200


def test_a_bad_edit_names_every_problem_and_saves_nothing(demo: Analysis) -> None:
    planner = client_for("planner.nonthaburi")
    lq = demo.criteria.get(key="lq")
    manual = demo.criteria.get(key="manual")
    before = demo.result
    form = {
        f"c{lq.pk}-weight": "-3",
        f"c{manual.pk}-weight": "20",
        f"c{manual.pk}-scale_low": "1",
        f"c{manual.pk}-scale_high": "5",
        f"s{manual.pk}-DURIAN": "9",
        f"s{manual.pk}-RICE": "abc",
    }
    response = planner.post(f"/analysis/{demo.pk}/edit", form, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert f"criteria[{lq.pk}].weight" in text
    assert f"scores[{manual.pk}][DURIAN]" in text
    assert f"scores[{manual.pk}][RICE]" in text
    demo.refresh_from_db()
    assert demo.result == before
    assert float(demo.criteria.get(key="lq").weight) == 30
    # A good edit: the committee's market potential counts double.
    form = {f"c{c.pk}-weight": str(c.weight) for c in demo.criteria.all()}
    form |= {f"c{c.pk}-higher": "on" for c in demo.criteria.all()}
    form |= {f"c{manual.pk}-weight": "40", f"c{manual.pk}-scale_low": "1"}
    form |= {f"c{manual.pk}-scale_high": "5", f"s{manual.pk}-RICE": "5"}
    planner.post(f"/analysis/{demo.pk}/edit", form)
    demo.refresh_from_db()
    rice = next(r for r in demo.result["ranking"] if r["code"] == "RICE")
    assert rice["raw"][str(manual.pk)] == 5
    assert rice["contributions"][str(manual.pk)] == pytest.approx(100 * 40 / 120, abs=0.1)
    assert sum(rice["contributions"].values()) == pytest.approx(rice["score"], abs=0.05)


def test_attaching_to_requests_follows_the_request_rules(demo: Analysis) -> None:
    planner = client_for("planner.nonthaburi")
    response = planner.post(
        f"/analysis/{demo.pk}/attach", {"project": "P2569-12-0007"}, follow=True
    )
    assert demo.projects.filter(code="P2569-12-0007").exists()
    # A request past the draft changes only through its steps; a Phrae planner may not.
    response = planner.post(
        f"/analysis/{demo.pk}/attach", {"project": "P2569-12-0001"}, follow=True
    )
    assert not demo.projects.filter(code="P2569-12-0001").exists()
    shown = response.content.decode()
    assert '<ul class="messages">' in shown, shown[:3000]
    client_for("planner.phrae").post(f"/analysis/{demo.pk}/attach", {"project": "P2569-12-0006"})
    assert not demo.projects.filter(code="P2569-12-0006").exists()
    page = planner.get("/projects/P2569-12-0007/").content.decode()
    assert demo.name_th in page


def test_files_of_an_analysis_and_of_a_positioning(demo: Analysis) -> None:
    anonymous = client_for(None)
    response = anonymous.get(f"/analysis/{demo.pk}/file.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    text = " ".join(
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    )
    assert "ทุเรียนนนท์" in text
    response = anonymous.get("/analysis/positioning/12/file.pdf?reference=G10")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert anonymous.get(f"/analysis/{demo.pk}/file.doc").status_code == 404
    assert anonymous.get("/analysis/problems/12/2569/file.xlsx").status_code == 200


def test_bad_choices_on_the_positioning_page_are_named(demo: Analysis) -> None:
    response = client_for(None).get("/analysis/positioning/12/?start=25x&reference=NOPE")
    assert response.status_code == 200
    assert response.context["problems"]
    text = " ".join(response.context["problems"])
    assert "NOPE" in text
    assert "25x" in text
