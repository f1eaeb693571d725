"""Decisions checked against the audit log: a decision row counts only as it was recorded.

The decisions table drives suppression, so a row edited after the fact (true match ->
false positive), inserted without going through `decide`, or deleted would silently change
what monitoring reports. Every decision `decide` makes is also a `decision` audit event
holding the row as written (hash-chained). Here each row is compared with its event:
a row without an event (inserted), an event without a row (deleted) and a row that differs
from its event (edited) are reported, and only the rows that match their event are trusted
to suppress or mark a hit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from entitylist.audit import AuditLog, kinds
from entitylist.monitoring.decisions import Decision, all_decisions
from entitylist.monitoring.schema import decisions
from entitylist.store import Store

# The fields of `Decision.to_dict()` the event must match (all of them).
COMPARED = (
    "id",
    "party_id",
    "party_version_id",
    "party_hash",
    "source",
    "entry_key",
    "entry_id",
    "entry_hash",
    "verdict",
    "reason",
    "by",
    "decided_at",
    "expires_at",
    "supersedes",
    "alert_id",
    "needs_approval",
)
# What an event written before a field existed says about it.
_DEFAULTS: dict[str, Any] = {"alert_id": None, "needs_approval": False}


@dataclass(frozen=True)
class Discrepancy:
    decision_id: int
    """The row's id (a decision's, or an approval's when `thing` says so)."""
    problem: str  # edited | inserted | deleted
    detail: str
    thing: str = "decision"

    def message(self) -> str:
        return f"{self.thing} {self.decision_id} {self.problem}: {self.detail}"

    def to_dict(self) -> dict[str, Any]:
        return {self.thing: self.decision_id, "problem": self.problem, "detail": self.detail}


@dataclass(frozen=True)
class Reconciliation:
    checked: int
    trusted: frozenset[int]
    discrepancies: tuple[Discrepancy, ...]
    what: str = "decisions"

    @property
    def ok(self) -> bool:
        return not self.discrepancies

    def message(self) -> str:
        if self.ok:
            return f"{self.what} reconciled: {self.checked} rows, each matching its audit event"
        return "; ".join(d.message() for d in self.discrepancies)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "discrepancies": [d.to_dict() for d in self.discrepancies],
            "message": self.message(),
        }


def event_rows(
    data: Any, field: str, defaults: Mapping[str, Any], compared: Sequence[str]
) -> dict[int, dict[str, Any]]:
    """The rows one event recorded, by id: the list under `field`, else the event itself
    (a `decide` event is the one row it records)."""
    if not isinstance(data, dict):
        return {}
    several = data.get(field)
    rows: list[Any] = several if isinstance(several, list) else [data]
    return {
        row["id"]: {k: row.get(k, defaults.get(k)) for k in compared}
        for row in rows
        if isinstance(row, dict) and isinstance(row.get("id"), int)
    }


def recorded_decisions(
    log: AuditLog, conn: sa.Connection | None = None
) -> dict[int, tuple[int, dict[str, Any]]]:
    """Decision id -> (event seq, the row as recorded), from the `decision` events: one
    row (`decide`) or the rows of an alert decided at once (`decisions`, review.workflow)."""
    found: dict[int, tuple[int, dict[str, Any]]] = {}
    events = (
        log.events(kind=kinds.DECISION)
        if conn is None
        else log.events_on(conn, kind=kinds.DECISION)
    )
    for event in events:
        for row_id, row in event_rows(event.data, "decisions", _DEFAULTS, COMPARED).items():
            found[row_id] = (event.seq, row)
    return found


def reconcile(conn: sa.Connection, log: AuditLog) -> Reconciliation:
    made = all_decisions(conn)
    rows = {d.id: d.to_dict() for d in made}
    seqs = {d.id: d.audit_seq for d in made}
    return compare_rows(rows, recorded_decisions(log, conn), COMPARED, "decision", seqs=seqs)


