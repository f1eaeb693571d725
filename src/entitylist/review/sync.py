"""Keeping the alert table true: one alert per (party, real listed party), written by the
library whenever the hits or the decisions on them change.

A monitoring run calls `sync_alerts` in its own transaction for the parties whose results
it changed: their current results are grouped by the real listed party behind them
(`screening.grouping`), each group is one alert (kept by party and group key, so the same
listed party keeps its alert across runs), and each alert's status is derived from the
decisions on its rows (`review.status`). An alert whose hits all went is closed with the
resolution `cleared`. The workflow's actions call `refresh_alert` after writing decisions
or approvals.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from entitylist.audit.chain import canonical_json
from entitylist.chunks import IDS_PER_QUERY, in_chunks
from entitylist.monitoring.report import decision_brief
from entitylist.monitoring.schema import monitor_results, monitored_parties, party_versions
from entitylist.review.approvals import Trust
from entitylist.review.policy import load_policy
from entitylist.review.schema import alert_origins, alerts
from entitylist.review.status import RowVersion, derive, row_decision
from entitylist.screening.grouping import group_hits
from entitylist.store import StoredEntry
from entitylist.store.queries import entry_versions_by_ids
from entitylist.store.rows import record

ORIGIN = "monitoring"


@dataclass(frozen=True, slots=True)
class _Result:
    id: int
    party_ref: int
    party_version_id: int
    party_hash: str
    party_name: str
    country: str | None
    source: str
    entry_key: str
    entry_version_id: int
    entry_hash: str
    list_code: str
    score: float
    alert: bool
    matched_name: str


def row_versions(rows: Sequence[Mapping[str, Any]], party_ref: int) -> list[RowVersion]:
    """The versions an alert's stored rows were found on."""
    return [
        RowVersion((party_ref, r["source"], r["entry_key"]), r["party_hash"], r["entry_hash"])
        for r in rows
    ]


def sync_alerts(
    conn: sa.Connection,
    party_refs: Iterable[int] | None,
    *,
    trust: Trust,
    now: datetime,
    run_id: int | None = None,
    entries: Mapping[int, StoredEntry] | None = None,
) -> int:
    """Rebuild the alerts of these parties (None: every party with an alert or a current
    result) from their current results; returns how many alert rows were written."""
    refs = sorted(set(party_refs)) if party_refs is not None else _all_refs(conn)
    written = 0
    for chunk in in_chunks(refs, IDS_PER_QUERY):
        results = _current_results(conn, chunk)
        known = dict(entries or {})
        missing = sorted({r.entry_version_id for r in results} - known.keys())
        known.update({s.id: s for s in entry_versions_by_ids(conn, missing)})
        existing = {
            (row.party_ref, row.group_key): row
            for row in conn.execute(
                sa.select(alerts).where(alerts.c.party_ref.in_(chunk), alerts.c.origin == ORIGIN)
            )
        }
        fresh = _grouped(results, known)
        origin = (ORIGIN, str(run_id) if run_id is not None else None)
        for key, values in fresh.items():
            values["rows"] = with_decisions(values["rows"], key[0], trust, now)
            values["status_fields"] = derive(row_versions(values["rows"], key[0]), trust, now)
            written += upsert(
                conn, existing.get(key), key, values, now=now, origin=origin, run_id=run_id
            )
        gone = [row for key, row in existing.items() if key not in fresh]
        written += close_missing(conn, gone, now=now, origin=origin, run_id=run_id)
    return written


def close_missing(
    conn: sa.Connection,
    rows: Sequence[Any],
    *,
    now: datetime,
    origin: tuple[str, str | None],
    run_id: int | None = None,
) -> int:
    """Close the alerts whose hits all went (`cleared`); returns how many were open."""
    written = 0
    for row in rows:
        if row.status == "closed":
            continue
        changed = origin[1] is not None
        note_origin(conn, row.id, origin, now)
        conn.execute(
            sa.update(alerts)
            .where(alerts.c.id == row.id)
            .values(
                status="closed",
                resolution="cleared",
                escalated=False,
                closed_at=now,
                updated_at=now,
                run_id=run_id if run_id is not None else row.run_id,
                origin=origin[0] if changed else row.origin,
                origin_ref=origin[1] if changed else row.origin_ref,
            )
        )
        written += 1
    return written


def _all_refs(conn: sa.Connection) -> list[int]:
    current = sa.select(monitor_results.c.party_ref).where(
        monitor_results.c.superseded_run_id.is_(None)
    )
    with_alert = sa.select(alerts.c.party_ref).where(alerts.c.origin == ORIGIN)
    rows = conn.execute(sa.union(current, with_alert))
    return sorted({int(r[0]) for r in rows})


