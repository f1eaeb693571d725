"""The store's tables (SQLAlchemy Core). Migrations in `migrations/` create them.

Nothing is overwritten: a snapshot lists the entry versions it holds; an entry version is
one (source, key, content hash) and is shared by every snapshot whose entry is unchanged,
so reloading the same list adds membership rows, never duplicate entries.
"""

from __future__ import annotations

import sqlalchemy as sa

from entitylist.store.columns import ref, row_id, timestamp

metadata = sa.MetaData()

snapshots = sa.Table(
    "snapshots",
    metadata,
    row_id(),
    sa.Column("source", sa.String(32), nullable=False, index=True),
    sa.Column("origin", sa.Text, nullable=False),
    timestamp("retrieved_at"),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("entry_count", sa.Integer, nullable=False),
    sa.Column("rows_read", sa.Integer, nullable=False),
    sa.Column("counts", sa.JSON, nullable=False),
    sa.Column("skipped", sa.JSON, nullable=False),
    sa.Column("forced", sa.Boolean, nullable=False, default=False),
    # When the publisher issued this version (migration 0002_monitoring); NULL when not
    # known (migration 0008_publication_unknown). Point-in-time screening ("as of") goes by
    # this date, or by the retrieval time when it is not known.
    timestamp("published_at", nullable=True),
    # stated (by the update) | file (the file's own generation date) | NULL (unknown)
    sa.Column("published_basis", sa.String(16), nullable=True),
    # The date the file states about itself (model.FileDate.to_dict), if any.
    sa.Column("file_date", sa.JSON, nullable=True),
)

entry_versions = sa.Table(
    "entry_versions",
    metadata,
    row_id(),
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
    sa.Index("ix_entry_versions_source_id", "source_id"),
    sa.Index("ix_entry_versions_key", "key"),
)

snapshot_entries = sa.Table(
    "snapshot_entries",
    metadata,
    ref("snapshot_id", "snapshots", primary_key=True),
    ref("entry_version_id", "entry_versions", primary_key=True),
    sa.Index("ix_snapshot_entries_entry", "entry_version_id"),
)

update_attempts = sa.Table(
    "update_attempts",
    metadata,
    row_id(),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    timestamp("attempted_at"),
    sa.Column("outcome", sa.String(16), nullable=False),  # created | unchanged | refused
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("sha256", sa.String(64), nullable=True),
    ref("snapshot_id", "snapshots", nullable=True),
    sa.Column("entry_count", sa.Integer, nullable=True),
)

# Federal Register documents (migration 0005_federal_register): the rules behind list
# changes, keyed by document number; a published record replaces its public-inspection one.
fr_documents = sa.Table(
    "fr_documents",
    metadata,
    sa.Column("document_number", sa.String(32), primary_key=True),
    sa.Column("volume", sa.Integer, nullable=True),
    sa.Column("start_page", sa.Integer, nullable=True),
    sa.Column("end_page", sa.Integer, nullable=True),
    sa.Column("publication_date", sa.Date, nullable=True),
    sa.Column("effective_on", sa.Date, nullable=True),
    sa.Column("public_inspection", sa.Boolean, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    timestamp("fetched_at"),
)
