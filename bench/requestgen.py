"""Synthetic budget requests with known duplicates, for the duplicate-request benchmark.

Requests are filled from realistic Thai title templates (roads, water, agriculture, OTOP,
tourism, training, ...) over the real DOPA geography (geothai). Planted on top:

* duplicates: a rewrite of another request, as a second agency would file it: "โครงการ"
  added or dropped, the year and amount written differently, words swapped, abbreviations
  (คสล., ม./ต./อ.), Thai digits, a phrase added to or dropped from the description, another
  agency (a department instead of the local government) naming a wider area;
* hard negatives that must NOT be paired: template twins in the same area differing only in the
  village number or the subdistrict name, the same request in another fiscal year, and the
  same group project filed by two provinces.

Everything follows one seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

import geothai

from bench.requesttemplates import (
    EXTRA,
    GROUP_TITLES,
    NAME_HEADS,
    NAME_TAILS,
    PURPOSES,
    SLOTS,
    TEMPLATES,
    YEARS,
    Template,
)
from oneplan.lib.duplicates import Request
from oneplan.lib.thaidate import to_thai_digits


@dataclass(frozen=True)
class Place:
    province_code: str
    province: str
    district_code: str
    district: str
    subdistrict_code: str
    subdistrict: str


@dataclass(frozen=True)
class Draft:
    """A request before it is written out: its template, slots and how it is phrased."""

    template: int
    slots: tuple[tuple[str, str], ...]
    place: Place
    moo: int
    year: int
    agency: str
    codes: tuple[str, ...]
    factor: str
    prefix: bool  # starts with "โครงการ"
    year_style: int
    amount: int | None
    amount_in_title: bool
    location_style: int  # 0 full, 1 without province, 2 abbreviated
    purposes: tuple[int, ...]
    extra: int | None
    has_description: bool = True
    swap: bool = False
    typo: int | None = None
    thai_digits: bool = False
    short_concrete: bool = False


@dataclass(frozen=True)
class Generated:
    requests: list[Request]
    duplicates: set[tuple[str, str]]  # (id_a, id_b), id_a < id_b
    hard_negatives: set[tuple[str, str]]


def _places() -> list[Place]:
    places = []
    for province in geothai.provinces():
        for district in geothai.districts(province.code):
            for sub in geothai.subdistricts(district.code):
                places.append(
                    Place(
                        province.code,
                        province.name_th,
                        district.code,
                        district.name_th,
                        sub.code,
                        sub.name_th,
                    )
                )
    return places


def _name(rng: random.Random) -> str:
    return rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)


class Generator:
    """Draw drafts and turn them into requests; ``generate`` does the whole set."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.places = _places()

    def slots(self, template: Template) -> tuple[tuple[str, str], ...]:
        rng = self.rng
        text = template.title + template.description
        values: dict[str, str] = {}
        for name in re.findall(r"\{(\w+)\}", text):
            if name in values or name in ("province", "district", "subdistrict"):
                continue
            if name in SLOTS:
                values[name] = rng.choice(SLOTS[name])
            elif name in (
                "village",
                "village2",
                "stream",
                "pond",
                "canal",
                "waterfall",
                "mountain",
            ):
                values[name] = _name(rng)
            else:
                values[name] = str(self._number(name))
        return tuple(sorted(values.items()))

    def _number(self, name: str) -> int | str:
        rng = self.rng
        ranges = {
            "width": (4, 8),
            "length": (100, 3000),
            "area": (400, 20000),
            "span": (6, 60),
            "points": (5, 60),
            "children": (30, 120),
            "rai": (5, 300),
            "households": (80, 900),
            "wells": (2, 20),
            "farmers": (20, 300),
            "firms": (10, 80),
            "km": (2, 25),
            "batch": (1, 5),
            "people": (30, 200),
        }
        low, high = ranges[name]
        value = rng.randint(low, high)
        return value - value % 10 if name in ("length", "area") else value

    def draft(self, template_index: int | None = None, year: int | None = None) -> Draft:
        rng = self.rng
        index = rng.randrange(len(TEMPLATES)) if template_index is None else template_index
        template = TEMPLATES[index]
        place = rng.choice(self.places)
        kind = rng.random()
        fill = {
            "province": place.province,
            "district": place.district,
            "subdistrict": place.subdistrict,
        }
        if kind < 0.75:
            agency = rng.choice(template.agencies).format(**fill)
            level = template.level
        else:
            agency = rng.choice(template.departments).format(**fill)
            level = rng.choice(("district", "province"))
        moo = rng.randint(1, 15)
        return Draft(
            template=index,
            slots=self.slots(template),
            place=place,
            moo=moo,
            year=year or rng.choice(YEARS),
            agency=agency,
            codes=self.codes(place, moo, level),
            factor=template.factor if rng.random() < 0.5 else "",
            prefix=rng.random() < 0.6,
            year_style=rng.choice((0, 0, 1, 2, 3)),
            amount=rng.randint(2, 400) * 25_000 if rng.random() < 0.6 else None,
            amount_in_title=rng.random() < 0.3,
            location_style=rng.choice((0, 0, 1, 2)),
            purposes=tuple(rng.sample(range(len(PURPOSES)), rng.randint(1, 2))),
            extra=rng.randrange(len(EXTRA)) if rng.random() < 0.5 else None,
            has_description=rng.random() < 0.92,
        )

    def codes(self, place: Place, moo: int, level: str) -> tuple[str, ...]:
        if level == "village":
            return (
                (f"{place.subdistrict_code}{moo:02d}",)
                if self.rng.random() < 0.5
                else (place.subdistrict_code,)
            )
        return {
            "subdistrict": (place.subdistrict_code,),
            "district": (place.district_code,),
            "province": (place.province_code,),
        }[level]

    def location(self, draft: Draft) -> str:
        template = TEMPLATES[draft.template]
        p = draft.place
        style = draft.location_style
        words = (
            ("หมู่ที่ ", "ตำบล", "อำเภอ", "จังหวัด"),
            ("หมู่ที่ ", "ตำบล", "อำเภอ", ""),
            ("ม.", "ต.", "อ.", "จ."),
        )[style]
        parts = []
        if template.level == "village":
            parts.append(f"{words[0]}{draft.moo}")
        if template.level in ("village", "subdistrict"):
            parts.append(f"{words[1]}{p.subdistrict}")
        if "{district}" not in template.title:
            parts.append(f"{words[2]}{p.district}")
        if words[3]:
            parts.append(f"{words[3]}{p.province}")
        return " ".join(parts)

    def render(self, draft: Draft, request_id: str) -> Request:
        template = TEMPLATES[draft.template]
        p = draft.place
        fill = dict(draft.slots) | {
            "province": p.province,
            "district": p.district,
            "subdistrict": p.subdistrict,
        }
        core = template.title.format(**fill)
        if draft.swap:
            words = core.split(" ")
            core = " ".join(words[1:] + words[:1]) if len(words) > 1 else core
        title = f"{'โครงการ' if draft.prefix else ''}{core} {self.location(draft)}"
        be = draft.year + 543
        title += ("", f" ประจำปีงบประมาณ พ.ศ. {be}", f" ปีงบประมาณ {be}", f" ปี {be}")[
            draft.year_style
        ]
        amount = f"งบประมาณ {draft.amount:,} บาท" if draft.amount else ""
        if amount and draft.amount_in_title:
            title += f" ({amount})"
        description = ""
        if draft.has_description:
            sentences = [template.description.format(**fill)]
            sentences += [PURPOSES[i].format(**fill) for i in draft.purposes]
            if draft.extra is not None:
                sentences.append(EXTRA[draft.extra])
            if amount and not draft.amount_in_title:
                sentences.append(amount)
            description = " ".join(sentences)
        if draft.short_concrete:
            title = title.replace("คอนกรีตเสริมเหล็ก", "คสล.")
        if draft.typo is not None:
            # A slip of the keyboard: one Thai consonant of the title left out.
            letters = [k for k, c in enumerate(title) if "ก" <= c <= "ฮ"]
            k = letters[draft.typo % len(letters)]
            title = title[:k] + title[k + 1 :]
        if draft.thai_digits:
            title = to_thai_digits(title)
        return Request(
            id=request_id,
            title=title,
            description=description,
            area_codes=draft.codes,
            agency=draft.agency,
            fiscal_year=draft.year,
            factor=draft.factor,
        )

    def rewrite(self, draft: Draft) -> Draft:
        """The same work as filed by someone else (2-4 changes)."""
        rng = self.rng
        changes = rng.sample(range(9), rng.randint(2, 4))
        new = draft
        for change in changes:
            if change == 0:
                new = replace(new, prefix=not new.prefix)
            elif change == 1:
                new = replace(
                    new, year_style=rng.choice([s for s in range(4) if s != new.year_style])
                )
            elif change == 2:
                new = replace(
                    new,
                    amount=rng.randint(2, 400) * 25_000
                    if new.amount is None or rng.random() < 0.7
                    else None,
                    amount_in_title=rng.random() < 0.3,
                )
            elif change == 3:
                new = replace(new, swap=True)
            elif change == 4:
                if new.extra is None:
                    new = replace(new, extra=rng.randrange(len(EXTRA)))
                elif rng.random() < 0.2:
                    new = replace(new, has_description=not new.has_description)
                else:
                    new = replace(new, extra=None, purposes=new.purposes[:1])
            elif change == 5:
                template = TEMPLATES[new.template]
                fill = {
                    "province": new.place.province,
                    "district": new.place.district,
                    "subdistrict": new.place.subdistrict,
                }
                agency = rng.choice(template.departments + template.agencies).format(**fill)
                level = rng.choice(("subdistrict", "district", "province"))
                codes = self.codes(new.place, new.moo, level)
                new = replace(new, agency=agency, codes=codes)
            elif change == 6:
                new = replace(
                    new,
                    location_style=rng.choice([s for s in range(3) if s != new.location_style]),
                    short_concrete=True,
                )
            elif change == 7:
                new = replace(new, thai_digits=True)
            else:
                new = replace(new, typo=rng.randrange(1000))
        return new

    def twin(self, draft: Draft) -> Draft:
        """A different piece of work that reads almost the same (hard negative)."""
        rng = self.rng
        template = TEMPLATES[draft.template]
        wide = (
            (draft.place.district_code,) if rng.random() < 0.5 else (draft.place.subdistrict_code,)
        )
        if template.level == "village" and rng.random() < 0.7:
            moo = rng.choice([m for m in range(1, 16) if m != draft.moo])
            codes = (draft.place.subdistrict_code,)
            return replace(draft, moo=moo, codes=codes if rng.random() < 0.5 else wide)
        if template.level in ("village", "subdistrict"):
            others = [
                p
                for p in self.places
                if p.district_code == draft.place.district_code
                and p.subdistrict_code != draft.place.subdistrict_code
            ]
            if others:
                place = rng.choice(others)
                return replace(draft, place=place, codes=(draft.place.district_code,))
        return replace(draft, year=rng.choice([y for y in YEARS if y != draft.year]))

    def group_pair(self, used: set[tuple[str, str, int]]) -> tuple[Request, Request]:
        """The same group project filed by two provinces of a group: not the same work."""
        rng = self.rng
        provinces = sorted({p.province_code for p in self.places})
        products = SLOTS["fruit"] + SLOTS["crop"] + SLOTS["otop"]
        while True:
            title = rng.choice(GROUP_TITLES).format(product=rng.choice(products))
            year = rng.choice(YEARS)
            start = rng.randrange(len(provinces) - 1)
            a, b = provinces[start], provinces[start + 1]
            if (title, a, year) not in used and (title, b, year) not in used:
                used.update({(title, a, year), (title, b, year)})
                break
        names = {p.province_code: p.province for p in self.places}
        description = "ดำเนินการร่วมกันในจังหวัดสมาชิกของกลุ่มจังหวัด " + PURPOSES[1]
        suffix = f" ประจำปีงบประมาณ พ.ศ. {year + 543}"
        return tuple(  # type: ignore[return-value]
            Request(
                id="",
                title=f"โครงการ{title}{suffix}",
                description=description,
                area_codes=(code,),
                agency=f"สำนักงานจังหวัด{names[code]}",
                fiscal_year=year,
            )
            for code in (a, b)
        )


