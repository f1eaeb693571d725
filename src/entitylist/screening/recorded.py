"""Screening that records itself: the calls every face makes, each writing one audit event.

The CLI, the API and the web UI screen through `RecordedScreening`, never through the bare
`Screener`: the actor is a required argument and the event is written here, so no face can
forget one or write two. Where the event goes is the caller's choice (`Record`): straight
to the `AuditLog` (the CLI), or to the service's group-commit writer (the API and web UI).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

from entitylist.audit import AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.audit.event_data import file_sha256, screenings_data
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


@dataclass(frozen=True)
class Saved:
    """Alerts a screening opened in the review queue: its origin and the alert ids."""

    kind: str
    """`job` (a batch) or `screening` (one party saved)."""
    ref: str
    alerts: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.kind, "origin_id": self.ref, "alerts": self.alerts}


def saved_as(kind: str, ref: str | None = None) -> Saved:
    """A new origin for the alerts of a screening (`ref` the job id, else a fresh id)."""
    return Saved(kind, ref or uuid.uuid4().hex[:16])


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
        save: Saved | None = None,
    ) -> ScreeningResult:
        """One party screened; one `screening` event (`save`: see `screen_many`)."""
        (result,) = self.screen_many(
            [party], actor=actor, lists=lists, threshold=threshold, limit=limit, save=save
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
        save: Saved | None = None,
    ) -> list[ScreeningResult]:
        """Several parties screened in one call; one `screening` event holding them all.
        With `save`, their hits open alerts in the review queue (`review.intake`) before
        the event is written, and the event names the origin and the alerts."""
        results = self.screener.screen_many(parties, lists=lists, threshold=threshold, limit=limit)
        data = screenings_data(results)
        if save is not None:
            save.alerts.extend(self.open_alerts(results, save))
            data["saved"] = save.to_dict()
        self.record(kinds.SCREENING, data, actor.text)
        return results

    def open_alerts(self, results: Sequence[ScreeningResult], save: Saved) -> list[int]:
        # Imported here: review builds on screening (its grouping and models).
        from entitylist.review.intake import Origin, open_alerts

        return open_alerts(self.screener.store, results, Origin(save.kind, save.ref))

    def screen_file(
        self,
        input_path: Path,
        output_path: Path,
        *,
        actor: Actor,
        save: Saved | None = None,
        **options: Unpack[FileOptions],
    ) -> BatchReport:
        """A file screened; one `screening.batch` event, bound to the output by its sha256
        (a file of a million rows does not belong inside one event). With `save`, each
        chunk's hits open alerts as the chunk is written; the event names the origin and
        how many alerts were opened or changed."""
        if save is not None:
            options["on_results"] = lambda results: save.alerts.extend(
                self.open_alerts(results, save)
            )
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
        if save is not None:
            data["saved"] = {"origin": save.kind, "origin_id": save.ref, "alerts": len(save.alerts)}
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
