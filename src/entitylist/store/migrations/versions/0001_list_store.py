"""List store: snapshots, entry versions, snapshot membership, update attempts.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(32), nullable=False, index=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("entry_count", sa.Integer, nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("skipped", sa.JSON, nullable=False),
        sa.Column("forced", sa.Boolean, nullable=False),
    )
    op.create_table(
        "entry_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("list_code", sa.String(16), nullable=False),
        sa.Column("source_id", sa.String(512), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("entry_type", sa.String(16), nullable=False),
        sa.Column("countries", sa.String(512), nullable=False),
        sa.Column("start_date", sa.Date, nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.UniqueConstraint("source", "key", "content_hash", name="uq_entry_versions_identity"),
    )
    op.create_index("ix_entry_versions_source_id", "entry_versions", ["source_id"])
    op.create_index("ix_entry_versions_key", "entry_versions", ["key"])
    op.create_table(
        "snapshot_entries",
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
        sa.Column(
            "entry_version_id", sa.Integer, sa.ForeignKey("entry_versions.id"), primary_key=True
        ),
    )
    op.create_index("ix_snapshot_entries_entry", "snapshot_entries", ["entry_version_id"])
    op.create_table(
        "update_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), nullable=True),
        sa.Column("entry_count", sa.Integer, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("update_attempts")
    op.drop_table("snapshot_entries")
    op.drop_table("entry_versions")
    op.drop_table("snapshots")
