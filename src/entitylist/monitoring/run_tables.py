"""Reading and writing monitoring runs, result rows and events (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from entitylist.chunks import IDS_PER_QUERY, LINKS_PER_INSERT, ROWS_PER_INSERT, in_chunks
from entitylist.monitoring.delta import Hit, OpenResult
from entitylist.monitoring.schema import (
    monitor_events,
    monitor_results,
    monitor_runs,
    monitored_parties,
    party_versions,
    screened_versions,
)
from entitylist.store.bulk import insert_returning_ids
from entitylist.store.rows import record, typed


@dataclass(frozen=True)
class RunInfo:
    id: int
    started_at: datetime
    finished_at: datetime
    snapshots: dict[str, Any]
    snapshot_key: str
    engine_version: str
    thresholds: dict[str, float]
    party_watermark: int
    parties: int
    screened: int
    counts: dict[str, int]
    actor: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "snapshots": self.snapshots,
            "engine_version": self.engine_version,
            "thresholds": self.thresholds,
            "parties": self.parties,
            "screened": self.screened,
            "counts": self.counts,
            "by": self.actor,
        }


def _run(row: Any) -> RunInfo:
    return typed(RunInfo, row)


def last_run(conn: sa.Connection) -> RunInfo | None:
    row = conn.execute(sa.select(monitor_runs).order_by(monitor_runs.c.id.desc()).limit(1)).first()
    return _run(row) if row else None


def list_runs(conn: sa.Connection, limit: int = 50) -> list[RunInfo]:
    rows = conn.execute(sa.select(monitor_runs).order_by(monitor_runs.c.id.desc()).limit(limit))
    return [_run(r) for r in rows]


def get_run(conn: sa.Connection, run_id: int) -> RunInfo | None:
    row = conn.execute(sa.select(monitor_runs).where(monitor_runs.c.id == run_id)).first()
    return _run(row) if row else None


def unscreened_versions(conn: sa.Connection) -> set[int]:
    """Current party versions that no run has screened yet."""
    query = (
        sa.select(monitored_parties.c.current_version_id)
        .outerjoin(
            screened_versions,
            screened_versions.c.party_version_id == monitored_parties.c.current_version_id,
        )
        .where(
            monitored_parties.c.current_version_id.is_not(None),
            monitored_parties.c.transient.is_(False),
            screened_versions.c.party_version_id.is_(None),
        )
    )
    return {int(r[0]) for r in conn.execute(query)}


def mark_screened(conn: sa.Connection, version_ids: Sequence[int], run_id: int) -> None:
    rows = [{"party_version_id": v, "run_id": run_id} for v in sorted(set(version_ids))]
    for chunk in in_chunks(rows, LINKS_PER_INSERT):
        conn.execute(sa.insert(screened_versions), list(chunk))


def party_watermark(conn: sa.Connection) -> int:
    """The newest party version id when a run starts (kept with the run, for the record;
    which versions need screening is `unscreened_versions`)."""
    return int(
        conn.execute(sa.select(sa.func.coalesce(sa.func.max(party_versions.c.id), 0))).scalar_one()
    )


def _hit(row: Any) -> Hit:
    return record(
        Hit, row, score=float(row.score), alert=bool(row.alert), suppressed=bool(row.suppressed)
    )


def _results_query() -> sa.Select[Any]:
    return (
        sa.select(
            monitor_results,
            party_versions.c.content_hash.label("party_hash"),
            monitored_parties.c.party_id,
        )
        .join(party_versions, party_versions.c.id == monitor_results.c.party_version_id)
        .join(monitored_parties, monitored_parties.c.id == monitor_results.c.party_ref)
    )


def open_results(conn: sa.Connection) -> dict[int, list[OpenResult]]:
    """The results current after the last run, by party ref."""
    out: dict[int, list[OpenResult]] = {}
    query = _results_query().where(monitor_results.c.superseded_run_id.is_(None))
    for row in conn.execution_options(yield_per=5000).execute(query):
        out.setdefault(row.party_ref, []).append(OpenResult(row.id, _hit(row)))
    return out


@dataclass(frozen=True)
class StoredResult:
    id: int
    party_id: str
    hit: Hit
    run_id: int
    superseded_run_id: int | None


def results_of_run(
    conn: sa.Connection, run_id: int | None = None, party_ref: int | None = None
) -> list[StoredResult]:
    """The results in force after run `run_id` (default: the newest run)."""
    query = _results_query()
    if run_id is None:
        query = query.where(monitor_results.c.superseded_run_id.is_(None))
    else:
        query = query.where(
            monitor_results.c.run_id <= run_id,
            sa.or_(
                monitor_results.c.superseded_run_id.is_(None),
                monitor_results.c.superseded_run_id > run_id,
            ),
        )
    if party_ref is not None:
        query = query.where(monitor_results.c.party_ref == party_ref)
    rows = conn.execute(query.order_by(monitor_results.c.party_ref, monitor_results.c.score.desc()))
    return [StoredResult(r.id, r.party_id, _hit(r), r.run_id, r.superseded_run_id) for r in rows]


def insert_run(conn: sa.Connection, values: Mapping[str, Any]) -> int:
    return int(
        conn.execute(
            sa.insert(monitor_runs).values(**values).returning(monitor_runs.c.id)
        ).scalar_one()
    )


def supersede(conn: sa.Connection, ids: Sequence[int], run_id: int) -> None:
    for chunk in in_chunks(sorted(ids), IDS_PER_QUERY):
        conn.execute(
            sa.update(monitor_results)
            .where(monitor_results.c.id.in_(chunk))
            .values(superseded_run_id=run_id)
        )


def insert_results(conn: sa.Connection, hits: Sequence[Hit], run_id: int) -> list[int]:
    rows = [
        {
            "party_ref": h.party_ref,
            "party_version_id": h.party_version_id,
            "source": h.source,
            "entry_key": h.entry_key,
            "entry_version_id": h.entry_version_id,
            "entry_hash": h.entry_hash,
            "snapshot_id": h.snapshot_id,
            "list_code": h.list_code,
            "score": h.score,
            "alert": h.alert,
            "matched_name": h.matched_name,
            "summary": h.summary,
            "decision_id": h.decision_id,
            "suppressed": h.suppressed,
            "basis": h.basis,
            "run_id": run_id,
            "superseded_run_id": None,
        }
        for h in hits
    ]
    return insert_returning_ids(conn, monitor_results, rows)


def insert_events(conn: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    for chunk in in_chunks(rows, ROWS_PER_INSERT):
        conn.execute(sa.insert(monitor_events), list(chunk))


def events_of_run(conn: sa.Connection, run_id: int) -> list[dict[str, Any]]:
    return details_of_run(conn, monitor_events, run_id)


def details_of_run(conn: sa.Connection, table: sa.Table, run_id: int) -> list[dict[str, Any]]:
    """The `details` of the event rows of `table` a run wrote (`monitor_events`,
    `monitor_rule_events`), in the order it wrote them."""
    rows = conn.execute(
        sa.select(table.c.details).where(table.c.run_id == run_id).order_by(table.c.id)
    )
    return [dict(r.details) for r in rows]
