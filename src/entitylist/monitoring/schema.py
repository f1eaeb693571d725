"""Monitoring's tables (created by migration 0002_monitoring).

- `monitored_parties` / `party_versions`: the portfolio; a re-import that changes a row adds
  a version (with its content hash) and moves `current_version_id`; nothing is overwritten.
- `monitor_runs`: one row per completed run, with the snapshots it screened against.
- `monitor_results`: hit states as intervals: a row is valid from the run that wrote it
  (`run_id`) until the run that superseded it (`superseded_run_id`, NULL while current).
  A run with nothing new writes no result rows, yet every run's results can be read back.
- `monitor_events`: what a run reported (new, changed, removed hits); beside them
  `monitor_rule_events`, the Federal Register rules a run reported.
- `screened_versions`: the party versions a run has screened (the first run that did). A
  run with no list change screens the current versions not in it: imports that commit
  while a run is under way are picked up by the next run, whatever their ids.
- `decisions`: reviewers' verdicts; never deleted, a newer one supersedes an older one.
  The review workflow's tables (alerts, approvals, comments) are in `review.schema`.
- `webhook_outbox`: webhook notifications of runs, pending until delivered (at least once).
"""

from __future__ import annotations

import sqlalchemy as sa

from entitylist.store.columns import flag, integer, json, real, ref, row_id, string, text, timestamp
from entitylist.store.schema import table

monitored_parties = table(
    "monitored_parties",
    row_id(),
    string("party_id", 256, unique=True),
    integer("current_version_id", nullable=True),
    flag("active"),
    timestamp("created_at"),
    timestamp("updated_at"),
    # Migration 0010_alert_origins: a party screened outside the portfolio and saved to the
    # review queue (`review.intake`): never active, never touched by a portfolio import.
    flag("transient", server_default=sa.false()),
)

party_versions = table(
    "party_versions",
    row_id(),
    ref("party_ref", "monitored_parties"),
    integer("version"),
    string("content_hash", 64),
    text("name"),
    string("country", 8, nullable=True),
    text("address", nullable=True),
    json("attributes"),
    text("origin", nullable=True),
    integer("line", nullable=True),
    timestamp("imported_at"),
)

monitor_runs = table(
    "monitor_runs",
    row_id(),
    timestamp("started_at"),
    timestamp("finished_at"),
    json("snapshots"),
    string("snapshot_key", 64),
    string("engine_version", 64),
    json("thresholds"),
    integer("party_watermark"),
    integer("parties"),
    integer("screened"),
    json("counts"),
    string("actor", 256, nullable=True),
)

decisions = table(
    "decisions",
    row_id(),
    ref("party_ref", "monitored_parties"),
    ref("party_version_id", "party_versions"),
    string("party_hash", 64),
    string("source", 32),
    string("entry_key", 512),
    ref("entry_version_id", "entry_versions"),
    string("entry_hash", 64),
    string("verdict", 16),
    text("reason"),
    string("actor", 256, nullable=True),
    timestamp("decided_at"),
    timestamp("expires_at", nullable=True),
    integer("supersedes_id", nullable=True),
    # Migration 0007_alerts: the alert the decision was made on, and whether it waits for an
    # approver (a false positive on an alert-level hit of a four-eyes list).
    integer("alert_id", nullable=True),
    flag("needs_approval", default=False),
    # Migration 0009_review_scale: the seq of the audit event that recorded the row, so one
    # row is checked against its own event (NULL: no event records it; trusted by nothing).
    integer("audit_seq", nullable=True),
)

monitor_results = table(
    "monitor_results",
    row_id(),
    ref("party_ref", "monitored_parties"),
    ref("party_version_id", "party_versions"),
    string("source", 32),
    string("entry_key", 512),
    ref("entry_version_id", "entry_versions"),
    string("entry_hash", 64),
    ref("snapshot_id", "snapshots"),
    string("list_code", 16),
    real("score"),
    flag("alert"),
    text("matched_name"),
    text("summary"),
    ref("decision_id", "decisions", nullable=True),
    flag("suppressed"),
    ref("run_id", "monitor_runs"),
    ref("superseded_run_id", "monitor_runs", nullable=True),
    # Why the entry is a hit (ScreeningHit.basis): name, ownership or affiliate_lead
    # (migration 0007_basis).
    string("basis", 16, server_default="name"),
)

monitor_events = table(
    "monitor_events",
    row_id(),
    ref("run_id", "monitor_runs"),
    string("kind", 32),
    ref("party_ref", "monitored_parties"),
    string("source", 32),
    string("entry_key", 512),
    ref("result_id", "monitor_results", nullable=True),
    json("details"),
)

# Federal Register rules about the lists that no list in force reflected when a run saw them
# (migration 0007_pending_rules): one row per document, so each is reported once.
monitor_rule_events = table(
    "monitor_rule_events",
    row_id(),
    ref("run_id", "monitor_runs"),
    string("document_number", 32, unique=True),
    json("details"),
)

screened_versions = table(
    "screened_versions",
    ref("party_version_id", "party_versions", primary_key=True),
    ref("run_id", "monitor_runs"),
)

# Webhook notifications waiting to be delivered (migration 0007_webhook_outbox): a run's
# commit writes its rows in the same transaction, so a crash after it loses nothing; the
# deliverer sends pending rows and keeps their status. `event_id` is stable across retries.
webhook_outbox = table(
    "webhook_outbox",
    row_id(),
    string("event_id", 64, unique=True),
    ref("run_id", "monitor_runs"),
    text("url"),
    text("payload"),
    string("status", 16),  # pending | delivered | failed
    integer("attempts"),
    integer("last_status", nullable=True),
    text("last_error", nullable=True),
    timestamp("created_at"),
    timestamp("next_attempt_at"),
    timestamp("delivered_at", nullable=True),
)
