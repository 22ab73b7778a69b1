"""The area loader on good and bad files, on real public files, and the load-areas command."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils import translation

from oneplan.__main__ import main
from oneplan.core.importing import ImportRejected, Problem
from oneplan.geo.choices import AreaLevel
from oneplan.geo.loaders.engine import dopa_province_codes, load_file
from oneplan.geo.loaders.readers import read_area_file
from oneplan.geo.models import Area
from oneplan.testing.shared_data import REPO as PROJECT
from oneplan.testing.shared_data import shared_file

pytestmark = pytest.mark.django_db

HEADER = "code,name_th,name_en"
# Codes of our own under Nonthaburi (12): no real district 1290 exists, so these never clash
# with the reference geography that other tests may have committed to the same database.
OWN_DISTRICT = "1290,อำเภอทดสอบ,Thot Sop District"


@pytest.fixture(autouse=True)
def english_and_fast(settings):
    """Messages in English (the site's default is Thai)."""
    with translation.override("en"):
        yield


def shared(name: str) -> Path:
    return shared_file("admin", name)


def write(tmp_path: Path, text: str, name: str = "areas.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def rejected(path: Path, **kwargs) -> list[Problem]:
    """Load ``path`` expecting a rejection; check nothing was written; return the problems."""
    before = (Area.objects.count(), Area.history.count())
    with pytest.raises(ImportRejected) as info:
        load_file(path, **kwargs)
    assert (Area.objects.count(), Area.history.count()) == before
    return info.value.problems


def table_row(output: str, label: str) -> list[str]:
    """The cells of the summary-table line for ``label`` (a level), e.g. ["1", "0", "0"]."""
    line = next(ln for ln in output.splitlines() if f" {label} " in ln)
    return [cell.strip() for cell in line.strip(" │|").split("│")][1:]


BAD_FILES = [
    # file text, row, column, part of the message
    pytest.param(
        f"{HEADER}\n129001,ตำบลทดสอบ,Test\n",
        *(2, "code", "no area 1290 in the file or the database"),
        id="no-parent",
    ),
    pytest.param(
        f"{HEADER}\n{OWN_DISTRICT}\n1290,อำเภออื่น,Other\n",
        *(3, "code", "Duplicate code 1290 (first on row 2)"),
        id="duplicate",
    ),
    pytest.param(f"{HEADER}\n1290,,Thot Sop\n", 2, "name_th", "Thai name is missing", id="no-th"),
    pytest.param(
        f"{HEADER}\n99,จังหวัดเก้าสิบเก้า,Ninety-nine\n",
        *(2, "code", "99 is not a province code"),
        id="not-dopa-province",
    ),
    pytest.param(
        "id,name_th,name_en\n12,นนทบุรี,Nonthaburi\n", 1, "code", "missing: code", id="header"
    ),
    pytest.param(
        f"{HEADER},level\nM-1,เทศบาลทดสอบ,Test,municipality\n",
        *(2, "level", "Unknown level municipality"),
        id="unknown-level",
    ),
    pytest.param(
        f"{HEADER},level\n12A0,อำเภอทดสอบ,Test,district\n",
        *(2, "code", "DOPA code has digits only"),
        id="non-digit-district",
    ),
    pytest.param(
        f"{HEADER}\n12A0,อำเภอทดสอบ,Test\n",
        *(2, "code", "Cannot tell the level of code 12A0"),
        id="non-digit-no-level",
    ),
    pytest.param(
        f"{HEADER},level,parent_code\nLG-1,เทศบาลทดสอบ,Test,local_government,\n",
        *(2, "parent_code", "local government needs a parent_code"),
        id="local-government-without-parent",
    ),
    pytest.param(
        f"{HEADER}\n1290,Thot Sop,Thot Sop\n", 2, "name_th", "no Thai letters", id="latin-name"
    ),
    pytest.param(
        f"{HEADER},parent_code\n120101,ตำบลทดสอบ,Test,1202\n",
        *(2, "parent_code", "is 1201 by its code, not 1202"),
        id="parent-contradicts-code",
    ),
]


@pytest.mark.parametrize(("text", "row", "column", "message"), BAD_FILES)
def test_bad_file_names_row_and_column_and_writes_nothing(
    cast, tmp_path, text, row, column, message
):
    """Each kind of problem is reported once, at its row and column."""
    problems = rejected(write(tmp_path, text))
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.row, problem.column) == (row, column)
    assert message in problem.message
    assert f"areas.csv, row {row}, column {column}: " in str(problem)


def test_every_problem_is_reported_at_once(cast, tmp_path):
    text = (
        f"{HEADER},level\n"
        "1290,,Thot Sop,\n"  # Thai name missing
        "99,จังหวัดเก้าสิบเก้า,Ninety-nine,\n"  # not a DOPA province
        "M-1,เทศบาลทดสอบ,Test,municipality\n"  # unknown level
        f"{OWN_DISTRICT.replace('1290', '1291')},\n"  # a good row: not written either
    )
    problems = rejected(write(tmp_path, text))
    assert [(p.row, p.column) for p in problems] == [(2, "name_th"), (3, "code"), (4, "level")]
    assert not Area.objects.filter(code="1291").exists()


def test_mojibake_file_is_refused(cast, tmp_path):
    good = f"{HEADER}\n{OWN_DISTRICT}\n129001,ตำบลหนึ่ง,Nueng\n"
    # Opened as Latin-1 by some tool and saved again as UTF-8.
    path = write(tmp_path, good.encode("utf-8").decode("latin-1"))
    problems = rejected(path)
    assert [(p.row, p.column) for p in problems] == [(2, "name_th"), (3, "name_th")]
    assert all("looks garbled" in p.message and "Save it as UTF-8" in p.message for p in problems)


def test_row_numbers_count_blank_lines(cast, tmp_path):
    path = write(tmp_path, f"{HEADER}\n{OWN_DISTRICT}\n\n{OWN_DISTRICT}\n")
    [problem] = rejected(path)
    assert (problem.row, problem.message) == (4, "Duplicate code 1290 (first on row 2).")


def test_cp874_file_is_refused_with_its_line_and_loads_with_the_encoding(cast, tmp_path):
    path = write(tmp_path, f"{HEADER}\n{OWN_DISTRICT}\n", encoding="cp874")
    [problem] = rejected(path)
    assert problem.row == 2
    assert "line 2" in problem.message
    assert "--encoding cp874" in problem.message
    with translation.override("th"):
        [problem] = rejected(path)
    assert "บรรทัด 2" in problem.message
    assert "--encoding cp874" in problem.message
    summary = load_file(path, encoding="cp874")
    assert summary.created == {AreaLevel.DISTRICT: 1}
    assert Area.objects.get(code="1290").name_th == "อำเภอทดสอบ"


def test_thailand_geography_json_layout(cast, tmp_path):
    keys = ("districtCode", "districtNameTh", "districtNameEn", "postalCode")
    district = dict(zip(keys, (1290, "ทดสอบ", "Thot Sop", 11000), strict=True))
    path = write(tmp_path, json.dumps([district]), name="districts.json")
    assert load_file(path).created == {AreaLevel.DISTRICT: 1}
    assert Area.objects.get(code="1290").postal_codes == "11000"
    keys = ("subdistrictCode", "subdistrictNameTh", "subdistrictNameEn", "districtCode")
    rows = [(129001, "หนึ่ง", "Nueng", 1290), (129002, "", "Song", 1290)]
    items = [dict(zip(keys, row, strict=True)) for row in rows]
    [problem] = rejected(write(tmp_path, json.dumps(items), name="subdistricts.json"))
    assert str(problem) == "subdistricts.json, row 2, column name_th: The Thai name is missing."


def test_summary_counts_per_level_and_second_load_changes_nothing(cast, tmp_path):
    path = write(
        tmp_path,
        f"{HEADER}\n129001,ตำบลหนึ่ง,Nueng\n{OWN_DISTRICT}\n129002,ตำบลสอง,Song\n",
    )
    first = load_file(path)
    assert first.created == {AreaLevel.DISTRICT: 1, AreaLevel.SUBDISTRICT: 2}
    assert first.levels() == [AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT]
    assert Area.objects.get(code="129002").parent == Area.objects.get(code="1290")
    before = (Area.objects.count(), Area.history.count())
    second = load_file(path)
    assert second.changed == 0
    assert second.unchanged == {AreaLevel.DISTRICT: 1, AreaLevel.SUBDISTRICT: 2}
    assert (Area.objects.count(), Area.history.count()) == before


def test_villages_are_created_under_an_existing_subdistrict(cast, tmp_path):
    load_file(write(tmp_path, f"{HEADER}\n{OWN_DISTRICT}\n129001,ตำบลหนึ่ง,Nueng\n"))
    villages = write(
        tmp_path,
        f"{HEADER}\n12900101,บ้านหนึ่ง,Ban Nueng\n12900102,บ้านสอง,Ban Song\n",
        name="villages.csv",
    )
    summary = load_file(villages)
    assert summary.created == {AreaLevel.VILLAGE: 2}
    subdistrict = Area.objects.get(code="129001")
    created = Area.objects.filter(code__startswith="129001", level=AreaLevel.VILLAGE)
    assert sorted(created.values_list("code", flat=True)) == ["12900101", "12900102"]
    assert all(v.parent == subdistrict for v in created)


def test_provinces_load_into_a_database_without_the_country(db, tmp_path):
    # The test's transaction is rolled back, which puts the shared country back.
    Area.objects.filter(parent__code="TH").update(parent=None)
    Area.objects.filter(code="TH").delete()
    summary = load_file(write(tmp_path, f"{HEADER}\n12,นนทบุรี,Nonthaburi\n"))
    assert summary.changed == 1
    assert Area.objects.get(code="12").parent.code == "TH"


# Real public files, read in place.


@pytest.mark.parametrize(
    ("name", "level", "total", "updated"),
    [
        # geothai says "Lop Buri" and "Phang-nga"; the file says "Loburi" and "Phangnga".
        ("tgj_provinces.json", AreaLevel.PROVINCE, 77, 2),
        # Every district: the file gives district postal codes (geothai has none), and Bangkok's
        # districts lack the "เขต" prefix (1001 is "พระนคร" here, "เขตพระนคร" in geothai).
        ("tgj_districts.json", AreaLevel.DISTRICT, 928, 928),
        # Romanisation and postal codes differ, e.g. 100105 "San Chaopho Suea" vs geothai's
        # "San Chao Pho Suea", and 100508 lists 10220 where geothai has "10220 10230".
        ("tgj_subdistricts.json", AreaLevel.SUBDISTRICT, 7436, 844),
    ],
)
def test_thailand_geography_json_over_reference_only_reports_updates(
    reference_db, name, level, total, updated
):
    path = shared(name)
    before = (Area.objects.count(), Area.history.count())
    summary = load_file(path, dry_run=True)
    assert summary.created == {}
    assert summary.updated == {level: updated}
    assert summary.unchanged[level] == total - updated
    assert (Area.objects.count(), Area.history.count()) == before


def test_thailand_geography_json_province_name_that_differs(reference_db):
    rows = {r.code: r for r in read_area_file(shared("tgj_provinces.json")).rows}
    assert (rows["16"].name_en, Area.objects.get(code="16").name_en) == ("Loburi", "Lop Buri")


def kongvut_as_plain_csv(source: Path, target: Path) -> list[dict[str, str]]:
    """Copy ``source`` to ``target`` with the loader's header, the kongvut ``id`` as code."""
    with source.open(encoding="utf-8", newline="") as f:
        records = list(csv.DictReader(f))
    with target.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["code", "name_th", "name_en"])
        out.writerows([r["id"], r["name_th"], r["name_en"]] for r in records)
    return records


