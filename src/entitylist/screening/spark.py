"""Screening in Spark executors: the same engine, on as many machines as the cluster has.

Only the matching runs in the executors; the driver reads the input (the same readers, so
every bad row is reported with its line as locally), checks the lists (fail closed before
Spark starts), builds each result with the same `ScreenPlan.results` and writes the output
with the same writer, so the output is byte for byte what the local engine writes.

The index is shipped once per executor: the driver adds its cached index file to the job
(`SparkContext.addFile`, which every executor fetches once and keeps for the application),
and each Python worker loads it from there the first time it screens a partition and keeps
it for the partitions after (Spark reuses its Python workers). A broadcast would send the
same bytes through the driver's memory as one pickled value and unpickle it per worker too;
the file is already on disk, so the driver never holds a second copy. A worker checks the
engine version and the size of what it loaded against the driver's, so an executor with
another release installed fails the run rather than screen differently.

Rows go out in waves of partitions (bounded memory on the driver however big the file), two
waves in flight so that the executors screen one while the driver writes the last. The
ownership pass, when ownership data is loaded, runs in the driver (`ScreenPlan.results`).
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from entitylist.errors import EntitylistError
from entitylist.matching import ENGINE_VERSION, Match, MatchIndex, Query
from entitylist.screening.index_cache import freeze_heap, gc_paused
from entitylist.screening.models import Party, ScreeningResult
from entitylist.screening.screener import ScreenPlan

if TYPE_CHECKING:
    from pyspark import SparkContext

Chunk = TypeVar("Chunk")

PARTITION_ROWS = 2_000
"""Names per Spark task: at about 2,000 names/s per core a task runs for a second or so,
far above Spark's per-task cost (tens of milliseconds), and small enough to balance."""
WAVE_TASKS_PER_CORE = 4
"""Tasks per core in one wave: enough that a slow task does not leave the others idle."""

# Each Python worker's index, loaded on its first partition and kept for the next ones.
_WORKER_INDEX: dict[str, MatchIndex] = {}


class SparkUnavailable(EntitylistError):
    """The Spark engine was asked for where pyspark (the `spark` extra) or Java is missing."""

    code = "spark_unavailable"


@dataclass(frozen=True)
class _Job:
    """What every task of a run needs besides its queries (small: pickled per task)."""

    file: str
    entries: int
    engine_version: str
    threshold: float
    limit: int


