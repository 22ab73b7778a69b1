"""Finding likely duplicate requests: which pairs, with which score and reasons."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from oneplan.lib.duplicates import (
    Pair,
    Reason,
    ReasonCode,
    Request,
    Weights,
    find_pairs,
    find_pairs_exhaustive,
)

ROAD = (
    "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านหนองบัว-บ้านโคกสูง หมู่ที่ 3 "
    "ตำบลบ้านใหม่ อำเภอเมืองแพร่ จังหวัดแพร่ ประจำปีงบประมาณ พ.ศ. 2569"
)
ROAD_DESCRIPTION = (
    "ผิวจราจรกว้าง 5 เมตร ยาว 1,200 เมตร หนา 0.15 เมตร เพื่อให้ประชาชนสัญจรได้สะดวกและขนส่งผลผลิตทางการเกษตร"
)
BASE = Request(
    id="LOCAL-1",
    title=ROAD,
    description=ROAD_DESCRIPTION,
    area_codes=("54010103",),
    agency="องค์การบริหารส่วนตำบลบ้านใหม่",
    fiscal_year=2026,
    factor="โครงสร้างพื้นฐาน",
)
# The same road as the department files it: abbreviations, no year, an amount, a wider area.
REWRITE = Request(
    id="DEPT-7",
    title="ก่อสร้างถนน คสล. สายบ้านหนองบัว-บ้านโคกสูง ม.๓ ต.บ้านใหม่ อ.เมืองแพร่ (2.5 ล้านบาท)",
    description=ROAD_DESCRIPTION + " งบประมาณ 2,500,000 บาท",
    area_codes=("540101",),
    agency="กรมทางหลวงชนบท",
    fiscal_year=2026,
)
# Background requests, so that the character grams have realistic weights.
OTHERS = [
    Request(f"X{n}", title, "", ("5401",), "สำนักงานเกษตรจังหวัดแพร่", 2026)
    for n, title in enumerate(
        [
            "ส่งเสริมการปลูกทุเรียนคุณภาพเพื่อการส่งออก อำเภอเมืองแพร่",
            "อบรมพัฒนาศักยภาพเกษตรกร ด้านการตลาดดิจิทัล",
            "ขุดลอกหนองน้ำสาธารณะหนองดงสะแก",
            "พัฒนาผลิตภัณฑ์ OTOP ประเภทผ้าหม้อห้อม สู่ตลาดสากล",
            "ติดตั้งไฟฟ้าแสงสว่างพลังงานแสงอาทิตย์ บ้านนาใหม่",
            "ก่อสร้างระบบประปาหมู่บ้านแบบผิวดินขนาดใหญ่ หมู่ที่ 9",
        ]
    )
]


def pair_of(pairs: list[Pair], a: str, b: str) -> Pair | None:
    return next((p for p in pairs if {p.id_a, p.id_b} == {a, b}), None)


def codes(pair: Pair) -> set[ReasonCode]:
    return {r.code for r in pair.reasons}


def test_a_rewritten_request_is_found_with_its_reasons():
    pairs = find_pairs([BASE, REWRITE, *OTHERS])
    assert [(p.id_a, p.id_b) for p in pairs] == [("DEPT-7", "LOCAL-1")]
    pair = pairs[0]
    assert pair.score >= 0.9
    assert Reason(ReasonCode.SAME_AREA, "540101") in pair.reasons
    assert pair.reasons[0].code is ReasonCode.TITLE
    assert ReasonCode.SAME_AGENCY not in codes(pair)  # a department and a local government


def test_year_amount_and_boilerplate_do_not_change_the_text():
    plain = replace(BASE, id="B", title=ROAD.removeprefix("โครงการ").replace("พ.ศ. 2569", "2568"))
    priced = replace(BASE, id="C", title=ROAD + " งบประมาณ 4,000,000 บาท")
    pairs = find_pairs([BASE, plain, priced, *OTHERS])
    assert {(p.id_a, p.id_b) for p in pairs} == {("B", "C"), ("B", "LOCAL-1"), ("C", "LOCAL-1")}
    assert all(p.text == pytest.approx(1.0, abs=1e-4) for p in pairs)


def test_template_twins_in_other_villages_are_not_paired():
    twin = replace(BASE, id="TWIN", title=ROAD.replace("หมู่ที่ 3", "หมู่ที่ 5"), area_codes=("540101",))
    assert find_pairs([BASE, twin, *OTHERS]) == []
    shown = pair_of(find_pairs([BASE, twin, *OTHERS], threshold=0.0), "LOCAL-1", "TWIN")
    assert shown is not None
    assert Reason(ReasonCode.NUMBERS_DIFFER, "หมู่ 3/5") in shown.reasons
    # Same text, area, agency and factor; the village number alone keeps it below 0.75.
    assert shown.text == pytest.approx(1.0, abs=1e-4)
    assert shown.score == pytest.approx(1.0 + 0.06 + 0.03 + 0.04 - 0.5, abs=1e-4)


def test_twins_in_other_subdistricts_are_not_paired():
    twin = replace(
        BASE, id="TWIN", title=ROAD.replace("ตำบลบ้านใหม่", "ตำบลป่าแดง"), area_codes=("5401",)
    )
    pairs = find_pairs([BASE, twin, *OTHERS], threshold=0.0)
    shown = pair_of(pairs, "LOCAL-1", "TWIN")
    assert shown is not None
    assert shown.score < 0.75
    assert Reason(ReasonCode.PLACES_DIFFER, "ตำบล บ้านใหม่/ป่าแดง") in shown.reasons


def test_another_product_in_the_same_template_is_not_paired():
    durian = Request("D", "ส่งเสริมการปลูกทุเรียนคุณภาพเพื่อการส่งออก อำเภอเมืองแพร่", "", ("5401",))
    mangosteen = replace(durian, id="M", title=durian.title.replace("ทุเรียน", "มังคุด"))
    shown = pair_of(find_pairs([durian, mangosteen, *OTHERS], threshold=0.0), "D", "M")
    assert shown is not None
    assert shown.score < 0.75
    assert ReasonCode.TITLE_WORDS_DIFFER in codes(shown)


def test_different_fiscal_years_are_never_paired():
    next_year = replace(BASE, id="NEXT", fiscal_year=2027)
    for find in (find_pairs, find_pairs_exhaustive):
        pairs = find([BASE, next_year, *OTHERS], threshold=0.0)
        assert pairs  # other pairs in 2026 exist at threshold 0
        assert pair_of(pairs, "LOCAL-1", "NEXT") is None


def test_a_request_without_a_year_is_compared_with_every_year():
    undated = replace(REWRITE, fiscal_year=None)
    assert pair_of(find_pairs([BASE, undated, *OTHERS]), "LOCAL-1", "DEPT-7") is not None


def test_the_same_title_in_two_provinces_is_not_one_work():
    group = "โครงการพัฒนาเส้นทางท่องเที่ยวเชื่อมโยงวิถีชุมชนของกลุ่มจังหวัด"
    a = Request("NB", group, "", ("12",), "สำนักงานจังหวัดนนทบุรี", 2026)
    b = Request("PT", group, "", ("13",), "สำนักงานจังหวัดปทุมธานี", 2026)
    wide = Request("GRP", group, "", (), "กลุ่มจังหวัดภาคกลางตอนบน 1", 2026)
    pairs = find_pairs([a, b, wide, *OTHERS])
    # Without area codes the group's own request may be either province's.
    assert {(p.id_a, p.id_b) for p in pairs} == {("GRP", "NB"), ("GRP", "PT")}


def test_area_agency_and_factor_bonuses_show_in_the_reasons():
    same_office = replace(BASE, id="AGAIN", title=ROAD.removeprefix("โครงการ"))
    pair = find_pairs([BASE, same_office, *OTHERS], threshold=0.0)[0]
    assert {ReasonCode.SAME_AREA, ReasonCode.SAME_AGENCY, ReasonCode.SAME_FACTOR} <= codes(pair)
    assert Reason(ReasonCode.SAME_AREA, "54010103") in pair.reasons
    assert pair.score == 1.0  # clipped
    lower = find_pairs(
        [BASE, replace(same_office, agency="", factor=""), *OTHERS],
        threshold=0.0,
        weights=Weights(area_local=0.0),
    )[0]
    assert codes(lower) & {ReasonCode.SAME_AGENCY, ReasonCode.SAME_FACTOR} == set()


def test_reasons_read_as_short_english_codes():
    assert str(Reason(ReasonCode.SAME_AREA, "1201")) == "same area 1201"
    assert str(Reason(ReasonCode.SAME_AGENCY)) == "same agency"
    assert str(Reason(ReasonCode.NUMBERS_DIFFER, "หมู่ 3/5")) == "numbers differ หมู่ 3/5"


def sample(count: int, seed: int) -> list[Request]:
    """Requests from a few templates with villages, products and planted rewrites."""
    rng = random.Random(seed)
    products = ["ทุเรียน", "มังคุด", "ลำไย", "ผ้าทอ", "กาแฟ", "ข้าวหอมมะลิ"]
    templates = [
        "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้าน{v} หมู่ที่ {m} ตำบล{t}",
        "ส่งเสริมการปลูก{p}คุณภาพ ตำบล{t}",
        "ขุดลอกคลอง{v} หมู่ที่ {m} ตำบล{t}",
        "พัฒนาผลิตภัณฑ์{p} ของกลุ่มอาชีพบ้าน{v}",
    ]
    requests = []
    for n in range(count):
        title = rng.choice(templates).format(
            v=rng.choice(["หนองบัว", "โคกสูง", "นาดี", "ดอนแก้ว"]),
            m=rng.randint(1, 12),
            t=rng.choice(["บางรัก", "ป่าแดง", "ช่อแฮ"]),
            p=rng.choice(products),
        )
        if rng.random() < 0.3:
            title = "โครงการ" + title + f" ปีงบประมาณ {rng.choice([2568, 2569])}"
        province = rng.choice(["54", "12"])
        requests.append(
            Request(f"R{n:03d}", title, "", (province + rng.choice(["01", "02"]),), "", 2026)
        )
    return requests


def test_scores_stay_between_0_and_1():
    pairs = find_pairs(sample(120, seed=1), threshold=0.0, top_k=30)
    assert pairs
    assert all(0.0 <= p.score <= 1.0 and 0.0 <= p.text <= 1.0 for p in pairs)
    assert all(p.id_a < p.id_b for p in pairs)
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)


def test_results_do_not_depend_on_input_order():
    requests = sample(150, seed=2)
    shuffled = requests[:]
    random.Random(3).shuffle(shuffled)
    first = [(p.id_a, p.id_b, p.score) for p in find_pairs(requests)]
    assert first
    assert first == [(p.id_a, p.id_b, p.score) for p in find_pairs(requests)]
    assert sorted(first) == sorted((p.id_a, p.id_b, p.score) for p in find_pairs(shuffled))


def test_the_fast_engine_finds_what_scoring_every_pair_finds():
    requests = sample(200, seed=4)
    fast = {(p.id_a, p.id_b): p.score for p in find_pairs(requests, top_k=50)}
    every = {(p.id_a, p.id_b): p.score for p in find_pairs_exhaustive(requests)}
    assert every
    assert fast.keys() == every.keys()
    assert all(fast[k] == pytest.approx(every[k], abs=1e-5) for k in every)


def test_ids_must_be_unique():
    with pytest.raises(ValueError, match="unique"):
        find_pairs([BASE, BASE])


def test_too_few_requests_give_no_pairs():
    assert find_pairs([]) == []
    assert find_pairs([BASE]) == []


def test_texts_too_short_to_compare_are_never_paired():
    assert find_pairs([Request("A", "ab"), Request("B", "ab")], threshold=0.0) == []
    assert find_pairs([Request("A", "โครงการ 2569"), Request("B", "โครงการ")], threshold=0.0) == []


def test_a_shared_group_code_counts_as_a_province_bonus():
    title = "พัฒนาเส้นทางท่องเที่ยวเชื่อมโยงวิถีชุมชน"
    pairs = find_pairs(
        [Request("A", title, area_codes=("G-C1",)), Request("B", title, area_codes=("G-C1",))],
        threshold=0.0,
    )
    assert [p.reasons for p in pairs] == [
        (Reason(ReasonCode.TITLE, "1.00"), Reason(ReasonCode.SAME_AREA, "G-C1"))
    ]
