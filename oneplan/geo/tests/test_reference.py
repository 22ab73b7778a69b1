"""The reference geography: counts per level, groups and regions, and a second load."""

from __future__ import annotations

import pytest

from oneplan.geo.choices import AreaLevel
from oneplan.geo.loaders.reference import load_reference
from oneplan.geo.models import Area

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("level", "count"),
    [
        (AreaLevel.REGION, 6),
        (AreaLevel.PROVINCE_GROUP, 18),
        (AreaLevel.PROVINCE, 77),
        (AreaLevel.DISTRICT, 928),
        (AreaLevel.SUBDISTRICT, 7436),
    ],
)
def test_reference_counts(reference_db, level, count):
    assert Area.objects.of_level(level).count() == count


def test_nonthaburi_group_and_region(reference_db):
    containers = Area.objects.get(code="12").containers()
    assert containers["group"].name_th == "กลุ่มจังหวัดภาคกลางตอนบน 1"
    assert containers["region"].code == "R-C"


def test_bangkok_belongs_to_no_group(reference_db):
    assert Area.objects.get(code="10").containers() == {}


def test_every_province_but_bangkok_has_one_group(reference_db):
    for province in Area.objects.of_level(AreaLevel.PROVINCE).exclude(code="10"):
        assert "group" in province.containers(), province.code


def test_second_load_changes_nothing(reference_db):
    before = Area.history.count()
    areas, groups = load_reference()
    assert areas.changed == 0
    assert groups.areas.changed == 0
    assert groups.links_created == 0
    assert Area.history.count() == before
