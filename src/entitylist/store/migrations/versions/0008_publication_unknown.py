"""Publication dates that are not known stay unknown: `published_at` NULL, how a known one
is known (`published_basis`), and the date the file states about itself (`file_date`).

Before this revision a snapshot loaded without a publication date was stored with its
retrieval time as `published_at`; those rows become unknown, the others `stated`.

Revision ID: 0008_publication_unknown
Revises: 0007_webhook_outbox
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_publication_unknown"
down_revision = "0007_webhook_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("snapshots") as batch:
        batch.add_column(sa.Column("published_basis", sa.String(16), nullable=True))
        batch.add_column(sa.Column("file_date", sa.JSON, nullable=True))
    op.execute("UPDATE snapshots SET published_at = NULL WHERE published_at = retrieved_at")
    op.execute("UPDATE snapshots SET published_basis = 'stated' WHERE published_at IS NOT NULL")


def downgrade() -> None:
    op.execute("UPDATE snapshots SET published_at = retrieved_at WHERE published_at IS NULL")
    with op.batch_alter_table("snapshots") as batch:
        batch.drop_column("file_date")
        batch.drop_column("published_basis")
