"""The CKAN-compatible catalogue API, read by the real ckanapi client against a live server
(so the client's own parsing of our envelope and errors is what is checked), plus the
envelope, status codes and query counts seen through Django's test client."""

from __future__ import annotations

import datetime as dt

import ckanapi  # type: ignore[import-untyped]
import pytest
from django.utils import timezone

from oneplan.orgs.models import Agency
from oneplan.stats.ckan.ids import organization_id, pk_of, record_id
from oneplan.stats.models import Dataset, DatasetIndicator, Resource
from oneplan.stats.tests.factories import indicator

live = pytest.mark.django_db(transaction=True)  # the live server reads committed rows only
ALL_FACETS = ["organization", "tags", "res_format", "license_id"]


def _dataset(code: str, owner: str, **fields) -> Dataset:
    return Dataset.objects.create(code=code, owner=Agency.objects.get(code=owner), **fields)


def _resources(dataset: Dataset, *formats: str) -> None:
    for position, fmt in enumerate(formats):
        Resource.objects.create(
            dataset=dataset,
            name=f"{dataset.code} {fmt}",
            url=f"https://data.example.go.th/{dataset.code}.{fmt.lower()}",
            resource_format=fmt,
            position=position,
        )


def make_catalogue(extra: int = 0) -> dict[str, Dataset]:
    """Three open datasets of three agencies, one internal one, and ``extra`` open ones."""
    population = _dataset(
        "nso-12-pop",
        "NSO-12",
        name_th="ประชากรจังหวัดนนทบุรี",
        name_en="Population of Nonthaburi",
        description="จำนวนประชากรตามทะเบียนราษฎร รายอำเภอ",
        tags=["ประชากร", "population"],
        license="CC-BY-4.0",
        data_format="CSV, XLSX",
        objectives=["nesdp", "area_plan"],
        update_unit="year",
        coverage_level="district",
        first_year=2015,
        last_year=2024,
        unit_multiplier=3,
        disaggregation="เพศ, ศาสนา, สีผม",
        official=True,
        maintainer="กลุ่มสถิติ",
        maintainer_email="stat@example.go.th",
    )
    _resources(population, "CSV", "XLSX")
    DatasetIndicator.objects.create(
        dataset=population,
        indicator=indicator("POP"),
        frequency="year",
        min_area_level="district",
    )
    durian = _dataset(
        "doae-12-durian",
        "DOAE-12",
        name_th="ผลผลิตทุเรียนนนทบุรี",
        name_en="Durian output",
        tags=["ทุเรียน", "เกษตร"],
        license="ODbL-1.0",
        update_unit="irregular",
    )
    _resources(durian, "CSV")
    tourism = _dataset(
        "po-54-tourism",
        "PO-54",
        name_th="นักท่องเที่ยวจังหวัดแพร่",
        name_en="Visitors to Phrae",
        tags=["ท่องเที่ยว"],
        license="CC-BY-4.0",
    )
    _resources(tourism, "JSON")
    internal = _dataset(
        "nso-12-internal",
        "NSO-12",
        name_th="ทะเบียนผู้รับสวัสดิการทุเรียน",
        tags=["ทุเรียน"],
        access="internal",
    )
    _resources(internal, "CSV")
    for n in range(extra):
        _resources(
            _dataset(f"extra-{n:02d}", "PO-12", name_th=f"ชุดข้อมูล {n}", tags=[f"t{n}"]), "PDF"
        )
    return {"pop": population, "durian": durian, "tourism": tourism, "internal": internal}


@pytest.fixture
def catalogue(cast):
    return make_catalogue()


@pytest.fixture
def remote(live_server):
    with ckanapi.RemoteCKAN(live_server.url) as ckan:
        yield ckan


# --- through ckanapi, against a live server -------------------------------------------------


