"""The analysis API: positioning and the LQ map from stored values, and saved analyses (list,
read, create, change, attach)."""

from __future__ import annotations

import pytest
from django.test import Client

from oneplan.analysis.models import Analysis, ManualScore
from oneplan.analysis.tests.api_helpers import (
    NEW,
    attach_url,
    patch,
    post,
    token,
)
from oneplan.analysis.tests.factories import champion as make_champion
from oneplan.analysis.tests.factories import gpp, put_years
from oneplan.plans.choices import EditionStatus
from oneplan.plans.tests import factories as pf
from oneplan.projects.tests.factories import project
from oneplan.stats.models import Indicator, Observation
from oneplan.testing.api import get_json

pytestmark = pytest.mark.django_db


# --- positioning and the map from stored values -------------------------------------------


POSITIONING = "/api/analysis/positioning/12"
QUERY = {"reference": "G10", "indicator": "GPP", "category_set": "SECTOR"}


def test_positioning_reads_the_stored_values(place):
    got = get_json(Client(), POSITIONING, **QUERY, start="2562", end="ค.ศ. 2021")
    assert (got["area"], got["reference"], got["start_year"], got["end_year"]) == (
        "12",
        "G10",
        2019,
        2021,
    )
    assert got["notes"] == []
    assert len(got["sectors"]) == 19
    rows = {r["code"]: r for r in got["sectors"]}
    a, g = rows["A"], rows["G"]
    assert (a["start"], a["end"], a["reference_end"]) == (100, 121, 1100)
    assert a["lq"] == round((121 / 1181) / 0.1, 4)
    assert a["growth"] == 0.1
    assert a["share"] == round(121 / 1181, 4)
    assert (g["national_share"], g["industry_mix"], g["competitive"]) == (60.0, -75.0, 115.0)
    assert g["dynamic_competitive"] == 115.5
    assert rows["B"]["lq"] is None
    assert got["total"] == {
        "start": 1000,
        "end": 1181,
        "national_share": 100.0,
        "industry_mix": -45.0,
        "competitive": 126.0,
    }


def test_positioning_refuses_bad_queries(place):
    client = Client()
    get_json(client, POSITIONING, status=422, **QUERY, start="2564", end="2562")
    detail = get_json(
        client, POSITIONING, status=422, **{**QUERY, "reference": "G99"}, start="2562", end="2564"
    )
    assert "reference" in detail["detail"]
    detail = get_json(client, POSITIONING, status=422, **QUERY, start="ปีก่อน", end="2564")
    assert "start" in detail["detail"]
    get_json(client, "/api/analysis/positioning/99", status=404, **QUERY, start="2562", end="2564")


def test_lq_map_gives_every_province_of_the_group(place):
    put_years(gpp(), place["13"], {2021: {"A": 200, "C": 100, "G": 700}})
    got = get_json(
        Client(),
        "/api/analysis/lq-map/G10",
        indicator="GPP",
        category_set="SECTOR",
        sector="A",
        year="2564",
    )
    assert [c["area"] for c in got] == ["12", "13", "14", "19"]
    assert got[0]["lq"] == pytest.approx((121 / 1181) / 0.1)
    assert got[0]["value"] == 121
    assert got[1]["lq"] == pytest.approx((200 / 1000) / 0.1)
    assert got[2] == {"area": "14", "name_th": place["14"].name_th, "lq": None, "value": None}


# --- saved analyses -----------------------------------------------------------------------


def test_create_a_product_champion(place, cast):
    answer = post(Client(), "/api/analyses", NEW, **token(cast.committee_member))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["kind"], body["area"], body["start_year"], body["end_year"]) == (
        "champion",
        "12",
        2019,
        2021,
    )
    assert body["computed"]
    result = body["result"]
    assert [c["key"] for c in result["criteria"]] == ["lq", "growth", "share", "coverage", "manual"]
    assert [(r["code"], r["score"]) for r in result["ranking"]] == [
        ("G", 50.0),
        ("A", 32.6),  # 30 x 0.41845 + 20 (growth) = 32.554
        ("C", 23.7),  # 20 x 0.771 + 20 x 239/579
    ]
    analysis = Analysis.objects.get(pk=body["id"])
    assert analysis.created_by == cast.committee_member


