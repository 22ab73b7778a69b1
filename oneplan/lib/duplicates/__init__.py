"""Duplicate budget requests: pairs of requests that are likely the same work, with a score
and the reasons for it. Plain Python (no Django): the ``find-duplicates`` command and the web
feature both call ``find_pairs``."""

from __future__ import annotations

from oneplan.lib.duplicates.csvio import RequestFileError, read_requests, write_pairs
from oneplan.lib.duplicates.engine import (
    DEFAULT_THRESHOLD,
    DEFAULT_TOP_K,
    Pair,
    Request,
    find_pairs,
    find_pairs_exhaustive,
)
from oneplan.lib.duplicates.scoring import Reason, ReasonCode, Weights

__all__ = [
    "DEFAULT_THRESHOLD",
    "DEFAULT_TOP_K",
    "Pair",
    "Reason",
    "ReasonCode",
    "Request",
    "RequestFileError",
    "Weights",
    "find_pairs",
    "find_pairs_exhaustive",
    "read_requests",
    "write_pairs",
]
