"""Find budget requests that are likely the same work.

    pairs = find_pairs(requests)             # fast: blocks + nearest neighbours
    pairs = find_pairs_exhaustive(requests)  # every pair; for checking on samples

Both score pairs the same way (``scoring.score``); the fast one only scores each request's
``top_k`` nearest neighbours within its fiscal year and province (``candidates``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

from oneplan.lib.duplicates import vectors
from oneplan.lib.duplicates.candidates import nearest_pairs
from oneplan.lib.duplicates.normalise import Token, fast_normalize, normalise
from oneplan.lib.duplicates.scoring import (
    Profile,
    Reason,
    ReasonCode,
    Weights,
    comparable,
    is_dopa,
    score,
)
from oneplan.lib.duplicates.tokens import grouped

DEFAULT_THRESHOLD = 0.75  # tuned on bench/requestgen.py: precision 0.998, recall 0.985
DEFAULT_TOP_K = 10
# Candidate search (see find_pairs): grams in more than COMMON_SHARE of the requests (and more
# than COMMON_MIN) are left out of it, and pairs below CANDIDATE_FLOOR are not kept.
COMMON_SHARE = 0.01
COMMON_MIN = 200
CANDIDATE_FLOOR = 0.2


@dataclass(frozen=True)
class Request:
    """A budget request as the engine sees it; ``fiscal_year`` is CE (2026 = ปีงบประมาณ 2569)."""

    id: str
    title: str
    description: str = ""
    area_codes: tuple[str, ...] = ()
    agency: str = ""
    fiscal_year: int | None = None
    factor: str = ""


@dataclass(frozen=True)
class Pair:
    """Two requests judged likely the same work: ``id_a < id_b``; ``score`` and ``text`` in 0..1."""

    id_a: str
    id_b: str
    score: float
    text: float
    reasons: tuple[Reason, ...]

    @property
    def reason(self) -> str:
        """The reasons as one readable line."""
        return "; ".join(str(r) for r in self.reasons)


@dataclass(frozen=True)
class _Prepared:
    profiles: list[Profile]
    titles: sp.csr_matrix
    descriptions: sp.csr_matrix
    text: sp.csr_matrix  # one unit vector per request (title and description mixed)
    tokens: sp.csr_matrix  # numbers and places, one-hot, unit rows


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector: the engine makes millions of small objects, none in a
    cycle, and the collector would walk the growing heap again and again while they are made
    (5 of 17 seconds at 100,000 requests). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=65536)
def _name_key(name: str) -> str:
    """An agency or factor name as compared: normalised, spaces ignored (names repeat a lot)."""
    return fast_normalize(name).replace(" ", "")


def _profile(request: Request, numbers: frozenset[Token], places: frozenset[Token]) -> Profile:
    codes = {c.strip() for c in request.area_codes if c.strip()}
    return Profile(
        fiscal_year=request.fiscal_year,
        areas=tuple(sorted(c for c in codes if is_dopa(c))),
        other_areas=frozenset(c for c in codes if not is_dopa(c)),
        agency=_name_key(request.agency),
        factor=_name_key(request.factor),
        numbers=grouped(numbers),
        places=grouped(places),
    )


def _prepare(requests: Sequence[Request], weights: Weights) -> _Prepared:
    ids = [r.id for r in requests]
    if len(set(ids)) != len(ids):
        raise ValueError("request ids must be unique")
    texts: list[str] = []
    profiles: list[Profile] = []
    cache: dict[str, tuple[str, frozenset[Token], frozenset[Token]]] = {}
    tokens: list[frozenset[Token]] = []
    for request in requests:
        parts = []
        for raw in (request.title, request.description):
            if raw not in cache:
                n = normalise(raw)
                cache[raw] = (n.text, n.numbers, n.places)
            parts.append(cache[raw])
        texts.extend(p[0] for p in parts)
        numbers, places = parts[0][1] | parts[1][1], parts[0][2] | parts[1][2]
        profiles.append(_profile(request, numbers, places))
        tokens.append(numbers | places)
    counts = vectors.gram_counts(texts)
    weighted = vectors.tfidf(counts, rare=max(1, round(len(texts) * weights.rare_share)))
    titles, descriptions = weighted[0::2], weighted[1::2]
    text = vectors.combine(titles, descriptions, weights.title_share)
    return _Prepared(profiles, titles.tocsr(), descriptions.tocsr(), text, vectors.one_hot(tokens))


def _pairs(
    requests: Sequence[Request],
    prepared: _Prepared,
    left: np.ndarray,
    right: np.ndarray,
    text: np.ndarray,
    threshold: float,
    weights: Weights,
) -> list[Pair]:
    """Score candidate pairs (``text`` already computed) and keep those at the threshold."""
    text = np.round(np.clip(text, 0.0, 1.0), 6)
    profiles = prepared.profiles
    hopeful = [
        k
        for k in np.flatnonzero(text + weights.max_bonus >= threshold)
        if comparable(profiles[left[k]], profiles[right[k]])
    ]
    left, right, text = left[hopeful], right[hopeful], text[hopeful]
    replaced = np.round(vectors.unshared(prepared.titles, left, right), 6)
    kept: list[tuple[int, int, float, float, list[Reason]]] = []
    for k in range(len(text)):
        i, j = int(left[k]), int(right[k])
        value, reasons = score(
            float(text[k]),
            profiles[i],
            profiles[j],
            weights,
            replaced=float(replaced[k]),
            floor=threshold,
        )
        if value >= threshold:
            kept.append((i, j, round(value, 6), float(text[k]), reasons))
    if not kept:
        return []
    lefts = np.asarray([k[0] for k in kept])
    rights = np.asarray([k[1] for k in kept])
    title = vectors.row_dots(prepared.titles, lefts, rights)
    description = vectors.row_dots(prepared.descriptions, lefts, rights)
    has_description = np.asarray(prepared.descriptions.getnnz(axis=1) > 0)
    pairs = []
    for n, (i, j, value, similarity, reasons) in enumerate(kept):
        texts = [Reason(ReasonCode.TITLE, f"{title[n]:.2f}")]
        if has_description[i] and has_description[j]:
            texts.append(Reason(ReasonCode.DESCRIPTION, f"{description[n]:.2f}"))
        id_a, id_b = sorted((requests[i].id, requests[j].id))
        pairs.append(Pair(id_a, id_b, value, similarity, (*texts, *reasons)))
    pairs.sort(key=lambda p: (-p.score, p.id_a, p.id_b))
    return pairs


def find_pairs(
    requests: Sequence[Request],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    top_k: int = DEFAULT_TOP_K,
    weights: Weights | None = None,
) -> list[Pair]:
    """Pairs of requests scoring at least ``threshold``, best first (ties by ids).

    Each request is compared with its ``top_k`` most similar requests of the same fiscal year
    (a request without a year: any year) that share an area or lack one.
    """
    weights = weights or Weights()
    if top_k < 1:
        raise ValueError("top_k must be at least 1")
    if len(requests) < 2:
        return []
    with _without_cyclic_gc():
        return _find_pairs(requests, threshold, top_k, weights)


def _find_pairs(
    requests: Sequence[Request], threshold: float, top_k: int, weights: Weights
) -> list[Pair]:
    prepared = _prepare(requests, weights)
    # Candidate vectors: the text vector with the numbers and places appended (weighted), less
    # the grams found in more than COMMON_SHARE of the requests. Those are the template words
    # ("ก่อสร้าง", "ส่งเสริม"): they say little about which requests are the same work, and
    # every pair that shares one costs a multiplication (the product grows with their count
    # squared). The text similarity of each candidate is then computed in full.
    w = weights.token_weight
    candidate = sp.hstack([prepared.text, prepared.tokens * w], format="csr")
    frequency = np.bincount(candidate.indices, minlength=candidate.shape[1])
    rare_columns = np.flatnonzero(frequency <= max(COMMON_MIN, COMMON_SHARE * len(requests)))
    candidate = normalize(candidate[:, rare_columns], norm="l2").astype(np.float32)
    # A low threshold asks for weak pairs too: lower the floor with it.
    floor = max(0.0, min(CANDIDATE_FLOOR, (threshold - weights.max_bonus) / (1.0 + w * w)))
    left, right, _ = nearest_pairs(candidate, prepared.profiles, top_k=top_k, floor=floor)
    text = vectors.row_dots(prepared.text, left, right)
    return _pairs(requests, prepared, left, right, text, threshold, weights)


def find_pairs_exhaustive(
    requests: Sequence[Request],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    weights: Weights | None = None,
    chunk: int = 1000,
) -> list[Pair]:
    """The same scoring over every pair of requests (quadratic: for samples and checks)."""
    weights = weights or Weights()
    if len(requests) < 2:
        return []
    with _without_cyclic_gc():
        prepared = _prepare(requests, weights)
        lefts, rights, texts = [], [], []
        floor = threshold - weights.max_bonus
        transposed = prepared.text.T.tocsc()
        for start in range(0, len(requests), chunk):
            block = (prepared.text[start : start + chunk] @ transposed).toarray()
            rows, columns = np.nonzero(block >= floor - 1e-6)
            above = columns > rows + start
            lefts.append(rows[above] + start)
            rights.append(columns[above])
            texts.append(block[rows[above], columns[above]])
        left, right = np.concatenate(lefts), np.concatenate(rights)
        text = np.concatenate(texts).astype(np.float64)
        return _pairs(requests, prepared, left, right, text, threshold, weights)
