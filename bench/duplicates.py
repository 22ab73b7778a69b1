"""Duplicate budget requests: the engine on 100,000 synthetic requests with planted duplicates
(target 60 s, precision and recall ≥ 0.9), and on a 5,000-request set against scoring every
pair with the same function. Needs no database."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable

from bench.plans import Result
from bench.requestgen import Generated, generate
from oneplan.lib.duplicates import Pair, find_pairs, find_pairs_exhaustive

SIZE = 100_000
SAMPLE = 5_000
TARGET = 60.0
GOAL = 0.9  # precision and recall on the planted pairs


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _best(work: Callable[[], list[Pair]], runs: int) -> tuple[float, list[Pair]]:
    best, pairs = float("inf"), []
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        pairs = work()
        best = min(best, time.perf_counter() - started)
    return best, pairs


def _quality(pairs: list[Pair], generated: Generated) -> str:
    found = {(p.id_a, p.id_b) for p in pairs}
    hits = len(found & generated.duplicates)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(generated.duplicates)
    twins = len(found & generated.hard_negatives)

    def mark(value: float) -> str:
        return "✓" if value >= GOAL else "✗"

    return (
        f"precision {precision:.3f} {mark(precision)}, recall {recall:.3f} {mark(recall)} "
        f"(≥ {GOAL}) on {len(generated.duplicates):,} planted pairs; {len(found):,} pairs found, "
        f"{twins} of {len(generated.hard_negatives):,} hard negatives"
    )


def run(heavy: int = 2) -> list[Result]:
    # The 5,000 set first: the exhaustive run's dense blocks must not inflate the big run's peak.
    sample = generate(SAMPLE, seed=68)
    fast_seconds, fast = _best(lambda: find_pairs(sample.requests), heavy)
    brute_seconds, brute = _best(lambda: find_pairs_exhaustive(sample.requests), heavy)
    fast_set = {(p.id_a, p.id_b) for p in fast}
    brute_set = {(p.id_a, p.id_b) for p in brute}
    agreement = len(fast_set & brute_set) / len(brute_set) if brute_set else 1.0
    extra = len(fast_set - brute_set)

    generated = generate(SIZE)
    before = _peak_mib()
    seconds, pairs = _best(lambda: find_pairs(generated.requests), heavy)
    peak = _peak_mib()
    # Every pair is scored in the exhaustive run, so its time grows with the square of the size.
    extrapolated = brute_seconds * (SIZE / SAMPLE) ** 2
    return [
        Result(
            f"find duplicates: {SIZE:,} requests",
            seconds,
            f"every pair scored, extrapolated from the {SAMPLE:,} run (×{(SIZE // SAMPLE) ** 2})",
            extrapolated,
            TARGET,
            f"{_quality(pairs, generated)}; peak RSS {peak:,.0f} MiB "
            f"(+{max(0.0, peak - before):,.0f} MiB in the run)",
        ),
        Result(
            f"find duplicates: {SAMPLE:,} requests",
            fast_seconds,
            "every pair scored with the same function (find_pairs_exhaustive)",
            brute_seconds,
            1e9,
            f"finds {agreement:.3f} of the {len(brute_set):,} pairs scoring ≥ threshold "
            f"{'✓' if agreement >= GOAL else '✗'}, {extra} others; {_quality(fast, sample)}",
        ),
    ]
