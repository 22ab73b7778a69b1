"""Texts as TF-IDF vectors of character 3-grams, and distinguishing tokens as one-hot vectors.

Character grams need no word segmentation and survive spelling and spacing variants, word order
changes and abbreviations. scikit-learn's ``char`` analyzer builds the grams in Python (≈6 s for
the 200,000 titles and descriptions of 100,000 requests on the benchmark machine); here numpy
codes each character as a small integer and each 3-gram as one number (≈2 s). The weighting
(sublinear TF, smoothed IDF, L2 norm) is scikit-learn's ``TfidfTransformer``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfTransformer  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

GRAM = 3
_SEPARATOR = "\x00"
_CHUNK = 20_000  # texts per pass: bounds the memory of the position arrays
_BITMAP_LIMIT = 1 << 27  # up to this many possible grams, compact their ids with a bitmap


def _points(texts: Sequence[str]) -> np.ndarray:
    """The texts' code points (spaces dropped), each text followed by a separator (0)."""
    joined = _SEPARATOR + _SEPARATOR.join(t.replace(" ", "") for t in texts) + _SEPARATOR
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)


def _chunk_counts(points: np.ndarray, char_ids: np.ndarray, size: int, rows: int) -> sp.csr_matrix:
    """Counts for one chunk, with the raw gram number (``size``-ary) as column."""
    chars = char_ids[points]
    first, second, third = chars[:-2], chars[1:-1], chars[2:]
    valid = (first != 0) & (second != 0) & (third != 0)  # grams inside one text
    doc = np.cumsum(first == 0, dtype=np.int64)[valid] - 1  # the text each gram starts in
    grams = ((first[valid] * size + second[valid]) * size + third[valid]).astype(np.int64)
    # Sorting (text, gram) keys puts equal grams of a text together; positions are already in
    # text order, so the sort is quick (scipy's COO to CSR conversion took twice as long).
    keys = np.sort(doc * size**GRAM + grams)
    if not len(keys):  # no text of three characters or more
        return sp.csr_matrix((rows, size**GRAM), dtype=np.float32)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    counts = np.diff(np.append(starts, len(keys))).astype(np.float32)
    unique = keys[starts]
    indptr = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(unique // size**GRAM, minlength=rows), out=indptr[1:])
    matrix = sp.csr_matrix((counts, unique % size**GRAM, indptr), shape=(rows, size**GRAM))
    matrix.has_canonical_format = True
    return matrix


def gram_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """How often each character 3-gram occurs in each text (spaces ignored), one row per text.

    Columns are the grams that occur at all, in a fixed order; texts shorter than three
    characters have an empty row.
    """
    if not texts:
        return sp.csr_matrix((0, 0), dtype=np.float32)
    chunks = [texts[i : i + _CHUNK] for i in range(0, len(texts), _CHUNK)]
    seen = np.zeros(0x110000, dtype=bool)
    for chunk in chunks:
        seen[_points(chunk)] = True
    seen[0] = True
    char_ids = np.cumsum(seen, dtype=np.int64) - 1  # dense ids; the separator is 0
    size = int(char_ids[-1]) + 1
    counts = sp.vstack(
        [_chunk_counts(_points(c), char_ids, size, len(c)) for c in chunks], format="csr"
    )
    # Keep only the columns of grams that occur.
    if size**GRAM <= _BITMAP_LIMIT:
        used = np.zeros(size**GRAM, dtype=bool)
        used[counts.indices] = True
        columns = (np.cumsum(used, dtype=np.int64) - 1)[counts.indices]
        width = int(used.sum())
    else:
        kept, columns = np.unique(counts.indices, return_inverse=True)
        width = len(kept)
    # At least one column, so that an input of very short texts still has a (zero) vector.
    result = sp.csr_matrix(
        (counts.data, columns.astype(np.int32), counts.indptr), shape=(len(texts), max(width, 1))
    )
    result.has_canonical_format = True
    return result


def tfidf(counts: sp.csr_matrix, rare: int = 1) -> sp.csr_matrix:
    """TF-IDF rows (L2-normalised) of ``counts``; grams in fewer than ``rare`` texts weigh as if
    they were in ``rare`` (a typing slip makes grams found nowhere else, which would otherwise
    outweigh every real word)."""
    transformer = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
    transformer.fit(counts)
    if rare > 1:
        texts = counts.shape[0]
        transformer.idf_ = np.minimum(transformer.idf_, np.log((1 + texts) / (1 + rare)) + 1)
    result: sp.csr_matrix = transformer.transform(counts).astype(np.float32).tocsr()
    return result


def combine(
    titles: sp.csr_matrix, descriptions: sp.csr_matrix, title_share: float
) -> sp.csr_matrix:
    """One unit vector per request: the title's and the description's vectors mixed by
    ``title_share`` (a request without a description is its title alone)."""
    mixed = (titles * title_share + descriptions * (1.0 - title_share)).tocsr()
    result: sp.csr_matrix = normalize(mixed, norm="l2", copy=False).astype(np.float32)
    return result


def one_hot(token_sets: Sequence[Iterable[object]]) -> sp.csr_matrix:
    """Unit rows with one column per distinct token (an empty set gives an empty row)."""
    vocabulary: dict[object, int] = {}
    indptr = [0]
    indices: list[int] = []
    for tokens in token_sets:
        row = sorted({vocabulary.setdefault(t, len(vocabulary)) for t in tokens})
        indices.extend(row)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    matrix = sp.csr_matrix(
        (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
        shape=(len(token_sets), max(len(vocabulary), 1)),
    )
    result: sp.csr_matrix = normalize(matrix, norm="l2", copy=False)
    return result


def row_dots(
    matrix: sp.csr_matrix, left: np.ndarray, right: np.ndarray, other: sp.csr_matrix | None = None
) -> np.ndarray:
    """``matrix[left[k]] · other[right[k]]`` (``other`` defaults to ``matrix``) for every k,
    in chunks to bound memory."""
    other = matrix if other is None else other
    out = np.empty(len(left), dtype=np.float64)
    step = 50_000  # pairs per chunk: two row copies of ~150 grams each, ~120 MB
    for start in range(0, len(left), step):
        a = matrix[left[start : start + step]]
        b = other[right[start : start + step]]
        out[start : start + step] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def unshared(matrix: sp.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """For unit rows: the smaller of the two rows' squared weight on columns the other row
    lacks. A word dropped from one text leaves the other fully covered (0); a word replaced
    by another ("ทุเรียน" by "มังคุด") leaves both sides with weight of their own."""
    squares = matrix.multiply(matrix).tocsr()
    present = matrix.copy()
    present.data = np.ones_like(present.data)
    lacking_left = 1.0 - row_dots(squares, left, right, present)
    lacking_right = 1.0 - row_dots(squares, right, left, present)
    empty = (matrix.getnnz(axis=1)[left] == 0) | (matrix.getnnz(axis=1)[right] == 0)
    return np.where(empty, 0.0, np.clip(np.minimum(lacking_left, lacking_right), 0.0, 1.0))
