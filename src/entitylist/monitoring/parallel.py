"""Screening many parties with forked workers that share the parent's loaded index.

The index is set in a module global just before the pool forks, so every worker inherits
it copy-on-write: nothing is pickled or rebuilt per worker. Only queries go out and matches
come back. (The same scheme as `screening.batch`, for an in-memory list of parties.)
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from entitylist.matching import Match, MatchIndex, Query
from entitylist.screening import Party, ScreeningResult
from entitylist.screening.screener import ScreenPlan

CHUNK = 500

_WORKER_INDEX: MatchIndex | None = None


def _search(args: tuple[list[Query], float, int]) -> list[list[Match]]:
    queries, threshold, limit = args
    assert _WORKER_INDEX is not None, "worker started without the parent's index"
    return _WORKER_INDEX.search_many(queries, threshold=threshold, limit=limit)


def screen_parties(
    plan: ScreenPlan,
    parties: Sequence[Party],
    *,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[ScreeningResult]:
    """Results in the order of `parties`, the same as `plan.run(parties)` would give."""
    global _WORKER_INDEX
    if not parties:
        return []
    chunks = [list(parties[i : i + CHUNK]) for i in range(0, len(parties), CHUNK)]
    results: list[ScreeningResult] = []
    if workers <= 1 or len(chunks) == 1:
        for chunk in chunks:
            results.extend(plan.run(chunk))
            if progress is not None:
                progress(len(chunk))
        return results
    _WORKER_INDEX = plan.loaded.index
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [
                pool.submit(_search, (plan.queries(chunk), plan.thresholds.review, plan.limit))
                for chunk in chunks
            ]
            for chunk, future in zip(chunks, futures, strict=True):
                results.extend(plan.results(chunk, future.result()))
                if progress is not None:
                    progress(len(chunk))
    finally:
        _WORKER_INDEX = None
    return results