@live
def test_thai_words_find_the_dataset_with_that_thai_title(catalogue, remote):
    found = remote.action.package_search(q="ทุเรียน")
    # The internal dataset has ทุเรียน in its title and tags too, but is not open.
    assert [d["name"] for d in found["results"]] == ["doae-12-durian"]
    assert found["count"] == 1
    english = remote.action.package_search(q="population")
    assert [d["name"] for d in english["results"]] == ["nso-12-pop"]
    notes = remote.action.package_search(q="ทะเบียนราษฎร")
    assert [d["name"] for d in notes["results"]] == ["nso-12-pop"]


@live
def test_facets_count_open_datasets_by_organization_tag_format_and_licence(catalogue, remote):
    found = remote.action.package_search(**{"facet.field": ALL_FACETS, "rows": 0})
    assert found["count"] == 3
    assert found["results"] == []
    facets = found["facets"]
    assert facets["organization"] == {"nso-12": 1, "doae-12": 1, "po-54": 1}
    assert facets["res_format"] == {"CSV": 2, "XLSX": 1, "JSON": 1}
    assert facets["license_id"] == {"CC-BY-4.0": 2, "ODbL-1.0": 1}
    assert facets["tags"]["ทุเรียน"] == 1  # the internal dataset's tag is not counted
    organizations = found["search_facets"]["organization"]["items"]
    titles = {item["name"]: item["display_name"] for item in organizations}
    assert titles["nso-12"] == "สำนักงานสถิติจังหวัดนนทบุรี"
    assert [item["display_name"] for item in organizations] == sorted(titles.values(), reverse=True)


@live
def test_fq_filters_by_organization_tag_format_and_licence(catalogue, remote):
    def names(fq: str) -> list[str]:
        return sorted(d["name"] for d in remote.action.package_search(fq=fq)["results"])

    assert names("organization:nso-12") == ["nso-12-pop"]
    assert names('tags:"ท่องเที่ยว"') == ["po-54-tourism"]
    assert names("res_format:CSV") == ["doae-12-durian", "nso-12-pop"]
    assert names("license_id:CC-BY-4.0") == ["nso-12-pop", "po-54-tourism"]
    assert names("res_format:CSV +license_id:CC-BY-4.0") == ["nso-12-pop"]
    assert names("res_format:CSV -organization:nso-12") == ["doae-12-durian"]
    assert names("(organization:po-54 OR organization:doae-12)") == [
        "doae-12-durian",
        "po-54-tourism",
    ]
    owner_id = organization_id("DOAE-12")
    assert names(f"owner_org:{owner_id}") == ["doae-12-durian"]


@live
def test_paging_with_rows_and_start_walks_every_dataset_once(catalogue, remote):
    seen = []
    for start in range(0, 4):
        page = remote.action.package_search(rows=1, start=start, sort="title_string asc")
        assert page["count"] == 3
        seen += [d["title"] for d in page["results"]]
    assert seen == sorted(d.name_th for k, d in catalogue.items() if k != "internal")


@live
def test_newest_change_comes_first_and_a_new_resource_counts_as_a_change(catalogue, remote):
    long_ago = timezone.now() - dt.timedelta(days=30)
    Dataset.objects.update(last_updated=long_ago)
    Resource.objects.update(last_updated=long_ago)
    Dataset.objects.filter(code="po-54-tourism").update(last_updated=timezone.now())
    first = remote.action.package_search(sort="metadata_modified desc", rows=1)["results"][0]
    assert first["name"] == "po-54-tourism"
    _resources(catalogue["durian"], "PDF")
    first = remote.action.package_search(sort="metadata_modified desc", rows=1)["results"][0]
    assert first["name"] == "doae-12-durian"
    # What ckanext-harvest asks for on its next run: changes since its last one.
    since = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    changed = remote.action.package_search(fq=f"(metadata_modified:[{since}Z TO *])")
    assert sorted(d["name"] for d in changed["results"]) == ["doae-12-durian", "po-54-tourism"]
    # Taking a resource away is a change too: the dataset comes first again.
    Dataset.objects.filter(code="po-54-tourism").update(last_updated=timezone.now())
    catalogue["pop"].resources.first().delete()
    first = remote.action.package_search(sort="metadata_modified desc", rows=1)["results"][0]
    assert first["name"] == "nso-12-pop"


