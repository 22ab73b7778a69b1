"""A request's text reduced to what tells one piece of work from another.

Two requests for the same work are often worded differently around the same core: one says
"โครงการ", the other does not; one names the fiscal year or the amount, the other a different
amount. Those parts are removed. Numbers and place names are the opposite: template twins
("...หมู่ที่ 3" and "...หมู่ที่ 5") differ only there, so they are kept aside as
*distinguishing* tokens, compared one by one (``conflicts``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from pythainlp import (
    thai_above_vowels,
    thai_below_vowels,
    thai_follow_vowels,
    thai_lead_vowels,
    thai_tonemarks,
)
from pythainlp.util import normalize as _thai_normalize

from oneplan.lib.thaitext import THAI_DIGITS

# A distinguishing token: its kind ("หมู่", "เมตร", "ตำบล", ...) and its value ("3", "บางรัก").
Token = tuple[str, str]

_DIGITS_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_SPACES = re.compile(r"\s+")

# pythainlp's normalize runs about 40 regular expressions (≈100 µs a text); nearly every text
# needs none of them. This pattern matches wherever one of its rules could change something
# (zero-width characters, misordered or repeated vowels and tone marks, marks after a space or
# at the start); texts without a match skip it. test_duplicates_normalise checks the shortcut
# against oneplan.lib.thaitext.normalize on random Thai strings.
_DANGLING = f"{thai_above_vowels}{thai_below_vowels}{thai_tonemarks}\u0e3a\u0e4c\u0e4d\u0e4e"
_NO_REPEAT = (
    f"{thai_follow_vowels}{thai_lead_vowels}{thai_above_vowels}{thai_below_vowels}"
    "\u0e3a\u0e4c\u0e4d\u0e4e"
)
_NEEDS_THAI_FIXES = re.compile(
    "[\u200b\u200c\u0e4d\u0e45]|\u0e40\u0e40"
    f"|[{thai_tonemarks}\u0e4c][{thai_above_vowels}{thai_below_vowels}]"
    f"|[{thai_follow_vowels}][{thai_tonemarks}]"
    f"|[{thai_tonemarks}]{{2}}"
    f"|([{_NO_REPEAT}]) *\\1"
    f"|^[{_DANGLING}]|\\s[{_DANGLING}]"
)


_THAI_DIGIT = re.compile(f"[{THAI_DIGITS}]")


def fast_normalize(text: str) -> str:
    """``oneplan.lib.thaitext.normalize`` with a shortcut for texts it would not change."""
    text = unicodedata.normalize("NFC", text)
    if _THAI_DIGIT.search(text):  # str.translate alone costs more than this test
        text = text.translate(_DIGITS_TO_ARABIC)
    if _NEEDS_THAI_FIXES.search(text):
        text = _thai_normalize(text)
    return _SPACES.sub(" ", text).strip().casefold()


_THAI = "\u0e01-\u0e4e"
# Abbreviations written both ways; expanded so that both spellings share their character grams.
_EXPANSIONS = {
    "คสล": "คอนกรีตเสริมเหล็ก",
    "รพสต": "โรงพยาบาลส่งเสริมสุขภาพตำบล",
    "ศพด": "ศูนย์พัฒนาเด็กเล็ก",
    "ต": "ตำบล",
    "อ": "อำเภอ",
    "จ": "จังหวัด",
    "แขวง": "ตำบล",
}
_ABBREVIATIONS = re.compile(
    r"ค\.ส\.ล\.?|คสล\.?|รพ\.สต\.?|ศพด\.?"
    rf"|(?<![{_THAI}.])[ตอจ]\.(?=\s*[{_THAI}])|แขวง(?=\s*[\u0e01-\u0e2e])"
)


def _expand(m: re.Match[str]) -> str:
    return _EXPANSIONS[m[0].replace(".", "")]


# Ordinal numbers: the word before the number says what it counts ("หมู่ที่ 3", "ม.3", "ระยะที่ 2").
_ORDINALS = {
    "หมู่ที่": "หมู่",
    "หมู่": "หมู่",
    "ม.": "หมู่",
    "ซอย": "ซอย",
    "ซ.": "ซอย",
    "ระยะที่": "ระยะ",
    "รุ่นที่": "รุ่น",
    "ครั้งที่": "ครั้ง",
    "ตอนที่": "ตอน",
    "ช่วงที่": "ช่วง",
    "แห่งที่": "แห่ง",
    "สายที่": "สาย",
}
# Measures and counts: the unit after the number ("ยาว 1,200 เมตร", "50 คน").
_UNITS = {
    "กิโลเมตร": "กิโลเมตร",
    "กม.": "กิโลเมตร",
    "ตารางเมตร": "ตารางเมตร",
    "ตร.ม.": "ตารางเมตร",
    "ลูกบาศก์เมตร": "ลูกบาศก์เมตร",
    "ลบ.ม.": "ลูกบาศก์เมตร",
    "เมตร": "เมตร",
    "ม.": "เมตร",
    "กิโลกรัม": "กิโลกรัม",
    "กก.": "กิโลกรัม",
    "ครัวเรือน": "ครัวเรือน",
    "เครื่อง": "เครื่อง",
    "หลัง": "หลัง",
    "แห่ง": "แห่ง",
    "ไร่": "ไร่",
    "คน": "คน",
    "ราย": "ราย",
    "บ่อ": "บ่อ",
    "จุด": "จุด",
    "ตัว": "ตัว",
    "กลุ่ม": "กลุ่ม",
    "ชุด": "ชุด",
    "สาย": "สาย",
    "ดาว": "ดาว",
    "ต้น": "ต้น",
    "ตัน": "ตัน",
    "ห้อง": "ห้อง",
    "ชั้น": "ชั้น",
}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_LIST = r"\d+(?:\s*(?:,|และ|-|–|ถึง)\s*\d+)*"
_YEAR = r"(?<!\d)(?:25|20)\d\d(?!\d|[.,]\d)"
# One pass, left to right, so that "ม.3" (village 3) and "200 ม." (200 metres) are told apart by
# which comes first. Every match is removed from the text; ordinals and units are kept as tokens.
# Each branch starts with a word or a digit; the lookahead on those first letters lets the scan
# skip other positions at once (twice as fast).
_NUMBER_STARTS = "".join(sorted({w[0] for w in _ORDINALS} | set("งวจปพค")))
_NUMBERS = re.compile(
    rf"(?=[{_NUMBER_STARTS}0-9])(?:"
    rf"(?P<ordinal>{_alternation(_ORDINALS)})\s*(?P<values>{_LIST})"
    rf"|(?:งบประมาณ|วงเงิน|จำนวนเงิน)\s*(?:จำนวน\s*)?(?:{_NUMBER})(?:\s*(?:ล้าน\s*)?บาท)?"
    rf"|(?:ประจำ)?ปี(?:งบประมาณ|งบ)?\s*(?:[พค]\.ศ\.\s*)?(?:{_YEAR}|\d\d(?!\d|[.,]\d))"
    rf"|[พค]\.ศ\.\s*{_YEAR}"
    rf"|(?P<measure>{_NUMBER})\s*(?P<unit>{_alternation(_UNITS)})"
    rf"|(?:{_NUMBER})\s*(?:ล้าน\s*)?บาท"
    rf"|{_YEAR}"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # a bare number with separators is an amount
    r"|(?P<bare>\d+(?:\.\d+)?))"
)
_BOILERPLATE = re.compile(
    "|".join(
        re.escape(w)
        for w in (
            "ประจำปีงบประมาณ",
            "ปีงบประมาณ",
            "ประจำปี",
            "งบประมาณ",
            "โครงการ",
            "กิจกรรม",
            "วงเงิน",
            "จำนวน",
            "พ.ศ.",
            "ค.ศ.",
        )
    )
)
# Where the work is: administrative areas ("ตำบลบ้านใหม่", "อ.เมือง") and named places or
# features written straight after their word ("บ้านหนองบัว", "น้ำตกห้วยแก้ว", "ฝายห้วยแม่ลาน").
# A name runs from its word to a space, a sign or the next administrative word.
ADMIN_KINDS = ("ตำบล", "อำเภอ", "จังหวัด")
NAMED_KINDS = (
    "บ้าน", "ชุมชน", "ซอย", "น้ำตก", "ดอย", "ฝาย", "ลำห้วย", "ห้วย", "คลอง", "หนอง",
    "อ่างเก็บน้ำ", "บึง", "วัด", "ถ้ำ", "เกาะ", "หาด",
)  # fmt: skip
_NAME = rf"(?:(?!ตำบล|อำเภอ|จังหวัด|หมู่|ชุมชน)[{_THAI}])+"
_PLACES = re.compile(
    rf"(?P<kind>{_alternation(ADMIN_KINDS)})\s*(?P<name>{_NAME})"
    rf"|(?P<near>(?<!หมู่)(?:{_alternation(NAMED_KINDS)}))(?P<near_name>{_NAME})"
)
_NOT_TEXT = re.compile(rf"[^{_THAI}a-z0-9]+")  # signs and spaces, collapsed to one space


@dataclass(frozen=True)
class Normalised:
    """A text ready for comparison: ``text`` without boilerplate, years, amounts or numbers,
    and the distinguishing tokens found in it."""

    text: str
    numbers: frozenset[Token]
    places: frozenset[Token]


def _number(value: str) -> str:
    value = value.replace(",", "")
    return value.rstrip("0").rstrip(".") if "." in value else value.lstrip("0") or "0"


def _ordinal_values(values: str) -> list[str]:
    """ "3, 4 และ 5" → 3, 4, 5; a short range "1-4" → 1, 2, 3, 4."""
    numbers = [int(n) for n in re.findall(r"\d+", values)]
    if len(numbers) == 2 and re.search(r"-|–|ถึง", values) and 0 < numbers[1] - numbers[0] <= 30:
        numbers = list(range(numbers[0], numbers[1] + 1))
    return [str(n) for n in numbers]


def normalise(text: str) -> Normalised:
    """Normalise one text (a title or a description) for comparison."""
    text = fast_normalize(text)
    text = _ABBREVIATIONS.sub(_expand, text)
    numbers: set[Token] = set()

    def take(m: re.Match[str]) -> str:
        if m["ordinal"]:
            kind = _ORDINALS[m["ordinal"]]
            numbers.update((kind, v) for v in _ordinal_values(m["values"]))
        elif m["unit"]:
            numbers.add((_UNITS[m["unit"]], _number(m["measure"])))
        elif m["bare"]:
            numbers.add(("เลข", _number(m["bare"])))
        return " "

    text = _NUMBERS.sub(take, text)
    text = _BOILERPLATE.sub(" ", text)
    places: set[Token] = set()

    def place(m: re.Match[str]) -> str:
        if m["kind"]:
            places.add((m["kind"], m["name"]))
            # Where the work is (subdistrict, district, province) is compared through the area
            # codes and these tokens; left in the text, a long shared address made two different
            # projects of one district look alike.
            return " "
        places.add((m["near"], m["near_name"]))
        return m[0]

    text = _PLACES.sub(place, text)
    text = _NOT_TEXT.sub(" ", text).strip()
    return Normalised(text, frozenset(numbers), frozenset(places))
