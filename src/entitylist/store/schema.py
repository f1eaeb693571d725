"""The store's tables (SQLAlchemy Core). Migrations in `migrations/` create them.

Nothing is overwritten: a snapshot lists the entry versions it holds; an entry version is
one (source, key, content hash) and is shared by every snapshot whose entry is unchanged,
so reloading the same list adds membership rows, never duplicate entries.
"""

from __future__ import annotations

import sqlalchemy as sa

from entitylist.store.columns import day, flag, integer, json, ref, row_id, string, text, timestamp

metadata = sa.MetaData()
"""Every table of the store's database, whichever package owns it: what the migrations
create and what Alembic compares them with."""


def table(name: str, *items: sa.schema.SchemaItem) -> sa.Table:
    """A table of the store's database (in `metadata`), its columns and constraints."""
    return sa.Table(name, metadata, *items)


snapshots = table(
    "snapshots",
    row_id(),
    string("source", 32, index=True),
    text("origin"),
    timestamp("retrieved_at"),
    string("sha256", 64),
    integer("entry_count"),
    integer("rows_read"),
    json("counts"),
    json("skipped"),
    flag("forced", default=False),
    # When the publisher issued this version (migration 0002_monitoring); NULL when not
    # known (migration 0008_publication_unknown). Point-in-time screening ("as of") goes by
    # this date, or by the retrieval time when it is not known.
    timestamp("published_at", nullable=True),
    # stated (by the update) | file (the file's own generation date) | NULL (unknown)
    string("published_basis", 16, nullable=True),
    # The date the file states about itself (model.FileDate.to_dict), if any.
    json("file_date", nullable=True),
)

entry_versions = table(
    "entry_versions",
    row_id(),
    string("source", 32),
    string("key", 512),
    string("content_hash", 64),
    string("list_code", 16),
    string("source_id", 512),
    text("name"),
    string("entry_type", 16),
    string("countries", 512),
    day("start_date", nullable=True),
    json("data"),
    sa.UniqueConstraint("source", "key", "content_hash", name="uq_entry_versions_identity"),
    sa.Index("ix_entry_versions_source_id", "source_id"),
    sa.Index("ix_entry_versions_key", "key"),
)

snapshot_entries = table(
    "snapshot_entries",
    ref("snapshot_id", "snapshots", primary_key=True),
    ref("entry_version_id", "entry_versions", primary_key=True),
    sa.Index("ix_snapshot_entries_entry", "entry_version_id"),
)

update_attempts = table(
    "update_attempts",
    row_id(),
    string("source", 32),
    text("origin"),
    timestamp("attempted_at"),
    string("outcome", 16),  # created | unchanged | refused
    text("reason", nullable=True),
    string("sha256", 64, nullable=True),
    ref("snapshot_id", "snapshots", nullable=True),
    integer("entry_count", nullable=True),
)

# Federal Register documents (migration 0005_federal_register): the rules behind list
# changes, keyed by document number; a published record replaces its public-inspection one.
fr_documents = table(
    "fr_documents",
    string("document_number", 32, primary_key=True),
    integer("volume", nullable=True),
    integer("start_page", nullable=True),
    integer("end_page", nullable=True),
    day("publication_date", nullable=True),
    day("effective_on", nullable=True),
    flag("public_inspection"),
    text("title"),
    json("data"),
    timestamp("fetched_at"),
)