@live
def test_package_show_by_name_and_by_id_gives_core_and_gd_catalog_keys(catalogue, remote):
    shown = remote.action.package_show(id="nso-12-pop")
    assert remote.action.package_show(id=shown["id"]) == shown
    assert pk_of(shown["id"]) == catalogue["pop"].pk
    assert (shown["type"], shown["state"], shown["private"]) == ("dataset", "active", False)
    assert shown["title"] == "ประชากรจังหวัดนนทบุรี"
    assert shown["organization"]["name"] == "nso-12"
    assert shown["owner_org"] == shown["organization"]["id"] == organization_id("NSO-12")
    assert [t["name"] for t in shown["tags"]] == ["ประชากร", "population"]
    assert shown["num_tags"] == 2
    assert [r["format"] for r in shown["resources"]] == ["CSV", "XLSX"]
    assert shown["num_resources"] == 2
    assert shown["license_title"] == "Creative Commons Attribution 4.0"
    assert shown["indicators"][0]["code"] == "POP"
    # GD Catalog keys, valued as the DGA's scheming schema has them.
    assert shown["data_type"] == "ข้อมูลสถิติ"
    assert shown["objective"] == [
        "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ",
        "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)",
    ]
    assert (shown["update_frequency_unit"], shown["update_frequency_interval"]) == ("ปี", "1")
    assert shown["geo_coverage"] == "อำเภอ"
    assert shown["data_format"] == ["CSV", "XLS"]
    assert shown["data_category"] == "ข้อมูลสาธารณะ"
    assert shown["data_language"] == ["ไทย"]
    assert (shown["first_year_of_data"], shown["last_year_of_data"]) == ("2558", "2567")
    assert shown["unit_of_multiplier"] == "พัน"
    assert (shown["disaggregate"], shown["disaggregate_other"]) == (["เพศ", "ศาสนา", "อื่นๆ"], "สีผม")
    assert shown["official_statistics"] == "True"
    durian = remote.action.package_show(id="doae-12-durian")
    assert (durian["update_frequency_unit"], durian["update_frequency_unit_other"]) == (
        "อื่นๆ",
        "ไม่สม่ำเสมอ",
    )


@live
def test_unknown_or_closed_dataset_raises_not_found_in_ckanapi(catalogue, remote):
    with pytest.raises(ckanapi.NotFound, match="no-such-dataset"):
        remote.action.package_show(id="no-such-dataset")
    with pytest.raises(ckanapi.NotFound):
        remote.action.package_show(id="nso-12-internal")
    internal_id = record_id("dataset", catalogue["internal"].pk, catalogue["internal"].created)
    with pytest.raises(ckanapi.NotFound):
        remote.action.package_show(id=internal_id)
    with pytest.raises(ckanapi.NotFound):
        remote.action.organization_show(id="no-such-agency")


@live
def test_bad_rows_and_filters_raise_ckanapi_errors_naming_the_parameter(catalogue, remote):
    with pytest.raises(ckanapi.ValidationError) as bad_rows:
        remote.action.package_search(rows="many")
    assert bad_rows.value.error_dict["rows"] == ["Invalid integer (got 'many')"]
    with pytest.raises(ckanapi.ValidationError) as negative:
        remote.action.package_search(start=-5)
    assert "natural number" in negative.value.error_dict["start"][0]
    with pytest.raises(ckanapi.SearchQueryError, match="colour"):
        remote.action.package_search(fq="colour:blue")
    with pytest.raises(ckanapi.SearchQueryError, match="sort"):
        remote.action.package_search(sort="popularity desc")
    with pytest.raises(ckanapi.ValidationError) as missing:
        remote.action.package_show()
    assert missing.value.error_dict["id"] == ["Missing value"]