def test_create_reports_every_problem_and_saves_nothing(place, cast):
    bad = {**NEW, "name_th": "", "reference": "54", "end_year": "2562", "candidates": ["A", "ZZ"]}
    answer = post(Client(), "/api/analyses", bad, **token(cast.planner_nonthaburi))
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    for key in ("name_th:", "reference:", "end_year:", "candidates[1]:"):
        assert key in detail, key
    assert "ZZ" in detail
    assert not Analysis.objects.exists()


def test_list_and_read_analyses_without_signing_in(place, cast):
    champion = make_champion(cast.planner_nonthaburi)
    phrae = make_champion(cast.planner_phrae, area="54", reference="TH", name_th="แพร่")
    client = Client()
    listed = get_json(client, "/api/analyses")
    assert listed["count"] == 2
    assert {r["id"] for r in listed["results"]} == {champion.pk, phrae.pk}
    mine = get_json(client, "/api/analyses", area="12", kind="champion")
    assert [r["id"] for r in mine["results"]] == [champion.pk]
    assert get_json(client, "/api/analyses", kind="problems")["count"] == 0
    one = get_json(client, f"/api/analyses/{champion.pk}")
    assert one["name_th"] == "สินค้าเด่นนนทบุรี"
    assert one["result"]["ranking"][0]["code"] == "G"
    get_json(client, "/api/analyses/999999", status=404)


