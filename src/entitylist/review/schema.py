"""The review workflow's tables (created by migration 0007_alerts).

- `alerts`: one row per (monitored party, real listed party), kept by the library as runs
  and reviewers act; what the queue is served from. `rows` holds every list row the alert
  stands for; `fingerprint` names the party and entry versions its status was derived on.
- `approvals`: an approver's verdict on a decision that waits for four eyes (one row per
  decision row approved or rejected); never edited, checked against the audit log.
- `alert_comments`: reviewers' notes on an alert.
- `alert_origins` (migration 0011_alert_sightings): every run, batch job and saved
  screening that surfaced an alert (opened it, changed it, found it again or closed it),
  with when it first and last did; the queue's origin filter reads it, so a job's link
  shows every alert the job reported, also one another job had opened first.
"""

from __future__ import annotations

import sqlalchemy as sa

from entitylist.store.columns import ref, row_id, timestamp
from entitylist.store.schema import metadata

alerts = sa.Table(
    "alerts",
    metadata,
    row_id(),
    ref("party_ref", "monitored_parties"),
    sa.Column("group_key", sa.String(32), nullable=False),
    sa.Column("origin", sa.String(16), nullable=False),
    sa.Column("status", sa.String(24), nullable=False),
    sa.Column("escalated", sa.Boolean, nullable=False),
    sa.Column("resolution", sa.String(24), nullable=True),
    sa.Column("party_name", sa.Text, nullable=False),
    sa.Column("country", sa.String(8), nullable=True),
    sa.Column("list_code", sa.String(16), nullable=False),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("entry_key", sa.String(512), nullable=False),
    sa.Column("entry_name", sa.Text, nullable=False),
    sa.Column("matched_name", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("alert_level", sa.Boolean, nullable=False),
    sa.Column("severity", sa.Integer, nullable=False),
    sa.Column("row_count", sa.Integer, nullable=False),
    sa.Column("rows", sa.JSON, nullable=False),
    sa.Column("explanation", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    ref("run_id", "monitor_runs", nullable=True),
    # Migration 0010_alert_origins: the run, batch job or saved screening that opened the
    # alert or last changed it (`origin` says which kind).
    sa.Column("origin_ref", sa.String(64), nullable=True),
    sa.Column("assignee", sa.String(64), nullable=True),
    timestamp("created_at"),
    timestamp("opened_at"),
    timestamp("updated_at"),
    timestamp("closed_at", nullable=True),
    sa.UniqueConstraint("party_ref", "group_key", name="uq_alerts_party_group"),
)

approvals = sa.Table(
    "approvals",
    metadata,
    row_id(),
    ref("decision_id", "decisions"),
    ref("alert_id", "alerts"),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("actor", sa.String(256), nullable=False),
    timestamp("decided_at"),
    # Migration 0009_review_scale: the seq of the `approval` event that recorded the row.
    sa.Column("audit_seq", sa.Integer, nullable=True),
)

alert_comments = sa.Table(
    "alert_comments",
    metadata,
    row_id(),
    ref("alert_id", "alerts"),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("actor", sa.String(256), nullable=False),
    timestamp("created_at"),
)

alert_origins = sa.Table(
    "alert_origins",
    metadata,
    row_id(),
    ref("alert_id", "alerts"),
    sa.Column("origin", sa.String(16), nullable=False),
    sa.Column("origin_ref", sa.String(64), nullable=False),
    timestamp("first_at"),
    timestamp("last_at"),
    sa.UniqueConstraint("alert_id", "origin", "origin_ref", name="uq_alert_origins"),
    sa.Index("ix_alert_origins_origin", "origin", "origin_ref", "alert_id"),
)
