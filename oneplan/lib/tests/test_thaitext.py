"""Thai search text: what is stored beside a record, and how queries match it."""

from __future__ import annotations

from oneplan.lib.thaitext import query_terms, search_document, segment


def matches(document: str, query: str) -> bool:
    """The rule ``core.search.search_names`` applies in SQL (every term, case-insensitive)."""
    return all(term.casefold() in document.casefold() for term in query_terms(query))


def test_a_word_the_dictionary_cut_differently_is_still_found():
    text = "ผลผลิตทุเรียนต่อไร่"
    assert "ทุเรียน" not in segment(text)  # the segmenter cuts ทุ|เรียนต่อ here
    assert matches(search_document(text), "ทุเรียน")
    assert matches(search_document(text), "ผลผลิต ไร่")


def test_every_term_must_appear():
    document = search_document("มูลค่าการจำหน่ายสินค้า OTOP")
    assert matches(document, "สินค้า otop")
    assert not matches(document, "สินค้า เกษตร")


def test_thai_digits_and_spacing_are_normalised():
    document = search_document("แผนพัฒนาจังหวัด  พ.ศ. ๒๕๖๖")
    assert "2566" in document
    assert matches(document, "แผนพัฒนา 2566")


def test_empty_texts_store_nothing():
    assert search_document("", "") == ""
