"""The permission matrix: who may view, change or add areas and agencies, and where."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area, AreaMembership
from oneplan.orgs.choices import AgencyKind, Role
from oneplan.orgs.models import Agency, Membership
from oneplan.permissions import Action, can, is_admin, require

pytestmark = pytest.mark.django_db

User = get_user_model()


# Objects of the matrix; the "add" column asks about a new sibling in the same place.
OBJECTS = (
    "district_1201",  # a district of Nonthaburi (its scope is the province 12)
    "district_5401",  # a district of Phrae (scope 54)
    "province_12",  # Nonthaburi itself (scope: the country, its parent)
    "province_54",  # Phrae itself
    "office_12",  # provincial office at home in Nonthaburi (scope 12)
    "office_54",  # provincial office at home in Phrae (scope 54)
    "ministry",  # a national ministry (no home area: admins only)
)
# Allowed actions per role and object: v = view, c = change, a = add. Areas and agencies are
# public to read; only provincial planners change them, inside their own province; nobody but
# an administrator touches a province itself or a national body.
# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    #                      1201   5401   12     54     PO-12  PO-54  MOI
    "admin":              ("vca", "vca", "vca", "vca", "vca", "vca", "vca"),
    "planner_nonthaburi": ("vca", "v",   "v",   "v",   "vca", "v",   "v"),
    "planner_phrae":      ("v",   "vca", "v",   "v",   "v",   "vca", "v"),
    "statistician":       ("v",   "v",   "v",   "v",   "v",   "v",   "v"),
    "data_officer":       ("v",   "v",   "v",   "v",   "v",   "v",   "v"),
    "reviewer":           ("v",   "v",   "v",   "v",   "v",   "v",   "v"),
    "committee_member":   ("v",   "v",   "v",   "v",   "v",   "v",   "v"),
    "viewer":             ("v",   "v",   "v",   "v",   "v",   "v",   "v"),
    "anonymous":          ("v",   "v",   "v",   "v",   "v",   "v",   "v"),
    "inactive":           ("v",   "v",   "v",   "v",   "v",   "v",   "v"),  # ex-planner of 12
}
# fmt: on
CASES = [
    pytest.param(role, obj, action, action[0] in cells[i], id=f"{role}-{obj}-{action}")
    for role, cells in MATRIX.items()
    for i, obj in enumerate(OBJECTS)
    for action in ("view", "change", "add")
]


def _user(cast, role):
    if role == "anonymous":
        return AnonymousUser()
    if role == "inactive":
        user = User.objects.create(username="inactive_planner", is_active=False)
        office = Agency.objects.get(code="PO-12")
        Membership.objects.create(user=user, agency=office, role=Role.PROVINCIAL_PLANNER)
        return user
    return getattr(cast, role)


def _existing(key):
    code = {
        "district_1201": "1201",
        "district_5401": "5401",
        "province_12": "12",
        "province_54": "54",
        "office_12": "PO-12",
        "office_54": "PO-54",
        "ministry": "MOI",
    }
    model = Agency if key.startswith(("office", "ministry")) else Area
    return model.objects.get(code=code[key])


def _new(key):
    """An unsaved object of the same kind and place, as the API builds before adding it."""
    area = Area.objects.get
    return {
        "district_1201": lambda: Area(
            code="1299", level=AreaLevel.DISTRICT, parent=area(code="12")
        ),
        "district_5401": lambda: Area(
            code="5499", level=AreaLevel.DISTRICT, parent=area(code="54")
        ),
        "province_12": lambda: Area(code="98", level=AreaLevel.PROVINCE, parent=area(code="TH")),
        "province_54": lambda: Area(code="99", level=AreaLevel.PROVINCE, parent=area(code="TH")),
        "office_12": lambda: Agency(
            code="X-12", kind=AgencyKind.PROVINCIAL_OFFICE, area=area(code="12")
        ),
        "office_54": lambda: Agency(
            code="X-54", kind=AgencyKind.PROVINCIAL_OFFICE, area=area(code="54")
        ),
        "ministry": lambda: Agency(code="X-MIN", kind=AgencyKind.MINISTRY),
    }[key]()


@pytest.mark.parametrize(("role", "obj", "action", "allowed"), CASES)
def test_permission_matrix(cast, role, obj, action, allowed):
    user = _user(cast, role)
    target = _new(obj) if action == "add" else _existing(obj)
    assert can(user, action, target) is allowed


def _area(code, level, name_th, parent_code):
    """The area ``code``, created unless the reference geography has it already."""
    parent = Area.objects.get(code=parent_code)
    return Area.objects.get_or_create(
        code=code, defaults={"level": level, "name_th": name_th, "parent": parent}
    )[0]


def _phrae_things():
    phrae = Area.objects.get(code="54")
    sub = _area("540101", AreaLevel.SUBDISTRICT, "ในเวียง", "5401")
    village = Area(code="54010101", level=AreaLevel.VILLAGE, name_th="บ้านใหม่", parent=sub)
    office = Agency.objects.get(code="PO-54")
    district_office = Agency(
        code="DO-5401",
        kind=AgencyKind.DISTRICT_OFFICE,
        name_th="อำเภอ",
        area=Area.objects.get(code="5401"),
    )
    return [phrae, Area.objects.get(code="5401"), sub, village, office, district_office]


def _nonthaburi_things():
    sub = _area("120101", AreaLevel.SUBDISTRICT, "สวนใหญ่", "1201")
    village = Area(code="12010101", level=AreaLevel.VILLAGE, name_th="บ้านใหม่", parent=sub)
    office = Agency.objects.get(code="PO-12")
    return [Area.objects.get(code="12"), Area.objects.get(code="1201"), sub, village, office]


@pytest.mark.parametrize("action", [Action.CHANGE, Action.ADD, Action.DELETE])
def test_planner_of_nonthaburi_cannot_touch_anything_of_phrae(cast, action):
    for thing in _phrae_things():
        assert not can(cast.planner_nonthaburi, action, thing), thing.code
    assert can(cast.planner_phrae, action, Area.objects.get(code="5401"))


@pytest.mark.parametrize("action", [Action.CHANGE, Action.ADD, Action.DELETE])
def test_planner_of_phrae_cannot_touch_anything_of_nonthaburi(cast, action):
    for thing in _nonthaburi_things():
        assert not can(cast.planner_phrae, action, thing), thing.code
    assert can(cast.planner_nonthaburi, action, Area.objects.get(code="120101"))


def test_superuser_without_memberships_can_do_everything(cast):
    boss = User.objects.create(username="boss", is_superuser=True, is_staff=True)
    things = [_existing(key) for key in OBJECTS] + [_new(key) for key in OBJECTS]
    for thing in things:
        for action in Action:
            assert can(boss, action, thing), (action, thing.code)
    assert is_admin(boss)


def test_inactive_superuser_can_change_nothing(cast):
    boss = User.objects.create(username="boss", is_superuser=True, is_active=False)
    assert not is_admin(boss)
    assert not can(boss, Action.CHANGE, Area.objects.get(code="1201"))


def _planner(cast, username, valid_from, valid_to, area=None, agency_code="PO-12"):
    user = User.objects.create(username=username)
    Membership.objects.create(
        user=user,
        agency=Agency.objects.get(code=agency_code),
        area=area,
        role=Role.PROVINCIAL_PLANNER,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return User.objects.get(pk=user.pk)  # fresh object: no cached memberships


@pytest.mark.parametrize(
    ("start_days", "end_days", "allowed"),
    [
        (-400, -1, False),  # ended yesterday
        (-400, 0, False),  # valid_to is exclusive: ends today
        (1, None, False),  # not started yet
        (-400, 1, True),  # still running until tomorrow
        (0, None, True),  # starts today
    ],
)
def test_membership_counts_only_while_valid(cast, start_days, end_days, allowed):
    today = timezone.localdate()
    end = None if end_days is None else today + dt.timedelta(days=end_days)
    user = _planner(cast, "temp", today + dt.timedelta(days=start_days), end)
    assert can(user, Action.CHANGE, Area.objects.get(code="1201")) is allowed


def test_expired_admin_membership_is_not_admin(cast):
    user = User.objects.create(username="former_admin")
    Membership.objects.create(
        user=user,
        agency=Agency.objects.get(code="OPS-MOI"),
        role=Role.SYSTEM_ADMIN,
        valid_from=dt.date(2020, 1, 1),
        valid_to=timezone.localdate() - dt.timedelta(days=1),
    )
    assert not is_admin(user)
    assert not can(user, Action.CHANGE, Area.objects.get(code="1201"))


def _test_group(cast):
    """A group holding Nonthaburi (now) and a made-up province 97 (until 2020). Codes unused by
    the reference geography, so this works whether or not it is loaded."""
    group = _area("GT", AreaLevel.PROVINCE_GROUP, "กลุ่มจังหวัดทดสอบ", "TH")
    former = _area("97", AreaLevel.PROVINCE, "จังหวัดทดสอบ", "TH")
    _area("9701", AreaLevel.DISTRICT, "อำเภอทดสอบ", "97")
    AreaMembership.objects.create(
        member=cast.nonthaburi, container=group, valid_from=dt.date(2017, 1, 1)
    )
    AreaMembership.objects.create(
        member=former, container=group, valid_from=dt.date(2017, 1, 1), valid_to=dt.date(2020, 1, 1)
    )
    return group


def test_group_scope_covers_districts_of_member_provinces(cast):
    group = _test_group(cast)
    user = _planner(cast, "group_planner", dt.date(2020, 1, 1), None, area=group)
    assert can(user, Action.CHANGE, Area.objects.get(code="1201"))
    assert not can(user, Action.CHANGE, Area.objects.get(code="5401"))
    # Province 97 left the group in 2020: its districts are out of reach today.
    assert not can(user, Action.CHANGE, Area.objects.get(code="9701"))


def test_group_scope_from_the_agency_home_area(cast):
    group = _test_group(cast)
    office = Agency.objects.create(
        code="OSM-GT", kind=AgencyKind.OTHER, name_th="สำนักงานกลุ่ม", area=group
    )
    user = _planner(cast, "group_office", dt.date(2020, 1, 1), None, agency_code=office.code)
    assert can(user, Action.CHANGE, Area.objects.get(code="1201"))
    assert can(user, Action.CHANGE, Agency.objects.get(code="PO-12"))
    assert not can(user, Action.CHANGE, Agency.objects.get(code="PO-54"))


def test_group_scope_over_reference_geography(reference_db, cast):
    group = Area.objects.get(code="G10", level=AreaLevel.PROVINCE_GROUP)
    user = _planner(cast, "g10_planner", dt.date(2020, 1, 1), None, area=group)
    for code in ("1202", "1301", "1401", "1901", "120101"):
        assert can(user, Action.CHANGE, Area.objects.get(code=code)), code
    for code in ("5401", "1001", "1501", "12", "G10"):
        assert not can(user, Action.CHANGE, Area.objects.get(code=code)), code


def test_class_level_add_needs_a_planner_role(cast):
    assert can(cast.planner_phrae, Action.ADD, Area)
    assert can(cast.admin, Action.ADD, Agency)
    assert not can(cast.viewer, Action.ADD, Area)
    assert not can(AnonymousUser(), Action.ADD, Agency)


def test_require_raises_a_readable_message(cast):
    district = Area.objects.get(code="5401")
    with translation.override("en"), pytest.raises(PermissionDenied) as caught:
        require(cast.planner_nonthaburi, Action.CHANGE, district)
    assert str(caught.value) == f"You may not change {district.name_th}."
    with translation.override("en"), pytest.raises(PermissionDenied, match="add areas"):
        require(cast.viewer, "add", Area)


def test_require_passes_silently_when_allowed(cast):
    assert require(cast.planner_phrae, Action.CHANGE, Area.objects.get(code="5401")) is None
