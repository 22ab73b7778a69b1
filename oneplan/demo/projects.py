"""Demo projects and budget requests of Nonthaburi (and its group) for fiscal year 2569:
funding lines from the province, the group and departments, each request moved through the
cycle by the demo users with the same functions the pages call, a project list with its
ceiling, the budget calendar, a department's reserve for area requests, and one planted
pair of duplicate requests (the province's and the department's durian project)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q

from oneplan.geo.models import Area
from oneplan.orgs.choices import Role
from oneplan.orgs.models import Agency
from oneplan.plans.models import PlanElement, PlanIndicator
from oneplan.projects import workflow
from oneplan.projects.choices import Channel, DocumentKind, Framework, FundingSource, OriginLevel
from oneplan.projects.duplicates import scan
from oneplan.projects.models import (
    AlignmentTag,
    AreaShare,
    BudgetCalendar,
    CalendarStep,
    FundingLine,
    PriorityWeights,
    Project,
    ProjectDocument,
    ProjectList,
)
from oneplan.valuechains.models import SuccessFactor

YEAR = 2026  # ปีงบประมาณ 2569
MEETING, MEETING_DATE = "2/2568", dt.date(2025, 2, 27)
RESOLUTION = "ที่ประชุมเห็นชอบให้บรรจุในบัญชีรายการชุดโครงการ"
P, G, D, L = (
    FundingSource.PROVINCE,
    FundingSource.PROVINCE_GROUP,
    FundingSource.DEPARTMENT,
    FundingSource.LOCAL_GOVERNMENT,
)


@dataclass(frozen=True)
class Spec:
    title: str
    description: str
    agency: str
    issue_word: str
    places: tuple[str, ...]
    funding: tuple[tuple[str, str | None, int], ...]
    state: str
    area: str = "12"
    channel: str = Channel.PROVINCE
    factor_word: str = ""
    tags: tuple[tuple[str, str], ...] = ()
    ready: tuple[bool, bool, bool] = (False, False, False)  # estimate, land, design
    beneficiaries: int | None = None
    origin_level: str = ""
    steps_note: dict[str, str] = field(default_factory=dict)


SPECS = (
    Spec(
        "โครงการพัฒนาคุณภาพการผลิตทุเรียนนนท์",
        "ส่งเสริมเกษตรกรผู้ปลูกทุเรียนนนท์ให้ได้มาตรฐาน GAP ฟื้นฟูสวนหลังน้ำท่วม และพัฒนาพันธุ์ดี",
        "DOAE-12",
        "ทุเรียน",
        ("120202", "120203", "120204"),
        ((P, None, 3_500_000), (D, "DOAE", 2_000_000)),
        "sent",
        factor_word="พันธุ์",
        tags=(
            (Framework.NATIONAL_STRATEGY, "2"),
            (Framework.MASTER_PLAN, "3"),
            (Framework.SDG, "2.4"),
        ),
        ready=(True, True, False),
        beneficiaries=1_200,
        origin_level=OriginLevel.AGENCY,
    ),
    Spec(
        "โครงการพัฒนาคุณภาพการผลิตทุเรียนนนท์ ประจำปีงบประมาณ พ.ศ. 2569",
        "ส่งเสริมเกษตรกรผู้ปลูกทุเรียนนนท์ให้ได้มาตรฐาน GAP ฟื้นฟูสวนหลังน้ำท่วม "
        "และพัฒนาพันธุ์ดี งบประมาณ 1,950,000 บาท",
        "DOAE-12",
        "ทุเรียน",
        ("120202", "120204"),
        ((D, "DOAE", 1_950_000),),
        "sent",
        channel=Channel.DEPARTMENT,
        tags=((Framework.MINISTRY, "DOAE-2569-1"),),
        ready=(True, False, False),
        beneficiaries=800,
    ),
    Spec(
        "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านบางไผ่ หมู่ที่ 3 ตำบลบางรักน้อย",
        "ถนนกว้าง 5 เมตร ยาว 1,200 เมตร เชื่อมพื้นที่เกษตรกับตลาดชุมชน",
        "PAO-12",
        "โครงสร้างพื้นฐาน",
        ("120110",),
        ((P, None, 4_800_000),),
        "screened",
        ready=(True, True, True),
        beneficiaries=2_500,
        origin_level=OriginLevel.VILLAGE,
    ),
    Spec(
        "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านบางไผ่ หมู่ที่ 5 ตำบลบางรักน้อย",
        "ถนนกว้าง 5 เมตร ยาว 900 เมตร เชื่อมพื้นที่เกษตรกับตลาดชุมชน",
        "PAO-12",
        "โครงสร้างพื้นฐาน",
        ("120110",),
        ((P, None, 3_600_000),),
        "screened",
        ready=(True, False, True),
        beneficiaries=1_800,
        origin_level=OriginLevel.VILLAGE,
    ),
    Spec(
        "พัฒนาแหล่งท่องเที่ยวเชิงวัฒนธรรมเกาะเกร็ด",
        "ปรับปรุงท่าเรือ ป้ายสื่อความหมาย และอบรมมัคคุเทศก์ชุมชนบนเกาะเกร็ด",
        "MOTS-12",
        "ท่องเที่ยว",
        ("120607",),
        ((P, None, 2_900_000),),
        "approved",
        tags=((Framework.NATIONAL_STRATEGY, "2"), (Framework.SDG, "8.9")),
        ready=(True, True, True),
        beneficiaries=15_000,
    ),
    Spec(
        "ศูนย์การเรียนรู้ภาษาอาเซียนสำหรับผู้ประกอบการ",
        "หลักสูตรภาษาอังกฤษ จีน และภาษาเพื่อนบ้านสำหรับผู้ประกอบการและแรงงานในจังหวัด",
        "PAO-12",
        "AEC",
        ("120101",),
        ((P, None, 1_200_000),),
        "submitted",
        beneficiaries=600,
    ),
    Spec(
        "พัฒนาระบบระบายน้ำชุมชน ตำบลบางกรวย",
        "วางท่อระบายน้ำและบ่อพักในชุมชนริมคลองบางกรวย",
        "PAO-12",
        "โครงสร้างพื้นฐาน",
        ("120202",),
        ((P, None, 2_500_000),),
        "draft",
        origin_level=OriginLevel.LOCAL_GOVERNMENT,
    ),
    Spec(
        "ยกระดับผลิตภัณฑ์ OTOP กลุ่มจังหวัดภาคกลางตอนบน 1 สู่ตลาดสากล",
        "พัฒนาบรรจุภัณฑ์ ตราสินค้า และช่องทางการตลาดออนไลน์ของผลิตภัณฑ์ OTOP ในกลุ่มจังหวัด",
        "CDD-12",
        "อุตสาหกรรม",
        ("12",),
        ((G, None, 6_000_000),),
        "approved",
        area="G10",
        channel=Channel.PROVINCE_GROUP,
        tags=((Framework.REGIONAL, "ภาคกลาง-2"),),
        ready=(True, False, False),
        beneficiaries=3_000,
    ),
)

CALENDAR = (
    ("จังหวัดและกลุ่มจังหวัดส่งคำขอ", "submitted", Role.PROVINCIAL_PLANNER, dt.date(2024, 12, 20)),
    ("สำนักงานจังหวัดกลั่นกรองคำขอ", "screened", Role.PROVINCIAL_PLANNER, dt.date(2025, 1, 31)),
    ("ก.บ.จ./ก.บ.ก. ให้ความเห็นชอบ", "approved", Role.COMMITTEE_MEMBER, dt.date(2025, 2, 28)),
    ("ส่งคำขอถึงกระทรวงและกรม", "sent", Role.PROVINCIAL_PLANNER, dt.date(2025, 3, 14)),
    ("กรมพิจารณาจัดสรรงบประมาณ", "funded", Role.DEPARTMENT_REVIEWER, dt.date(2025, 6, 30)),
)


def _issue(area: Area, word: str) -> PlanElement | None:
    return (
        PlanElement.objects.filter(
            edition__plan__area=area,
            edition__status="published",
            kind="issue",
            name_th__contains=word,
        )
        .order_by("edition__number")
        .first()
    )


def _create(spec: Spec) -> Project:
    area = Area.objects.get(code=spec.area)
    project = Project.objects.create(
        name_th=spec.title,
        description=spec.description,
        fiscal_year=YEAR,
        area=area,
        channel=spec.channel,
        agency=Agency.objects.get(code=spec.agency),
        beneficiaries=spec.beneficiaries,
        land_ready=spec.ready[1],
        design_ready=spec.ready[2],
        origin_level=spec.origin_level,
        sample=True,
    )
    project.locations.set(Area.objects.filter(code__in=spec.places))
    issue = _issue(Area.objects.get(code="12"), spec.issue_word) if spec.area == "12" else None
    issue = issue or _issue(area, spec.issue_word)
    if issue is not None:
        project.elements.set([issue])
        project.addresses.set(
            PlanIndicator.objects.filter(Q(element=issue) | Q(element__parent=issue))[:2]
        )
    if spec.factor_word:
        project.factor = SuccessFactor.objects.filter(
            stage__chain__area__code="12", name_th__contains=spec.factor_word
        ).first()
        project.save(update_fields=["factor"])
    for source, holder, amount in spec.funding:
        FundingLine.objects.create(
            project=project,
            source=source,
            agency=Agency.objects.get(code=holder) if holder else None,
            fiscal_year=YEAR,
            amount_requested=Decimal(amount),
        )
    AlignmentTag.objects.bulk_create(
        [AlignmentTag(project=project, framework=f, code=c) for f, c in spec.tags]
    )
    if spec.ready[0]:
        ProjectDocument.objects.create(
            project=project, kind=DocumentKind.ESTIMATE, title="แบบ ปร.4 และ ปร.5 (ตัวอย่าง)"
        )
    return project


def _advance(project: Project, to: str) -> None:
    """Walk the request through the cycle with the demo users, as the pages would."""
    User = get_user_model()
    planner = User.objects.get(username="planner.nonthaburi")
    admin = User.objects.get(username="admin")
    committee = User.objects.get(username="committee.nonthaburi")
    path = ["submitted", "screened", "approved", "sent", "funded"]
    if to == "draft":
        return
    for state in path[: path.index(to) + 1]:
        if project.area.code != "12":
            actor = admin
        elif state == "approved":
            actor = committee
        else:
            actor = planner
        if state == "approved":
            workflow.move_request(
                project,
                actor,
                state,
                meeting=MEETING,
                meeting_date=MEETING_DATE,
                resolution=RESOLUTION,
            )
        else:
            workflow.move_request(project, actor, state)


def load_projects() -> None:
    """Create the demo requests once; running it again changes nothing."""
    if Project.objects.filter(sample=True).exists():
        return
    for spec in SPECS:
        _advance(_create(spec), spec.state)
    ProjectList.objects.create(
        area=Area.objects.get(code="12"),
        fiscal_year=YEAR,
        source=FundingSource.PROVINCE,
        ceiling=Decimal(10_000_000),
        committee=Agency.objects.get(code="KBJ-12"),
    )
    ProjectList.objects.create(
        area=Area.objects.get(code="G10"),
        fiscal_year=YEAR,
        source=FundingSource.PROVINCE_GROUP,
        ceiling=Decimal(50_000_000),
        committee=Agency.objects.get(code="KBK-G10"),
    )
    PriorityWeights.objects.get_or_create(committee=None)
    PriorityWeights.objects.get_or_create(
        committee=Agency.objects.get(code="KBJ-12"),
        defaults={"alignment": 3, "severity": 3, "readiness": 3, "coverage": 2, "reach": 1},
    )
    calendar = BudgetCalendar.objects.create(
        fiscal_year=YEAR, note="ปฏิทินงบประมาณตัวอย่าง (sample data)"
    )
    CalendarStep.objects.bulk_create(
        [
            CalendarStep(calendar=calendar, position=i, name_th=n, state=s, role=r, due=d)
            for i, (n, s, r, d) in enumerate(CALENDAR, start=1)
        ]
    )
    AreaShare.objects.create(
        agency=Agency.objects.get(code="DOAE"),
        fiscal_year=YEAR,
        total_budget=Decimal(400_000_000),
        percent=Decimal(15),
    )
    # The engine finds the planted pair: the province's and the department's durian request.
    scan(YEAR)
