"""Alerts from screenings outside monitoring: where an alert came from (`origin`: monitoring,
job or screening, with `origin_ref`: the run, the batch job or the saved screening), and
parties screened outside the portfolio (`monitored_parties.transient`: one party per
submitted name and country, never monitored, never part of a portfolio import).

Monitoring alerts written before this revision get their run as `origin_ref`.

Revision ID: 0010_alert_origins
Revises: 0007_alerts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_alert_origins"
down_revision = "0007_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("alerts", sa.Column("origin_ref", sa.String(64), nullable=True))
    op.execute(
        "UPDATE alerts SET origin_ref = CAST(run_id AS VARCHAR(64)) WHERE run_id IS NOT NULL"
    )
    op.create_index("ix_alerts_origin", "alerts", ["origin", "origin_ref", "status"])
    op.add_column(
        "monitored_parties",
        sa.Column("transient", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE monitored_parties DROP COLUMN transient")
    op.drop_index("ix_alerts_origin", "alerts")
    op.execute("ALTER TABLE alerts DROP COLUMN origin_ref")
