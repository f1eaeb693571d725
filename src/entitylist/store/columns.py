"""The column shapes every table of the database repeats, named once: a table's row id, a
reference to another table's row, a time.

Each returns a new `Column` (a column belongs to one table). What they create is exactly
what the written-out columns created, so the schema, and what Alembic compares against
the migrations, stays the same.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

TIMESTAMP = sa.DateTime(timezone=True)
"""Every time is stored in UTC; SQLite hands it back naive (`dates.utc` makes it aware)."""


def row_id() -> sa.Column[int]:
    """The table's own integer primary key, `id`, numbered by the database."""
    return sa.Column("id", sa.Integer, primary_key=True)


def ref(
    name: str, table: str, *, nullable: bool = False, primary_key: bool = False
) -> sa.Column[int]:
    """An integer column holding the `id` of a row of `table`, as a foreign key."""
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(f"{table}.id"), nullable=nullable, primary_key=primary_key
    )


def timestamp(name: str, *, nullable: bool = False) -> sa.Column[datetime]:
    """A point in time (timezone-aware, stored in UTC)."""
    return sa.Column(name, TIMESTAMP, nullable=nullable)
