"""Every origin that surfaced an alert (`alert_origins`): the run, batch job or saved
screening that opened it, changed it, found it again unchanged or closed it, with when it
first and last did. `alerts.origin` and `origin_ref` keep the one that opened or last
changed it; the queue's origin filter reads this table.

Alerts written before this revision get their recorded origin as their one sighting.

Revision ID: 0011_alert_sightings
Revises: 0010_alert_origins
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_alert_sightings"
down_revision = "0010_alert_origins"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alert_origins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("origin_ref", sa.String(64), nullable=False),
        sa.Column("first_at", _TS, nullable=False),
        sa.Column("last_at", _TS, nullable=False),
        sa.UniqueConstraint("alert_id", "origin", "origin_ref", name="uq_alert_origins"),
    )
    op.create_index(
        "ix_alert_origins_origin", "alert_origins", ["origin", "origin_ref", "alert_id"]
    )
    op.execute(
        "INSERT INTO alert_origins (alert_id, origin, origin_ref, first_at, last_at) "
        "SELECT id, origin, origin_ref, updated_at, updated_at FROM alerts "
        "WHERE origin_ref IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_alert_origins_origin", "alert_origins")
    op.drop_table("alert_origins")