@dataclass(frozen=True)
class SparkEngine:
    """Screens chunks in Spark; a drop-in for `parallel.screen_chunks` (`Engine`).

    `master`: a Spark master URL (`local[2]`, `yarn`, `k8s://...`, `spark://...`); None
    takes the one spark-submit or the cluster's configuration gives. `index_file`: the
    cached index file of the plan's snapshots (written to a temporary file when absent).
    `conf`: more Spark settings (`spark.executor.memory`, ...)."""

    master: str | None = None
    index_file: Path | None = None
    conf: Mapping[str, str] = field(default_factory=dict)
    partition_rows: int = PARTITION_ROWS

    @property
    def name(self) -> str:
        return f"spark ({self.master})" if self.master else "spark"

    def __call__(
        self,
        plan: ScreenPlan,
        chunks: Iterable[Chunk],
        parties_of: Callable[[Chunk], Sequence[Party]],
    ) -> Iterator[tuple[Chunk, list[ScreeningResult]]]:
        with self._context() as sc, self._index_file(plan) as path:
            sc.addFile(str(path))
            job = _Job(
                path.name,
                len(plan.loaded.index),
                ENGINE_VERSION,
                plan.thresholds.review,
                plan.limit,
            )
            wave_rows = self.partition_rows * WAVE_TASKS_PER_CORE * sc.defaultParallelism
            yield from self._waves(sc, job, plan, _waves(chunks, parties_of, wave_rows), parties_of)

    def _waves(
        self,
        sc: SparkContext,
        job: _Job,
        plan: ScreenPlan,
        waves: Iterator[list[Chunk]],
        parties_of: Callable[[Chunk], Sequence[Party]],
    ) -> Iterator[tuple[Chunk, list[ScreeningResult]]]:
        # One thread submits the Spark jobs, so the executors screen the next wave while
        # this thread builds and writes the results of the last.
        with ThreadPoolExecutor(max_workers=1) as pool:
            in_flight: deque[tuple[list[Chunk], Future[list[list[Match]]]]] = deque()
            for wave in waves:
                queries = [q for chunk in wave for q in plan.queries(parties_of(chunk))]
                in_flight.append((wave, pool.submit(self._search, sc, job, queries)))
                if len(in_flight) >= 2:
                    yield from _results(plan, parties_of, *in_flight.popleft())
            while in_flight:
                yield from _results(plan, parties_of, *in_flight.popleft())

    def _search(self, sc: SparkContext, job: _Job, queries: list[Query]) -> list[list[Match]]:
        slices = max(1, -(-len(queries) // self.partition_rows))
        task = functools.partial(search_partition, job)
        try:
            found: list[list[Match]] = sc.parallelize(queries, slices).mapPartitions(task).collect()
        except Exception as exc:  # a task's error comes back wrapped by Spark and Py4J
            raise EntitylistError(f"screening in Spark failed: {_cause(exc)}") from exc
        if len(found) != len(queries):  # never expected; fail rather than misalign rows
            raise EntitylistError(f"Spark returned {len(found)} results for {len(queries)} names")
        return found

    @contextlib.contextmanager
    def _context(self) -> Iterator[SparkContext]:
        """The active Spark session's context, else a new one, stopped at the end."""
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise SparkUnavailable(
                "the Spark engine needs pyspark: pip install 'entitylist[spark]' (and Java 17+)"
            ) from exc
        active = SparkSession.getActiveSession()
        if active is not None:  # a notebook's, spark-submit's or a job's: used as it is
            running = active.sparkContext.master
            if self.master and self.master != running:
                raise SparkUnavailable(
                    f"a Spark session on {running} is active; run without --master to use it"
                )
            yield active.sparkContext
            return
        # Spark's console progress bar would mix into the command's own output.
        builder = SparkSession.builder.appName("entitylist screening").config(
            "spark.ui.showConsoleProgress", "false"
        )
        if self.master:
            builder = builder.master(self.master)
        for key, value in self.conf.items():
            builder = builder.config(key, value)
        try:
            session = builder.getOrCreate()
        except Exception as exc:  # Java missing or the master unreachable: say which
            raise SparkUnavailable(f"Spark could not start ({_first_line(exc)})") from exc
        try:
            yield session.sparkContext
        finally:
            session.stop()

    @contextlib.contextmanager
    def _index_file(self, plan: ScreenPlan) -> Iterator[Path]:
        if self.index_file is not None and self.index_file.is_file():
            yield self.index_file
            return
        with tempfile.TemporaryDirectory(prefix="entitylist-spark-") as tmp:
            # A name of its own: Spark refuses a second file of the same name in a session.
            path = Path(tmp) / f"{Path(tmp).name}.bin"
            plan.loaded.index.save(path)
            yield path


def search_partition(job: _Job, queries: Iterable[Query]) -> Iterator[list[Match]]:
    """One task in an executor: its names' matches, in order, on the worker's index."""
    batch = list(queries)
    if not batch:
        return iter(())
    index = _worker_index(job)
    return iter(index.search_many(batch, threshold=job.threshold, limit=job.limit))


def _worker_index(job: _Job) -> MatchIndex:
    index = _WORKER_INDEX.get(job.file)
    if index is not None:
        return index
    if job.engine_version != ENGINE_VERSION:
        raise EntitylistError(
            f"this executor has matching engine {ENGINE_VERSION}, the driver "
            f"{job.engine_version}: install the same entitylist release on every node"
        )
    from pyspark import SparkFiles

    with gc_paused():
        index = MatchIndex.load(Path(SparkFiles.get(job.file)))
        freeze_heap()
    if len(index) != job.entries:
        raise EntitylistError(
            f"the index shipped as {job.file} holds {len(index)} entries, the driver's "
            f"{job.entries}"
        )
    _WORKER_INDEX.clear()  # a new run's index replaces the last one's
    _WORKER_INDEX[job.file] = index
    return index


def _waves(
    chunks: Iterable[Chunk], parties_of: Callable[[Chunk], Sequence[Party]], rows: int
) -> Iterator[list[Chunk]]:
    """Chunks grouped into waves of about `rows` names."""
    wave: list[Chunk] = []
    size = 0
    for chunk in chunks:
        wave.append(chunk)
        size += len(parties_of(chunk))
        if size >= rows:
            yield wave
            wave, size = [], 0
    if wave:
        yield wave


def _results(
    plan: ScreenPlan,
    parties_of: Callable[[Chunk], Sequence[Party]],
    wave: list[Chunk],
    future: Future[list[list[Match]]],
) -> Iterator[tuple[Chunk, list[ScreeningResult]]]:
    found = future.result()
    at = 0
    for chunk in wave:
        parties = parties_of(chunk)
        yield chunk, plan.results(parties, found[at : at + len(parties)])
        at += len(parties)


def _cause(exc: BaseException) -> str:
    """The library's own message from a task's traceback, else the error's first line."""
    lines = [line.strip() for line in str(exc).splitlines()]
    ours = [line for line in lines if "entitylist.errors." in line]
    return ours[-1].split(": ", 1)[-1] if ours else _first_line(exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
