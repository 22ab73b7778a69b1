"""Plan tree page and workbook export at the size the issue names (2,000 elements, 20,000
targets), each against a simple baseline measured in the same run."""

from __future__ import annotations

import io
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client
from openpyxl import Workbook

from bench.generate import big_plan
from oneplan.orgs.choices import Role
from oneplan.orgs.models import Agency, Membership
from oneplan.plans.models import PlanEdition, Target
from oneplan.plans.workbook import write_workbook


@dataclass
class Result:
    name: str
    seconds: float
    baseline: str
    baseline_seconds: float
    target: float
    extra: str = ""

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds if self.baseline_seconds else 0.0

    @property
    def ok(self) -> bool:
        return self.seconds < self.target


def median_time(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(repeat: int = 5) -> list[Result]:
    edition = big_plan()
    elements = edition.elements.count()
    targets = Target.objects.filter(plan_indicator__element__edition=edition).count()
    user, _ = get_user_model().objects.get_or_create(username="bench-planner")
    Membership.objects.get_or_create(
        user=user, agency=Agency.objects.get(code="PO-12"), role=Role.PROVINCIAL_PLANNER
    )
    client = Client()
    client.force_login(user)
    url = f"/plans/editions/{edition.pk}/"
    assert client.get(url).status_code == 200  # warm up (templates, translations)

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200
        assert b"tools" in response.content

    naive = Template(
        "<table>{% for e in elements %}<tr><td>{{ e.number }}</td><td>{{ e.get_kind_display }}"
        " <a href='{{ e.get_absolute_url }}'>{{ e.name_th }}</a></td><td>{% for a in "
        "e.agencies.all %}{{ a.code }} {% endfor %}</td></tr>{% endfor %}</table>"
    )

    def plain_loop() -> None:
        elements = PlanEdition.objects.get(pk=edition.pk).elements.prefetch_related("agencies")
        naive.render(Context({"elements": elements}))

    page_seconds = median_time(page, repeat)
    loop_seconds = median_time(plain_loop, repeat)

    def export() -> None:
        write_workbook(edition, io.BytesIO())

    rows = elements + targets // 5

    def plain_xlsx() -> None:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("x")
        for i in range(rows):
            sheet.append(
                [
                    str(i),
                    "ชื่อองค์ประกอบแผนที่ยาวพอสมควร",
                    "PO-12",
                    1.5,
                    2.5,
                    3.5,
                    4.5,
                    5.5,
                    "สำนักงานสถิติจังหวัด",
                    "",
                    "",
                    "",
                ]
            )
        book.save(io.BytesIO())

    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    export_seconds = median_time(export, max(2, repeat // 2))
    plain_seconds = median_time(plain_xlsx, max(2, repeat // 2))
    return [
        Result(
            f"tree page, {elements:,} elements (whole request, editable)",
            page_seconds,
            "a plain template loop over the elements, no tools",
            loop_seconds,
            0.300,
        ),
        Result(
            f"XLSX export, {elements:,} elements and {targets:,} targets",
            export_seconds,
            f"write {rows:,} plain rows with openpyxl",
            plain_seconds,
            5.0,
            f"peak Python memory {peak / 2**20:.0f} MiB",
        ),
    ]
