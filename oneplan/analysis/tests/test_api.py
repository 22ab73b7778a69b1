"""The analysis API: the calculators against published examples and bad input, positioning
and the LQ map from stored values, saved analyses (list, read, create, change, attach), and
who may create, change and attach an analysis."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from oneplan.analysis.models import Analysis, ManualScore
from oneplan.analysis.tests.factories import World, gpp, put_years, world
from oneplan.analysis.tests.factories import champion as make_champion
from oneplan.orgs.models import ApiToken
from oneplan.plans.choices import EditionStatus
from oneplan.plans.tests import factories as pf
from oneplan.projects.tests.factories import project
from oneplan.stats.models import Indicator, Observation
from oneplan.testing.api import get_json

pytestmark = pytest.mark.django_db

LQ_URL = "/api/analysis/location-quotient"
SHIFT_URL = "/api/analysis/shift-share"
DYNAMIC_URL = "/api/analysis/dynamic-shift-share"

# Krumme's worked example of classic shift-share (employment in a region and the nation).
KRUMME = {
    "region_start": {"I": 500, "II": 100, "III": 200, "IV": 200},  # 1985
    "region_end": {"I": 1000, "II": 100, "III": 250, "IV": 280},  # 1995
    "reference_start": {"I": 10, "II": 20, "III": 40, "IV": 30},  # nation 1985
    "reference_end": {"I": 11, "II": 24, "III": 52, "IV": 42},  # nation 1995
}
# The nation grew 29 %; the sectors 10, 20, 30 and 40 %. By hand, per sector:
# national share 500 x .29 ...; industry mix 500 x (.10 - .29) ...; competitive 1000 - 550 ...
KRUMME_SPLIT = {
    "I": (500, 1000, 145, -95, 450),
    "II": (100, 100, 29, -9, -20),
    "III": (200, 250, 58, 2, -10),
    "IV": (200, 280, 58, 22, 0),
    "total": (1000, 1630, 290, -80, 420),
}

REGION = {
    2019: {"A": 100, "C": 300, "G": 600},
    2020: {"A": 110, "C": 330, "G": 620},
    2021: {"A": 121, "C": 360, "G": 700},
}
REFERENCE = {
    2019: {"A": 1000, "C": 5000, "G": 4000},
    2020: {"A": 1050, "C": 5500, "G": 4000},
    2021: {"A": 1100, "C": 6000, "G": 3900},
}


def post(client: Client, url: str, body: Any, **headers: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def patch(client: Client, url: str, body: Any, **headers: Any) -> Any:
    return client.patch(url, data=json.dumps(body), content_type="application/json", **headers)


def token(user: Any) -> dict[str, str]:
    if not user.is_authenticated:
        return {}
    _, key = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


# --- calculators --------------------------------------------------------------------------


def test_location_quotient_answers_a_list_of_sector_and_lq():
    body = {"region": {"A": 30, "B": 70, "C": 0}, "reference": {"A": 100, "B": 900, "C": 50}}
    answer = post(Client(), LQ_URL, body)
    assert answer.status_code == 200, answer.content
    got = answer.json()
    assert [row["sector"] for row in got] == ["A", "B", "C"]
    # Region total 100, reference total over the same sectors 1,050.
    assert got[0]["lq"] == pytest.approx(0.30 / (100 / 1050))
    assert got[1]["lq"] == pytest.approx(0.70 / (900 / 1050))
    assert got[2]["lq"] == 0


def test_location_quotient_is_null_where_the_reference_has_nothing():
    body = {"region": {"A": 10, "B": 10}, "reference": {"A": 0, "B": 100}}
    got = post(Client(), LQ_URL, body).json()
    assert got == [{"sector": "A", "lq": None}, {"sector": "B", "lq": 0.5}]


def test_shift_share_reproduces_krummes_example():
    answer = post(Client(), SHIFT_URL, KRUMME)
    assert answer.status_code == 200, answer.content
    got = answer.json()
    assert [row["sector"] for row in got] == ["I", "II", "III", "IV", "total"]
    for row in got:
        start, end, ns, im, ce = KRUMME_SPLIT[row["sector"]]
        assert (row["start"], row["end"], row["change"]) == (start, end, end - start)
        assert (row["national_share"], row["industry_mix"], row["competitive"]) == (
            pytest.approx(ns),
            pytest.approx(im),
            pytest.approx(ce, abs=1e-9),
        ), row["sector"]
    total = got[-1]
    assert total["national_share"] + total["industry_mix"] + total["competitive"] == (
        pytest.approx(630)
    )


def test_dynamic_shift_share_of_two_years_is_the_classic_one():
    body = {
        "region": {"1985": KRUMME["region_start"], "1986": KRUMME["region_end"]},
        "reference": {"1985": KRUMME["reference_start"], "1986": KRUMME["reference_end"]},
    }
    got = post(Client(), DYNAMIC_URL, body).json()
    assert [(r["sector"], round(r["competitive"], 6)) for r in got] == [
        (s, float(v[4])) for s, v in KRUMME_SPLIT.items()
    ]


def test_dynamic_shift_share_adds_the_years_up():
    body = {
        "region": {str(y): v for y, v in REGION.items()},
        "reference": {str(y): v for y, v in REFERENCE.items()},
    }
    got = {r["sector"]: r for r in post(Client(), DYNAMIC_URL, body).json()}
    # G: 620 - 600 x 1.00 in the first year, 700 - 620 x 0.975 in the second.
    assert got["G"]["competitive"] == pytest.approx(20 + 95.5)
    assert (got["total"]["start"], got["total"]["end"]) == (1000, 1181)


def test_location_quotient_reports_every_problem_at_once():
    body = {"region": {"A": -1, "B": 5}, "reference": {"B": 10, "C": -2}}
    answer = post(Client(), LQ_URL, body)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    for part in ("region.A: -1", "negative", "reference.C: -2", "reference.A: missing"):
        assert part in detail, part


def test_shift_share_reports_every_problem_at_once():
    body = {
        "region_start": {"I": -5, "II": 1},
        "region_end": {"I": 1},
        "reference_start": {"I": 1, "II": 1},
        "reference_end": {"I": 1, "II": -3},
    }
    answer = post(Client(), SHIFT_URL, body)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    for part in ("region_start.I: -5", "region_end.II: missing", "reference_end.II: -3"):
        assert part in detail, part


def test_shift_share_needs_the_references_first_year_in_every_sector():
    body = {**KRUMME, "reference_start": {**KRUMME["reference_start"], "II": 0}}
    answer = post(Client(), SHIFT_URL, body)
    assert answer.status_code == 422
    assert "reference_start.II: zero" in answer.json()["detail"]


def test_non_numbers_are_reported_for_every_field():
    body = {"region": {"A": "abc", "B": 1}, "reference": {"A": 1, "B": "หนึ่ง"}}
    answer = post(Client(), LQ_URL, body)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert "region.A: 'abc' is not a number" in detail
    assert "reference.B: 'หนึ่ง' is not a number" in detail
    missing = post(Client(), SHIFT_URL, {"region_start": {"I": 1}})
    assert missing.status_code == 422
    text = json.dumps(missing.json())
    for name in ("region_end", "reference_start", "reference_end"):
        assert name in text, name


@pytest.mark.parametrize("name", ["total", "Total", "TOTAL"])
def test_total_is_a_reserved_sector_name(name):
    body = {key: {**values, name: 1} for key, values in KRUMME.items()}
    answer = post(Client(), SHIFT_URL, body)
    assert answer.status_code == 422
    assert "'total' is reserved" in answer.json()["detail"]
    dynamic = post(
        Client(),
        DYNAMIC_URL,
        {"region": {"2020": {name: 1}, "2021": {name: 2}}, "reference": {"2020": {"A": 1}}},
    )
    assert dynamic.status_code == 422
    assert "'total' is reserved" in dynamic.json()["detail"]


def test_the_reserved_name_does_not_hide_the_other_problems():
    """the calculators promise every problem with
    the input at once, but a sector named "total" stops the checks, so the negative value
    and the missing sector below go unreported until the caller renames it and tries again."""
    body = {**KRUMME, "region_start": {**KRUMME["region_start"], "total": 1, "I": -500}}
    answer = post(Client(), SHIFT_URL, body)
    assert answer.status_code == 422
    detail = json.dumps(answer.json(), ensure_ascii=False)
    assert "reserved" in detail
    assert "region_start.I: -500" in detail  # negative
    assert "region_end.total: missing" in detail


def test_a_non_number_does_not_hide_the_other_problems():
    """a value
    that is not a number is refused by the schema before ``regional`` checks anything, so
    the negative value in the other field goes unreported (and the 422's ``detail`` is a
    list of schema errors rather than the calculators' text). ``regional._check`` already
    words "is not a number" alongside the other problems; the schemas never let it."""
    body = {"region": {"A": "abc", "B": 1}, "reference": {"A": 1, "B": -2}}
    answer = post(Client(), LQ_URL, body)
    assert answer.status_code == 422
    detail = json.dumps(answer.json(), ensure_ascii=False)
    assert "region.A" in detail or '"region", "A"' in detail  # not a number
    assert "reference.B: -2" in detail  # negative


def test_calculators_need_no_sign_in_and_keep_nothing():
    client = Client(enforce_csrf_checks=True)
    assert post(client, LQ_URL, {"region": {"A": 1}, "reference": {"A": 2}}).status_code == 200
    assert post(client, SHIFT_URL, KRUMME).status_code == 200
    assert not Analysis.objects.exists()
    assert not Observation.objects.exists()


# --- positioning and the map from stored values -------------------------------------------


@pytest.fixture
def place(cast) -> World:
    w = world()
    put_years(gpp(), w["12"], REGION)
    put_years(gpp(), w.group, REFERENCE)
    return w


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

NEW = {
    "name_th": "สินค้าเด่นนนทบุรี",
    "area": "12",
    "reference": "G10",
    "indicator": "GPP",
    "category_set": "SECTOR",
    "start_year": "2562",
    "end_year": "2564",
    "candidates": ["A", "C", "G"],
}


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


def attach_url(analysis: Analysis) -> str:
    return f"/api/analyses/{analysis.pk}/attachments"


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