def test_kongvut_header_is_refused(cast):
    [problem] = rejected(shared("kongvut_provinces.csv"))
    assert (problem.row, problem.column) == (1, "code")


def test_kongvut_province_ids_are_not_dopa_codes(cast, tmp_path):
    path = tmp_path / "kongvut_provinces_plain.csv"
    records = kongvut_as_plain_csv(shared("kongvut_provinces.csv"), path)
    ids = [r["id"] for r in records]
    assert ids == [str(n) for n in range(1, 78)]  # a running number, not a DOPA code
    not_dopa = [i for i in ids if len(i) == 2 and i not in dopa_province_codes()]
    assert not_dopa == ["28", "29", "59", "68", "69"]
    problems = rejected(path)
    one_digit = [p.message for p in problems if p.row <= 10]
    assert one_digit == [
        f"Cannot tell the level of code {n}: DOPA codes have 2, 4, 6 or 8 digits; for other "
        "areas add a level column."
        for n in range(1, 10)
    ]
    unknown = {p.message.split()[0]: p.row for p in problems if "not a province code" in p.message}
    assert unknown == {code: ids.index(code) + 2 for code in not_dopa}
    assert len(problems) == 9 + len(not_dopa)
    # Ids 10-77 that happen to be DOPA codes pass, although most name another province
    # (kongvut 40 is not Khon Kaen): a code alone cannot reveal that.


