"""The review workflow: alerts (one per party and real listed party), approvals of false
positives (four eyes), comments; decisions gain the alert they were made on and whether
they wait for an approval; audit events indexed by kind and seq
(reconciliation reads one kind in order).

Revision ID: 0007_alerts
Revises: 0006_users
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_alerts"
down_revision = "0006_users"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("party_ref", sa.Integer, sa.ForeignKey("monitored_parties.id"), nullable=False),
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
        sa.Column("run_id", sa.Integer, sa.ForeignKey("monitor_runs.id"), nullable=True),
        sa.Column("assignee", sa.String(64), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("opened_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.Column("closed_at", _TS, nullable=True),
        sa.UniqueConstraint("party_ref", "group_key", name="uq_alerts_party_group"),
    )
    op.create_index("ix_alerts_status_order", "alerts", ["status", "alert_level", "score"])
    op.create_index("ix_alerts_party", "alerts", ["party_ref"])
    op.create_index("ix_alerts_list", "alerts", ["list_code", "status"])
    op.create_index("ix_alerts_assignee", "alerts", ["assignee", "status"])
    op.create_index("ix_alerts_updated", "alerts", ["updated_at"])
    op.create_index("ix_alerts_run", "alerts", ["run_id"])
    op.create_index("ix_alerts_country", "alerts", ["country", "status"])
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("decision_id", sa.Integer, sa.ForeignKey("decisions.id"), nullable=False),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.String(256), nullable=False),
        sa.Column("decided_at", _TS, nullable=False),
    )
    op.create_index("ix_approvals_decision", "approvals", ["decision_id"])
    op.create_index("ix_approvals_alert", "approvals", ["alert_id"])
    op.create_table(
        "alert_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("actor", sa.String(256), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_index("ix_alert_comments_alert", "alert_comments", ["alert_id"])
    op.add_column("decisions", sa.Column("alert_id", sa.Integer, nullable=True))
    op.add_column(
        "decisions",
        sa.Column("needs_approval", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_decisions_alert", "decisions", ["alert_id"])
    # 0002 indexed kind alone; reconciliation reads one kind in seq order.
    op.create_index("ix_audit_events_kind_seq", "audit_events", ["kind", "seq"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_kind_seq", "audit_events")
    op.drop_index("ix_decisions_alert", "decisions")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("needs_approval")
        batch.drop_column("alert_id")
    op.drop_table("alert_comments")
    op.drop_table("approvals")
    op.drop_table("alerts")
