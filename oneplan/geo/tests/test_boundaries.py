"""GeoJSON boundaries: the public province files, unknown codes, wrong geometries, options."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from oneplan.core.importing import ImportRejected
from oneplan.geo.choices import AreaLevel
from oneplan.geo.loaders.engine import load_file
from oneplan.geo.models import Area
from oneplan.testing.shared_data import shared_file

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[100, 13], [101, 13], [101, 14], [100, 13]]]}
POINT = {"type": "Point", "coordinates": [100.5, 13.8]}


@pytest.fixture(autouse=True)
def english_and_fast(settings):
    """Messages in English (the site's default is Thai)."""
    with translation.override("en"):
        yield


@pytest.fixture
def restore_boundaries(db):
    """Put back the boundaries as they were: the reference provinces are shared by all tests."""
    before = dict(Area.objects.filter(boundary__isnull=False).values_list("code", "boundary"))
    yield
    Area.objects.exclude(code__in=before).filter(boundary__isnull=False).update(boundary=None)
    for code, boundary in before.items():
        Area.objects.filter(code=code).update(boundary=boundary)


def shared(name: str) -> Path:
    return shared_file("geo", name)


def feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def write(tmp_path: Path, *features: dict, name: str = "bounds.geojson") -> Path:
    path = tmp_path / name
    collection = {"type": "FeatureCollection", "features": list(features)}
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def rejected(path: Path, **kwargs) -> list:
    """Load ``path`` expecting a rejection; check nothing was written; return the problems."""
    before = (
        Area.history.count(),
        list(Area.objects.filter(boundary__isnull=False).values_list("code", flat=True)),
    )
    with pytest.raises(ImportRejected) as info:
        load_file(path, **kwargs)
    after = (
        Area.history.count(),
        list(Area.objects.filter(boundary__isnull=False).values_list("code", flat=True)),
    )
    assert after == before
    return info.value.problems


@pytest.mark.parametrize(
    ("name", "key", "prefix"),
    [
        ("mapthai_th_adm1_simplified.geojson", "ADM1_PCODE", "TH"),  # HDX P-codes: TH37
        ("chingchai_provinces.geojson", "pro_code", ""),  # DOPA codes: 37
    ],
)
def test_public_file_gives_every_province_a_boundary(
    reference_db, restore_boundaries, name, key, prefix
):
    path = shared(name)
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    first = load_file(path)
    assert first.updated == {AreaLevel.PROVINCE: 77}
    provinces = Area.objects.of_level(AreaLevel.PROVINCE)
    assert provinces.filter(boundary__isnull=True).count() == 0
    amnat = next(f for f in features if f["properties"][key] == f"{prefix}37")
    assert provinces.get(code="37").boundary == amnat["geometry"]
    history = Area.history.count()
    second = load_file(path)
    assert second.changed == 0
    assert second.unchanged == {AreaLevel.PROVINCE: 77}
    assert Area.history.count() == history


def test_public_file_through_command_with_code_property(reference_db, restore_boundaries):
    path = shared("chingchai_provinces.geojson")
    out = io.StringIO()
    call_command("load_areas", str(path), "--code-property", "pro_code", stdout=out)
    assert "chingchai_provinces.geojson" in out.getvalue()
    line = next(ln for ln in out.getvalue().splitlines() if " Province " in ln)
    assert [c.strip() for c in line.strip(" │").split("│")][1:] == ["0", "77", "0"]
    nan = Area.objects.get(code="55")
    assert nan.boundary["type"] == "MultiPolygon"
    assert nan.history.latest("history_id").history_change_reason == (
        "load-areas chingchai_provinces.geojson"
    )


def test_own_boundaries_load_then_report_unchanged(cast, restore_boundaries, tmp_path):
    path = write(tmp_path, feature(SQUARE, code="12"), feature(SQUARE, dopa_code="54"))
    first = load_file(path, reason="test")
    assert first.updated == {AreaLevel.PROVINCE: 2}
    assert Area.objects.get(code="54").boundary == SQUARE
    history = Area.history.count()
    second = load_file(path)
    assert (second.updated, second.unchanged) == ({}, {AreaLevel.PROVINCE: 2})
    assert Area.history.count() == history


def test_unknown_code_is_reported_with_its_feature_number(cast, restore_boundaries, tmp_path):
    path = write(
        tmp_path, feature(SQUARE, code="12"), feature(SQUARE, code="98"), feature(SQUARE, code="54")
    )
    [problem] = rejected(path)
    assert (problem.row, problem.column) == (2, "properties")
    assert problem.message == "No area with code 98; load the areas first."
    assert str(problem).startswith("bounds.geojson, row 2, column properties: ")
    assert Area.objects.get(code="12").boundary is None


def test_duplicate_feature_is_reported(cast, restore_boundaries, tmp_path):
    path = write(tmp_path, feature(SQUARE, code="12"), feature(SQUARE, pro_code="12"))
    [problem] = rejected(path)
    assert (problem.row, problem.message) == (2, "Duplicate code 12 (first on feature 1).")


def test_point_geometry_is_rejected(cast, restore_boundaries, tmp_path):
    path = write(tmp_path, feature(SQUARE, code="12"), feature(POINT, code="54"))
    [problem] = rejected(path)
    assert (problem.row, problem.column) == (2, "geometry")
    assert problem.message == "Expected a Polygon or MultiPolygon."


def test_feature_without_code_and_bad_geometry_are_all_reported(cast, tmp_path):
    path = write(
        tmp_path,
        feature(SQUARE, name="Nonthaburi"),
        feature(POINT, code="54"),
        {"type": "Feature", "properties": {"code": "12"}, "geometry": None},
    )
    problems = rejected(path)
    assert [(p.row, p.column) for p in problems] == [
        (1, "properties"),
        (2, "geometry"),
        (3, "geometry"),
    ]
    assert problems[0].message.startswith("No area code found (looked for code, dopa_code,")


def test_code_property_option_picks_the_property(cast, restore_boundaries, tmp_path):
    # "code" would say Nonthaburi; the file's own "PV_CODE" says Phrae.
    path = write(tmp_path, feature(SQUARE, code="12", PV_CODE="TH54"))
    call_command("load_areas", str(path), "--code-property", "PV_CODE", stdout=io.StringIO())
    assert Area.objects.get(code="54").boundary == SQUARE
    assert Area.objects.get(code="12").boundary is None


def test_code_property_absent_is_reported_on_stderr(cast, tmp_path):
    path = write(tmp_path, feature(SQUARE, code="12"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("load_areas", str(path), "--code-property", "PV_CODE", stderr=err)
    assert "bounds.geojson, row 1, column PV_CODE: No area code found (looked for PV_CODE)." in (
        err.getvalue()
    )
    assert Area.objects.get(code="12").boundary is None


def test_dry_run_attaches_nothing(cast, restore_boundaries, tmp_path):
    path = write(tmp_path, feature(SQUARE, code="12"))
    history = Area.history.count()
    out = io.StringIO()
    call_command("load_areas", str(path), "--dry-run", stdout=out)
    assert "dry run: nothing written" in out.getvalue()
    assert Area.objects.get(code="12").boundary is None
    assert Area.history.count() == history
