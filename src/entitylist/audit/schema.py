"""The audit log's tables (created by migration 0002_monitoring).

`audit_events` is append-only: `seq` is assigned by the log itself (previous + 1, under the
head row's lock), never by a database sequence, so a rolled-back transaction leaves no gap
and any gap means a deleted event. `audit_head` holds the newest seq and hash, updated in
the same transaction as each append: it is the lock that serialises writers and the anchor
that reveals a deleted newest event.
"""

from __future__ import annotations

import sqlalchemy as sa

from entitylist.store.columns import timestamp
from entitylist.store.schema import metadata

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    timestamp("recorded_at"),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("actor", sa.String(256), nullable=True),
    # The canonical JSON text exactly as hashed (a JSON column could re-serialise it).
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=True),
    sa.Column("hash", sa.String(64), nullable=False),
)

audit_head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=True),
    timestamp("updated_at", nullable=True),
)
