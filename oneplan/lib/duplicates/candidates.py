"""Candidate pairs: each request's nearest neighbours by cosine, found block by block.

Only requests that could be the same work are compared (``scoring.comparable``): the same fiscal
year, and an area in common when both name one. So each fiscal year is split by province: a
province's requests are compared with each other and with the requests that name no DOPA area
(which are compared with the whole year). Within a block, sparse-dot-topn multiplies the vectors
and keeps each row's ``top_k`` best above a floor, without ever holding the full product.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sparse_dot_topn import sp_matmul_topn  # type: ignore[import-untyped]

from oneplan.lib.duplicates.scoring import Profile


def blocks(profiles: Sequence[Profile]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(rows, columns) index arrays to compare: every comparable pair falls in some block."""
    by_year: dict[int, list[int]] = defaultdict(list)
    yearless: list[int] = []
    for index, profile in enumerate(profiles):
        if profile.fiscal_year is None:
            yearless.append(index)
        else:
            by_year[profile.fiscal_year].append(index)
    groups = [by_year[y] + yearless for y in sorted(by_year)] or [yearless]
    for members in groups:
        by_province: dict[str, list[int]] = defaultdict(list)
        anywhere: list[int] = []
        for index in members:
            provinces = profiles[index].provinces
            if not provinces:
                anywhere.append(index)
            for province in provinces:
                by_province[province].append(index)
        for province in sorted(by_province):
            rows = by_province[province]
            yield np.asarray(rows), np.asarray(rows + anywhere)
        if anywhere:
            yield np.asarray(anywhere), np.asarray(members)


def nearest_pairs(
    vectors: sp.csr_matrix, profiles: Sequence[Profile], *, top_k: int, floor: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) where j is among i's ``top_k`` nearest in a block, or i among j's, with a
    cosine above ``floor``; returns (i, j, cosine) sorted by (i, j)."""
    size = vectors.shape[0]
    keys: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for rows, columns in blocks(profiles):
        if len(columns) < 2:
            continue
        product = sp_matmul_topn(
            vectors[rows], vectors[columns].T.tocsr(), top_n=top_k + 1, threshold=floor
        ).tocoo()
        left, right = rows[product.row], columns[product.col]
        keep = left != right
        left, right = left[keep], right[keep]
        keys.append(np.minimum(left, right).astype(np.int64) * size + np.maximum(left, right))
        values.append(product.data[keep])
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float64)
    unique, first = np.unique(np.concatenate(keys), return_index=True)
    cosine = np.concatenate(values)[first].astype(np.float64)
    return unique // size, unique % size, cosine