def test_patch_changes_weights_and_scores_and_computes_again(place, cast):
    analysis = make_champion(cast.planner_nonthaburi)
    ids = {c.key: str(c.pk) for c in analysis.criteria.all()}
    headers = token(cast.statistician)
    answer = patch(
        Client(),
        f"/api/analyses/{analysis.pk}",
        {
            "name_en": "Champion products",
            "criteria": {ids["lq"]: {"weight": 0}, ids["growth"]: {"weight": 0}},
            "scores": {ids["manual"]: {"A": 5, "C": "๓", "G": 1}},
        },
        **headers,
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["name_en"] == "Champion products"
    # Left: share 20 (A 0, C 239/579, G 1), coverage 10 (none), typed 20 (A 1, C .5, G 0).
    # A 20 x 1 / 50; G 20 x 1 / 50 (tied, in the candidates' order); C (20 x 239/579 + 20 x .5)
    # / 50.
    assert [(r["code"], r["score"], r["rank"]) for r in body["result"]["ranking"]] == [
        ("A", 40.0, 1),
        ("G", 40.0, 1),
        ("C", round(100 * (20 * 239 / 579 + 20 * 0.5) / 50, 1), 3),
    ]
    assert body["result"]["ranking"][2]["score"] == 36.5
    assert ManualScore.objects.count() == 3


def test_patch_reports_every_problem_and_saves_nothing(place, cast):
    analysis = make_champion(cast.planner_nonthaburi)
    ids = {c.key: str(c.pk) for c in analysis.criteria.all()}
    answer = patch(
        Client(),
        f"/api/analyses/{analysis.pk}",
        {
            "criteria": {ids["lq"]: {"weight": -1}},
            "scores": {ids["manual"]: {"A": 9, "Q": 2}},
            "value_chains": {"A": "NO-SUCH"},
        },
        **token(cast.planner_nonthaburi),
    )
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    for key in (
        f"criteria[{ids['lq']}].weight:",
        f"scores[{ids['manual']}][A]:",
        f"scores[{ids['manual']}][Q]:",
        "value_chains[A]:",
    ):
        assert key in detail, key
    assert analysis.criteria.get(key="lq").weight == 30
    assert not ManualScore.objects.exists()


def test_problem_rankings_through_the_api(place, cast):
    edition = pf.plan_edition("12", status=EditionStatus.PUBLISHED)
    goal = pf.element(edition, "goal", "เป้าประสงค์")
    pf.plan_indicator(goal, "INCOME", targets={2025: 100})
    Observation.objects.create(
        indicator=Indicator.objects.get(code="INCOME"),
        area=place["12"],
        period="FY2025",
        start="2024-10-01",
        value=80,
    )
    got = get_json(Client(), "/api/analysis/problems/12", year="2568")
    assert got["fiscal_year"] == 2025
    assert [(r["indicator"], r["value"], r["score"]) for r in got["ranking"]] == [
        ("INCOME", 80, 10.0)  # gap 0.2 x 50
    ]
    url = "/api/analysis/problems/12?year=2568"
    assert post(Client(), url, {}).status_code == 401
    assert post(Client(), url, {}, **token(cast.planner_phrae)).status_code == 403
    answer = post(Client(), url, {}, **token(cast.planner_nonthaburi))
    assert answer.status_code == 201, answer.content
    saved = answer.json()
    assert (saved["kind"], saved["fiscal_year"]) == ("problems", 2025)
    assert saved["result"]["ranking"][0]["score"] == 10.0
    gap = Analysis.objects.get(pk=saved["id"]).criteria.get(key="gap")
    changed = patch(
        Client(),
        f"/api/analyses/{saved['id']}",
        {"criteria": {str(gap.pk): {"weight": 25}}, "scores": {str(gap.pk): {"A": 1}}},
        **token(cast.planner_nonthaburi),
    )
    assert changed.status_code == 422
    assert "scores:" in changed.json()["detail"]
    changed = patch(
        Client(),
        f"/api/analyses/{saved['id']}",
        {"criteria": {str(gap.pk): {"weight": 25}}},
        **token(cast.planner_nonthaburi),
    )
    assert changed.status_code == 200
    assert changed.json()["result"]["ranking"][0]["score"] == round(100 * 0.2 * 25 / 75, 1)


def test_recompute_reads_the_data_as_it_stands(place, cast):
    analysis = make_champion(cast.planner_nonthaburi)
    Observation.objects.filter(area=place["12"], period="2021", disaggregation="SECTOR=A").update(
        value=1210
    )
    url = f"/api/analyses/{analysis.pk}/recompute"
    assert post(Client(), url, {}, **token(cast.viewer)).status_code == 403
    answer = post(Client(), url, {}, **token(cast.planner_nonthaburi))
    assert answer.status_code == 200
    rows = {r["code"]: r for r in answer.json()["result"]["sectors"]}
    assert rows["A"]["end"] == 1210
    assert answer.json()["result"]["ranking"][0]["code"] == "A"


# --- attaching ----------------------------------------------------------------------------


def test_attach_to_a_plan_element_and_a_request_and_take_off(place, cast):
    analysis = make_champion(cast.planner_nonthaburi)
    element = pf.element(pf.plan_edition("12"), "issue", "ประเด็นเศรษฐกิจ")
    request = project()
    headers = token(cast.planner_nonthaburi)
    client = Client()
    body = post(client, attach_url(analysis), {"plan_element": element.pk}, **headers).json()
    assert body["plan_elements"] == [element.pk]
    body = post(client, attach_url(analysis), {"project": request.code}, **headers).json()
    assert body["projects"] == [request.code]
    assert list(element.analyses.all()) == [analysis]
    body = post(
        client, attach_url(analysis), {"plan_element": element.pk, "detach": True}, **headers
    ).json()
    assert (body["plan_elements"], body["projects"]) == ([], [request.code])


def test_attach_needs_one_target_of_the_same_place(place, cast):
    analysis = make_champion(cast.planner_nonthaburi)
    element = pf.element(pf.plan_edition("12"), "issue", "ประเด็นเศรษฐกิจ")
    request = project()
    client, headers = Client(), token(cast.admin)
    both = {"plan_element": element.pk, "project": request.code}
    assert post(client, attach_url(analysis), both, **headers).status_code == 422
    assert post(client, attach_url(analysis), {}, **headers).status_code == 422
    assert (
        post(client, attach_url(analysis), {"plan_element": 999999}, **headers).status_code == 404
    )
    elsewhere = pf.element(pf.plan_edition("54"), "issue", "ประเด็นแพร่")
    answer = post(client, attach_url(analysis), {"plan_element": elsewhere.pk}, **headers)
    assert answer.status_code == 422
    assert "analysis:" in answer.json()["detail"]
    # A group's analysis may be cited by a province of the group.
    group_analysis = make_champion(cast.admin, area="G10", reference="TH", name_th="กลุ่ม")
    answer = post(client, attach_url(group_analysis), {"plan_element": element.pk}, **headers)
    assert answer.status_code == 200
    assert not analysis.plan_elements.exists()


def test_a_published_plan_is_read_only_even_for_citing(place, cast):
    """Attaching takes the right to change the element; a published edition is read-only for
    everyone, so an analysis is cited from a review edition."""
    analysis = make_champion(cast.planner_nonthaburi)
    edition = pf.plan_edition("12")
    element = pf.element(edition, "issue", "ประเด็นเศรษฐกิจ")
    edition.status = EditionStatus.PUBLISHED
    edition.save()
    answer = post(Client(), attach_url(analysis), {"plan_element": element.pk}, **token(cast.admin))
    assert answer.status_code == 403
    assert not analysis.plan_elements.exists()
