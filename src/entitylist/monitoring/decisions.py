"""Reviewers' decisions on hits: true match, false positive, escalated.

A decision is made on one party version and one entry version (by their content hashes).
It applies to a hit only while both hashes are unchanged and it has not expired; a newer
decision on the same (party, entry) supersedes it. Decisions are never deleted or edited.
A false positive that applies suppresses the hit from monitoring reports; any decision
that applies marks the hit as already decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from entitylist.audit import AuditLog, kinds
from entitylist.chunks import IDS_PER_QUERY, in_chunks
from entitylist.errors import InputError
from entitylist.monitoring.parties import MonitoredParty, get_party
from entitylist.monitoring.schema import decisions, monitor_results, monitored_parties
from entitylist.store import Store, StoredEntry
from entitylist.store.rows import typed


class Verdict(StrEnum):
    TRUE_MATCH = "true_match"
    FALSE_POSITIVE = "false_positive"
    ESCALATED = "escalated"

    @classmethod
    def parse(cls, text: str) -> Verdict:
        try:
            return cls(text.strip().lower().replace("-", "_"))
        except ValueError:
            raise InputError(
                f"verdict must be one of {', '.join(v.value for v in cls)}, not {text!r}"
            ) from None


HitKey = tuple[int, str, str]
"""(party ref, source, entry key): the identity of a hit across versions."""


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    party_ref: int
    party_id: str
    party_version_id: int
    party_hash: str
    source: str
    entry_key: str
    entry_version_id: int
    entry_hash: str
    verdict: Verdict
    reason: str
    actor: str | None
    decided_at: datetime
    expires_at: datetime | None
    supersedes_id: int | None
    alert_id: int | None = None
    """The alert it was decided on (`review.workflow`), None for a decision on one hit."""
    needs_approval: bool = False
    """A false positive that suppresses nothing until an approver approves it (four eyes)."""
    audit_seq: int | None = None
    """The audit event that recorded the row (not part of what the event records)."""

    @property
    def hit_key(self) -> HitKey:
        return (self.party_ref, self.source, self.entry_key)

    def lapse_reason(self, party_hash: str, entry_hash: str, now: datetime) -> str | None:
        """Why this decision no longer applies to a hit with these hashes (None: it does)."""
        if self.party_hash != party_hash:
            return "the party's record changed since the decision"
        if self.entry_hash != entry_hash:
            return "the entry's content changed since the decision"
        if self.expires_at is not None and self.expires_at <= now:
            return f"the decision expired on {self.expires_at.date().isoformat()}"
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "party_id": self.party_id,
            "party_version_id": self.party_version_id,
            "party_hash": self.party_hash,
            "source": self.source,
            "entry_key": self.entry_key,
            "entry_id": self.entry_version_id,
            "entry_hash": self.entry_hash,
            "verdict": str(self.verdict),
            "reason": self.reason,
            "by": self.actor,
            "decided_at": self.decided_at.isoformat(),
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "supersedes": self.supersedes_id,
            "alert_id": self.alert_id,
            "needs_approval": self.needs_approval,
        }


def applicable(
    decision: Decision | None, party_hash: str, entry_hash: str, now: datetime
) -> Decision | None:
    """The decision if it applies to a hit with these hashes at `now`."""
    if decision is None or decision.lapse_reason(party_hash, entry_hash, now) is not None:
        return None
    return decision


def _select() -> sa.Select[Any]:
    return sa.select(decisions, monitored_parties.c.party_id).join(
        monitored_parties, monitored_parties.c.id == decisions.c.party_ref
    )


def _from_row(row: Any) -> Decision:
    return typed(Decision, row)


def all_decisions(conn: sa.Connection) -> list[Decision]:
    return [_from_row(row) for row in conn.execute(_select().order_by(decisions.c.id))]


def latest_decisions(
    conn: sa.Connection, only: frozenset[int] | None = None
) -> dict[HitKey, Decision]:
    """The newest decision on each (party, entry): the one that counts. With `only`, rows
    outside it are passed over (rows that do not match their audit event never count)."""
    out: dict[HitKey, Decision] = {}
    for decision in all_decisions(conn):
        if only is None or decision.id in only:
            out[decision.hit_key] = decision
    return out


def decisions_of_parties(conn: sa.Connection, refs: Iterable[int]) -> list[Decision]:
    """Every decision on these parties (superseded ones too), oldest first."""
    wanted = sorted(set(refs))
    out: list[Decision] = []
    for chunk in in_chunks(wanted, IDS_PER_QUERY):
        out.extend(map(_from_row, conn.execute(_select().where(decisions.c.party_ref.in_(chunk)))))
    return sorted(out, key=lambda d: d.id)


def note_event(conn: sa.Connection, ids: Iterable[int], seq: int) -> None:
    """Name the audit event that recorded these decision rows (written in its transaction)."""
    for chunk in in_chunks(sorted(ids), IDS_PER_QUERY):
        conn.execute(sa.update(decisions).where(decisions.c.id.in_(chunk)).values(audit_seq=seq))


def decisions_by_ids(conn: sa.Connection, ids: Iterable[int]) -> dict[int, Decision]:
    wanted = sorted(set(ids))
    out: dict[int, Decision] = {}
    for chunk in in_chunks(wanted, IDS_PER_QUERY):
        rows = conn.execute(_select().where(decisions.c.id.in_(chunk)))
        out.update({d.id: d for d in map(_from_row, rows)})
    return out


def list_decisions(store: Store, party_id: str | None = None) -> list[Decision]:
    """Every decision (superseded ones too), oldest first."""
    query = _select().order_by(decisions.c.id)
    if party_id is not None:
        query = query.where(monitored_parties.c.party_id == party_id)
    with store.engine.connect() as conn:
        return [_from_row(r) for r in conn.execute(query)]


def decide(
    store: Store,
    party_id: str,
    entry_ident: str,
    verdict: Verdict | str,
    reason: str,
    *,
    expires_at: datetime | None = None,
    source: str | None = None,
    actor: str | None = None,
    audit: AuditLog | None = None,
    now: datetime | None = None,
) -> Decision:
    """Record a verdict on the hit of `party_id` against the entry named by `entry_ident`
    (entry id, key or published source id, as `Store.get` resolves it). Audited.

    The decision is made on the party's current version and on the entry version the
    party's current monitoring result shows (else the version in force): what the reviewer
    looked at.
    """
    verdict = Verdict.parse(verdict) if isinstance(verdict, str) else verdict
    when = now or datetime.now(UTC)
    if not reason or not reason.strip():
        raise InputError("a decision needs a reason (--reason)")
    if expires_at is not None and expires_at <= when:
        raise InputError(f"the expiry {expires_at.date().isoformat()} is not in the future")
    party = get_party(store, party_id)
    stored = store.get(entry_ident, source=source)
    log = audit or AuditLog(store)
    with store.engine.begin() as conn:
        entry_version_id, entry_hash = _reviewed_version(conn, party.ref, stored)
        previous = previous_decision_id(conn, party.ref, stored.source, stored.key)
        values = {
            "party_ref": party.ref,
            "party_version_id": party.version_id,
            "party_hash": party.content_hash,
            "source": stored.source,
            "entry_key": stored.key,
            "entry_version_id": entry_version_id,
            "entry_hash": entry_hash,
            "verdict": str(verdict),
            "reason": reason.strip(),
            "actor": actor,
            "decided_at": when,
            "expires_at": expires_at,
            "supersedes_id": previous,
        }
        decision = insert_decision(conn, values)
        event = log.record(
            kinds.DECISION, _decision_event(decision, party, stored), actor, conn=conn
        )
        note_event(conn, [decision.id], event.seq)
        _refresh_alerts(conn, log, party.ref, when)
    return decision


def _decision_event(
    decision: Decision, party: MonitoredParty, stored: StoredEntry
) -> dict[str, Any]:
    """The audit event of one decision: the decision, the party version and the entry."""
    return {
        **decision.to_dict(),
        "party": {"id": party.party_id, "name": party.name, "version": party.version},
        "entry": {
            "name": stored.entry.name,
            "list": stored.entry.list_code,
            "source_id": stored.entry.source_id,
        },
    }


def _refresh_alerts(conn: sa.Connection, log: AuditLog, party_ref: int, now: datetime) -> None:
    """The party's alerts follow the decision (review builds on this module, so imported
    here rather than at the top)."""
    from entitylist.review.approvals import load_trust
    from entitylist.review.sync import refresh_party_alerts

    refresh_party_alerts(conn, party_ref, load_trust(conn, log, parties=[party_ref]), now)


def insert_decision(conn: sa.Connection, values: dict[str, Any]) -> Decision:
    """Write one decision row (the caller audits it in the same transaction)."""
    new_id = conn.execute(
        sa.insert(decisions).values(**values).returning(decisions.c.id)
    ).scalar_one()
    return _from_row(conn.execute(_select().where(decisions.c.id == new_id)).one())


def previous_decision_id(conn: sa.Connection, party_ref: int, source: str, key: str) -> int | None:
    """The newest decision on this (party, entry), which a new one supersedes."""
    found = conn.execute(
        sa.select(sa.func.max(decisions.c.id)).where(
            decisions.c.party_ref == party_ref,
            decisions.c.source == source,
            decisions.c.entry_key == key,
        )
    ).scalar()
    return int(found) if found is not None else None


def _reviewed_version(conn: sa.Connection, party_ref: int, stored: StoredEntry) -> tuple[int, str]:
    row = conn.execute(
        sa.select(monitor_results.c.entry_version_id, monitor_results.c.entry_hash).where(
            monitor_results.c.party_ref == party_ref,
            monitor_results.c.source == stored.source,
            monitor_results.c.entry_key == stored.key,
            monitor_results.c.superseded_run_id.is_(None),
        )
    ).first()
    if row is not None:
        return int(row.entry_version_id), str(row.entry_hash)
    return stored.id, stored.content_hash