def _key(draft: Draft) -> tuple[object, ...]:
    """What makes a piece of work itself: two drafts with one key are the same work.

    Quantities do not count: two "ส่งเสริมการเลี้ยงแพะ" of one district and year are the same
    request whatever farmer counts they give.
    """
    level = TEMPLATES[draft.template].level
    names = tuple((k, v) for k, v in draft.slots if not v.isdigit())
    place = draft.place
    return (
        draft.template,
        names,
        draft.year,
        place.province_code,
        place.district_code,
        place.subdistrict_code if level in ("village", "subdistrict") else "",
        draft.moo if level == "village" else 0,
    )


def generate(
    count: int,
    *,
    seed: int = 2569,
    duplicate_share: float = 0.03,
    twin_share: float = 0.03,
    group_share: float = 0.005,
) -> Generated:
    """``count`` requests: distinct drafts, then planted duplicates and hard negatives."""
    gen = Generator(seed)
    rng = gen.rng
    planted = int(count * duplicate_share)
    twins = int(count * twin_share)
    groups = int(count * group_share)
    bases = count - planted - twins - 2 * groups
    drafts: list[Draft] = []
    seen: set[tuple[object, ...]] = set()
    while len(drafts) < bases:
        draft = gen.draft()
        if _key(draft) not in seen:
            seen.add(_key(draft))
            drafts.append(draft)
    requests = [gen.render(d, f"R{n:06d}") for n, d in enumerate(drafts)]
    duplicates: set[tuple[str, str]] = set()
    negatives: set[tuple[str, str]] = set()
    next_id = len(requests)

    def add(draft: Draft, source: int, into: set[tuple[str, str]]) -> None:
        nonlocal next_id
        request = gen.render(draft, f"R{next_id:06d}")
        next_id += 1
        requests.append(request)
        into.add((requests[source].id, request.id))

    for source in rng.sample(range(len(drafts)), planted):
        add(gen.rewrite(drafts[source]), source, duplicates)
    while len(negatives) < twins:
        source = rng.randrange(len(drafts))
        twin = gen.twin(drafts[source])
        if _key(twin) not in seen:  # a twin must not be the same work as another request
            seen.add(_key(twin))
            add(twin, source, negatives)
    used: set[tuple[str, str, int]] = set()
    for _ in range(groups):
        a, b = gen.group_pair(used)
        ra, rb = replace(a, id=f"R{next_id:06d}"), replace(b, id=f"R{next_id + 1:06d}")
        next_id += 2
        requests += [ra, rb]
        negatives.add((ra.id, rb.id))
    order = list(range(len(requests)))
    rng.shuffle(order)
    return Generated([requests[i] for i in order], duplicates, negatives)
