"""Monitoring events for Federal Register rules no list in force reflects yet.

Revision ID: 0007_pending_rules
Revises: 0006_users
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_pending_rules"
down_revision = "0006_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitor_rule_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("monitor_runs.id"), nullable=False),
        sa.Column("document_number", sa.String(32), nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        sa.UniqueConstraint("document_number", name="uq_monitor_rule_events_document"),
    )
    op.create_index("ix_monitor_rule_events_run", "monitor_rule_events", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_monitor_rule_events_run", "monitor_rule_events")
    op.drop_table("monitor_rule_events")
