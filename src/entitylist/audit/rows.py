"""The audit tables read back, the same for the log and its readable views: an event from
its stored row."""

from __future__ import annotations

from typing import Any

from entitylist.audit.chain import AuditEvent
from entitylist.store.rows import aware, record


def stored_event(row: Any) -> AuditEvent:
    """An `audit_events` row as the event it records (its `data` is the hashed text)."""
    return record(AuditEvent, row, **aware(row, "recorded_at"), data_text=row.data)
