"""The audit tables read back, the same for the log and its readable views: an event from
its stored row, the head row, the filters by time and kind."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from entitylist.audit.chain import AuditEvent
from entitylist.audit.schema import audit_events, audit_head
from entitylist.store.rows import aware, record


def stored_event(row: Any) -> AuditEvent:
    """An `audit_events` row as the event it records (its `data` is the hashed text)."""
    return record(AuditEvent, row, **aware(row, "recorded_at"), data_text=row.data)


def read_head(conn: sa.Connection) -> tuple[int, str | None] | None:
    """The head row's newest seq and hash; None when the row is missing (deleted outside
    the log)."""
    row = conn.execute(
        sa.select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
    ).first()
    return None if row is None else (int(row.seq), row.hash)


def recorded_within(
    query: sa.Select[Any],
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    kind: str | None = None,
) -> sa.Select[Any]:
    """`query` kept to events recorded in [start, end) and of `kind`, each when given."""
    if start is not None:
        query = query.where(audit_events.c.recorded_at >= start)
    if end is not None:
        query = query.where(audit_events.c.recorded_at < end)
    if kind is not None:
        query = query.where(audit_events.c.kind == kind)
    return query
