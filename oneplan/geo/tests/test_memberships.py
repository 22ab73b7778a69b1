"""Effective-dated group memberships: joining, moving, and the links' own checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from oneplan.geo.choices import AreaLevel
from oneplan.geo.memberships import join, move
from oneplan.geo.models import Area, AreaMembership

pytestmark = pytest.mark.django_db

START = dt.date(2017, 1, 1)
MOVE = dt.date(2024, 10, 1)


@pytest.fixture(autouse=True)
def english_and_fast(settings):
    """Messages in English (the site's default is Thai)."""
    with translation.override("en"):
        yield


def make(code: str, level: str, name_th: str, parent: Area | None = None) -> Area:
    return Area.objects.create(code=code, level=level, name_th=name_th, parent=parent)


@pytest.fixture
def grouping(cast):
    """A province of our own (the reference ones already belong to groups), two test groups
    and their regions. Codes outside the DOPA list keep clear of the shared reference data."""
    country = Area.objects.get(code="TH")
    north = make("R-TEST-N", AreaLevel.REGION, "ภาคทดสอบเหนือ", country)
    south = make("R-TEST-S", AreaLevel.REGION, "ภาคทดสอบใต้", country)
    old = make("G-TEST-1", AreaLevel.PROVINCE_GROUP, "กลุ่มทดสอบหนึ่ง", country)
    new = make("G-TEST-2", AreaLevel.PROVINCE_GROUP, "กลุ่มทดสอบสอง", country)
    join(old, north, START)
    join(new, south, START)
    province = make("98", AreaLevel.PROVINCE, "จังหวัดทดสอบ", country)
    district = make("9801", AreaLevel.DISTRICT, "อำเภอทดสอบ", province)
    return {
        "province": province,
        "district": district,
        "old": old,
        "new": new,
        "north": north,
        "south": south,
    }


def links(member: Area) -> list[tuple[str, dt.date, dt.date | None]]:
    rows = AreaMembership.objects.filter(member=member).order_by("valid_from")
    return [(m.container.code, m.valid_from, m.valid_to) for m in rows]


def test_join_is_idempotent(grouping):
    province, old = grouping["province"], grouping["old"]
    assert join(province, old, START, "announcement 2017") == 1
    history = AreaMembership.history.count()
    assert join(province, old, START, "announcement 2017") == 0
    assert links(province) == [("G-TEST-1", START, None)]
    assert AreaMembership.history.count() == history


def test_join_gives_group_and_region(grouping):
    join(grouping["province"], grouping["old"], START)
    assert grouping["province"].containers(on=MOVE) == {
        "group": grouping["old"],
        "region": grouping["north"],
    }
    assert grouping["province"].containers(on=START - dt.timedelta(days=1)) == {}


def test_district_finds_its_province_group(grouping):
    join(grouping["province"], grouping["old"], START)
    assert grouping["district"].containers(on=MOVE)["group"] == grouping["old"]


def test_move_ends_old_link_on_the_day_and_starts_new(grouping):
    province, old, new = grouping["province"], grouping["old"], grouping["new"]
    join(province, old, START)
    link = move(province, new, on=MOVE, source="announcement 2024")
    assert (link.container, link.valid_from, link.valid_to, link.source) == (
        new,
        MOVE,
        None,
        "announcement 2024",
    )
    assert links(province) == [("G-TEST-1", START, MOVE), ("G-TEST-2", MOVE, None)]
    before = province.containers(on=MOVE - dt.timedelta(days=1))
    after = province.containers(on=MOVE)
    assert (before["group"], before["region"]) == (old, grouping["north"])
    assert (after["group"], after["region"]) == (new, grouping["south"])


def test_move_keeps_old_grouping_for_reports_on_earlier_dates(grouping):
    province, old, new = grouping["province"], grouping["old"], grouping["new"]
    join(province, old, START)
    move(province, new, on=MOVE)
    in_old = Area.objects.within(old, on=dt.date(2020, 1, 1))
    assert province in in_old
    assert grouping["district"] in in_old
    assert province not in Area.objects.within(old, on=MOVE)
    assert province in Area.objects.within(new, on=MOVE)


def test_move_without_a_current_link_just_joins(grouping):
    link = move(grouping["province"], grouping["new"], on=MOVE)
    assert links(grouping["province"]) == [("G-TEST-2", MOVE, None)]
    assert link.pk is not None


def test_move_to_the_same_group_is_refused(grouping):
    province, old = grouping["province"], grouping["old"]
    join(province, old, START)
    with pytest.raises(ValidationError, match="already belongs to"):
        move(province, old, on=MOVE)
    assert links(province) == [("G-TEST-1", START, None)]


def test_move_on_the_start_day_is_refused_and_changes_nothing(grouping):
    province = grouping["province"]
    join(province, grouping["old"], START)
    with pytest.raises(ValidationError, match="a move must come after it"):
        move(province, grouping["new"], on=START)
    assert links(province) == [("G-TEST-1", START, None)]


def test_move_before_a_later_link_is_refused_and_rolled_back(grouping):
    province, old, new = grouping["province"], grouping["old"], grouping["new"]
    join(province, old, START)
    move(province, new, on=MOVE)
    third = make("G-TEST-3", AreaLevel.PROVINCE_GROUP, "กลุ่มทดสอบสาม", old.parent)
    # An open-ended move in 2020 would overlap the link that starts in 2024: refused, and the
    # 2017 link keeps its end date.
    with pytest.raises(ValidationError, match="already belongs to กลุ่มทดสอบสอง"):
        move(province, third, on=dt.date(2020, 1, 1))
    assert links(province) == [("G-TEST-1", START, MOVE), ("G-TEST-2", MOVE, None)]


def test_move_into_a_province_is_refused(grouping, cast):
    with pytest.raises(ValidationError, match="only move to a province group or a region"):
        move(grouping["province"], cast.phrae, on=MOVE)
    assert links(grouping["province"]) == []


def test_clean_refuses_overlapping_links(grouping):
    province = grouping["province"]
    join(province, grouping["old"], START)
    overlapping = AreaMembership(member=province, container=grouping["new"], valid_from=MOVE)
    with pytest.raises(ValidationError, match="already belongs to กลุ่มทดสอบหนึ่ง from 2017-01-01"):
        overlapping.full_clean()


def test_clean_allows_a_link_starting_when_the_other_ends(grouping):
    province = grouping["province"]
    AreaMembership.objects.create(
        member=province, container=grouping["old"], valid_from=START, valid_to=MOVE
    )
    AreaMembership(member=province, container=grouping["new"], valid_from=MOVE).full_clean()


def test_clean_allows_group_and_region_links_side_by_side(grouping):
    province = grouping["province"]
    join(province, grouping["old"], START)
    # A direct region link is of another kind, so it does not overlap the group link.
    assert join(province, grouping["north"], START) == 1
    assert province.containers(on=MOVE)["region"] == grouping["north"]


def test_clean_refuses_a_district_as_member(grouping):
    link = AreaMembership(member=grouping["district"], container=grouping["old"], valid_from=START)
    with pytest.raises(ValidationError, match="A District cannot be a member of a Province group"):
        link.full_clean()
    with pytest.raises(ValidationError):
        join(grouping["district"], grouping["old"], START)
    assert links(grouping["district"]) == []


def test_clean_refuses_a_group_inside_a_group(grouping):
    link = AreaMembership(member=grouping["old"], container=grouping["new"], valid_from=START)
    with pytest.raises(ValidationError, match="cannot be a member of"):
        link.full_clean()
