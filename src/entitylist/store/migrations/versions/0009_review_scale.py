"""The review workflow at scale: the queue's orderings served by indexes, and each decision
and approval row naming the audit event that recorded it (`audit_seq`), so an action
checks the rows it reads against their own events instead of reading every decision event
in the log (its cost no longer grows with the log).

Rows written before this revision get the seq of the event that recorded them (read once,
here); a row no event records keeps NULL and is trusted by nothing, as before.

Revision ID: 0009_review_scale
Revises: 0007_alerts
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009_review_scale"
down_revision = "0007_alerts"
branch_labels = None
depends_on = None

_RECORDED = {"decisions": ("decision", "decisions"), "approvals": ("approval", "approvals")}


def upgrade() -> None:
    op.create_index("ix_alerts_status_opened", "alerts", ["status", "opened_at"])
    op.create_index(
        "ix_alerts_status_queue",
        "alerts",
        ["status", "escalated", "alert_level", "severity", "score"],
    )
    op.add_column("decisions", sa.Column("audit_seq", sa.Integer, nullable=True))
    op.add_column("approvals", sa.Column("audit_seq", sa.Integer, nullable=True))
    conn = op.get_bind()
    for table, (kind, field) in _RECORDED.items():
        _backfill(conn, table, kind, field)


def _backfill(conn: sa.Connection, table: str, kind: str, field: str) -> None:
    seqs: dict[int, int] = {}
    events = conn.execute(
        sa.text("SELECT seq, data FROM audit_events WHERE kind = :kind ORDER BY seq"),
        {"kind": kind},
    )
    for seq, text in events:
        data: Any = json.loads(text)
        rows = data.get(field) if isinstance(data, dict) else None
        for row in rows if isinstance(rows, list) else [data]:
            if isinstance(row, dict) and isinstance(row.get("id"), int):
                seqs[row["id"]] = int(seq)
    update = sa.text(f"UPDATE {table} SET audit_seq = :seq WHERE id = :id")
    pairs = [{"id": i, "seq": s} for i, s in seqs.items()]
    for start in range(0, len(pairs), 1000):
        conn.execute(update, pairs[start : start + 1000])


def downgrade() -> None:
    op.execute("ALTER TABLE approvals DROP COLUMN audit_seq")
    op.execute("ALTER TABLE decisions DROP COLUMN audit_seq")
    op.drop_index("ix_alerts_status_queue", "alerts")
    op.drop_index("ix_alerts_status_opened", "alerts")
