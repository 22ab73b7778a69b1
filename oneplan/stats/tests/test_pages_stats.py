"""Registry and catalogue pages: what they show, their filters, bounded query counts, 404s,
and Thai-first rendering with the English switch."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period
from oneplan.orgs.models import Agency
from oneplan.plans.choices import EditionStatus, ElementKind
from oneplan.plans.tests import factories as pf
from oneplan.stats.aggregates import refresh
from oneplan.stats.models import (
    Dataset,
    DatasetIndicator,
    Freshness,
    Indicator,
    Observation,
    Resource,
)
from oneplan.stats.tests.factories import indicator, sex_categories

pytestmark = pytest.mark.usefixtures("reference_db")


def put(ind: Indicator, area_code: str, period: str, value: float) -> None:
    Observation.objects.create(
        indicator=ind,
        area=Area.objects.get(code=area_code),
        period=period,
        start=Period.parse(period).start,
        value=value,
    )


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def durian(cast):
    """A monthly durian-output indicator with values for two provinces (Nonthaburi misses
    March), a computed yield indicator over it, a dataset providing it and a published plan
    using it."""
    sex = sex_categories()
    area = indicator("DURIAN-AREA", name_th="พื้นที่ปลูกทุเรียน", unit="ไร่", frequency="month")
    output = indicator(
        "DURIAN-OUT",
        name_th="ผลผลิตทุเรียน",
        name_en="Durian output",
        unit="ตัน",
        unit_multiplier=3,
        frequency="month",
        official=True,
        description="ผลผลิตทุเรียนที่เก็บเกี่ยวได้ในเดือน",
        min_value=0,
        category_sets=[sex],
    )
    indicator(
        "DURIAN-YIELD",
        name_th="ผลผลิตทุเรียนต่อไร่",
        frequency="month",
        aggregation="weighted_mean",
        denominator=area,
        formula="1000 * {DURIAN-OUT} / {DURIAN-AREA}",
    )
    for month in (1, 2, 3):
        put(output, "54", f"2024-{month:02d}", 100 * month)
        put(area, "54", f"2024-{month:02d}", 50)
        if month < 3:
            put(output, "12", f"2024-{month:02d}", 10 * month)
    refresh()
    owner = Agency.objects.get(code="DOAE-12")
    dataset = Dataset.objects.create(
        code="durian-12",
        name_th="ผลผลิตทุเรียนรายเดือน",
        name_en="Monthly durian output",
        owner=owner,
        tags=["ทุเรียน", "fruit"],
        update_unit="month",
        first_year=2015,
        last_year=2024,
        modified=dt.date(2024, 4, 30),
        quality_accuracy="ตรวจนับแปลงตัวอย่างทุกเดือน",
        maintainer_email="data@example.go.th",
    )
    DatasetIndicator.objects.create(
        dataset=dataset, indicator=output, frequency="month", min_area_level="district"
    )
    Resource.objects.create(
        dataset=dataset, name="ตารางผลผลิต", url="https://example.go.th/durian.xlsx"
    )
    Observation.objects.filter(indicator=output).update(dataset=dataset)
    published = pf.plan_edition("12", status=EditionStatus.PUBLISHED)
    goal = pf.element(published, ElementKind.GOAL, "เพิ่มมูลค่าทุเรียนนนท์")
    pf.plan_indicator(goal, "DURIAN-OUT")
    draft = pf.plan_edition("54", code="PDP-54-DRAFT")
    pf.plan_indicator(pf.element(draft, ElementKind.GOAL, "ร่างเป้าประสงค์แพร่"), "DURIAN-OUT")
    return output


def test_indicator_list_shows_units_periods_datasets_and_freshness_in_thai(durian, client):
    Freshness.objects.filter(indicator__code="DURIAN-AREA").update(
        data_changed=timezone.now() + dt.timedelta(minutes=1)
    )
    response = client.get("/data/indicators/")
    html = response.content.decode()
    assert response.status_code == 200
    row = html.split('href="/data/indicators/DURIAN-OUT/">DURIAN-OUT</a>')[1].split("</tr>")[0]
    assert "ผลผลิตทุเรียน" in row
    assert "ตัน" in row
    assert "รายเดือน" in row  # Monthly
    assert '<td class="num">1</td>' in row  # one dataset provides it
    assert "มีนาคม 2567" in row  # latest period, Buddhist Era
    assert 'class="badge fresh"' in row
    stale_row = html.split(">DURIAN-AREA</a>")[1].split("</tr>")[0]
    assert 'class="badge stale"' in stale_row
    assert 'href="/data/datasets/"' in html  # the catalogue is one click away
    assert 'href="/data/indicators/"' in html.split("</nav>")[0]  # the site nav's Data link


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=ผลผลิต", {"DURIAN-OUT", "DURIAN-YIELD"}),
        ("official=true", {"DURIAN-OUT"}),
        ("unit=ไร่", {"DURIAN-AREA"}),
        ("aggregation=weighted_mean", {"DURIAN-YIELD"}),
        ("frequency=year", set()),
        ("dataset=durian-12", {"DURIAN-OUT"}),
    ],
)
def test_indicator_list_filters(durian, client, query, expected):
    html = client.get(f"/data/indicators/?{query}", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html  # the HTMX request gets the table alone
    shown = {code for code in ("DURIAN-OUT", "DURIAN-AREA", "DURIAN-YIELD") if f">{code}<" in html}
    assert shown == expected


def test_a_bad_filter_value_is_named(durian, client):
    html = client.get("/data/indicators/?frequency=weekly").content.decode()
    assert 'role="alert"' in html
    assert "frequency" in html
    assert "weekly" in html


def many_indicators(n: int, dataset: Dataset) -> None:
    for k in range(n):
        ind = indicator(f"MANY-{k:03d}", frequency="year")
        put(ind, "12", "2023", k)
        DatasetIndicator.objects.create(
            dataset=dataset, indicator=ind, frequency="year", min_area_level="province"
        )
        Freshness.objects.create(indicator=ind, refreshed=timezone.now())


@pytest.mark.parametrize("size", [3, 40])
def test_list_queries_do_not_grow_with_the_page(cast, client, django_assert_max_num_queries, size):
    dataset = Dataset.objects.create(code="many", name_th="หลายตัวชี้วัด")
    many_indicators(size, dataset)
    Dataset.objects.bulk_create(
        Dataset(code=f"d-{k}", name_th=f"ชุดข้อมูล {k}", owner=Agency.objects.get(code="NSO-12"))
        for k in range(size)
    )
    with django_assert_max_num_queries(4):
        html = client.get("/data/indicators/").content.decode()
    assert html.count('<td class="num">1</td>') == size
    with django_assert_max_num_queries(4):
        html = client.get("/data/datasets/").content.decode()
    assert html.count("สำนักงานสถิติจังหวัดนนทบุรี") == size


def test_indicator_page_shows_definition_formula_datasets_and_plans(durian, client):
    html = client.get("/data/indicators/DURIAN-OUT/").content.decode()
    assert "ผลผลิตทุเรียนที่เก็บเกี่ยวได้ในเดือน" in html
    assert "ตัน × 10³" in html
    assert "ยิ่งสูงยิ่งดี" in html  # direction
    assert "หญิง" in html  # the SEX categories
    assert 'href="/data/datasets/durian-12/"' in html
    assert "สำนักงานเกษตรจังหวัดนนทบุรี" in html
    assert "เพิ่มมูลค่าทุเรียนนนท์" in html  # the published plan's goal
    assert "ร่างเป้าประสงค์แพร่" not in html  # a draft is not for anonymous readers
    used_by = html.split('id="indicator-formula"')[1].split("</section>")[0]
    assert 'href="/data/indicators/DURIAN-YIELD/"' in used_by
    yield_page = client.get("/data/indicators/DURIAN-YIELD/").content.decode()
    formula = yield_page.split('<code class="formula">')[1].split("</code>")[0]
    assert '<a href="/data/indicators/DURIAN-OUT/"' in formula
    assert '<a href="/data/indicators/DURIAN-AREA/"' in formula
    assert "1000 * " in formula


def test_a_planner_also_sees_draft_plans_using_the_indicator(durian, cast):
    client = Client()
    client.force_login(cast.planner_phrae)
    html = client.get("/data/indicators/DURIAN-OUT/").content.decode()
    assert "ร่างเป้าประสงค์แพร่" in html


def test_indicator_page_lists_the_latest_province_values_with_completeness(durian, client):
    html = client.get("/data/indicators/DURIAN-OUT/").content.decode()
    section = html.split('id="latest-values"')[1].split("</table>")[0]
    assert "มีนาคม 2567" in section
    assert "แพร่" in section
    assert "300.00" in section  # Phrae's March value, two decimals
    assert "นนทบุรี" not in section  # Nonthaburi sent nothing for March
    assert "1 ใน 77" in html or "1 of 77" in html
    downloads = html.split('id="indicator-downloads"')[1].split("</p>")[0]
    for fmt in ("csv", "xlsx", "sdmx-csv", "sdmx-json"):
        assert f"/api/observations/export?indicator=DURIAN-OUT&amp;format={fmt}" in downloads


def test_the_export_links_answer_with_the_indicators_values(durian, client):
    response = client.get("/api/observations/export?indicator=DURIAN-OUT&format=csv")
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    assert body.count("DURIAN-OUT") == 5


def test_a_computed_indicator_shows_its_rolled_up_values(durian, client):
    html = client.get("/data/indicators/DURIAN-YIELD/").content.decode()
    section = html.split('id="latest-values"')[1].split("</table>")[0]
    assert "6,000.00" in section or "6000.00" in section  # 1000 × 300 / 50 in Phrae


@pytest.mark.parametrize("size", [2, 25])
def test_indicator_page_queries_are_bounded(durian, client, django_assert_max_num_queries, size):
    output = Indicator.objects.get(code="DURIAN-OUT")
    for k in range(size):
        dataset = Dataset.objects.create(code=f"extra-{k}", name_th=f"ชุด {k}")
        DatasetIndicator.objects.create(
            dataset=dataset, indicator=output, frequency="month", min_area_level="province"
        )
        edition = pf.plan_edition("12", code=f"P-{k}", status=EditionStatus.PUBLISHED)
        pf.plan_indicator(pf.element(edition, ElementKind.GOAL, f"เป้า {k}"), "DURIAN-OUT")
    for province in Area.objects.filter(level="province").order_by("code")[:size]:
        if province.code not in ("12", "54"):
            put(output, province.code, "2024-03", 1)
    with django_assert_max_num_queries(16):
        html = client.get("/data/indicators/DURIAN-OUT/").content.decode()
    assert html.count('href="/data/datasets/extra-') == size


def test_unknown_codes_answer_404(cast, client):
    assert client.get("/data/indicators/NO-SUCH/").status_code == 404
    assert client.get("/data/datasets/no-such/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=ทุเรียน", {"durian-12"}),
        ("owner=DOAE-12", {"durian-12"}),
        ("owner=NSO-12", {"nso-pop"}),
        ("frequency=month", {"durian-12"}),
        ("frequency=year", {"nso-pop"}),
        ("tag=ทุเรียน", {"durian-12"}),
        ("tag=fruit", {"durian-12"}),
        ("tag=ทุเ", set()),  # a whole tag, not a piece of one
        ("indicator=DURIAN-OUT", {"durian-12"}),
    ],
)
def test_dataset_list_filters(durian, client, query, expected):
    Dataset.objects.create(
        code="nso-pop", name_th="ประชากร", owner=Agency.objects.get(code="NSO-12")
    )
    html = client.get(f"/data/datasets/?{query}").content.decode()
    shown = {code for code in ("durian-12", "nso-pop") if f'href="/data/datasets/{code}/"' in html}
    assert shown == expected


def test_dataset_page_shows_the_catalogue_record_quality_and_downloads(durian, client):
    html = client.get("/data/datasets/durian-12/").content.decode()
    record = html.split('id="dataset-catalogue"')[1].split("</section>")[0]
    assert "หน่วยงานเจ้าของข้อมูล" in record  # labels from the model, in Thai
    assert 'href="/agencies/DOAE-12/"' in record
    assert "2558" in record  # first and last year in Buddhist Era
    assert "2567" in record
    assert "ค.ศ." not in record  # ... so not labelled as Common Era
    assert "30 เมษายน 2567" in record
    assert "ทุเรียน, fruit" in record
    assert 'href="mailto:data@example.go.th"' in record
    assert record.count("<dt>") == 32
    quality = html.split('id="dataset-quality"')[1].split("</section>")[0]
    assert quality.count("<dt>") == 5
    assert "ตรวจนับแปลงตัวอย่างทุกเดือน" in quality
    assert 'href="/data/indicators/DURIAN-OUT/"' in html
    assert 'href="https://example.go.th/durian.xlsx"' in html
    downloads = html.split('id="dataset-downloads"')[1].split("</p>")[0]
    assert 'href="/api/datasets/durian-12/datapackage"' in downloads
    assert "/api/observations/export?dataset=durian-12&amp;format=csv" in downloads


def test_the_data_package_link_answers_with_a_zip(durian, client):
    response = client.get("/api/datasets/durian-12/datapackage")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "datapackage.json" in archive.namelist()


def test_pages_in_english_when_chosen(durian, client):
    english(client)
    html = client.get("/data/indicators/").content.decode()
    assert "Durian output" in html
    assert "March 2024" in html
    assert "Monthly" in html
    page = client.get("/data/indicators/DURIAN-OUT/").content.decode()
    assert "Higher is better" in page
    assert "1 of 77 provinces have a value" in page
    dataset = client.get("/data/datasets/durian-12/").content.decode()
    assert "Data owner agency" in dataset
    assert "2015" in dataset
    assert "2558" not in dataset
    assert "every 1 month" in dataset


def test_pages_are_thai_by_default(durian, client):
    response = client.get("/data/datasets/")
    assert response["Content-Language"] == "th"
    html = response.content.decode()
    assert "ผลผลิตทุเรียนรายเดือน" in html
    assert "Monthly durian output" not in html


def test_the_api_takes_the_same_new_filters(durian, client):
    assert client.get("/api/datasets?tag=ทุเรียน").json()["count"] == 1
    assert client.get("/api/datasets?frequency=year").json()["count"] == 0
    assert client.get("/api/indicators?unit=ไร่").json()["count"] == 1
    assert client.get("/api/indicators?direction=lower").json()["count"] == 0
