"""Screening that records itself: the calls every face makes, each writing one audit event.

The CLI, the API and the web UI screen through `RecordedScreening`, never through the bare
`Screener`: the actor is a required argument and the event is written here, so no face can
forget one or write two. Where the event goes is the caller's choice (`Record`): straight
to the `AuditLog` (the CLI), or to the service's group-commit writer (the API and web UI).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Unpack

from entitylist.audit import AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.audit.records import file_sha256, screenings_data
from entitylist.matching import ENGINE_VERSION
from entitylist.screening.batch import BatchReport, FileOptions
from entitylist.screening.batch import screen_file as run_screen_file
from entitylist.screening.inputs import Columns
from entitylist.screening.models import Party, ScreeningResult
from entitylist.screening.screener import Screener, chosen_thresholds

Record = Callable[[str, Mapping[str, Any], str | None], object]
"""Append one audit event: (kind, data, actor text)."""


def log_record(log: AuditLog) -> Record:
    """Events written one by one, each in its own transaction (the command line)."""

    def record(kind: str, data: Mapping[str, Any], actor: str | None) -> object:
        return log.record(kind, data, actor)

    return record


class RecordedScreening:
    def __init__(self, screener: Screener, record: Record) -> None:
        self.screener = screener
        self.record = record

    def screen(
        self,
        party: Party,
        *,
        actor: Actor,
        lists: Sequence[str] | None = None,
        threshold: float | None = None,
        limit: int = 10,
    ) -> ScreeningResult:
        """One party screened; one `screening` event."""
        (result,) = self.screen_many(
            [party], actor=actor, lists=lists, threshold=threshold, limit=limit
        )
        return result

    def screen_many(
        self,
        parties: Sequence[Party],
        *,
        actor: Actor,
        lists: Sequence[str] | None = None,
        threshold: float | None = None,
        limit: int = 10,
    ) -> list[ScreeningResult]:
        """Several parties screened in one call; one `screening` event holding them all."""
        results = self.screener.screen_many(parties, lists=lists, threshold=threshold, limit=limit)
        self.record(kinds.SCREENING, screenings_data(results), actor.text)
        return results

    def screen_file(
        self, input_path: Path, output_path: Path, *, actor: Actor, **options: Unpack[FileOptions]
    ) -> BatchReport:
        """A file screened; one `screening.batch` event, bound to the output by its sha256
        (a file of a million rows does not belong inside one event)."""
        report = run_screen_file(self.screener, input_path, output_path, **options)
        threshold, engine = options.get("threshold"), options.get("engine")
        chosen = {
            "columns": (options.get("columns") or Columns()).__dict__,
            "lists": options.get("lists"),
            "threshold": threshold,
            "engine": engine.name if engine is not None else "local",
        }
        data = batch_event(self.screener, input_path, output_path, report.to_dict())
        data.update(
            options=chosen,
            engine_version=ENGINE_VERSION,
            thresholds=_thresholds(self.screener, threshold),
        )
        self.record(kinds.SCREENING_BATCH, data, actor.text)
        return report


def batch_event(
    screener: Screener, input_path: Path, output_path: Path, report: Mapping[str, Any]
) -> dict[str, Any]:
    """What every batch event holds: the input and output files by name and sha256 (the
    results are bound by the output's hash), the snapshots screened against and the counts
    (the row errors are in the errors file, not the event)."""
    return {
        "input": {"file": input_path.name, "sha256": file_sha256(input_path)},
        "output": {"file": output_path.name, "sha256": file_sha256(output_path)},
        "snapshots": {
            s: {"id": snap.id, "sha256": snap.sha256}
            for s, snap in sorted(screener.snapshots.items())
        },
        "report": {k: v for k, v in report.items() if k != "errors"},
    }


def _thresholds(screener: Screener, threshold: float | None) -> dict[str, float]:
    chosen = chosen_thresholds(screener.thresholds, threshold, None)
    return {"alert": chosen.alert, "review": chosen.review}
