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

from entitylist.store.columns import flag, integer, json, real, ref, row_id, string, text, timestamp
from entitylist.store.schema import table

alerts = table(
    "alerts",
    row_id(),
    ref("party_ref", "monitored_parties"),
    string("group_key", 32),
    string("origin", 16),
    string("status", 24),
    flag("escalated"),
    string("resolution", 24, nullable=True),
    text("party_name"),
    string("country", 8, nullable=True),
    string("list_code", 16),
    string("source", 32),
    string("entry_key", 512),
    text("entry_name"),
    text("matched_name"),
    real("score"),
    flag("alert_level"),
    integer("severity"),
    integer("row_count"),
    json("rows"),
    text("explanation"),
    string("fingerprint", 64),
    ref("run_id", "monitor_runs", nullable=True),
    # Migration 0010_alert_origins: the run, batch job or saved screening that opened the
    # alert or last changed it (`origin` says which kind).
    string("origin_ref", 64, nullable=True),
    string("assignee", 64, nullable=True),
    timestamp("created_at"),
    timestamp("opened_at"),
    timestamp("updated_at"),
    timestamp("closed_at", nullable=True),
    sa.UniqueConstraint("party_ref", "group_key", name="uq_alerts_party_group"),
)

approvals = table(
    "approvals",
    row_id(),
    ref("decision_id", "decisions"),
    ref("alert_id", "alerts"),
    string("outcome", 16),
    text("reason"),
    string("actor", 256),
    timestamp("decided_at"),
    # Migration 0009_review_scale: the seq of the `approval` event that recorded the row.
    integer("audit_seq", nullable=True),
)

alert_comments = table(
    "alert_comments",
    row_id(),
    ref("alert_id", "alerts"),
    text("body"),
    string("actor", 256),
    timestamp("created_at"),
)

alert_origins = table(
    "alert_origins",
    row_id(),
    ref("alert_id", "alerts"),
    string("origin", 16),
    string("origin_ref", 64),
    timestamp("first_at"),
    timestamp("last_at"),
    sa.UniqueConstraint("alert_id", "origin", "origin_ref", name="uq_alert_origins"),
    sa.Index("ix_alert_origins_origin", "origin", "origin_ref", "alert_id"),
)
