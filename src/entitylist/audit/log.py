"""`AuditLog`: append events, read them back, verify the chain, prune old records.

Appends are serialised by the head row: the first statement of an append writes it, which
takes SQLite's write lock or PostgreSQL's row lock, so two writers never both extend the
chain from the same event. An append can join a caller's transaction (`conn=`) so that the
record and the thing it records commit together, or not at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict, Unpack

import sqlalchemy as sa

from entitylist.audit import kinds
from entitylist.audit.anchor import Anchor, check_anchor
from entitylist.audit.chain import (
    AuditEvent,
    Break,
    Verification,
    canonical_json,
    event_hash,
    jsonable,
    verify_chain,
)
from entitylist.audit.export import ExportOutcome, write_events
from entitylist.audit.rows import read_head, recorded_within, stored_event
from entitylist.audit.schema import audit_events, audit_head
from entitylist.chunks import IDS_PER_QUERY, in_chunks
from entitylist.dates import utc
from entitylist.errors import EntitylistError, InputError
from entitylist.store import Store

PRUNE_KIND = kinds.AUDIT_PRUNE
RETENTION_YEARS = 5
"""The EAR's record-keeping period: five years (15 CFR 762.6)."""

Clock = Callable[[], datetime]
HEAD_MISSING = (
    "the log's head row (newest seq and hash) is missing: it was deleted outside the log, "
    "so a deletion of the newest events cannot be ruled out"
)


def _head(conn: sa.Connection, doing: str) -> tuple[int, str | None]:
    """The head row's seq and hash; without it nothing is appended or anchored."""
    head = read_head(conn)
    if head is None:
        raise EntitylistError(f"{doing}: {HEAD_MISSING}")
    return head


def _now() -> datetime:
    return datetime.now(UTC)


def years_before(when: datetime, years: int) -> datetime:
    try:
        return when.replace(year=when.year - years)
    except ValueError:  # 29 February in a year that has none
        return when.replace(year=when.year - years, day=28)


class PruneRefused(EntitylistError):
    """A prune that would cut records younger than the retention period."""

    code = "prune_refused"
    status_code = 409


class EventQuery(TypedDict, total=False):
    """Which events to read: recorded in [start, end), of `kind`, after `after_seq`, at
    most `limit`; each when given."""

    start: datetime | None
    end: datetime | None
    kind: str | None
    after_seq: int | None
    limit: int | None


@dataclass(frozen=True)
class PruneOutcome:
    before: datetime
    deleted: int
    first_kept_seq: int
    event: AuditEvent

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "before": self.before.isoformat(), "event": self.event.to_dict()}


