"""Monitoring results keep why the entry is a hit: `basis` = name, ownership or
affiliate_lead (the review queue tells them apart by it, not by the summary's words).

Rows written before this revision are classified by the summary they carry: a lead's
summary opens with "affiliate lead, not a match:", an ownership hit's ends with the
Affiliates rule's status ("; the Affiliates rule ..."); every other row is a name hit.

Revision ID: 0007_basis
Revises: 0006_users
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_basis"
down_revision = "0006_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "monitor_results",
        sa.Column("basis", sa.String(16), nullable=False, server_default="name"),
    )
    op.execute(
        "UPDATE monitor_results SET basis = 'affiliate_lead' "
        "WHERE summary LIKE 'affiliate lead, not a match:%'"
    )
    op.execute(
        "UPDATE monitor_results SET basis = 'ownership' "
        "WHERE basis = 'name' AND summary LIKE '%; the Affiliates rule %'"
    )


def downgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35 or later): a batch copy of the table would have to
    # drop a table that others reference.
    op.execute("ALTER TABLE monitor_results DROP COLUMN basis")
