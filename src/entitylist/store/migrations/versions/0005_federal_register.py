"""Federal Register documents: the rules behind list changes (also joins the two heads).

Revision ID: 0005_federal_register
Revises: 0002_keys, 0004_ownership
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_federal_register"
down_revision = ("0002_keys", "0004_ownership")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fr_documents",
        sa.Column("document_number", sa.String(32), primary_key=True),
        sa.Column("volume", sa.Integer, nullable=True),
        sa.Column("start_page", sa.Integer, nullable=True),
        sa.Column("end_page", sa.Integer, nullable=True),
        sa.Column("publication_date", sa.Date, nullable=True),
        sa.Column("effective_on", sa.Date, nullable=True),
        sa.Column("public_inspection", sa.Boolean, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("fr_documents")