def test_kongvut_district_artefacts_pass_as_new_districts(reference_db, tmp_path):
    path = tmp_path / "kongvut_districts_plain.csv"
    records = kongvut_as_plain_csv(shared("kongvut_districts.csv"), path)
    known = set(Area.objects.of_level(AreaLevel.DISTRICT).values_list("code", flat=True))
    artefacts = {r["id"]: r["name_th"] for r in records if r["id"] not in known}
    assert artefacts == {
        "7074": "ท้องถิ่นเทศบาลตำบลบ้านฆ้อง",
        "9077": "ท้องถิ่นเทศบาลตำบลสำนักขาม",
    }
    before = (Area.objects.count(), Area.history.count())
    summary = load_file(path, dry_run=True)
    # What really happens: the two municipalities' codes are well-formed district codes under
    # real provinces (70 Ratchaburi, 90 Songkhla), so the loader would create them as districts;
    # it has no list of district codes to check against. The 72 updates are 68 English names
    # ("Khet Phra Nakhon" for "Phra Nakhon") and Bueng Kan's 3802/3804 Thai names swapped.
    assert summary.created == {AreaLevel.DISTRICT: 2}
    assert summary.updated == {AreaLevel.DISTRICT: 72}
    assert summary.unchanged == {AreaLevel.DISTRICT: 855}
    assert (Area.objects.count(), Area.history.count()) == before


