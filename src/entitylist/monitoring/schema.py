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

from entitylist.store.schema import metadata

_TS = sa.DateTime(timezone=True)

monitored_parties = sa.Table(
    "monitored_parties",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("party_id", sa.String(256), nullable=False, unique=True),
    sa.Column("current_version_id", sa.Integer, nullable=True),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
    # Migration 0010_alert_origins: a party screened outside the portfolio and saved to the
    # review queue (`review.intake`): never active, never touched by a portfolio import.
    sa.Column("transient", sa.Boolean, nullable=False, server_default=sa.false()),
)

party_versions = sa.Table(
    "party_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("party_ref", sa.Integer, sa.ForeignKey("monitored_parties.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("country", sa.String(8), nullable=True),
    sa.Column("address", sa.Text, nullable=True),
    sa.Column("attributes", sa.JSON, nullable=False),
    sa.Column("origin", sa.Text, nullable=True),
    sa.Column("line", sa.Integer, nullable=True),
    sa.Column("imported_at", _TS, nullable=False),
)

monitor_runs = sa.Table(
    "monitor_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("started_at", _TS, nullable=False),
    sa.Column("finished_at", _TS, nullable=False),
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
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("party_ref", sa.Integer, sa.ForeignKey("monitored_parties.id"), nullable=False),
    sa.Column("party_version_id", sa.Integer, sa.ForeignKey("party_versions.id"), nullable=False),
    sa.Column("party_hash", sa.String(64), nullable=False),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("entry_key", sa.String(512), nullable=False),
    sa.Column("entry_version_id", sa.Integer, sa.ForeignKey("entry_versions.id"), nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("actor", sa.String(256), nullable=True),
    sa.Column("decided_at", _TS, nullable=False),
    sa.Column("expires_at", _TS, nullable=True),
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
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("party_ref", sa.Integer, sa.ForeignKey("monitored_parties.id"), nullable=False),
    sa.Column("party_version_id", sa.Integer, sa.ForeignKey("party_versions.id"), nullable=False),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("entry_key", sa.String(512), nullable=False),
    sa.Column("entry_version_id", sa.Integer, sa.ForeignKey("entry_versions.id"), nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False),
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), nullable=False),
    sa.Column("list_code", sa.String(16), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("alert", sa.Boolean, nullable=False),
    sa.Column("matched_name", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("decision_id", sa.Integer, sa.ForeignKey("decisions.id"), nullable=True),
    sa.Column("suppressed", sa.Boolean, nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("monitor_runs.id"), nullable=False),
    sa.Column("superseded_run_id", sa.Integer, sa.ForeignKey("monitor_runs.id"), nullable=True),
    # Why the entry is a hit (ScreeningHit.basis): name, ownership or affiliate_lead
    # (migration 0007_basis).
    sa.Column("basis", sa.String(16), nullable=False, server_default="name"),
)

monitor_events = sa.Table(
    "monitor_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("monitor_runs.id"), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("party_ref", sa.Integer, sa.ForeignKey("monitored_parties.id"), nullable=False),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("entry_key", sa.String(512), nullable=False),
    sa.Column("result_id", sa.Integer, sa.ForeignKey("monitor_results.id"), nullable=True),
    sa.Column("details", sa.JSON, nullable=False),
)

screened_versions = sa.Table(
    "screened_versions",
    metadata,
    sa.Column("party_version_id", sa.Integer, sa.ForeignKey("party_versions.id"), primary_key=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("monitor_runs.id"), nullable=False),
)

# Webhook notifications waiting to be delivered (migration 0007_webhook_outbox): a run's
# commit writes its rows in the same transaction, so a crash after it loses nothing; the
# deliverer sends pending rows and keeps their status. `event_id` is stable across retries.
webhook_outbox = sa.Table(
    "webhook_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("event_id", sa.String(64), nullable=False, unique=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("monitor_runs.id"), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # pending | delivered | failed
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_status", sa.Integer, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("next_attempt_at", _TS, nullable=False),
    sa.Column("delivered_at", _TS, nullable=True),
)

# Federal Register rules about the lists that no list in force reflected when a run saw them
# (migration 0007_pending_rules): one row per document, so each is reported once.
monitor_rule_events = sa.Table(
    "monitor_rule_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("monitor_runs.id"), nullable=False),
    sa.Column("document_number", sa.String(32), nullable=False, unique=True),
    sa.Column("details", sa.JSON, nullable=False),
)
