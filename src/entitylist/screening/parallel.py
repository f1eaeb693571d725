"""Screening many parties on every core: forked workers that share the loaded index.

The index is put in a module global just before the pool forks, so every worker inherits it
copy-on-write: nothing is pickled or rebuilt per worker. Only queries go out and matches
come back; results are built in the parent by the same `ScreenPlan`, so they equal what
`plan.run` gives. Used by batch files (`screen-file`) and monitoring runs.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from entitylist.matching import Match, MatchIndex, Query
from entitylist.screening.models import Party, ScreeningResult
from entitylist.screening.screener import ScreenPlan

Chunk = TypeVar("Chunk")

# The workers' only state, inherited through fork (see the module docstring).
_WORKER_INDEX: MatchIndex | None = None


def _search(args: tuple[list[Query], float, int]) -> list[list[Match]]:
    queries, threshold, limit = args
    assert _WORKER_INDEX is not None, "worker started without the parent's index"
    return _WORKER_INDEX.search_many(queries, threshold=threshold, limit=limit)


def screen_chunks(
    plan: ScreenPlan,
    chunks: Iterable[Chunk],
    parties_of: Callable[[Chunk], Sequence[Party]],
    *,
    workers: int = 1,
) -> Iterator[tuple[Chunk, list[ScreeningResult]]]:
    """Each chunk with its results, in input order. With `workers > 1`, chunks are screened
    in forked processes, at most four per worker in flight (bounded memory on big files)."""
    global _WORKER_INDEX
    if workers <= 1:
        for chunk in chunks:
            yield chunk, plan.run(parties_of(chunk))
        return
    _WORKER_INDEX = plan.loaded.index
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            in_flight: deque[tuple[Chunk, Sequence[Party], Future[list[list[Match]]]]] = deque()
            for chunk in chunks:
                parties = parties_of(chunk)
                job = (plan.queries(parties), plan.thresholds.review, plan.limit)
                in_flight.append((chunk, parties, pool.submit(_search, job)))
                if len(in_flight) >= workers * 4:
                    done, done_parties, future = in_flight.popleft()
                    yield done, plan.results(done_parties, future.result())
            while in_flight:
                done, done_parties, future = in_flight.popleft()
                yield done, plan.results(done_parties, future.result())
    finally:
        _WORKER_INDEX = None


def screen_parties(
    plan: ScreenPlan,
    parties: Sequence[Party],
    *,
    workers: int = 1,
    chunk_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> list[ScreeningResult]:
    """Results in the order of `parties`, the same as `plan.run(parties)` would give."""
    chunks = [parties[i : i + chunk_size] for i in range(0, len(parties), chunk_size)]
    results: list[ScreeningResult] = []
    for chunk, found in screen_chunks(
        plan, chunks, lambda c: c, workers=workers if len(chunks) > 1 else 1
    ):
        results.extend(found)
        if progress is not None:
            progress(len(chunk))
    return results
