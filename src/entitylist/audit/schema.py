"""The audit log's tables (created by migration 0002_monitoring).

`audit_events` is append-only: `seq` is assigned by the log itself (previous + 1, under the
head row's lock), never by a database sequence, so a rolled-back transaction leaves no gap
and any gap means a deleted event. `audit_head` holds the newest seq and hash, updated in
the same transaction as each append: it is the lock that serialises writers and the anchor
that reveals a deleted newest event.
"""

from __future__ import annotations

from entitylist.store.columns import integer, string, text, timestamp
from entitylist.store.schema import table

audit_events = table(
    "audit_events",
    integer("seq", primary_key=True, autoincrement=False),
    timestamp("recorded_at"),
    string("kind", 64),
    string("actor", 256, nullable=True),
    # The canonical JSON text exactly as hashed (a JSON column could re-serialise it).
    text("data"),
    string("prev_hash", 64, nullable=True),
    string("hash", 64),
)

audit_head = table(
    "audit_head",
    integer("id", primary_key=True, autoincrement=False),
    integer("seq"),
    string("hash", 64, nullable=True),
    timestamp("updated_at", nullable=True),
)
