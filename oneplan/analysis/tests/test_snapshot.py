"""A kept result names its criteria in the reader's language, and a committee's label as typed."""

from __future__ import annotations

from django.utils import translation

from oneplan.analysis.snapshot import shown_label


def test_a_criterion_is_named_in_the_readers_language() -> None:
    kept = {"key": "lq", "label": "ค่าสัมประสิทธิ์การกระจุกตัว (LQ)", "custom_label": ""}
    with translation.override("en"):
        assert shown_label(kept) == "Location quotient"
    with translation.override("th"):
        assert shown_label(kept) != "Location quotient"
        assert "LQ" in shown_label(kept)


def test_a_typed_label_is_shown_as_typed() -> None:
    kept = {"key": "manual", "label": "ศักยภาพทางการตลาด", "custom_label": "ศักยภาพทางการตลาด"}
    with translation.override("en"):
        assert shown_label(kept) == "ศักยภาพทางการตลาด"


def test_an_older_result_without_a_known_key_keeps_its_label() -> None:
    assert shown_label({"key": "retired", "label": "เกณฑ์เดิม"}) == "เกณฑ์เดิม"
