"""One province's KPI scorecard from the API, read over the national-scale aggregates that
``bench.stats`` leaves behind, against fetching the same targets and values bare."""

from __future__ import annotations

import random
import statistics
import time
from decimal import Decimal

from django.test import Client

from bench.plans import Result
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.plans.models import Plan, PlanEdition, PlanElement, PlanIndicator, PlanType, Target
from oneplan.plans.tree import renumber
from oneplan.stats.models import AggregateValue, Indicator, Observation

KPIS = 60  # a large provincial plan: 6 issues × 10 indicators
YEARS = range(2021, 2026)  # CE fiscal years of the plan


def scorecard_plan(province: Area) -> Plan:
    """A published plan for ``province`` with ``KPIS`` indicators, each with five targets."""
    rng = random.Random(7)
    plan = Plan.objects.create(
        code=f"BENCH-KPI-{province.code}",
        name_th="แผนพัฒนาจังหวัด (ทดสอบความเร็ว)",
        plan_type=PlanType.objects.get_or_create(
            code="PROVINCE",
            defaults={"name_th": "แผนพัฒนาจังหวัด", "level": "province", "element_kinds": ["issue"]},
        )[0],
        area=province,
        first_year=YEARS[0],
        last_year=YEARS[-1],
    )
    edition = PlanEdition.objects.create(plan=plan, number=1, status="published")
    indicators = list(Indicator.objects.filter(formula="").order_by("code")[:KPIS])
    for issue_no in range(KPIS // 10):
        issue = PlanElement.objects.create(
            edition=edition, kind="issue", name_th=f"ประเด็นที่ {issue_no + 1}", position=issue_no
        )
        for k, ind in enumerate(indicators[issue_no * 10 : issue_no * 10 + 10]):
            pi = PlanIndicator.objects.create(element=issue, indicator=ind, position=k)
            Target.objects.bulk_create(
                Target(
                    plan_indicator=pi,
                    area=province,
                    fiscal_year=y,
                    value=Decimal(rng.randint(100, 10_000)),
                )
                for y in YEARS
            )
    renumber(edition)
    return plan


def run(repeat: int = 5) -> list[Result]:
    province = Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code").first()
    assert province is not None, "bench.stats must run first (it loads the geography)"
    plan = scorecard_plan(province)
    client = Client()
    url = f"/api/kpi/scorecard?area={province.code}&plan={plan.code}&fiscal_year=FY{YEARS[-1]}"
    times = []
    for _ in range(max(repeat, 5)):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:300]
        assert response.json()["count"] == KPIS, response.content[:300]
    ind_ids = list(
        PlanIndicator.objects.filter(element__edition__plan=plan).values_list(
            "indicator_id", flat=True
        )
    )
    periods = [code for y in YEARS for code in (f"FY{y}", str(y))]
    started = time.perf_counter()
    for _ in range(max(repeat, 5)):
        list(Target.objects.filter(plan_indicator__element__edition__plan=plan).values("value"))
        for model in (AggregateValue, Observation):
            list(
                model.objects.filter(
                    indicator_id__in=ind_ids, area=province, period__in=periods
                ).values("value")
            )
    base = (time.perf_counter() - started) / max(repeat, 5)
    values = AggregateValue.objects.filter(
        indicator_id__in=ind_ids, area=province, period__in=periods
    ).count()
    return [
        Result(
            f"API: one province scorecard ({KPIS} KPIs × {len(YEARS)} years)",
            statistics.median(times),
            "the same targets and values by three indexed ORM queries, no judging",
            base,
            0.05,
            f"{values:,} actual values among the aggregates",
        )
    ]
