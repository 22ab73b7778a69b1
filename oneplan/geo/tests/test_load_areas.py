import csv
from pathlib import Path

import pytest

from oneplan.core.importing import ImportRejected
from oneplan.geo.loaders.engine import load_file, load_areas
from oneplan.geo.loaders.readers import read_area_file, AreaRow
from oneplan.geo.models import Area

pytestmark = pytest.mark.django_db
ADMIN = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "admin"


def test_probe_tgj(reference_db):
    print(ADMIN)
    for name in ("tgj_provinces.json", "tgj_districts.json", "tgj_subdistricts.json"):
        s = load_file(ADMIN / name, dry_run=True)
        print(name, s)
        rows = read_area_file(ADMIN / name).rows
        db = {a.code: a for a in Area.objects.filter(code__in=[r.code for r in rows])}
        n = 0
        for r in rows:
            a = db[r.code]
            diffs = [(k, getattr(a, k), getattr(r, k)) for k in ("name_th", "name_en", "postal_codes") if getattr(a, k) != getattr(r, k)]
            if diffs and n < 5:
                print(r.code, diffs); n += 1


def test_probe_kongvut(reference_db, tmp_path):
    src = list(csv.DictReader(open(ADMIN / "kongvut_districts.csv", encoding="utf-8")))
    p = tmp_path / "d.csv"
    with p.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f); w.writerow(["code", "name_th", "name_en"])
        for r in src: w.writerow([r["id"], r["name_th"], r["name_en"]])
    try:
        print(load_file(p, dry_run=True))
    except ImportRejected as e:
        print(e.report())


def test_probe_fresh(db, tmp_path):
    p = tmp_path / "p.csv"
    p.write_text("code,name_th,name_en\n12,นนทบุรี,Nonthaburi\n", encoding="utf-8")
    try:
        print(load_file(p))
    except ImportRejected as e:
        print(e.report())
