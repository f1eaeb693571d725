"""The lookback: each shipment screened against the lists as they stood on its ship date."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from entitylist.audit import AuditLog, kinds
from entitylist.audit.event_data import file_sha256
from entitylist.cells import SafeDictWriter
from entitylist.dates import parse_when
from entitylist.errors import InputError, NoListLoaded
from entitylist.pointintime.inforce import STATUSES, DayView, SetAside, not_in_force, on_day
from entitylist.pointintime.shipments import DATE_COLUMN, Shipment, read_shipments
from entitylist.screening import Screener, ScreeningHit
from entitylist.screening.batch import HIT_COLUMNS, matched_entry_cells
from entitylist.screening.inputs import Columns, RowError
from entitylist.settings import Settings
from entitylist.store import SnapshotInfo, Store


@dataclass
class Finding:
    """What the lists in force on the ship date say about one shipment's party."""

    shipment: Shipment
    view: DayView
    extra_notes: list[str] = field(default_factory=list)

    @property
    def snapshots(self) -> dict[str, SnapshotInfo]:
        return self.view.snapshots

    @property
    def hits(self) -> list[ScreeningHit]:
        return self.view.hits

    @property
    def set_aside(self) -> list[SetAside]:
        return self.view.set_aside

    @property
    def status(self) -> str:
        return self.view.status

    @property
    def notes(self) -> list[str]:
        return self.extra_notes + self.view.notes()

    def to_dict(self) -> dict[str, Any]:
        s = self.shipment
        return {
            "line": s.line,
            "id": s.id,
            "name": s.party.name,
            "country": s.party.country,
            "ship_date": s.ship_date.isoformat(),
            "status": self.status,
            "snapshots": {
                src: {**snap.brief(), "label": snap.published_label}
                for src, snap in sorted(self.snapshots.items())
            },
            "missing_sources": self.view.missing,
            "hits": [_hit_dict(h) for h in self.hits],
            "set_aside": [{**_hit_dict(x.hit), "reason": x.reason} for x in self.set_aside],
            "later": [{**_hit_dict(e.hit), "note": e.note} for e in self.view.later],
            "notes": self.notes,
        }


def _hit_dict(hit: ScreeningHit) -> dict[str, Any]:
    e = hit.stored.entry
    return {
        "score": round(hit.match.score, 4),
        "alert": hit.alert,
        **matched_entry_cells(hit),
        "start_date": e.start_date.isoformat() if e.start_date else None,
        "end_date": e.end_date.isoformat() if e.end_date else None,
        "summary": hit.summary,
        "basis": hit.basis,
    }


def in_force_on(hit: ScreeningHit, day: date) -> str | None:
    """Why the hit's entry was not in force on `day` (None: it was); see `inforce`."""
    return not_in_force(hit.stored.entry, day)


@dataclass
class LookbackReport:
    findings: list[Finding]
    errors: list[RowError]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for f in self.findings:
            out[f.status] += 1
        return {**out, "shipments": len(self.findings), "bad_rows": len(self.errors)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            "errors": [e.__dict__ for e in self.errors],
        }


Options = dict[str, Any]


def lookback(
    store: Store,
    settings: Settings,
    shipments: Sequence[Shipment],
    *,
    lists: Sequence[str] | None = None,
    threshold: float | None = None,
) -> list[Finding]:
    """One finding per shipment, in input order."""
    options: Options = {"lists": lists, "threshold": threshold}
    known = store.current()
    now = _screened(Screener(store, settings), shipments, options) if known else {}
    groups: dict[tuple[tuple[str, int], ...], list[Shipment]] = {}
    in_force: dict[tuple[tuple[str, int], ...], dict[str, SnapshotInfo]] = {}
    by_day: dict[date, dict[str, SnapshotInfo]] = {}  # one query per distinct ship date
    for shipment in shipments:
        day = shipment.ship_date
        if day not in by_day:
            by_day[day] = store.current(as_of=parse_when(day, end_of_day=True))
        ident = tuple(sorted((s, snap.id) for s, snap in by_day[day].items()))
        groups.setdefault(ident, []).append(shipment)
        in_force[ident] = by_day[day]
    findings: dict[int, Finding] = {}
    for ident, members in groups.items():
        snaps, notes = in_force[ident], []
        then: dict[int, list[ScreeningHit]] = {}
        if snaps:
            latest = max(s.ship_date for s in members)
            screener = Screener(store, settings, as_of=parse_when(latest, end_of_day=True))
            try:
                then = _screened(screener, members, options)
            except NoListLoaded as exc:
                notes = [exc.message]
        for s in members:
            view = on_day(
                s.ship_date, snaps, known, then.get(id(s), []), (known, now.get(id(s), []))
            )
            extra = notes or ([] if snaps else [_no_snapshot(s.ship_date)])
            findings[id(s)] = Finding(s, view, extra)
    return [findings[id(s)] for s in shipments]