def _current_results(conn: sa.Connection, refs: Sequence[int]) -> list[_Result]:
    query = (
        sa.select(
            monitor_results,
            party_versions.c.content_hash.label("party_hash"),
            party_versions.c.name.label("party_name"),
            party_versions.c.country,
        )
        .join(party_versions, party_versions.c.id == monitor_results.c.party_version_id)
        .where(
            monitor_results.c.superseded_run_id.is_(None),
            monitor_results.c.party_ref.in_(refs),
        )
        .order_by(monitor_results.c.party_ref, monitor_results.c.score.desc(), monitor_results.c.id)
    )
    return [
        record(_Result, r, score=float(r.score), alert=bool(r.alert)) for r in conn.execute(query)
    ]


def _grouped(
    results: Sequence[_Result], entries: Mapping[int, StoredEntry]
) -> dict[tuple[int, str], dict[str, Any]]:
    by_party: dict[int, list[_Result]] = {}
    for r in results:
        if r.entry_version_id in entries:
            by_party.setdefault(r.party_ref, []).append(r)
    policy = load_policy()
    out: dict[tuple[int, str], dict[str, Any]] = {}
    for ref, hits in by_party.items():
        for group in group_hits(hits, lambda h: entries[h.entry_version_id]):
            best, stored = group.best, group.entries[0]
            rows = [_row(h, entries[h.entry_version_id]) for h in group.items]
            out[(ref, group.key)] = {
                "party_name": best.party_name,
                "country": best.country,
                "list_code": best.list_code,
                "source": best.source,
                "entry_key": best.entry_key,
                "entry_name": stored.entry.name,
                "matched_name": best.matched_name,
                "score": best.score,
                "alert_level": any(h.alert for h in group.items),
                "severity": policy.of(best.list_code).severity,
                "row_count": len(rows),
                "rows": rows,
                "explanation": group.explanation(),
                "fingerprint": fingerprint(rows),
            }
    return out


def _row(hit: _Result, stored: StoredEntry) -> dict[str, Any]:
    return hit_row(
        stored,
        result_id=hit.id,
        score=hit.score,
        alert=hit.alert,
        matched_name=hit.matched_name,
        party_version_id=hit.party_version_id,
        party_hash=hit.party_hash,
    )


def hit_row(
    stored: StoredEntry,
    *,
    result_id: int | None,
    score: float,
    alert: bool,
    matched_name: str,
    party_version_id: int,
    party_hash: str,
) -> dict[str, Any]:
    """One row an alert stands for: a hit on one entry version, for one party version
    (`result_id` None when no monitoring result stands behind it)."""
    e = stored.entry
    return {
        "result_id": result_id,
        "source": stored.source,
        "entry_key": stored.key,
        "entry_id": stored.id,
        "entry_hash": stored.content_hash,
        "list": e.list_code,
        "name": e.name,
        "source_id": e.source_id,
        "score": round(score, 4),
        "alert": alert,
        "matched_name": matched_name,
        "party_version_id": party_version_id,
        "party_hash": party_hash,
        # As monitoring's hits show them (exports and pages read rows this way too).
        "entry": entry_brief(stored),
        "decision": None,
    }


def entry_brief(stored: StoredEntry) -> dict[str, Any]:
    """Which entry version a row is about, as alerts and monitoring hits name it."""
    e = stored.entry
    version = {"entry_id": stored.id, "source": stored.source, "key": stored.key}
    return {**version, "list": e.list_code, "name": e.name, "source_id": e.source_id}


def with_decisions(
    rows: Sequence[Mapping[str, Any]], party_ref: int, trust: Trust, now: datetime
) -> list[dict[str, Any]]:
    """The rows, each with the decision that applies to it now (None: undecided), and
    where its approval stands when it needs one."""
    out = []
    for row, version in zip(rows, row_versions(rows, party_ref), strict=True):
        found = row_decision(version, trust, now)
        brief = decision_brief(found)
        if brief is not None and found is not None:
            brief["alert_id"] = found.alert_id
            brief["approval"] = trust.approval_state(found) if found.needs_approval else None
            brief["approver"] = trust.approver(found)
        out.append({**row, "decision": brief})
    return out


def fingerprint(rows: Sequence[Mapping[str, Any]]) -> str:
    """Names the versions behind an alert: its party version and every row's entry version."""
    parts = sorted((r["party_hash"], r["source"], r["entry_key"], r["entry_hash"]) for r in rows)
    return hashlib.sha256(canonical_json(parts).encode("utf-8")).hexdigest()


