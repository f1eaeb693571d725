"""Monitoring's tables (created by migration 0002_monitoring).

- `monitored_parties` / `party_versions`: the portfolio; a re-import that changes a row adds
  a version (with its content hash) and moves `current_version_id`; nothing is overwritten.
- `monitor_runs`: one row per completed run, with the snapshots it screened against.
- `monitor_results`: hit states as intervals: a row is valid from the run that wrote it
  (`run_id`) until the run that superseded it (`superseded_run_id`, NULL while current).
  A run with nothing new writes no result rows, yet every run's results can be read back.
- `monitor_events`: what a run reported (new, changed, removed hits).
- `screened_versions`: the party versions a run has screened (the first run that did). A
  run with no list change screens the current versions not in it: imports that commit
  while a run is under way are picked up by the next run, whatever their ids.
- `decisions`: reviewers' verdicts; never deleted, a newer one supersedes an older one.
  The review workflow's tables (alerts, approvals, comments) are in `review.schema`.
- `webhook_outbox`: webhook notifications of runs, pending until delivered (at least once).
"""

from __future__ import annotations

import sqlalchemy as sa

from entitylist.store.columns import ref, row_id, timestamp
from entitylist.store.schema import metadata

monitored_parties = sa.Table(
    "monitored_parties",
    metadata,
    row_id(),
    sa.Column("party_id", sa.String(256), nullable=False, unique=True),
    sa.Column("current_version_id", sa.Integer, nullable=True),
    sa.Column("active", sa.Boolean, nullable=False),
    timestamp("created_at"),
    timestamp("updated_at"),
    # Migration 0010_alert_origins: a party screened outside the portfolio and saved to the
    # review queue (`review.intake`): never active, never touched by a portfolio import.
    sa.Column("transient", sa.Boolean, nullable=False, server_default=sa.false()),
)

party_versions = sa.Table(
    "party_versions",
    metadata,
    row_id(),
    ref("party_ref", "monitored_parties"),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("country", sa.String(8), nullable=True),
    sa.Column("address", sa.Text, nullable=True),
    sa.Column("attributes", sa.JSON, nullable=False),
    sa.Column("origin", sa.Text, nullable=True),
    sa.Column("line", sa.Integer, nullable=True),
    timestamp("imported_at"),
)

monitor_runs = sa.Table(
    "monitor_runs",
    metadata,
    row_id(),
    timestamp("started_at"),
    timestamp("finished_at"),
    sa.Column("snapshots", sa.JSON, nullable=False),
    sa.Column("snapshot_key", sa.String(64), nullable=False),
    sa.Column("engine_version", sa.String(64), nullable=False),
    sa.Column("thresholds", sa.JSON, nullable=False),
    sa.Column("party_watermark", sa.Integer, nullable=False),
    sa.Column("parties", sa.Integer, nullable=False),
    sa.Column("screened", sa.Integer, nullable=False),
    sa.Column("counts", sa.JSON, nullable=False),
    sa.Column("actor", sa.String(256), nullable=True),
)

decisions = sa.Table(
    "decisions",
    metadata,
    row_id(),
    ref("party_ref", "monitored_parties"),
    ref("party_version_id", "party_versions"),
    sa.Column("party_hash", sa.String(64), nullable=False),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("entry_key", sa.String(512), nullable=False),
    ref("entry_version_id", "entry_versions"),
    sa.Column("entry_hash", sa.String(64), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("actor", sa.String(256), nullable=True),
    timestamp("decided_at"),
    timestamp("expires_at", nullable=True),
    sa.Column("supersedes_id", sa.Integer, nullable=True),
    # Migration 0007_alerts: the alert the decision was made on, and whether it waits for an
    # approver (a false positive on an alert-level hit of a four-eyes list).
    sa.Column("alert_id", sa.Integer, nullable=True),
    sa.Column("needs_approval", sa.Boolean, nullable=False, default=False),
    # Migration 0009_review_scale: the seq of the audit event that recorded the row, so one
    # row is checked against its own event (NULL: no event records it; trusted by nothing).
    sa.Column("audit_seq", sa.Integer, nullable=True),
)

monitor_results = sa.Table(
    "monitor_results",
    metadata,
    row_id(),
    ref("party_ref", "monitored_parties"),
    ref("party_version_id", "party_versions"),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("entry_key", sa.String(512), nullable=False),
    ref("entry_version_id", "entry_versions"),
    sa.Column("entry_hash", sa.String(64), nullable=False),
    ref("snapshot_id", "snapshots"),
    sa.Column("list_code", sa.String(16), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("alert", sa.Boolean, nullable=False),
    sa.Column("matched_name", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    ref("decision_id", "decisions", nullable=True),
    sa.Column("suppressed", sa.Boolean, nullable=False),
    ref("run_id", "monitor_runs"),
    ref("superseded_run_id", "monitor_runs", nullable=True),
    # Why the entry is a hit (ScreeningHit.basis): name, ownership or affiliate_lead
    # (migration 0007_basis).
    sa.Column("basis", sa.String(16), nullable=False, server_default="name"),
)

monitor_events = sa.Table(
    "monitor_events",
    metadata,
    row_id(),
    ref("run_id", "monitor_runs"),
    sa.Column("kind", sa.String(32), nullable=False),
    ref("party_ref", "monitored_parties"),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("entry_key", sa.String(512), nullable=False),
    ref("result_id", "monitor_results", nullable=True),
    sa.Column("details", sa.JSON, nullable=False),
)

screened_versions = sa.Table(
    "screened_versions",
    metadata,
    ref("party_version_id", "party_versions", primary_key=True),
    ref("run_id", "monitor_runs"),
)

# Webhook notifications waiting to be delivered (migration 0007_webhook_outbox): a run's
# commit writes its rows in the same transaction, so a crash after it loses nothing; the
# deliverer sends pending rows and keeps their status. `event_id` is stable across retries.
webhook_outbox = sa.Table(
    "webhook_outbox",
    metadata,
    row_id(),
    sa.Column("event_id", sa.String(64), nullable=False, unique=True),
    ref("run_id", "monitor_runs"),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # pending | delivered | failed
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_status", sa.Integer, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    timestamp("created_at"),
    timestamp("next_attempt_at"),
    timestamp("delivered_at", nullable=True),
)

# Federal Register rules about the lists that no list in force reflected when a run saw them
# (migration 0007_pending_rules): one row per document, so each is reported once.
monitor_rule_events = sa.Table(
    "monitor_rule_events",
    metadata,
    row_id(),
    ref("run_id", "monitor_runs"),
    sa.Column("document_number", sa.String(32), nullable=False, unique=True),
    sa.Column("details", sa.JSON, nullable=False),
)
