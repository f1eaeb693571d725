"""Continuous compliance: monitored parties and their versions, monitoring runs and results,
reviewers' decisions, the hash-chained audit log, and snapshots' publication dates.

Revision ID: 0002_monitoring
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_monitoring"
down_revision = "0001"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # A historic vintage loaded today keeps its real date; existing snapshots were published
    # (as far as we know) when they were retrieved.
    op.add_column("snapshots", sa.Column("published_at", _TS, nullable=True))
    op.execute("UPDATE snapshots SET published_at = retrieved_at WHERE published_at IS NULL")

    op.create_table(
        "monitored_parties",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("party_id", sa.String(256), nullable=False),
        sa.Column("current_version_id", sa.Integer, nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.UniqueConstraint("party_id", name="uq_monitored_parties_party_id"),
    )
    op.create_table(
        "party_versions",
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
    op.create_index("ix_party_versions_party", "party_versions", ["party_ref"])

    op.create_table(
        "monitor_runs",
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
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("party_ref", sa.Integer, sa.ForeignKey("monitored_parties.id"), nullable=False),
        sa.Column(
            "party_version_id", sa.Integer, sa.ForeignKey("party_versions.id"), nullable=False
        ),
        sa.Column("party_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("entry_key", sa.String(512), nullable=False),
        sa.Column(
            "entry_version_id", sa.Integer, sa.ForeignKey("entry_versions.id"), nullable=False
        ),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.String(256), nullable=True),
        sa.Column("decided_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=True),
        sa.Column("supersedes_id", sa.Integer, nullable=True),
    )
    op.create_index("ix_decisions_hit", "decisions", ["party_ref", "source", "entry_key"])
    op.create_table(
        "monitor_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("party_ref", sa.Integer, sa.ForeignKey("monitored_parties.id"), nullable=False),
        sa.Column(
            "party_version_id", sa.Integer, sa.ForeignKey("party_versions.id"), nullable=False
        ),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("entry_key", sa.String(512), nullable=False),
        sa.Column(
            "entry_version_id", sa.Integer, sa.ForeignKey("entry_versions.id"), nullable=False
        ),
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
    )
    op.create_index("ix_monitor_results_open", "monitor_results", ["superseded_run_id"])
    op.create_index("ix_monitor_results_party", "monitor_results", ["party_ref"])
    op.create_table(
        "monitor_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("monitor_runs.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("party_ref", sa.Integer, sa.ForeignKey("monitored_parties.id"), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("entry_key", sa.String(512), nullable=False),
        sa.Column("result_id", sa.Integer, sa.ForeignKey("monitor_results.id"), nullable=True),
        sa.Column("details", sa.JSON, nullable=False),
    )
    op.create_index("ix_monitor_events_run", "monitor_events", ["run_id"])

    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("recorded_at", _TS, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(256), nullable=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=True),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_events_recorded_at", "audit_events", ["recorded_at"])
    op.create_index("ix_audit_events_kind", "audit_events", ["kind"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=True),
        sa.Column("updated_at", _TS, nullable=True),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": None, "updated_at": None}])


def downgrade() -> None:
    for table in (
        "audit_head",
        "audit_events",
        "monitor_events",
        "monitor_results",
        "decisions",
        "monitor_runs",
        "party_versions",
        "monitored_parties",
    ):
        op.drop_table(table)
    with op.batch_alter_table("snapshots") as batch:
        batch.drop_column("published_at")