def _screened(
    screener: Screener, shipments: Sequence[Shipment], options: Options
) -> dict[int, list[ScreeningHit]]:
    results = screener.screen_many([s.party for s in shipments], **options)
    return {id(s): r.hits for s, r in zip(shipments, results, strict=True)}


def _no_snapshot(day: date) -> str:
    return (
        f"no list snapshot was published on or before {day.isoformat()}; "
        "load the vintage in force then (`entitylist update --published`)"
    )


# Column groups of the CSV output: the shipment, then (per hit) the entry matched.
_SHIPMENT_COLUMNS = ("line", "id", "name", "country", "ship_date", "status")
_HIT_COLUMNS = (*HIT_COLUMNS, "start_date")
OUTPUT_COLUMNS = [*_SHIPMENT_COLUMNS, *_HIT_COLUMNS, "snapshots", "note"]


def output_rows(finding: Finding) -> list[dict[str, Any]]:
    data = finding.to_dict()
    base = {k: data[k] for k in _SHIPMENT_COLUMNS}
    base["snapshots"] = ";".join(
        f"{src}#{v['id']}@{v['label']}" for src, v in data["snapshots"].items()
    )
    note = "; ".join(data["notes"])
    if not data["hits"]:
        return [{**base, "alert": False, "note": note}]
    return [{**base, **{k: h[k] for k in _HIT_COLUMNS}, "note": note} for h in data["hits"]]


def write_findings(findings: Sequence[Finding], path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise InputError(f"{path}: the lookback is written as .csv or .jsonl")
    with path.open("w", encoding="utf-8", newline="") as handle:
        if suffix == ".jsonl":
            for f in findings:
                handle.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
            return
        writer = SafeDictWriter(handle, fieldnames=OUTPUT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for f in findings:
            writer.writerows(output_rows(f))


def lookback_file(
    store: Store,
    settings: Settings,
    path: Path,
    *,
    columns: Columns = Columns(),  # noqa: B008
    date_column: str = DATE_COLUMN,
    output: Path | None = None,
    lists: Sequence[str] | None = None,
    threshold: float | None = None,
    actor: str | None = None,
) -> LookbackReport:
    """Read shipments, look back, write `output` if given, and record it in the audit log."""
    if output is not None and output.suffix.lower() not in (".csv", ".jsonl"):
        raise InputError(f"{output}: the lookback is written as .csv or .jsonl")
    shipments: list[Shipment] = []
    errors: list[RowError] = []
    for row in read_shipments(path, columns, date_column):
        (errors if isinstance(row, RowError) else shipments).append(row)  # type: ignore[arg-type]
    report = LookbackReport(
        lookback(store, settings, shipments, lists=lists, threshold=threshold), errors
    )
    if output is not None:
        write_findings(report.findings, output)
    AuditLog(store).record(
        kinds.LOOKBACK,
        {
            "input": {"file": str(path), "sha256": file_sha256(path)},
            "output": {"file": str(output), "sha256": file_sha256(output)} if output else None,
            "lists": list(lists) if lists else None,
            "threshold": threshold,
            "counts": report.counts(),
            "findings": [
                {
                    "line": f.shipment.line,
                    "id": f.shipment.id,
                    "ship_date": f.shipment.ship_date,
                    "status": f.status,
                    "snapshots": {s: snap.id for s, snap in f.snapshots.items()},
                    "hits": [
                        {
                            "entry_id": h.stored.id,
                            "key": h.stored.key,
                            "content_hash": h.stored.content_hash,
                            "score": round(h.match.score, 4),
                        }
                        for h in f.hits
                    ],
                }
                for f in report.findings
                if f.status != "clear"
            ],
        },
        actor,
    )
    return report
