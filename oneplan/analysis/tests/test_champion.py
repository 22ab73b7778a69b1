"""Product Champion analyses: creating one (every problem at once, the default criteria),
changing its criteria, typed scores and value chains (every problem at once, nothing saved),
the ranking's points, and value-chain coverage from the requests serving success factors."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from oneplan.analysis import champion, editing
from oneplan.analysis.choices import AnalysisKind
from oneplan.analysis.models import Analysis, Candidate, Criterion, ManualScore
from oneplan.analysis.tests.factories import (
    World,
    gpp,
    put_years,
    value_chain,
    world,
)
from oneplan.analysis.tests.factories import champion as make_champion
from oneplan.analysis.tests.factories import factors as factors_of
from oneplan.projects.tests.factories import project

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def place(cast) -> World:
    w = world()
    put_years(gpp(), w["12"], REGION)
    put_years(gpp(), w.group, REFERENCE)
    return w


def criteria_of(analysis: Analysis) -> dict[str, Criterion]:
    return {c.key: c for c in analysis.criteria.all()}


# --- the schema ---------------------------------------------------------------------------


def test_constraint_names_do_not_clash_with_table_names():
    """the unique constraint is named "analysis_candidate", which is
    also the table's name. PostgreSQL keeps a unique constraint's index among the schema's
    relations, so migrating fails with 'relation "analysis_candidate" already exists': the
    app cannot be installed on PostgreSQL (ONEPLAN_TEST_POSTGRES=1 cannot even create the test
    database). SQLite does not mind, which is why the SQLite suite passes."""
    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    names = {
        c.name
        for m in apps.get_app_config("analysis").get_models()
        for c in [*m._meta.constraints, *m._meta.indexes]
    }
    assert names, "the analysis models declare constraints"
    assert not names & tables


# --- creating -----------------------------------------------------------------------------


def test_every_bad_field_is_reported_at_once(cast):
    bad = {
        "name_th": "  ",
        "area": "XX",
        "reference": "",
        "indicator": "NO-SUCH",
        "category_set": "NO-SUCH",
        "employment": "NO-SUCH",
        "start_year": "ปีหน้า",
        "end_year": "",
    }
    with pytest.raises(ValidationError) as caught:
        editing.create_champion(bad, cast.planner_nonthaburi)
    assert set(caught.value.message_dict) == {
        "name_th",
        "area",
        "reference",
        "indicator",
        "category_set",
        "employment",
        "start_year",
        "end_year",
    }
    assert not Analysis.objects.exists()


def test_codes_that_exist_but_do_not_fit_are_reported_at_once(cast):
    world()
    bad = {
        "name_th": "สินค้าเด่น",
        "area": "12",
        "reference": "54",  # Phrae does not contain Nonthaburi
        "indicator": "GPP",
        "category_set": "SECTOR",
        "start_year": "2564",
        "end_year": "2564",
        "candidates": ["A", "ZZ", "C", "9"],
    }
    with pytest.raises(ValidationError) as caught:
        editing.create_champion(bad, cast.planner_nonthaburi)
    problems = caught.value.message_dict
    assert set(problems) == {"reference", "end_year", "candidates[1]", "candidates[3]"}
    assert "ZZ" in problems["candidates[1]"][0]
    assert not Analysis.objects.exists()
    assert not Criterion.objects.exists()


def test_a_new_analysis_gets_the_default_criteria_and_is_computed(place, cast):
    analysis = make_champion(cast.statistician)
    assert analysis.kind == AnalysisKind.CHAMPION
    assert (analysis.start_year, analysis.end_year) == (2019, 2021)  # given in BE
    assert analysis.area.code == "12"
    assert analysis.reference.code == "G10"
    assert analysis.created_by == cast.statistician
    got = [
        (c.key, c.weight, c.normalisation, c.scale_low, c.scale_high, c.position)
        for c in analysis.criteria.order_by("position")
    ]
    assert got == [
        ("lq", Decimal(30), "minmax", 0, 1, 0),
        ("growth", Decimal(20), "minmax", 0, 1, 1),
        ("share", Decimal(20), "minmax", 0, 1, 2),
        ("coverage", Decimal(10), "scale", 0, 1, 3),
        ("manual", Decimal(20), "scale", 1, 5, 4),
    ]
    assert criteria_of(analysis)["manual"].label_th == "ศักยภาพทางการตลาด"
    assert [c.category.code for c in analysis.candidates.all()] == ["A", "C", "G"]
    assert analysis.computed is not None
    assert [r["code"] for r in analysis.result["ranking"]] == ["G", "A", "C"]


def test_without_candidates_every_category_of_the_set_is_one(place, cast):
    analysis = make_champion(cast.planner_nonthaburi, candidates=())
    assert analysis.candidates.count() == 19
    ranking = analysis.result["ranking"]
    assert len(ranking) == 19
    # Sectors without values score nothing and miss every criterion but none.
    b = next(r for r in ranking if r["code"] == "B")
    assert b["score"] == 0
    assert len(b["missing"]) == 5


# --- changing -----------------------------------------------------------------------------


def test_update_weights_normalisation_scores_and_value_chains(place, cast):
    analysis = make_champion(cast.planner_nonthaburi)
    by_key = criteria_of(analysis)
    chain = value_chain("VC-12-A", place["12"])
    editing.update_champion(
        analysis,
        {
            "name_th": " สินค้าเด่น 2564 ",
            "criteria": {
                str(by_key["lq"].pk): {"weight": "๔๐", "normalisation": "rank"},
                str(by_key["growth"].pk): {"weight": 0, "higher_is_better": "false"},
                str(by_key["manual"].pk): {"label_th": "ตลาด", "scale_low": "0", "scale_high": 10},
            },
            "scores": {str(by_key["manual"].pk): {"A": "๙", "C": 2.5, "G": 0}},
            "value_chains": {"A": "VC-12-A", "C": ""},
            "add_criterion": "competitive",
        },
    )
    analysis.refresh_from_db()
    assert analysis.name_th == "สินค้าเด่น 2564"
    by_key = criteria_of(analysis)
    assert by_key["lq"].weight == Decimal(40)
    assert by_key["lq"].normalisation == "rank"
    assert by_key["growth"].weight == 0
    assert by_key["growth"].higher_is_better is False
    manual = by_key["manual"]
    assert (manual.label_th, manual.scale_low, manual.scale_high) == ("ตลาด", 0, 10)
    typed = {
        s.candidate.category.code: s.value
        for s in manual.scores.select_related("candidate__category")
    }
    assert typed == {"A": 9, "C": 2.5, "G": 0}
    assert by_key["competitive"].weight == 10
    assert by_key["competitive"].position == 5
    chains = {c.category.code: c.value_chain for c in analysis.candidates.all()}
    assert chains == {"A": chain, "C": None, "G": None}
    ranking = {r["code"]: r for r in analysis.result["ranking"]}
    assert ranking["A"]["value_chain"] == "VC-12-A"
    # The snapshot was computed again with the new criteria.
    assert {c["key"] for c in analysis.result["criteria"]} >= {"competitive"}
    assert ranking["A"]["raw"][str(manual.pk)] == 9


def test_scores_are_typed_again_not_added(place, cast):
    analysis = make_champion(cast.planner_nonthaburi)
    manual = criteria_of(analysis)["manual"]
    editing.update_champion(analysis, {"scores": {str(manual.pk): {"A": 2}}})
    editing.update_champion(analysis, {"scores": {str(manual.pk): {"A": 4}}})
    assert list(ManualScore.objects.values_list("value", flat=True)) == [4]


def test_every_bad_change_is_reported_at_once_and_nothing_is_saved(place, cast):
    analysis = make_champion(cast.planner_nonthaburi)
    by_key = criteria_of(analysis)
    lq, growth, share, manual = (str(by_key[k].pk) for k in ("lq", "growth", "share", "manual"))
    value_chain("VC-12-A", place["12"])
    before = analysis.result
    bad = {
        "name_th": " ",
        "criteria": {
            lq: {"weight": -5},
            growth: {"normalisation": "zscore", "weight": "เยอะ"},
            share: {"scale_low": 2, "scale_high": 1},
            "999999": {"weight": 1},
            # fine on its own, and not saved with the rest
            manual: {"weight": 50},
        },
        "scores": {
            manual: {"A": 6, "C": 0, "G": "abc", "Z": 3},
            lq: {"A": 1},
        },
        "value_chains": {"Z": "VC-12-A", "A": "NO-SUCH", "C": "VC-12-A"},
        "add_criterion": "gap",
    }
    with pytest.raises(ValidationError) as caught:
        editing.update_champion(analysis, bad)
    assert set(caught.value.message_dict) == {
        "name_th",
        f"criteria[{lq}].weight",
        f"criteria[{growth}].normalisation",
        f"criteria[{growth}].weight",
        f"criteria[{share}].scale_high",
        "criteria[999999]",
        f"scores[{manual}][A]",  # above the scale's 5
        f"scores[{manual}][C]",  # below the scale's 1
        f"scores[{manual}][G]",
        f"scores[{manual}][Z]",
        f"scores[{lq}]",  # not a criterion entered by hand
        "value_chains[Z]",
        "value_chains[A]",
        "add_criterion",  # a problem-ranking criterion
    }
    analysis.refresh_from_db()
    assert analysis.name_th == "สินค้าเด่นนนทบุรี"
    assert analysis.result == before
    after = criteria_of(analysis)
    assert [(k, c.weight, c.normalisation) for k, c in after.items()] == [
        ("lq", 30, "minmax"),
        ("growth", 20, "minmax"),
        ("share", 20, "minmax"),
        ("coverage", 10, "scale"),
        ("manual", 20, "scale"),
    ]
    assert after["share"].scale_low == 0
    assert after["share"].scale_high == 1
    assert not ManualScore.objects.exists()
    assert not Candidate.objects.filter(value_chain__isnull=False).exists()


@pytest.mark.parametrize("blank", ["", "-"])
def test_a_blank_score_is_not_saved_as_zero(place, cast, blank):
    """a blank score ("" or "-", read as no number by
    ``parse_number``) raises no problem and is saved as 0, below the scale's 1-5, so the
    candidate counts as scored (0 points) instead of missing. The API passes "" through and
    the page passes "-" through. A blank should either clear the score or be reported; it
    must not become a 0."""
    analysis = make_champion(cast.planner_nonthaburi)
    manual = criteria_of(analysis)["manual"]
    with contextlib.suppress(ValidationError):  # reporting it is one acceptable answer
        editing.update_champion(analysis, {"scores": {str(manual.pk): {"A": blank}}})
    assert not ManualScore.objects.filter(value=0).exists()


# --- the ranking --------------------------------------------------------------------------


def test_the_ranking_by_hand_and_its_points_add_up_to_the_score(place, cast):
    """Default weights 30/20/20/10/20 (of 100). By hand:

    * LQ 2021 (min-max): A 1.0246, C 0.5588, G 1.6718 -> A 0.4185, C 0, G 1;
    * growth (min-max): A 10 %, C 9.54 %, G 8.01 % -> A 1, C 0.771, G 0;
    * share (min-max): A 121, C 360, G 700 of 1,181 -> A 0, C 239/579, G 1;
    * coverage: no value chain, missing for all;
    * typed 1-5: A 5, C 3, G 1 -> A 1, C 0.5, G 0.
    """
    analysis = make_champion(cast.planner_nonthaburi)
    by_key = criteria_of(analysis)
    manual = by_key["manual"]
    editing.update_champion(analysis, {"scores": {str(manual.pk): {"A": 5, "C": 3, "G": 1}}})
    result = champion.evaluate(analysis)

    lq = {"A": (121 / 1181) / 0.1, "C": (360 / 1181) / (6 / 11), "G": (700 / 1181) / (39 / 110)}
    growth = {"A": 0.1, "C": 1.2**0.5 - 1, "G": (7 / 6) ** 0.5 - 1}

    def minmax(values: dict[str, float]) -> dict[str, float]:
        low, high = min(values.values()), max(values.values())
        return {k: (v - low) / (high - low) for k, v in values.items()}

    lq_n, growth_n = minmax(lq), minmax(growth)
    share_n = {"A": 0.0, "C": 239 / 579, "G": 1.0}
    typed_n = {"A": 1.0, "C": 0.5, "G": 0.0}
    expected = {
        k: round(30 * lq_n[k] + 20 * growth_n[k] + 20 * share_n[k] + 20 * typed_n[k], 1)
        for k in "ACG"
    }
    assert expected == {"A": 52.6, "C": 33.7, "G": 50.0}  # the arithmetic above, written out
    ranked = [(r.candidate.category.code, r.scored.score, r.scored.rank) for r in result.ranked]
    assert ranked == [("A", 52.6, 1), ("G", 50.0, 2), ("C", 33.7, 3)]
    coverage_key = str(by_key["coverage"].pk)
    for r in result.ranked:
        assert r.scored.missing == [coverage_key]
        points = r.scored.contributions
        assert set(points) == {str(c.pk) for c in by_key.values()}
        assert round(sum(points.values()), 1) == r.scored.score
        assert points[coverage_key] == 0
    a = result.ranked[0]
    assert a.raw[by_key["lq"].pk] == pytest.approx(lq["A"])
    assert a.raw[by_key["share"].pk] == pytest.approx(121 / 1181)
    assert a.scored.contributions[str(by_key["growth"].pk)] == 20.0
    assert a.scored.contributions[str(manual.pk)] == 20.0
    # The saved snapshot shows the same, with the contributions keyed by criterion id.
    editing.recompute(analysis)
    snap = {r["code"]: r for r in analysis.result["ranking"]}
    assert snap["C"]["score"] == 33.7
    assert round(sum(snap["C"]["contributions"].values()), 1) == 33.7


def test_competitive_effect_is_a_rate_of_the_first_year(place, cast):
    analysis = make_champion(cast.planner_nonthaburi)
    editing.update_champion(analysis, {"add_criterion": "competitive"})
    competitive = criteria_of(analysis)["competitive"]
    raw = {
        r.candidate.category.code: r.raw[competitive.pk] for r in champion.evaluate(analysis).ranked
    }
    # Classic competitive effect 2019 -> 2021 over the first year's value (see test_positioning).
    assert raw == {
        "A": pytest.approx(11 / 100),
        "C": pytest.approx(0.0, abs=1e-12),
        "G": pytest.approx(115 / 600),
    }


# --- value-chain coverage -----------------------------------------------------------------


def test_coverage_counts_factors_served_by_a_request_past_the_draft(place, cast):
    chain = value_chain("VC-12-A", place["12"], factors_per_stage=(2, 3))  # five factors
    f = factors_of(chain)
    project("ขอ 1", state="submitted", factor=f[0])
    project("ขอ 2", state="draft", factor=f[1])  # not yet put forward: not counted
    project("ขอ 3", state="declined", factor=f[2])  # declined: not counted ...
    project("ขอ 4", state="funded", factor=f[2])  # ... but another request serves it
    project("ขอ 5", state="approved", factor=f[3])
    project("ขอ 6", state="screened", factor=f[3])  # twice served counts once
    empty = value_chain("VC-12-EMPTY", place["12"], factors_per_stage=())
    assert champion.coverage({chain.pk, empty.pk}) == {chain.pk: pytest.approx(3 / 5)}

    analysis = make_champion(cast.planner_nonthaburi)
    editing.update_champion(analysis, {"value_chains": {"A": "VC-12-A", "C": "VC-12-EMPTY"}})
    key = criteria_of(analysis)["coverage"].pk
    raw = {r.candidate.category.code: r.raw[key] for r in champion.evaluate(analysis).ranked}
    assert raw == {"A": pytest.approx(0.6), "C": 0.0, "G": None}
    snap = {r["code"]: r for r in analysis.result["ranking"]}
    assert snap["A"]["normalised"][str(key)] == 0.6  # declared scale 0-1
    assert str(key) in snap["G"]["missing"]


def test_coverage_follows_the_requests_as_they_move(place, cast):
    chain = value_chain("VC-12-A", place["12"], factors_per_stage=(2,))
    f = factors_of(chain)
    request = project("ขอ 1", state="draft", factor=f[0])
    assert champion.coverage({chain.pk}) == {chain.pk: 0.0}
    request.state = "submitted"
    request.save()
    assert champion.coverage({chain.pk}) == {chain.pk: 0.5}
    request.state = "declined"
    request.save()
    assert champion.coverage({chain.pk}) == {chain.pk: 0.0}
