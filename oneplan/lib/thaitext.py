"""Thai text helpers for search and comparison: normalisation and word segmentation.

Databases do not segment Thai (no spaces between words), so OnePlan stores a pre-segmented,
space-joined copy of every searchable text and segments queries the same way.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

# A missing corpus must fail loudly instead of reaching for the network.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

from pythainlp.tokenize import word_tokenize
from pythainlp.util import normalize as _thai_normalize

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_DIGITS_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_SPACES = re.compile(r"\s+")

# Administrative prefixes people type before a name ("อำเภอบางกรวย") that the stored name lacks.
ADMIN_PREFIXES: tuple[str, ...] = (
    "กรุงเทพมหานคร",
    "จังหวัด",
    "จ.",
    "กิ่งอำเภอ",
    "อำเภอ",
    "อ.",
    "เขต",
    "ตำบล",
    "ต.",
    "แขวง",
    "หมู่บ้าน",
    "บ้าน",
    "กลุ่มจังหวัด",
)
_NOISE_TOKENS = frozenset(p for p in ADMIN_PREFIXES if p != "กรุงเทพมหานคร") | {"ภาค"}


def normalize(text: str) -> str:
    """Return ``text`` in one canonical form: NFC, Thai digits as Arabic, Thai vowel order fixed,
    whitespace collapsed, Latin letters lower-cased."""
    text = unicodedata.normalize("NFC", text).translate(_DIGITS_TO_ARABIC)
    text = _thai_normalize(text)
    return _SPACES.sub(" ", text).strip().casefold()


@lru_cache(maxsize=4096)
def segment(text: str) -> tuple[str, ...]:
    """Split normalised ``text`` into words (Thai by dictionary, other scripts by spaces)."""
    words = word_tokenize(normalize(text), engine="nlpo3", keep_whitespace=False)
    return tuple(w for w in (w.strip() for w in words) if w)


def search_document(*texts: str) -> str:
    """Build the text stored beside a record for searching: its words, segmented and joined
    by spaces, then the normalised texts whole, so a query word is found even where the
    dictionary cut the stored text differently ("ผลผลิตทุเรียนต่อไร่" segments as
    "ผลผลิต ทุ เรียนต่อ ไร่", yet "ทุเรียน" must find it)."""
    words: list[str] = []
    whole: list[str] = []
    for text in texts:
        if text:
            words.extend(segment(text))
            whole.append(normalize(text))
    return " ".join([*words, "|", *whole]) if words else ""


def query_terms(query: str) -> list[str]:
    """Segment a user's query into terms that must all appear, dropping administrative prefixes."""
    terms = [w for w in segment(query) if w not in _NOISE_TOKENS and w != "-"]
    return terms or list(segment(query))
