"""Who may create, change and attach an analysis through the API, as a table."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from oneplan.analysis.models import Analysis
from oneplan.analysis.tests.api_helpers import (
    NEW,
    attach_url,
    patch,
    post,
    token,
)
from oneplan.analysis.tests.factories import champion as make_champion
from oneplan.analysis.tests.factories import world
from oneplan.plans.tests import factories as pf
from oneplan.projects.tests.factories import project

pytestmark = pytest.mark.django_db


# --- who may do what ----------------------------------------------------------------------

# Who may do each thing to an analysis of Nonthaburi (12). Analysts of the area (planners,
# statisticians and committee members) create and change it; attaching it takes the right to
# change the plan element (the area's planners) or the draft request (its planners and project
# officers). Everyone may read. a = admin, n = planner_nonthaburi, p = planner_phrae,
# s = statistician (NSO-12), d = data_officer, r = reviewer, c = committee_member (KBJ-12),
# v = viewer, o = anonymous.
# fmt: off
MATRIX: dict[str, str] = {
    "view":           "anpsdrcvo",
    "create":         "ansc",
    "change":         "ansc",
    "attach_element": "an",
    "attach_project": "an",
}
# fmt: on
USERS = {
    "a": "admin",
    "n": "planner_nonthaburi",
    "p": "planner_phrae",
    "s": "statistician",
    "d": "data_officer",
    "r": "reviewer",
    "c": "committee_member",
    "v": "viewer",
    "o": "anonymous",
}
CASES = [
    pytest.param(action, name, letter in MATRIX[action], id=f"{action}-{name}")
    for action in MATRIX
    for letter, name in USERS.items()
]


def user_named(cast, name: str) -> Any:
    return AnonymousUser() if name == "anonymous" else getattr(cast, name)


@pytest.mark.parametrize(("action", "name", "allowed"), CASES)
def test_permission_matrix(cast, action, name, allowed):
    world()
    user = user_named(cast, name)
    headers = token(user)
    client = Client()
    analysis = make_champion(cast.admin, reference="TH")
    if action == "view":
        answer = client.get(f"/api/analyses/{analysis.pk}", **headers)
        expected = 200
    elif action == "create":
        answer = post(client, "/api/analyses", {**NEW, "reference": "TH"}, **headers)
        expected = 201
    elif action == "change":
        answer = patch(client, f"/api/analyses/{analysis.pk}", {"name_en": "x"}, **headers)
        expected = 200
    elif action == "attach_element":
        element = pf.element(pf.plan_edition("12"), "issue", "ประเด็นเศรษฐกิจ")
        answer = post(client, attach_url(analysis), {"plan_element": element.pk}, **headers)
        expected = 200
    else:
        answer = post(client, attach_url(analysis), {"project": project().code}, **headers)
        expected = 200
    if allowed:
        assert answer.status_code == expected, answer.content
    else:
        assert answer.status_code == (401 if name == "anonymous" else 403), answer.content
    analysis.refresh_from_db()
    changed = action == "change" and allowed
    assert analysis.name_en == ("x" if changed else "")
    created = action == "create" and allowed
    assert Analysis.objects.count() == (2 if created else 1)
    attached = action.startswith("attach") and allowed
    linked = analysis.plan_elements.count() + analysis.projects.count()
    assert linked == (1 if attached else 0)


def test_the_matrix_follows_the_area(place, cast):
    """Phrae's planner analyses Phrae, not Nonthaburi, and changes only Phrae's analyses."""
    headers = token(cast.planner_phrae)
    phrae = {**NEW, "area": "54", "reference": "TH"}
    assert post(Client(), "/api/analyses", phrae, **headers).status_code == 201
    nonthaburi = make_champion(cast.planner_nonthaburi)
    answer = patch(Client(), f"/api/analyses/{nonthaburi.pk}", {"name_en": "x"}, **headers)
    assert answer.status_code == 403
    assert post(Client(), "/api/analyses", NEW, **headers).status_code == 403
    # An unknown area is a problem with the input for someone who may add analyses somewhere.
    answer = post(Client(), "/api/analyses", {**NEW, "area": "99"}, **headers)
    assert answer.status_code == 422
    assert "area:" in answer.json()["detail"]
    assert (
        post(Client(), "/api/analyses", {**NEW, "area": "99"}, **token(cast.viewer)).status_code
        == 403
    )