@live
def test_organizations_tags_resources_licences_and_status(catalogue, remote):
    # By Thai title in dictionary order: เกษตร files under ก, before จังหวัด and สถิติ.
    assert remote.action.organization_list() == ["doae-12", "po-54", "nso-12"]
    assert remote.action.organization_list(sort="name asc") == ["doae-12", "nso-12", "po-54"]
    full = remote.action.organization_list(all_fields=True, sort="name asc")
    assert [(o["name"], o["package_count"]) for o in full] == [
        ("doae-12", 1),
        ("nso-12", 1),
        ("po-54", 1),
    ]
    by_id = remote.action.organization_show(id=full[1]["id"], include_datasets=True)
    assert by_id["title"] == "สำนักงานสถิติจังหวัดนนทบุรี"
    assert [p["name"] for p in by_id["packages"]] == ["nso-12-pop"]
    assert "ทุเรียน" in remote.action.tag_list()
    assert remote.action.tag_list(query="ท่อง") == ["ท่องเที่ยว"]
    resource = remote.action.package_show(id="po-54-tourism")["resources"][0]
    assert remote.action.resource_show(id=resource["id"]) == resource
    internal = catalogue["internal"].resources.get()
    with pytest.raises(ckanapi.NotFound):
        remote.action.resource_show(id=record_id("resource", internal.pk, internal.created))
    licence_ids = [lic["id"] for lic in remote.action.license_list()]
    assert {"CC-BY-4.0", "ODbL-1.0"} <= set(licence_ids)
    status = remote.action.status_show()
    assert status["site_url"] == remote.address
    assert status["locale_default"] == "th"
    assert remote.action.help_show(name="package_search").startswith("Search the catalogue")


@live
def test_get_only_client_reads_the_versioned_address(catalogue, live_server):
    ckan = ckanapi.RemoteCKAN(live_server.url, get_only=True)
    ckan.base_url = "api/3/action/"
    found = ckan.action.package_search(fq="tags:ทุเรียน", **{"facet.field": ["tags"]})
    assert [d["name"] for d in found["results"]] == ["doae-12-durian"]
    assert found["facets"]["tags"] == {"ทุเรียน": 1, "เกษตร": 1}
    assert sorted(ckan.action.package_list()) == ["doae-12-durian", "nso-12-pop", "po-54-tourism"]
    ckan.close()


# --- through Django's test client ------------------------------------------------------------


def test_envelope_and_status_codes_follow_ckan(catalogue, client):
    ok = client.get("/api/3/action/package_list")
    assert ok.status_code == 200
    body = ok.json()
    assert body["success"] is True
    assert body["help"] == "http://testserver/api/3/action/help_show?name=package_list"
    assert body["result"] == ["doae-12-durian", "nso-12-pop", "po-54-tourism"]
    missing = client.get("/api/3/action/package_show", {"id": "nope"})
    assert missing.status_code == 404
    assert missing.json()["error"]["__type"] == "Not Found Error"
    invalid = client.get("/api/3/action/package_search", {"rows": "x"})
    assert invalid.status_code == 409
    assert invalid.json()["error"]["__type"] == "Validation Error"
    assert invalid.json()["error"]["message"].startswith("rows:")
    unknown = client.get("/api/3/action/package_create")
    assert unknown.status_code == 400
    assert "package_create" in unknown.json()["error"]["message"]
    broken = client.post("/api/3/action/package_search", "{", content_type="application/json")
    assert broken.status_code == 400
    assert "JSON" in broken.json()["error"]["message"]


def test_post_with_a_json_body_answers_like_get(catalogue, client):
    body = {"q": "นนทบุรี", "sort": "name asc", "facet.field": ["organization"]}
    posted = client.post("/api/3/action/package_search", body, content_type="application/json")
    got = client.get("/api/3/action/package_search", {**body, "facet.field": '["organization"]'})
    assert posted.json() == got.json()
    assert [d["name"] for d in posted.json()["result"]["results"]] == [
        "doae-12-durian",
        "nso-12-pop",
    ]