# The command.


def test_command_prints_summary_table(cast, tmp_path):
    out = io.StringIO()
    path = write(tmp_path, f"{HEADER}\n{OWN_DISTRICT}\n129001,ตำบลหนึ่ง,Nueng\n")
    call_command("load_areas", str(path), stdout=out)
    output = out.getvalue()
    assert "areas.csv" in output
    assert "created" in output
    assert table_row(output, "District") == ["1", "0", "0"]
    assert table_row(output, "Subdistrict") == ["1", "0", "0"]


def test_command_records_name_change_with_reason(cast, tmp_path):
    path = write(tmp_path, f"{HEADER}\n{OWN_DISTRICT}\n129001,ตำบลหนึ่ง,Nueng\n")
    call_command("load_areas", str(path), stdout=io.StringIO())
    path.write_text(f"{HEADER}\n{OWN_DISTRICT}\n129001,ตำบลใหม่,Mai\n", encoding="utf-8")
    out = io.StringIO()
    call_command("load_areas", str(path), stdout=out)
    assert table_row(out.getvalue(), "Subdistrict") == ["0", "1", "0"]
    assert table_row(out.getvalue(), "District") == ["0", "0", "1"]
    area = Area.objects.get(code="129001")
    assert (area.name_th, area.name_en) == ("ตำบลใหม่", "Mai")
    history = list(area.history.order_by("history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert [h.name_th for h in history] == ["ตำบลหนึ่ง", "ตำบลใหม่"]
    assert {h.history_change_reason for h in history} == {"load-areas areas.csv"}
    assert Area.objects.get(code="1290").history.count() == 1


def test_command_rejects_bad_file_on_stderr(cast, tmp_path):
    path = write(tmp_path, f"{HEADER}\n1290,,Thot Sop\n99,จังหวัดเก้าสิบเก้า,Ninety-nine\n")
    before = (Area.objects.count(), Area.history.count())
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("load_areas", str(path), stdout=io.StringIO(), stderr=err)
    assert "areas.csv, row 2, column name_th: The Thai name is missing." in err.getvalue()
    assert "areas.csv, row 3, column code: 99 is not a province code" in err.getvalue()
    assert (Area.objects.count(), Area.history.count()) == before


def test_command_reports_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_areas", str(tmp_path / "absent.csv"))


def test_command_dry_run_writes_nothing(cast, tmp_path):
    path = write(tmp_path, f"{HEADER}\n{OWN_DISTRICT}\n")
    before = (Area.objects.count(), Area.history.count())
    out = io.StringIO()
    call_command("load_areas", str(path), "--dry-run", stdout=out)
    assert "dry run: nothing written" in out.getvalue()
    assert table_row(out.getvalue(), "District") == ["1", "0", "0"]
    assert (Area.objects.count(), Area.history.count()) == before


def test_command_encoding_option(cast, tmp_path):
    path = write(tmp_path, f"{HEADER}\n{OWN_DISTRICT}\n", encoding="cp874")
    call_command("load_areas", str(path), "--encoding", "cp874", stdout=io.StringIO())
    assert Area.objects.get(code="1290").name_th == "อำเภอทดสอบ"


def test_main_maps_hyphenated_command(cast, tmp_path, capsys, monkeypatch):
    # The command closes every connection when it ends, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = write(tmp_path, json.dumps([{"code": "1290", "name_th": "อำเภอทดสอบ"}]), "a.json")
    main(["oneplan", "load-areas", str(path)])
    assert Area.objects.get(code="1290").parent.code == "12"
    assert table_row(capsys.readouterr().out, "District") == ["1", "0", "0"]


def test_installed_script_shows_help():
    script = PROJECT / ".venv" / "bin" / "oneplan"
    if not script.is_file():
        pytest.skip(f"needs {script}")
    done = subprocess.run(
        [str(script), "load-areas", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--code-property" in done.stdout
    assert "--dry-run" in done.stdout


def test_several_files_load_all_or_nothing(cast, tmp_path):
    good = write(tmp_path, f"{HEADER}\n{OWN_DISTRICT}\n", name="good.csv")
    bad = write(tmp_path, f"{HEADER}\n129001,,Nameless\n", name="bad.csv")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_areas", str(good), str(bad), stdout=io.StringIO(), stderr=err)
    assert "bad.csv, row 2, column name_th" in err.getvalue()
    assert not Area.objects.filter(code="1290").exists()
