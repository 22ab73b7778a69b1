"""Request texts reduced for comparison: boilerplate, years and amounts go; numbers and places
are kept aside as distinguishing tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from oneplan.lib.duplicates.normalise import fast_normalize, normalise
from oneplan.lib.duplicates.tokens import conflicts, grouped, similar_names
from oneplan.lib.thaitext import normalize


def test_boilerplate_years_and_amounts_are_removed():
    long = normalise(
        "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านหนองบัว ประจำปีงบประมาณ พ.ศ. 2569 "
        "งบประมาณ 1,250,000 บาท"
    )
    short = normalise("ก่อสร้างถนน คสล. สายบ้านหนองบัว ปี ๒๕๖๘ (3.5 ล้านบาท)")
    assert long.text == "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านหนองบัว"
    # Spaces are ignored when texts are compared (Thai spacing varies by writer).
    assert short.text == "ก่อสร้างถนน คอนกรีตเสริมเหล็ก สายบ้านหนองบัว"
    assert long.numbers == short.numbers == frozenset()


def test_village_numbers_are_tokens_however_written():
    for text in ("ขุดลอกคลอง หมู่ที่ 3", "ขุดลอกคลอง ม.3", "ขุดลอกคลอง หมู่ ๓"):
        result = normalise(text)
        assert result.numbers == {("หมู่", "3")}, text
        assert result.text == "ขุดลอกคลอง", text


def test_lists_and_short_ranges_of_villages_expand():
    assert normalise("ประปา หมู่ที่ 3, 4 และ 5").numbers == {("หมู่", v) for v in "345"}
    assert normalise("ประปา หมู่ 1-4").numbers == {("หมู่", v) for v in "1234"}


def test_measures_keep_their_unit_and_ม_before_a_number_is_a_village():
    result = normalise("ถนนกว้าง 5 เมตร ยาว 1,200 ม. หมู่ที่ 2 ม.7 ระยะทาง 3.50 กม.")
    assert result.numbers == {
        ("เมตร", "5"),
        ("เมตร", "1200"),
        ("หมู่", "2"),
        ("หมู่", "7"),
        ("กิโลเมตร", "3.5"),
    }


def test_places_are_tokens_and_addresses_leave_the_text():
    result = normalise("พัฒนาแหล่งท่องเที่ยวชุมชนบ้านสวน ต.บางรัก อ.เมืองแพร่ จ.แพร่")
    assert result.places == {
        ("ชุมชน", "บ้านสวน"),
        ("ตำบล", "บางรัก"),
        ("อำเภอ", "เมืองแพร่"),
        ("จังหวัด", "แพร่"),
    }
    # The address is compared through tokens and area codes; the village name stays.
    assert result.text == "พัฒนาแหล่งท่องเที่ยวชุมชนบ้านสวน"


def test_named_features_are_places():
    assert ("น้ำตก", "ห้วยแก้ว") in normalise("ปรับปรุงน้ำตกห้วยแก้ว").places
    assert ("ฝาย", "ห้วยแม่ลาน") in normalise("ก่อสร้างฝายห้วยแม่ลาน").places


def test_village_numbers_that_differ_conflict():
    three = grouped(normalise("ถนน หมู่ที่ 3").numbers)
    five = grouped(normalise("ถนน หมู่ที่ 5").numbers)
    assert conflicts(three, five) == [("หมู่", "3", "5")]


def test_a_village_dropped_from_a_list_is_no_conflict():
    many = grouped(normalise("ประปา หมู่ที่ 3, 4 และ 5").numbers)
    one = grouped(normalise("ประปา หมู่ที่ 4").numbers)
    assert conflicts(many, one) == []
    assert conflicts(many, {}) == []


def test_place_names_tolerate_a_typing_slip_and_the_capital_district():
    assert similar_names("จรเข้เผือก", "จรเข้เผืก")
    assert similar_names("เมือง", "เมืองแพร่")
    assert not similar_names("บางรัก", "บางกรวย")
    assert not similar_names("ตะโละ", "ตะโละกาโปร์")  # two real subdistricts of one district
    assert similar_names("สวน", "สวนเพื่อเพิ่มรายได้", run_on=True)


def test_different_subdistricts_conflict():
    a = grouped(normalise("ฝึกอบรมอาชีพ ตำบลบางรัก").places)
    b = grouped(normalise("ฝึกอบรมอาชีพ ตำบลบางกรวย").places)
    typo = grouped(normalise("ฝึกอบรมอาชีพ ตำบลบางรก").places)
    assert conflicts(a, b, fuzzy=True) == [("ตำบล", "บางรัก", "บางกรวย")]
    assert conflicts(a, typo, fuzzy=True) == []


thai_text = st.text(
    alphabet=st.sampled_from(list("กขคนมยรลวสหอฮะัาำิีึืุูเแโใไ่้๊๋็์ํๅ๐๑๙ \n\u200b\u200cAb1.")),
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(thai_text)
def test_the_shortcut_normalises_exactly_like_thaitext(text: str):
    assert fast_normalize(text) == normalize(text)


def test_the_shortcut_on_texts_that_need_fixing():
    for text in ("เเปลก", "นานาาา", " ุก", "ก  ุ", "\u200bกา", "ก่่า", "ก้ิ", "\nุก"):
        assert fast_normalize(text) == normalize(text), text
