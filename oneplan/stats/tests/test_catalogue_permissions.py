"""Who may keep catalogue entries and load values: one rule each, checked as a matrix."""

from __future__ import annotations

import pytest

from oneplan.orgs.models import Agency
from oneplan.permissions import Action, can, can_load_values
from oneplan.stats.models import Dataset


@pytest.fixture
def datasets(cast):
    nso_n = Agency.objects.get(code="NSO-12")
    phrae_office = Agency.objects.get(code="PO-54")
    return {
        "nonthaburi": Dataset.objects.create(code="nso-12-pop", name_th="ประชากร", owner=nso_n),
        "phrae": Dataset.objects.create(code="po-54-pop", name_th="ประชากร", owner=phrae_office),
        "national": Dataset.objects.create(code="nso-gpp", name_th="ผลิตภัณฑ์มวลรวม"),
    }


@pytest.mark.parametrize(
    ("who", "which", "allowed"),
    [
        ("admin", "phrae", True),
        ("admin", "national", True),
        ("statistician", "nonthaburi", True),
        ("statistician", "phrae", False),
        ("planner_nonthaburi", "nonthaburi", True),
        ("planner_phrae", "nonthaburi", False),
        ("planner_phrae", "phrae", True),
        ("planner_nonthaburi", "national", False),
        ("data_officer", "nonthaburi", False),
        ("viewer", "nonthaburi", False),
        ("reviewer", "nonthaburi", False),
    ],
)
def test_who_may_change_a_dataset(cast, datasets, who, which, allowed):
    assert can(getattr(cast, who), Action.CHANGE, datasets[which]) is allowed


def test_anyone_may_read_the_catalogue(cast, datasets, client):
    from django.contrib.auth.models import AnonymousUser

    assert can(AnonymousUser(), Action.VIEW, datasets["phrae"])
    assert client.get("/api/datasets").json()["count"] == 3


@pytest.mark.parametrize(
    ("who", "area", "allowed"),
    [
        ("admin", "phrae", True),
        ("statistician", "nonthaburi", True),
        ("statistician", "phrae", False),
        ("data_officer", "nonthaburi", True),
        ("planner_phrae", "phrae", True),
        ("planner_phrae", "nonthaburi", False),
        ("viewer", "nonthaburi", False),
        ("reviewer", "nonthaburi", False),
        ("committee_member", "nonthaburi", False),
    ],
)
def test_who_may_load_values_where(cast, who, area, allowed):
    assert can_load_values(getattr(cast, who), getattr(cast, area)) is allowed


def test_admin_pages_of_the_catalogue_open_for_an_administrator(cast, client):
    cast.admin.is_staff = True  # the admin site also wants staff status
    cast.admin.save()
    client.force_login(cast.admin)
    for url in (
        "/admin/stats/dataset/add/",
        "/admin/stats/indicator/add/",
        "/admin/stats/categoryset/add/",
    ):
        assert client.get(url).status_code == 200, url
