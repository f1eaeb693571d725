"""Monitoring: the party versions each run screened (replaces an id watermark, which an
import committing during a run could slip under).

Revision ID: 0003_monitoring_screened
Revises: 0002_monitoring
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_monitoring_screened"
down_revision = "0002_monitoring"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screened_versions",
        sa.Column(
            "party_version_id", sa.Integer, sa.ForeignKey("party_versions.id"), primary_key=True
        ),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("monitor_runs.id"), nullable=False),
    )
    # Versions screened before this revision: every party version current at the newest
    # run (runs screened all current versions up to their watermark).
    op.execute(
        "INSERT INTO screened_versions (party_version_id, run_id) "
        "SELECT v.id, r.id FROM party_versions v, monitor_runs r "
        "WHERE r.id = (SELECT MAX(id) FROM monitor_runs) AND v.id <= r.party_watermark"
    )


def downgrade() -> None:
    op.drop_table("screened_versions")