class AuditLog:
    """The append-only, hash-chained record of who did what against which list version."""

    def __init__(
        self, store: Store, *, clock: Clock = _now, retention_years: int = RETENTION_YEARS
    ) -> None:
        self.store = store
        self.clock = clock
        self.retention_years = retention_years

    # -- writing -------------------------------------------------------------------------

    def record(
        self,
        kind: str,
        data: Mapping[str, Any],
        actor: str | None = None,
        *,
        conn: sa.Connection | None = None,
    ) -> AuditEvent:
        """Append one event. `kind` is dotted (`list.update`, `screening`, `key.created`)."""
        if conn is not None:
            return self._append(conn, kind, data, actor)
        with self.store.engine.begin() as own:
            return self._append(own, kind, data, actor)

    def _append(
        self, conn: sa.Connection, kind: str, data: Mapping[str, Any], actor: str | None
    ) -> AuditEvent:
        if not kind or len(kind) > 64:
            raise InputError(f"audit event kind must be 1-64 characters, not {kind!r}")
        when = self.clock()
        head_seq, head_hash = self._lock_head(conn, when)
        text = canonical_json(jsonable(dict(data)))
        seq = head_seq + 1
        digest = event_hash(seq, when, kind, actor, text, head_hash)
        conn.execute(
            sa.insert(audit_events).values(
                seq=seq,
                recorded_at=when,
                kind=kind,
                actor=actor,
                data=text,
                prev_hash=head_hash,
                hash=digest,
            )
        )
        conn.execute(sa.update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=digest))
        return AuditEvent(seq, when, kind, actor, text, head_hash, digest)

    def record_many(
        self,
        conn: sa.Connection,
        items: Sequence[tuple[str, Mapping[str, Any], str | None]],
    ) -> list[AuditEvent]:
        """Append several (kind, data, actor) events in `conn`'s transaction: the head is
        locked and moved once and the rows inserted together (the group-commit path)."""
        if not items:
            return []
        for kind, _data, _actor in items:
            if not kind or len(kind) > 64:
                raise InputError(f"audit event kind must be 1-64 characters, not {kind!r}")
        when = self.clock()
        seq, prev = self._lock_head(conn, when)
        events: list[AuditEvent] = []
        for kind, data, actor in items:
            seq += 1
            text = canonical_json(jsonable(dict(data)))
            digest = event_hash(seq, when, kind, actor, text, prev)
            events.append(AuditEvent(seq, when, kind, actor, text, prev, digest))
            prev = digest
        conn.execute(
            sa.insert(audit_events),
            [
                {
                    "seq": e.seq,
                    "recorded_at": e.recorded_at,
                    "kind": e.kind,
                    "actor": e.actor,
                    "data": e.data_text,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                }
                for e in events
            ],
        )
        conn.execute(sa.update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=prev))
        return events

    def lock(self, conn: sa.Connection) -> None:
        """Take the log's write lock in `conn`'s transaction (before reading anything), for a
        caller that reads, then writes and records, and must not interleave with another."""
        self._lock_head(conn, self.clock())

    @staticmethod
    def _lock_head(conn: sa.Connection, when: datetime) -> tuple[int, str | None]:
        # Write first, read second: the write takes the lock before we read the head.
        conn.execute(sa.update(audit_head).where(audit_head.c.id == 1).values(updated_at=when))
        return _head(conn, "cannot append to the audit log")

    # -- reading -------------------------------------------------------------------------

    def events(self, **which: Unpack[EventQuery]) -> list[AuditEvent]:
        """Events in seq order; `start` inclusive, `end` exclusive."""
        with self.store.engine.connect() as conn:
            return list(self._iter(conn, **which))

    @staticmethod
    def events_on(conn: sa.Connection, *, kind: str) -> Iterator[AuditEvent]:
        """Events of one kind read on `conn` (so a transaction sees its own events)."""
        return AuditLog._iter(conn, kind=kind)

    @staticmethod
    def events_at(conn: sa.Connection, seqs: Iterable[int], *, kind: str) -> list[AuditEvent]:
        """The events of `kind` at these seqs (by the primary key: the cost is theirs, not
        the log's)."""
        wanted = sorted(set(seqs))
        out: list[AuditEvent] = []
        for chunk in in_chunks(wanted, IDS_PER_QUERY):
            query = sa.select(audit_events).where(
                audit_events.c.seq.in_(chunk), audit_events.c.kind == kind
            )
            out.extend(stored_event(row) for row in conn.execute(query))
        return out

    def iter_events(
        self, *, start: datetime | None = None, end: datetime | None = None
    ) -> Iterator[AuditEvent]:
        """Events in seq order, streamed (for exports of any size)."""
        with self.store.engine.connect() as conn:
            yield from self._iter(conn, start=start, end=end)

    @staticmethod
    def _iter(conn: sa.Connection, **which: Unpack[EventQuery]) -> Iterator[AuditEvent]:
        query = recorded_within(
            sa.select(audit_events).order_by(audit_events.c.seq),
            start=which.get("start"),
            end=which.get("end"),
            kind=which.get("kind"),
        )
        if (after_seq := which.get("after_seq")) is not None:
            query = query.where(audit_events.c.seq > after_seq)
        if (limit := which.get("limit")) is not None:
            query = query.limit(limit)
        # Per statement: `Connection.execution_options` would change the caller's connection.
        for row in conn.execute(query, execution_options={"yield_per": 2000}):
            yield stored_event(row)

    def head(self) -> tuple[int, str | None]:
        with self.store.engine.connect() as conn:
            return _head(conn, "audit log")

    def export(
        self,
        path: Path,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        actor: str | None = None,
    ) -> ExportOutcome:
        """Write the events recorded in [start, end) to `path` (.csv or .jsonl); audited."""
        outcome = write_events(self.iter_events(start=start, end=end), path)
        self.record(
            kinds.AUDIT_EXPORT,
            {
                "from": start,
                "to": end,
                "format": outcome.format,
                "count": outcome.count,
                "file": path.name,
                "sha256": outcome.sha256,
            },
            actor,
        )
        return outcome

    # -- verifying -----------------------------------------------------------------------

    def verify(self, anchor: Anchor | None = None) -> Verification:
        """Check the whole chain; the result names the first broken event, if any. With an
        `anchor` (see `audit.anchor`), also that the log still extends the anchored head."""
        result = self._verify_chain()
        if anchor is None or not result.ok:
            return result
        with self.store.engine.connect() as conn:
            event = next(self._iter(conn, after_seq=anchor.seq - 1, limit=1), None)
            start_prev = self._anchor(conn, result.first_seq)[0] if result.first_seq else None
        broken = check_anchor(
            anchor,
            last_seq=result.last_seq,
            event=event if event is not None and event.seq == anchor.seq else None,
            first_seq=result.first_seq,
            start_prev_hash=start_prev,
        )
        return dataclasses.replace(result, broken=broken, anchor=anchor.describe())

    def anchor(self) -> Anchor:
        """The head as it stands now, to keep outside the database (`audit anchor`)."""
        seq, digest = self.head()
        if not seq or digest is None:
            raise EntitylistError("the audit log is empty: nothing to anchor yet")
        return Anchor(seq, digest, self.clock())

    def _verify_chain(self) -> Verification:
        with self.store.engine.connect() as conn:
            first = conn.execute(sa.select(sa.func.min(audit_events.c.seq))).scalar()
            head = read_head(conn)
            if head is None:
                return Verification(0, first, None, None, Break(first or 1, HEAD_MISSING))
            if first is None:
                return verify_chain([], head=head)
            start_prev, broken = self._anchor(conn, int(first))
            if broken is not None:
                return Verification(0, None, None, None, broken)
            return verify_chain(
                self._iter(conn), start_seq=int(first), start_prev_hash=start_prev, head=head
            )

    def _anchor(self, conn: sa.Connection, first: int) -> tuple[str | None, Break | None]:
        """The previous hash the oldest kept event must link to (recorded by a prune)."""
        if first == 1:
            return None, None
        anchors: dict[int, str | None] = {}
        for event in self._iter(conn, kind=PRUNE_KIND):
            data = event.data
            anchors[int(data["first_kept_seq"])] = data.get("anchor_prev_hash")
        if first in anchors:
            return anchors[first], None
        earlier = [seq for seq in anchors if seq < first]
        missing = max(earlier) if earlier else 1
        return None, Break(
            missing, f"event {missing} is missing (deleted) and no prune record accounts for it"
        )

    # -- retention -----------------------------------------------------------------------

    def retention_cutoff(self) -> datetime:
        """Records recorded before this time may be pruned; younger ones must be kept."""
        return years_before(self.clock(), self.retention_years)

    def prune(self, before: datetime, actor: str | None = None) -> PruneOutcome:
        """Delete events recorded before `before` (explicitly; itself audited).

        Refused when `before` is within the retention period. The prune event records the
        hash the first kept event links to, so the chain stays verifiable from there.
        """
        before = utc(before)
        cutoff = self.retention_cutoff()
        if before > cutoff:
            raise PruneRefused(
                f"refusing to prune records from {before.date().isoformat()}: records are "
                f"kept {self.retention_years} years (15 CFR 762.6), so only records before "
                f"{cutoff.date().isoformat()} may be pruned"
            )
        with self.store.engine.begin() as conn:
            head_seq, head_hash = self._lock_head(conn, self.clock())
            first_young = conn.execute(
                sa.select(sa.func.min(audit_events.c.seq)).where(
                    audit_events.c.recorded_at >= before
                )
            ).scalar()
            # Cut a prefix by seq (never a scattered subset), so what is kept stays a chain.
            first_kept = int(first_young) if first_young is not None else head_seq + 1
            if first_young is not None:
                anchor = conn.execute(
                    sa.select(audit_events.c.prev_hash).where(audit_events.c.seq == first_kept)
                ).scalar()
            else:
                anchor = head_hash
            oldest = conn.execute(sa.select(sa.func.min(audit_events.c.seq))).scalar()
            deleted = conn.execute(
                sa.delete(audit_events).where(audit_events.c.seq < first_kept)
            ).rowcount
            event = self._append(
                conn,
                PRUNE_KIND,
                {
                    "before": before,
                    "deleted": deleted,
                    "deleted_seqs": [oldest, first_kept - 1] if deleted else None,
                    "first_kept_seq": first_kept,
                    "anchor_prev_hash": anchor,
                    "retention_years": self.retention_years,
                },
                actor,
            )
        return PruneOutcome(before, deleted, first_kept, event)
