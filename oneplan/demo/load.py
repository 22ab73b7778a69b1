"""Load the demo: reference geography, agencies, the provinces' offices and the cast of users."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from oneplan.demo.analysis import load_analysis
from oneplan.demo.data import load_data
from oneplan.demo.gaps import load_gaps
from oneplan.demo.projects import load_projects
from oneplan.demo.story import load_plans
from oneplan.demo.valuechains import load_value_chains
from oneplan.geo.loaders.engine import load_file
from oneplan.geo.loaders.reference import load_reference
from oneplan.orgs.choices import Role
from oneplan.orgs.loaders import load_agencies, read_agency_file
from oneplan.orgs.models import Agency, Membership

HERE = Path(__file__).resolve().parent
AGENCY_FILES = [HERE.parent / "orgs" / "data" / "agencies.json", HERE / "agencies.json"]
DEMO_PASSWORD = "oneplan-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    agency: str
    role: Role
    area: str = ""
    staff: bool = False


CAST = (
    DemoUser("admin", "ผู้ดูแลระบบ", "OPS-MOI", Role.SYSTEM_ADMIN, staff=True),
    DemoUser(
        "planner.nonthaburi", "นักวางแผน จังหวัดนนทบุรี", "PO-12", Role.PROVINCIAL_PLANNER, staff=True
    ),
    DemoUser("planner.phrae", "นักวางแผน จังหวัดแพร่", "PO-54", Role.PROVINCIAL_PLANNER, staff=True),
    DemoUser("statistician.nonthaburi", "นักสถิติ สำนักงานสถิติจังหวัดนนทบุรี", "NSO-12", Role.STATISTICIAN),
    DemoUser(
        "data.agri.nonthaburi", "เจ้าหน้าที่ข้อมูล สำนักงานเกษตรจังหวัดนนทบุรี", "DOAE-12", Role.DATA_OFFICER
    ),
    DemoUser("reviewer.doae", "ผู้พิจารณา กรมส่งเสริมการเกษตร", "DOAE", Role.DEPARTMENT_REVIEWER),
    DemoUser("committee.nonthaburi", "กรรมการ ก.บ.จ. นนทบุรี", "KBJ-12", Role.COMMITTEE_MEMBER),
)


def load_demo() -> list[DemoUser]:
    """Load everything the demo shows; running it again changes nothing."""
    with transaction.atomic():
        load_reference()
        load_file(HERE / "areas.csv")
        for path in AGENCY_FILES:
            load_agencies(path.name, read_agency_file(path))
        User = get_user_model()
        for person in CAST:
            user, created = User.objects.get_or_create(username=person.username)
            if created:
                first, _, last = person.full_name.partition(" ")
                user.first_name, user.last_name = first, last
                user.is_staff = person.staff
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(
                user=user, agency=Agency.objects.get(code=person.agency), role=person.role
            )
        load_plans()
        load_data()
        load_value_chains()
        load_gaps()
        load_projects()
        load_analysis()
    return list(CAST)
