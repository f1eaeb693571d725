"""Ownership data for the Affiliates rule: snapshots, the parties they name, their links.

Revision ID: 0004_ownership
Revises: 0003_monitoring_screened
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_ownership"
down_revision = "0003_monitoring_screened"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ownership_snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dataset", sa.String(128), nullable=False, index=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("imported_at", _TS, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
    )
    op.create_table(
        "ownership_parties",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "snapshot_id", sa.Integer, sa.ForeignKey("ownership_snapshots.id"), nullable=False
        ),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("name", sa.Text, nullable=True),
        sa.Column("country", sa.String(8), nullable=True),
        sa.Column("identifiers", sa.JSON, nullable=False),
        sa.Column("kind", sa.String(32), nullable=True),
        sa.Index("ix_ownership_parties_snapshot", "snapshot_id"),
    )
    op.create_table(
        "ownership_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "snapshot_id", sa.Integer, sa.ForeignKey("ownership_snapshots.id"), nullable=False
        ),
        sa.Column("owner", sa.String(512), nullable=False),
        sa.Column("owned", sa.String(512), nullable=False),
        sa.Column("share_low", sa.Float, nullable=True),
        sa.Column("share_high", sa.Float, nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("valid_from", sa.Date, nullable=True),
        sa.Column("valid_to", sa.Date, nullable=True),
        sa.Column("relationship", sa.Text, nullable=True),
        sa.Index("ix_ownership_links_snapshot", "snapshot_id"),
    )


def downgrade() -> None:
    op.drop_table("ownership_links")
    op.drop_table("ownership_parties")
    op.drop_table("ownership_snapshots")
