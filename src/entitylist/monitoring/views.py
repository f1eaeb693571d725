"""Read-only views of monitoring for the faces: current hits, runs, a run's events."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from entitylist.errors import NotFound
from entitylist.monitoring import rule_events, run_tables
from entitylist.monitoring.decisions import decisions_by_ids
from entitylist.monitoring.report import decision_brief, entry_brief
from entitylist.monitoring.schema import monitored_parties
from entitylist.store import Store


def current_hits(
    store: Store, party_id: str | None = None, *, alerts_only: bool = False
) -> list[dict[str, Any]]:
    """The results in force after the newest run (all parties, or one), with the entry and
    the decision that applies, as plain data."""
    with store.engine.connect() as conn:
        ref = None
        if party_id is not None:
            ref = conn.execute(
                sa.select(monitored_parties.c.id).where(monitored_parties.c.party_id == party_id)
            ).scalar()
            if ref is None:
                raise NotFound(f"no monitored party with id {party_id!r}")
        rows = run_tables.results_of_run(conn, None, ref)
        decided = decisions_by_ids(conn, [r.hit.decision_id for r in rows if r.hit.decision_id])
    if alerts_only:
        rows = [r for r in rows if r.hit.alert]
    entries = {
        s.id: s for s in store.entries_by_ids(sorted({r.hit.entry_version_id for r in rows}))
    }
    return [
        {
            "result_id": r.id,
            "party_id": r.party_id,
            "run_id": r.run_id,
            "entry": entry_brief(entries.get(r.hit.entry_version_id), r.hit),
            "score": round(r.hit.score, 4),
            "alert": r.hit.alert,
            "matched_name": r.hit.matched_name,
            "summary": r.hit.summary,
            "basis": r.hit.basis,
            "suppressed": r.hit.suppressed,
            "decision": decision_brief(
                decided.get(r.hit.decision_id) if r.hit.decision_id else None
            ),
        }
        for r in rows
    ]


def runs(store: Store, limit: int = 50) -> list[run_tables.RunInfo]:
    with store.engine.connect() as conn:
        return run_tables.list_runs(conn, limit)


def run(store: Store, run_id: int) -> run_tables.RunInfo:
    with store.engine.connect() as conn:
        found = run_tables.get_run(conn, run_id)
    if found is None:
        raise NotFound(f"no monitoring run {run_id}")
    return found


def run_events(store: Store, run_id: int) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        if run_tables.get_run(conn, run_id) is None:
            raise NotFound(f"no monitoring run {run_id}")
        return run_tables.events_of_run(conn, run_id)


def run_rule_events(store: Store, run_id: int) -> list[dict[str, Any]]:
    """The Federal Register rules no list in force reflected, first reported by this run."""
    with store.engine.connect() as conn:
        if run_tables.get_run(conn, run_id) is None:
            raise NotFound(f"no monitoring run {run_id}")
        return rule_events.of_run(conn, run_id)
