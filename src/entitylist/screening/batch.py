"""Batch screening: a file of parties in, one output row per (party, hit) out.

Output contract (CSV or JSONL by extension): one row per (input row, matched entry at or
above the review threshold) with `input_id, input_name, alert, score, list, source_id,
entry_name, matched_name` and more; a party with no hit still gets one row with `alert`
false and the match columns empty. Bad input rows are reported with their line and reason,
written to `<output>.errors.csv`, and the run goes on.

`workers > 1` screens chunks in forked processes that share the parent's loaded index
(copy-on-write), so no worker rebuilds or reloads it.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from entitylist.errors import InputError
from entitylist.matching import Match, MatchIndex, Query
from entitylist.screening.inputs import Columns, PartyRow, RowError, read_parties
from entitylist.screening.models import ScreeningResult
from entitylist.screening.screener import Screener, ScreenPlan

OUTPUT_COLUMNS = [
    "input_line",
    "input_id",
    "input_name",
    "input_country",
    "alert",
    "score",
    "list",
    "source",
    "source_id",
    "entry_id",
    "entry_name",
    "matched_name",
    "entry_countries",
    "licence_policy",
    "summary",
]
CHUNK = 256


@dataclass
class BatchReport:
    rows: int = 0
    screened: int = 0
    alerts: int = 0
    parties_with_hits: int = 0
    errors: list[RowError] = field(default_factory=list)
    output: Path | None = None
    errors_file: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "screened": self.screened,
            "parties_with_alerts": self.alerts,
            "parties_with_hits": self.parties_with_hits,
            "bad_rows": len(self.errors),
            "errors": [e.__dict__ for e in self.errors],
            "output": str(self.output) if self.output else None,
            "errors_file": str(self.errors_file) if self.errors_file else None,
        }


def output_rows(row: PartyRow, result: ScreeningResult) -> list[dict[str, Any]]:
    base = {
        "input_line": row.line,
        "input_id": row.party.id,
        "input_name": row.party.name,
        "input_country": row.party.country or "",
    }
    if not result.hits:
        return [{**base, **{c: "" for c in OUTPUT_COLUMNS if c not in base}, "alert": False}]
    out = []
    for hit in result.hits:
        e = hit.stored.entry
        out.append(
            {
                **base,
                "alert": hit.alert,
                "score": round(hit.match.score, 4),
                "list": e.list_code,
                "source": hit.stored.source,
                "source_id": e.source_id,
                "entry_id": hit.stored.id,
                "entry_name": e.name,
                "matched_name": hit.match.matched_name,
                "entry_countries": ";".join(e.countries),
                "licence_policy": e.licence.policy_text if e.licence else "",
                "summary": hit.match.explanation.summary,
            }
        )
    return out


class _Writer:
    def __init__(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".jsonl"):
            raise InputError(f"{path}: output must be .csv or .jsonl")
        self.jsonl = suffix == ".jsonl"
        self.handle: TextIO = path.open("w", encoding="utf-8", newline="")
        if not self.jsonl:
            self.csv = csv.DictWriter(self.handle, fieldnames=OUTPUT_COLUMNS)
            self.csv.writeheader()

    def write(self, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            if self.jsonl:
                self.handle.write(json.dumps(r, ensure_ascii=False) + "\n")
            else:
                self.csv.writerow({**r, "alert": "true" if r["alert"] else "false"})

    def close(self) -> None:
        self.handle.close()


# Worker processes inherit the parent's index through fork; this is their only state.
_WORKER_INDEX: MatchIndex | None = None


def _search_chunk(args: tuple[list[Query], float, int]) -> list[list[Match]]:
    queries, threshold, limit = args
    assert _WORKER_INDEX is not None
    return _WORKER_INDEX.search_many(queries, threshold=threshold, limit=limit)


def _chunks(
    rows: Iterator[PartyRow | RowError],
    report: BatchReport,
    on_error: Callable[[RowError], None] | None,
) -> Iterator[list[PartyRow]]:
    chunk: list[PartyRow] = []
    for row in rows:
        report.rows += 1
        if isinstance(row, RowError):
            report.errors.append(row)
            if on_error is not None:
                on_error(row)
            continue
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def screen_file(
    screener: Screener,
    input_path: Path,
    output_path: Path,
    *,
    columns: Columns = Columns(),
    lists: Sequence[str] | None = None,
    threshold: float | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    on_error: Callable[[RowError], None] | None = None,
) -> BatchReport:
    """Screen every party in `input_path` and write the results to `output_path`."""
    global _WORKER_INDEX
    report = BatchReport(output=output_path)
    plan = screener.plan(lists=lists, threshold=threshold)  # fail closed before any reading
    chunks = _chunks(read_parties(input_path, columns), report, on_error)
    writer = _Writer(output_path)
    try:
        if workers <= 1:
            for chunk in chunks:
                _emit(writer, chunk, plan.run([r.party for r in chunk]), report, progress)
        else:
            _WORKER_INDEX = plan.loaded.index
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                jobs = ((chunk, plan.queries([r.party for r in chunk])) for chunk in chunks)
                pending = _bounded_map(pool, plan, jobs, workers * 4)
                for chunk, found in pending:
                    parties = [r.party for r in chunk]
                    _emit(writer, chunk, plan.results(parties, found), report, progress)
    finally:
        _WORKER_INDEX = None
        writer.close()
    if report.errors:
        report.errors_file = output_path.with_name(output_path.name + ".errors.csv")
        with report.errors_file.open("w", encoding="utf-8", newline="") as handle:
            w = csv.writer(handle)
            w.writerow(["line", "id", "field", "reason"])
            for e in report.errors:
                w.writerow([e.line, e.id or "", e.field or "", e.reason])
    return report


def _bounded_map(
    pool: ProcessPoolExecutor,
    plan: ScreenPlan,
    jobs: Iterator[tuple[list[PartyRow], list[Query]]],
    window: int,
) -> Iterator[tuple[list[PartyRow], list[list[Match]]]]:
    """Results in input order, with at most `window` chunks in flight (bounded memory)."""
    in_flight: deque[tuple[list[PartyRow], Future[list[list[Match]]]]] = deque()
    for chunk, queries in jobs:
        job = (queries, plan.thresholds.review, plan.limit)
        in_flight.append((chunk, pool.submit(_search_chunk, job)))
        if len(in_flight) >= window:
            done_chunk, future = in_flight.popleft()
            yield done_chunk, future.result()
    while in_flight:
        done_chunk, future = in_flight.popleft()
        yield done_chunk, future.result()


def _emit(
    writer: _Writer,
    chunk: list[PartyRow],
    results: list[ScreeningResult],
    report: BatchReport,
    progress: Callable[[int], None] | None,
) -> None:
    for row, result in zip(chunk, results, strict=True):
        writer.write(output_rows(row, result))
        report.screened += 1
        report.alerts += result.alert
        report.parties_with_hits += bool(result.hits)
    if progress is not None:
        progress(len(chunk))