def compare_rows(
    rows: dict[int, dict[str, Any]],
    recorded: dict[int, tuple[int, dict[str, Any]]],
    compared: tuple[str, ...],
    thing: str,
    *,
    seqs: Mapping[int, int | None] | None = None,
) -> Reconciliation:
    """Rows by id against the rows their audit events recorded: the trusted ids and every
    inserted, edited or deleted row. With `seqs` (row id -> the event the row names), a row
    must also name the event that records it."""
    problems: list[Discrepancy] = []
    trusted: set[int] = set()
    for decision_id, row in sorted(rows.items()):
        event = recorded.get(decision_id)
        if event is None:
            detail = "the row has no audit event (inserted outside entitylist)"
            problems.append(Discrepancy(decision_id, "inserted", detail, thing))
            continue
        seq, as_recorded = event
        differ = [k for k in compared if row.get(k) != as_recorded.get(k)]
        if differ:
            changes = ", ".join(f"{k} {as_recorded.get(k)!r} -> {row.get(k)!r}" for k in differ)
            detail = f"the row differs from audit event {seq} ({changes})"
            problems.append(Discrepancy(decision_id, "edited", detail, thing))
            continue
        if seqs is not None and seqs.get(decision_id) != seq:
            detail = f"the row names audit event {seqs.get(decision_id)}, not {seq} that records it"
            problems.append(Discrepancy(decision_id, "edited", detail, thing))
            continue
        trusted.add(decision_id)
    for decision_id, (seq, _data) in sorted(recorded.items()):
        if decision_id not in rows:
            detail = f"audit event {seq} records it but the row is gone"
            problems.append(Discrepancy(decision_id, "deleted", detail, thing))
    problems.sort(key=lambda d: d.decision_id)
    return Reconciliation(len(rows), frozenset(trusted), tuple(problems), f"{thing}s")


def trusted_by_own_event(
    conn: sa.Connection,
    rows: Mapping[int, tuple[int | None, dict[str, Any]]],
    kind: str,
    field: str,
    compared: tuple[str, ...],
    defaults: Mapping[str, Any] | None = None,
) -> frozenset[int]:
    """The ids among `rows` (id -> (the event the row names, the row)) that the named event
    of `kind` records exactly as they are: the check `compare_rows` makes, for a few rows
    and without reading the rest of the log (a row naming no event, or the wrong one, is
    not trusted; `audit verify` names it)."""
    seqs = {seq for seq, _row in rows.values() if seq is not None}
    recorded: dict[int, dict[int, dict[str, Any]]] = {
        event.seq: event_rows(event.data, field, defaults or {}, compared)
        for event in AuditLog.events_at(conn, seqs, kind=kind)
    }
    trusted = set()
    for row_id, (seq, row) in rows.items():
        as_recorded = recorded.get(seq, {}).get(row_id) if seq is not None else None
        if as_recorded is not None and all(row.get(k) == as_recorded.get(k) for k in compared):
            trusted.add(row_id)
    return frozenset(trusted)


def trusted_decisions(conn: sa.Connection, made: Sequence[Decision]) -> frozenset[int]:
    """The ids of these decisions whose rows match the event each names."""
    rows = {d.id: (d.audit_seq, d.to_dict()) for d in made}
    return trusted_by_own_event(conn, rows, kinds.DECISION, "decisions", COMPARED, _DEFAULTS)


def reconcile_decisions(store: Store) -> Reconciliation:
    with store.engine.connect() as conn:
        return reconcile(conn, AuditLog(store))


def trusted_ids(conn: sa.Connection, store: Store) -> frozenset[int]:
    """The decision rows that match their audit event (the only ones that may suppress)."""
    count = conn.execute(sa.select(sa.func.count()).select_from(decisions)).scalar_one()
    if not count:
        return frozenset()
    return reconcile(conn, AuditLog(store)).trusted
