"""The fixed cast every test meets: one user per role, in Nonthaburi, Phrae or nationwide."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.orgs.choices import AgencyKind, Role
from oneplan.orgs.models import Agency, Membership


@dataclass
class Cast:
    admin: AbstractBaseUser
    planner_nonthaburi: AbstractBaseUser
    planner_phrae: AbstractBaseUser
    statistician: AbstractBaseUser
    data_officer: AbstractBaseUser
    reviewer: AbstractBaseUser
    committee_member: AbstractBaseUser
    viewer: AbstractBaseUser
    nonthaburi: Area
    phrae: Area


def area(code: str, level: str, name_th: str, parent: Area | None) -> Area:
    obj, _ = Area.objects.get_or_create(
        code=code, defaults={"level": level, "name_th": name_th, "parent": parent}
    )
    return obj


def agency(
    code: str, kind: str, name_th: str, parent: Agency | None = None, home: Area | None = None
) -> Agency:
    obj, _ = Agency.objects.get_or_create(
        code=code, defaults={"kind": kind, "name_th": name_th, "parent": parent, "area": home}
    )
    return obj


def make_cast() -> Cast:
    """Create the minimal areas, agencies and one user per role (idempotent)."""
    country = area("TH", AreaLevel.COUNTRY, "ประเทศไทย", None)
    nonthaburi = area("12", AreaLevel.PROVINCE, "นนทบุรี", country)
    phrae = area("54", AreaLevel.PROVINCE, "แพร่", country)
    area("1201", AreaLevel.DISTRICT, "เมืองนนทบุรี", nonthaburi)
    area("5401", AreaLevel.DISTRICT, "เมืองแพร่", phrae)
    interior = agency("MOI", AgencyKind.MINISTRY, "กระทรวงมหาดไทย")
    opm = agency("OPS-MOI", AgencyKind.DEPARTMENT, "สำนักงานปลัดกระทรวงมหาดไทย", interior)
    office_n = agency("PO-12", AgencyKind.PROVINCIAL_OFFICE, "สำนักงานจังหวัดนนทบุรี", opm, nonthaburi)
    office_p = agency("PO-54", AgencyKind.PROVINCIAL_OFFICE, "สำนักงานจังหวัดแพร่", opm, phrae)
    moac = agency("MOAC", AgencyKind.MINISTRY, "กระทรวงเกษตรและสหกรณ์")
    doae = agency("DOAE", AgencyKind.DEPARTMENT, "กรมส่งเสริมการเกษตร", moac)
    agri_n = agency(
        "DOAE-12", AgencyKind.PROVINCIAL_OFFICE, "สำนักงานเกษตรจังหวัดนนทบุรี", doae, nonthaburi
    )
    nso = agency("NSO", AgencyKind.DEPARTMENT, "สำนักงานสถิติแห่งชาติ")
    nso_n = agency("NSO-12", AgencyKind.PROVINCIAL_OFFICE, "สำนักงานสถิติจังหวัดนนทบุรี", nso, nonthaburi)
    kbj = agency("KBJ-12", AgencyKind.COMMITTEE, "ก.บ.จ. นนทบุรี", None, nonthaburi)
    User = get_user_model()

    def person(username: str, member_of: Agency, role: str) -> AbstractBaseUser:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password("pw")
            user.save()
        Membership.objects.get_or_create(user=user, agency=member_of, role=role)
        return user

    return Cast(
        admin=person("admin", opm, Role.SYSTEM_ADMIN),
        planner_nonthaburi=person("planner_nonthaburi", office_n, Role.PROVINCIAL_PLANNER),
        planner_phrae=person("planner_phrae", office_p, Role.PROVINCIAL_PLANNER),
        statistician=person("statistician", nso_n, Role.STATISTICIAN),
        data_officer=person("data_officer", agri_n, Role.DATA_OFFICER),
        reviewer=person("reviewer", doae, Role.DEPARTMENT_REVIEWER),
        committee_member=person("committee_member", kbj, Role.COMMITTEE_MEMBER),
        viewer=person("viewer", office_n, Role.VIEWER),
        nonthaburi=nonthaburi,
        phrae=phrae,
    )
