"""Batch screening: a file of parties in, one output row per (party, hit) out.

Output contract (CSV or JSONL by extension): one row per (input row, matched entry at or
above the review threshold) with `input_id, input_name, alert, score, list, source_id,
entry_name, matched_name` and more; a party with no hit still gets one row with `alert`
false and the match columns empty. Bad input rows are reported with their line and reason,
written to `<output>.errors.csv`, and the run goes on.

`workers > 1` screens chunks on every core (see `screening.parallel`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, TypeVar, Unpack

from entitylist.screening.inputs import Columns, PartyRow, RowError, read_parties
from entitylist.screening.models import Party, ScreeningHit, ScreeningResult
from entitylist.screening.output_file import OutputFile, write_errors
from entitylist.screening.parallel import Engine, screen_chunks
from entitylist.screening.screener import Screener
from entitylist.sources.meanings import meaning_of

HIT_COLUMNS = (
    "alert",
    "score",
    "list",
    "source",
    "source_id",
    "entry_id",
    "entry_name",
    "matched_name",
)
"""The cells that say which entry a hit matched, the same in every batch output."""
OUTPUT_COLUMNS = [
    "input_line",
    "input_id",
    "input_name",
    "input_country",
    *HIT_COLUMNS,
    "entry_countries",
    "licence_policy",
    "list_meaning",
    "summary",
    "basis",  # name, ownership or affiliate_lead (see ScreeningHit)
    "notes",  # a name screened only partly (ScreeningResult.notes), on each of its rows
]
CHUNK = 256
T = TypeVar("T")


@dataclass
class RunReport:
    """What every batch run reports: rows read, the bad ones and the files written."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    output: Path | None = None
    errors_file: Path | None = None

    def files_dict(self) -> dict[str, Any]:
        """The bad rows and the files, the last keys of every batch report."""
        return {
            "bad_rows": len(self.errors),
            "errors": [e.__dict__ for e in self.errors],
            "output": str(self.output) if self.output else None,
            "errors_file": str(self.errors_file) if self.errors_file else None,
        }


@dataclass
class BatchReport(RunReport):
    screened: int = 0
    alerts: int = 0
    parties_with_hits: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "screened": self.screened,
            "parties_with_alerts": self.alerts,
            "parties_with_hits": self.parties_with_hits,
            **self.files_dict(),
        }


def matched_entry_cells(hit: ScreeningHit) -> dict[str, Any]:
    """The cells that name the entry a hit matched, in the order of `HIT_COLUMNS`."""
    e = hit.stored.entry
    return {
        "list": e.list_code,
        "source": hit.stored.source,
        "source_id": e.source_id,
        "entry_id": hit.stored.id,
        "entry_name": e.name,
        "matched_name": hit.match.matched_name,
    }


def output_rows(row: PartyRow, result: ScreeningResult) -> list[dict[str, Any]]:
    base = {
        "input_line": row.line,
        "input_id": row.party.id,
        "input_name": row.party.name,
        "input_country": row.party.country or "",
    }
    notes = " | ".join(result.notes)
    if not result.hits:
        empty = {c: "" for c in OUTPUT_COLUMNS if c not in base}
        return [{**base, **empty, "alert": False, "notes": notes}]
    out = []
    for hit in result.hits:
        e = hit.stored.entry
        out.append(
            {
                **base,
                "alert": hit.alert,
                "score": round(hit.match.score, 4),
                **matched_entry_cells(hit),
                "entry_countries": ";".join(e.countries),
                "licence_policy": e.licence.policy_text if e.licence else "",
                "list_meaning": _meaning(e.list_code),
                "summary": hit.summary,
                "basis": hit.basis,
                "notes": notes,
            }
        )
    return out


def _meaning(code: str) -> str:
    meaning = meaning_of(code)
    return f"{meaning.plain} ({meaning.regulation})" if meaning else ""


class _Writer(OutputFile):
    def __init__(self, path: Path) -> None:
        super().__init__(path, OUTPUT_COLUMNS)

    def write(self, rows: list[dict[str, Any]]) -> None:
        if self.jsonl:
            self.write_records(rows)
        else:
            self.write_rows({**r, "alert": "true" if r["alert"] else "false"} for r in rows)


def chunked_rows(
    rows: Iterator[T | RowError],
    report: RunReport,
    on_error: Callable[[RowError], None] | None,
) -> Iterator[list[T]]:
    """Good rows in chunks of CHUNK; bad rows counted, kept on the report and passed on."""
    chunk: list[T] = []
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


class FileOptions(TypedDict, total=False):
    """How a file is screened: the options `screen_file` and its recorded form share."""

    columns: Columns | None
    lists: Sequence[str] | None
    threshold: float | None
    workers: int
    progress: Callable[[int], None] | None
    on_error: Callable[[RowError], None] | None
    check: Callable[[], None] | None
    engine: Engine | None
    """Screens the chunks elsewhere (`screening.spark.SparkEngine`) instead of on `workers`."""
    on_results: Callable[[list[ScreeningResult]], None] | None
    """Called with each chunk's results once written (a saved job opens their alerts)."""


def screen_file(
    screener: Screener, input_path: Path, output_path: Path, **options: Unpack[FileOptions]
) -> BatchReport:
    """Screen every party in `input_path` and write the results to `output_path`.

    `check`, called before each chunk, may raise to stop the run (a service shutting down)."""
    report = BatchReport(output=output_path)
    # fail closed before any reading
    plan = screener.plan(lists=options.get("lists"), threshold=options.get("threshold"))
    rows = read_parties(input_path, options.get("columns"))
    chunks = chunked_rows(rows, report, options.get("on_error"))
    check, workers, engine = options.get("check"), options.get("workers", 1), options.get("engine")
    with _Writer(output_path) as writer:  # in place only if the whole run completes
        screened = (
            engine(plan, chunks, _parties)
            if engine is not None
            else screen_chunks(plan, chunks, _parties, workers=workers)
        )
        for chunk, results in screened:
            _emit(writer, chunk, results, report, options.get("progress"))
            if (sink := options.get("on_results")) is not None:
                sink(results)
            if check is not None:
                check()
        if report.errors:
            report.errors_file = write_errors(output_path, report.errors)
    return report


def _parties(chunk: list[PartyRow]) -> list[Party]:
    return [row.party for row in chunk]


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
