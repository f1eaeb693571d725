"""Screening many parties on every core: forked workers that share the loaded index.

The plan (its index and ownership pass) is put in a module global just before the pool
forks, so every worker inherits it copy-on-write: nothing is pickled or rebuilt per worker.
Only queries go out and matches (by name, and in the ownership pass) come back; results are
built in the parent by the same `ScreenPlan`, so they equal what `plan.run` gives. Used by
batch files (`screen-file`), monitoring runs and the ownership pass's owner matching.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol, TypeVar

from entitylist.chunks import in_chunks
from entitylist.matching import Match, MatchIndex, Query
from entitylist.screening.models import Party, ScreeningResult
from entitylist.screening.screener import ScreenPlan

Chunk = TypeVar("Chunk")

# The workers' only state, inherited through fork (see the module docstring).
_WORKER_INDEX: MatchIndex | None = None
_WORKER_PLAN: ScreenPlan | None = None

Found = tuple[list[list[Match]], list[list[Match]] | None]


class Engine(Protocol):
    """Where a run's matching happens: like `screen_chunks`, each chunk with its results in
    input order, built by `plan.results` (the Spark engine, `screening.spark`)."""

    @property
    def name(self) -> str:
        """How the run's audit event names the engine."""

    def __call__(
        self,
        plan: ScreenPlan,
        chunks: Iterable[Chunk],
        parties_of: Callable[[Chunk], Sequence[Party]],
    ) -> Iterator[tuple[Chunk, list[ScreeningResult]]]: ...


def _search(args: tuple[list[Query], float, int]) -> list[list[Match]]:
    queries, threshold, limit = args
    assert _WORKER_INDEX is not None, "worker started without the parent's index"
    return _WORKER_INDEX.search_many(queries, threshold=threshold, limit=limit)


def _screen(queries: list[Query]) -> Found:
    plan = _WORKER_PLAN
    assert plan is not None, "worker started without the parent's plan"
    return _found(plan, queries)


def _found(plan: ScreenPlan, queries: list[Query]) -> Found:
    """A chunk's name matches and, with ownership data, its matches in the ownership pass
    (right after, so the query's normalised forms are reused)."""
    found = plan.loaded.index.search_many(
        queries, threshold=plan.thresholds.review, limit=plan.limit
    )
    return found, plan.affiliate_search(queries)


def _results(
    plan: ScreenPlan, parties: Sequence[Party], queries: list[Query], found: Found
) -> list[ScreeningResult]:
    """The chunk's results; its parties' ownership matches are learnt for later runs."""
    if plan.affiliates is not None and found[1] is not None:
        plan.affiliates.learn(queries, found[1], plan.thresholds)
    return plan.results(parties, *found)


def screen_chunks(
    plan: ScreenPlan,
    chunks: Iterable[Chunk],
    parties_of: Callable[[Chunk], Sequence[Party]],
    *,
    workers: int = 1,
) -> Iterator[tuple[Chunk, list[ScreeningResult]]]:
    """Each chunk with its results, in input order. With `workers > 1`, chunks are screened
    in forked processes, at most four per worker in flight (bounded memory on big files)."""
    if workers <= 1:
        for chunk in chunks:
            parties = parties_of(chunk)
            queries = plan.queries(parties)
            yield chunk, _results(plan, parties, queries, _found(plan, queries))
    else:
        yield from _screen_forked(plan, chunks, parties_of, workers)
    if plan.affiliates is not None:
        plan.affiliates.keep()  # a finished run's ownership matches, for later runs


def _screen_forked(
    plan: ScreenPlan,
    chunks: Iterable[Chunk],
    parties_of: Callable[[Chunk], Sequence[Party]],
    workers: int,
) -> Iterator[tuple[Chunk, list[ScreeningResult]]]:
    global _WORKER_PLAN
    _WORKER_PLAN = plan
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            in_flight: deque[tuple[Chunk, Sequence[Party], list[Query], Future[Found]]] = deque()
            for chunk in chunks:
                parties = parties_of(chunk)
                queries = plan.queries(parties)
                in_flight.append((chunk, parties, queries, pool.submit(_screen, queries)))
                if len(in_flight) >= workers * 4:
                    done, done_parties, done_queries, future = in_flight.popleft()
                    yield done, _results(plan, done_parties, done_queries, future.result())
            while in_flight:
                done, done_parties, done_queries, future = in_flight.popleft()
                yield done, _results(plan, done_parties, done_queries, future.result())
    finally:
        _WORKER_PLAN = None


def screen_parties(
    plan: ScreenPlan,
    parties: Sequence[Party],
    *,
    workers: int = 1,
    chunk_size: int = 500,
    progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> list[ScreeningResult]:
    """Results in the order of `parties`, the same as `plan.run(parties)` would give;
    `engine` screens them elsewhere (Spark) instead of on `workers` local processes."""
    chunks = list(in_chunks(parties, chunk_size))
    results: list[ScreeningResult] = []
    screened = (
        engine(plan, chunks, _same)
        if engine is not None
        else screen_chunks(plan, chunks, _same, workers=workers if len(chunks) > 1 else 1)
    )
    for chunk, found in screened:
        results.extend(found)
        if progress is not None:
            progress(len(chunk))
    return results


def _same(chunk: Sequence[Party]) -> Sequence[Party]:
    return chunk


def search_many(
    index: MatchIndex,
    queries: Sequence[Query],
    *,
    threshold: float,
    limit: int,
    workers: int = 1,
    chunk_size: int = 500,
) -> list[list[Match]]:
    """`index.search_many(queries)` spread over forked workers that inherit `index` (the
    ownership pass's owner queries), in the order of `queries`."""
    global _WORKER_INDEX
    chunks = [list(chunk) for chunk in in_chunks(queries, chunk_size)]
    if workers <= 1 or len(chunks) <= 1:
        return index.search_many(queries, threshold=threshold, limit=limit)
    previous, _WORKER_INDEX = _WORKER_INDEX, index
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            jobs = [(chunk, threshold, limit) for chunk in chunks]
            return [found for part in pool.map(_search, jobs) for found in part]
    finally:
        _WORKER_INDEX = previous
