"""Shapes of the projects API (years are given both CE and BE; amounts as decimals)."""

# No ``from __future__ import annotations``: ninja reads the schemas' annotations at runtime.

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class FundingOut(Schema):
    id: int
    source: str
    agency: str | None
    fiscal_year: int
    fiscal_year_be: int
    amount_requested: Decimal
    amount_approved: Decimal | None
    status: str


class OutputOut(Schema):
    kind: str
    name_th: str
    indicator: str | None
    unit: str
    target: Decimal
    fiscal_year_be: int | None


class TagOut(Schema):
    framework: str
    code: str
    label: str


class PriorityOut(Schema):
    score: float
    parts: dict[str, float] = Field(description="each part's share, 0–1")
    points: dict[str, float] = Field(description="each part's points of the score")
    weights: dict[str, float]


class ProjectOut(Schema):
    code: str
    title: str
    description: str
    fiscal_year: int
    fiscal_year_be: int
    last_year_be: int | None
    area: str
    area_name_th: str
    channel: str
    agency: str | None
    state: str
    state_label: str
    locations: list[str]
    elements: list[int]
    factor: int | None
    addresses: list[int]
    origin: int | None
    origin_level: str
    beneficiaries: int | None
    readiness: dict[str, bool]
    tags: list[TagOut]
    funding: list[FundingOut]
    amount_requested: Decimal
    rank: int | None
    sample: bool
    url: str


class TransitionOut(Schema):
    from_state: str
    to_state: str
    at: dt.datetime
    user: str | None
    meeting: str
    meeting_date: dt.date | None
    resolution: str
    note: str


class ProjectDetailOut(ProjectOut):
    outputs: list[OutputOut]
    transitions: list[TransitionOut]
    allowed_moves: list[str] = Field(description="states the caller may move the request to now")
    priority: PriorityOut


class FundingIn(Schema):
    source: str = Field(description="province, province_group, department, local_government, other")
    agency: str | None = Field(None, description="budget holder's agency code (department's)")
    fiscal_year: str | None = Field(None, description="BE, e.g. 2569 (default: the project's)")
    amount_requested: str | float = Field(description="may hold thousands separators")


class OutputIn(Schema):
    kind: str = "output"
    name_th: str
    indicator: str | None = None
    unit: str = ""
    target: str | float
    fiscal_year: str | None = None


class TagIn(Schema):
    framework: str
    code: str
    label: str = ""


class ProjectIn(Schema):
    """Every field is optional on PATCH; title, fiscal_year and area are needed to create."""

    title: str | None = None
    name_en: str | None = None
    description: str | None = None
    fiscal_year: str | None = Field(None, description="BE, e.g. 2569 or ปีงบประมาณ 2569")
    last_year: str | None = None
    area: str | None = Field(None, description="province or group code whose list it joins")
    channel: str | None = None
    agency: str | None = Field(None, description="implementing agency code")
    locations: list[str] | None = Field(None, description="area codes, down to villages")
    elements: list[int] | None = Field(None, description="plan element ids served")
    factor: int | None = Field(None, description="value-chain success factor id")
    addresses: list[int] | None = Field(None, description="plan indicator ids of the problem")
    origin: int | None = Field(None, description="the need (plan element id) it came from")
    origin_level: str | None = None
    beneficiaries: str | int | None = None
    land_ready: bool | None = None
    design_ready: bool | None = None
    funding: list[FundingIn] | None = None
    outputs: list[OutputIn] | None = None
    tags: list[TagIn] | None = None


class MoveIn(Schema):
    to: str = Field(description="submitted, screened, approved, sent, funded, declined, ...")
    meeting: str = Field("", description='committee steps: "ครั้งที่ 3/2568"')
    meeting_date: str = Field("", description="committee steps: a date, Thai or ISO")
    resolution: str = ""
    note: str = ""
    amounts: dict[int, str] = Field(
        default_factory=dict, description="funding: approved amount per funding line id"
    )
    override_reason: str = Field(
        "", description="funding a request marked duplicate of a funded one"
    )


class ListEntryOut(Schema):
    position: int
    code: str
    title: str
    agency: str | None
    amount: Decimal
    running_total: Decimal
    within_ceiling: bool
    placed_by_hand: bool
    state: str
    priority: PriorityOut


class ProjectListOut(Schema):
    area: str
    fiscal_year: int
    fiscal_year_be: int
    source: str
    ceiling: Decimal
    total: Decimal
    within_total: Decimal
    count: int
    entries: list[ListEntryOut]


class OrderIn(Schema):
    order: list[str] = Field(description="every listed project's code, in the new order")
    reason: str


class AddressedOut(Schema):
    area: str
    area_name_th: str
    code: str
    title: str
    state: str
    requested: Decimal
    approved: Decimal
    aligned: bool = Field(description="aligned with the department's own strategy")
    priority: PriorityOut


class MeetingPointOut(Schema):
    agency: str
    fiscal_year_be: int
    requested: Decimal
    funded: Decimal
    reserved: Decimal | None = Field(description="budget set aside for area requests")
    used_share: float | None
    groups: dict[str, list[str]]
    count: int
    results: list[AddressedOut]


class StepOut(Schema):
    name_th: str
    state: str
    role: str
    due: dt.date
    due_be: str
    late: bool
    done: bool
    waiting: int
    by_actor: dict[str, list[str]]


class CalendarOut(Schema):
    fiscal_year_be: int
    steps: list[StepOut]


def be(year: int | None) -> int | None:
    return year + 543 if year else None