def upsert(
    conn: sa.Connection,
    before: Any,
    key: tuple[int, str],
    values: dict[str, Any],
    *,
    now: datetime,
    origin: tuple[str, str | None],
    run_id: int | None = None,
) -> int:
    """Insert or update one alert (key: party ref, group key); `origin` (kind, id) is
    where it came from, kept on insert and moved when a later one changes the alert; every
    origin that surfaces it is noted (`note_origin`), changed or not."""
    derived = values.pop("status_fields")
    values.update(status=derived.status, escalated=derived.escalated, resolution=derived.resolution)
    if before is None:
        alert_id = conn.execute(
            sa.insert(alerts)
            .values(
                party_ref=key[0],
                group_key=key[1],
                origin=origin[0],
                origin_ref=origin[1],
                run_id=run_id,
                created_at=now,
                opened_at=now,
                updated_at=now,
                closed_at=now if derived.status == "closed" else None,
                **values,
            )
            .returning(alerts.c.id)
        ).scalar_one()
        note_origin(conn, alert_id, origin, now)
        return 1
    note_origin(conn, before.id, origin, now)
    changed = {k: v for k, v in values.items() if getattr(before, k) != v}
    if not changed:
        return 0
    changed.update(_transition(before.status, derived.status, now), updated_at=now)
    if run_id is not None:
        changed["run_id"] = run_id
    if origin[1] is not None:
        changed.update(origin=origin[0], origin_ref=origin[1])
    conn.execute(sa.update(alerts).where(alerts.c.id == before.id).values(**changed))
    return 1


def note_origin(
    conn: sa.Connection, alert_id: int, origin: tuple[str, str | None], now: datetime
) -> None:
    """Record that this run, job or screening surfaced the alert (first and last time);
    nothing for an origin without an id."""
    kind, ref = origin
    if ref is None:
        return
    seen = (
        alert_origins.c.alert_id == alert_id,
        alert_origins.c.origin == kind,
        alert_origins.c.origin_ref == ref,
    )
    updated = conn.execute(sa.update(alert_origins).where(*seen).values(last_at=now))
    if updated.rowcount == 0:
        conn.execute(
            sa.insert(alert_origins).values(
                alert_id=alert_id, origin=kind, origin_ref=ref, first_at=now, last_at=now
            )
        )


def _transition(old: str, new: str, now: datetime) -> dict[str, Any]:
    """Timestamps that move with the status: an alert back to open is opened again (its age
    counts from then); one newly closed records when."""
    if new == old:
        return {}
    if new == "open":
        return {"opened_at": now, "closed_at": None}
    if new == "closed":
        return {"closed_at": now}
    return {"closed_at": None}


def refresh_alert(
    conn: sa.Connection, alert_row: Any, trust: Trust, now: datetime, *, touch: bool = True
) -> Any:
    """Re-derive one alert's status from its stored rows (after a decision or approval);
    `touch`: mark it updated even when its status stays."""
    rows = with_decisions(alert_row.rows, alert_row.party_ref, trust, now)
    derived = derive(row_versions(rows, alert_row.party_ref), trust, now)
    values = {
        "rows": rows,
        "status": derived.status,
        "escalated": derived.escalated,
        "resolution": derived.resolution,
    }
    changed = {k: v for k, v in values.items() if getattr(alert_row, k) != v}
    if not changed and not touch:
        return alert_row
    changed.update(_transition(alert_row.status, derived.status, now), updated_at=now)
    conn.execute(sa.update(alerts).where(alerts.c.id == alert_row.id).values(**changed))
    return conn.execute(_with_party().where(alerts.c.id == alert_row.id)).one()


def refresh_party_alerts(conn: sa.Connection, party_ref: int, trust: Trust, now: datetime) -> None:
    """Re-derive the status of every alert of a party (after a decision on one of its hits
    made outside an alert)."""
    for row in conn.execute(_with_party().where(alerts.c.party_ref == party_ref)).all():
        refresh_alert(conn, row, trust, now, touch=False)


def _with_party() -> sa.Select[Any]:
    return sa.select(alerts, monitored_parties.c.party_id).join(
        monitored_parties, monitored_parties.c.id == alerts.c.party_ref
    )


def unsynced_parties(conn: sa.Connection) -> set[int]:
    """Parties with current results but no alert (results written before the alert table
    existed): the next run writes their alerts."""
    query = (
        sa.select(monitor_results.c.party_ref)
        .where(monitor_results.c.superseded_run_id.is_(None))
        .except_(sa.select(alerts.c.party_ref))
    )
    return {int(r[0]) for r in conn.execute(query)}