def call(client, action: str, **params) -> dict:
    """GET an action, check it succeeded, give its ``result``."""
    response = client.get(f"/api/3/action/{action}", params)
    assert response.status_code == 200, response.content.decode()
    return response.json()["result"]


def search(client, **params) -> dict:
    return call(client, "package_search", **params)


def test_rows_are_capped_at_1000_and_a_huge_start_is_an_empty_page(catalogue, client):
    result = search(client, rows=5000, start=10**30)
    assert (result["count"], result["results"]) == (3, [])
    listed = client.get("/api/3/action/package_list", {"offset": 10**30}).json()
    assert listed["result"] == []
    page = client.get("/api/3/action/package_list", {"limit": 1, "offset": 1}).json()
    assert page["result"] == ["nso-12-pop"]


def test_q_written_in_fields_filters_like_fq(catalogue, client):
    assert [d["name"] for d in search(client, q="tags:ทุเรียน")["results"]] == ["doae-12-durian"]
    assert search(client, q="*:*")["count"] == 3
    # Not fields: a colon inside Thai words is searched as words.
    assert search(client, q="ประชากร: นนทบุรี")["count"] == 1


def test_fq_list_items_each_apply_whole(catalogue, client):
    body = {"fq_list": ["organization:nso-12 OR organization:po-54", "license_id:CC-BY-4.0"]}
    found = client.post("/api/3/action/package_search", body, content_type="application/json")
    names = sorted(d["name"] for d in found.json()["result"]["results"])
    assert names == ["nso-12-pop", "po-54-tourism"]


def test_unknown_facet_and_unreadable_filter_name_the_culprit(catalogue, client):
    facet = client.get("/api/3/action/package_search", {"facet.field": '["colour"]'})
    assert facet.status_code == 400
    assert "facet.field" in facet.json()["error"]["message"]
    assert "colour" in facet.json()["error"]["message"]
    unreadable = client.get("/api/3/action/package_search", {"fq": "organization:nso-12 )"})
    assert unreadable.status_code == 400
    assert unreadable.json()["error"]["__type"] == "Search Query Error"
    dates = client.get("/api/3/action/package_search", {"fq": "metadata_modified:[soon TO *]"})
    assert "metadata_modified" in dates.json()["error"]["message"]


def test_a_dataset_without_an_owner_has_no_organization(cast, client):
    Dataset.objects.create(code="orphan", name_th="ข้อมูลไม่มีเจ้าของ")
    shown = client.get("/api/3/action/package_show", {"id": "orphan"}).json()["result"]
    assert (shown["organization"], shown["owner_org"], shown["author"]) == (None, None, "")
    assert client.get("/api/3/action/organization_list").json()["result"] == []


@pytest.mark.parametrize("extra", [0, 25])
def test_search_and_show_use_a_fixed_number_of_queries(
    cast, client, django_assert_max_num_queries, extra
):
    make_catalogue(extra)
    facets = '["organization", "tags", "res_format", "license_id"]'
    with django_assert_max_num_queries(9):
        found = search(client, rows=100, **{"facet.field": facets})
    assert found["count"] == len(found["results"]) == 3 + extra
    with django_assert_max_num_queries(3):
        call(client, "package_show", id="nso-12-pop")
    with django_assert_max_num_queries(3):
        organizations = call(client, "organization_list", all_fields="true")
    assert len(organizations) == (4 if extra else 3)


def test_ids_are_stable_sort_by_key_and_differ_between_sites():
    created = dt.datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)
    first = record_id("dataset", 7, created)
    assert first == record_id("dataset", 7, created.astimezone(dt.timezone(dt.timedelta(hours=7))))
    assert pk_of(first) == 7
    assert first != record_id("dataset", 7, created + dt.timedelta(microseconds=1))
    assert first != record_id("resource", 7, created)
    assert record_id("dataset", 9, created) < record_id("dataset", 10, created)
    assert pk_of("not-a-uuid") is None
