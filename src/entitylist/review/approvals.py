"""Approvals (four eyes) and what may be trusted: rows checked against the audit log.

A false positive that needs an approver suppresses nothing until an approval row says
`approved`, made by someone other than the reviewer, and that row matches its `approval`
audit event. Like decisions, approval rows are compared with the events that recorded
them: an approval inserted, edited or deleted outside entitylist is named by
`audit verify` and counts for nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa

from entitylist.audit import AuditLog, kinds
from entitylist.chunks import IDS_PER_QUERY, in_chunks
from entitylist.model import json_fields
from entitylist.monitoring.decisions import Decision, HitKey, all_decisions, decisions_of_parties
from entitylist.monitoring.reconcile import (
    Reconciliation,
    compare_rows,
    event_rows,
    trusted_by_own_event,
    trusted_decisions,
)
from entitylist.monitoring.reconcile import reconcile as reconcile_decision_rows
from entitylist.review.schema import approvals
from entitylist.store import Store
from entitylist.store.rows import aware, record

Outcome = Literal["approved", "rejected"]
OUTCOMES: tuple[Outcome, ...] = ("approved", "rejected")
COMPARED = ("id", "decision_id", "alert_id", "outcome", "reason", "by", "decided_at")


@dataclass(frozen=True, slots=True)
class Approval:
    id: int
    decision_id: int
    alert_id: int
    outcome: Outcome
    reason: str
    actor: str
    decided_at: datetime
    audit_seq: int | None = None
    """The audit event that recorded the row (not part of what the event records)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            **json_fields(self, "id", "decision_id", "alert_id", "outcome", "reason"),
            "by": self.actor,
            "decided_at": self.decided_at.isoformat(),
        }


def _from_row(row: Any) -> Approval:
    return record(Approval, row, **aware(row, "decided_at"))


def all_approvals(conn: sa.Connection, alert_id: int | None = None) -> list[Approval]:
    query = sa.select(approvals).order_by(approvals.c.id)
    if alert_id is not None:
        query = query.where(approvals.c.alert_id == alert_id)
    return [_from_row(r) for r in conn.execute(query)]


def approvals_of_decisions(conn: sa.Connection, ids: Iterable[int]) -> list[Approval]:
    wanted = sorted(set(ids))
    out: list[Approval] = []
    for chunk in in_chunks(wanted, IDS_PER_QUERY):
        out.extend(
            map(
                _from_row,
                conn.execute(sa.select(approvals).where(approvals.c.decision_id.in_(chunk))),
            )
        )
    return sorted(out, key=lambda a: a.id)


def note_approval_event(conn: sa.Connection, made: Iterable[Approval], seq: int) -> None:
    """Name the audit event that recorded these approval rows (in its transaction)."""
    ids = sorted(a.id for a in made)
    conn.execute(sa.update(approvals).where(approvals.c.id.in_(ids)).values(audit_seq=seq))


def insert_approvals(conn: sa.Connection, rows: Iterable[dict[str, Any]]) -> list[Approval]:
    out = []
    for values in rows:
        new_id = conn.execute(
            sa.insert(approvals).values(**values).returning(approvals.c.id)
        ).scalar_one()
        out.append(
            _from_row(conn.execute(sa.select(approvals).where(approvals.c.id == new_id)).one())
        )
    return out


def recorded_approvals(conn: sa.Connection) -> dict[int, tuple[int, dict[str, Any]]]:
    """Approval id -> (event seq, the row as recorded), from the `approval` events."""
    found: dict[int, tuple[int, dict[str, Any]]] = {}
    for event in AuditLog.events_on(conn, kind=kinds.APPROVAL):
        for row_id, row in _recorded(event.data).items():
            found[row_id] = (event.seq, row)
    return found


def _recorded(data: Any) -> dict[int, dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get("approvals"), list):
        return {}
    return event_rows(data, "approvals", {}, COMPARED)


def reconcile_approvals(conn: sa.Connection) -> Reconciliation:
    made = all_approvals(conn)
    rows = {a.id: a.to_dict() for a in made}
    seqs = {a.id: a.audit_seq for a in made}
    return compare_rows(rows, recorded_approvals(conn), COMPARED, "approval", seqs=seqs)


def reconcile_approvals_of(store: Store) -> Reconciliation:
    with store.engine.connect() as conn:
        return reconcile_approvals(conn)


@dataclass(frozen=True)
class Trust:
    """The decision and approval rows that match their audit events, as they bear on hits."""

    decisions: dict[HitKey, Decision]
    """The newest trusted decision on each (party, source, entry key)."""
    approvals: dict[int, Approval]
    """Decision id -> its newest trusted approval or rejection."""

    def approval_state(self, decision: Decision) -> Literal["approved", "rejected", "pending"]:
        """Where a decision that needs four eyes stands. An approval by the reviewer
        themselves (which `approve` refuses, so only a forged row) does not count."""
        found = self.approvals.get(decision.id)
        if found is None or found.actor == decision.actor:
            return "pending"
        return found.outcome

    def approver(self, decision: Decision) -> str | None:
        """Who approved the decision (None: not approved, or it needs no approval)."""
        if not decision.needs_approval or self.approval_state(decision) != "approved":
            return None
        return self.approvals[decision.id].actor

    def in_force(self, decision: Decision) -> bool:
        """Whether the decision may mark or suppress a hit (approved if it needs it)."""
        return not decision.needs_approval or self.approval_state(decision) == "approved"

    def effective(self) -> dict[HitKey, Decision]:
        return {k: d for k, d in self.decisions.items() if self.in_force(d)}


def load_trust(
    conn: sa.Connection, log: AuditLog, *, parties: Iterable[int] | None = None
) -> Trust:
    """The trusted decisions and approvals. Without `parties`, every decision and approval
    and every event that recorded them (a monitoring run); with `parties`, only the rows on
    those parties, each checked against the event it names (one action: its cost follows
    the party's decisions, not the size of the audit log)."""
    if parties is not None:
        return _trust_of(conn, parties)
    trusted = reconcile_decision_rows(conn, log).trusted
    latest: dict[HitKey, Decision] = {}
    for decision in all_decisions(conn):
        if decision.id in trusted:
            latest[decision.hit_key] = decision
    good = reconcile_approvals(conn).trusted
    by_decision: dict[int, Approval] = {}
    for approval in all_approvals(conn):
        if approval.id in good:
            by_decision[approval.decision_id] = approval
    return Trust(latest, by_decision)


def _trust_of(conn: sa.Connection, parties: Iterable[int]) -> Trust:
    made = decisions_of_parties(conn, parties)
    trusted = trusted_decisions(conn, made)
    latest = {d.hit_key: d for d in made if d.id in trusted}
    found = approvals_of_decisions(conn, [d.id for d in made])
    rows = {a.id: (a.audit_seq, a.to_dict()) for a in found}
    good = trusted_by_own_event(conn, rows, kinds.APPROVAL, "approvals", COMPARED)
    by_decision = {a.decision_id: a for a in found if a.id in good}
    return Trust(latest, by_decision)
