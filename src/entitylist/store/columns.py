"""The column shapes every table of the database repeats, named once: a table's row id, a
reference to another table's row, a time, and a column of each stored type.

Each returns a new `Column` (a column belongs to one table), NOT NULL unless told
`nullable=True`, as every table here writes its columns. What they create is exactly what
the written-out columns created, so the schema, and what Alembic compares against the
migrations, stays the same.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol, TypedDict, TypeVar, Unpack

import sqlalchemy as sa

T = TypeVar("T")

TIMESTAMP = sa.DateTime(timezone=True)
"""Every time is stored in UTC; SQLite hands it back naive (`dates.utc` makes it aware)."""


class Options(TypedDict, total=False):
    """What a column may say besides its name, type and nullability (as `sa.Column` takes
    it); a primary key is NOT NULL by being one."""

    primary_key: bool
    unique: bool
    index: bool
    default: Any
    server_default: Any
    autoincrement: bool


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


class Factory(Protocol[T]):
    """Makes a column of one stored type: `text("origin")`, `flag("active", default=False)`."""

    def __call__(
        self, name: str, *, nullable: bool = False, **options: Unpack[Options]
    ) -> sa.Column[T]: ...


def _of(type_: type[sa.types.TypeEngine[T]]) -> Factory[T]:
    # A new type object for each column: a type may attach itself to its column (Boolean).
    def column(name: str, *, nullable: bool = False, **options: Unpack[Options]) -> sa.Column[T]:
        return _column(name, type_(), nullable, options)

    return column


text: Factory[str] = _of(sa.Text)
"""Text of any length."""
integer: Factory[int] = _of(sa.Integer)
real: Factory[float] = _of(sa.Float)
"""A floating-point number (a score, a share)."""
flag: Factory[bool] = _of(sa.Boolean)
day: Factory[date] = _of(sa.Date)
"""A calendar date."""
json: Factory[Any] = _of(sa.JSON)
"""A JSON value (JSON on PostgreSQL, its text on SQLite)."""


def string(
    name: str, length: int, *, nullable: bool = False, **options: Unpack[Options]
) -> sa.Column[str]:
    """Text of at most `length` characters (a code, a key, a digest)."""
    return _column(name, sa.String(length), nullable, options)


def _column(
    name: str, type_: sa.types.TypeEngine[T], nullable: bool, options: Options
) -> sa.Column[T]:
    if options.get("primary_key"):
        return sa.Column(name, type_, **options)
    return sa.Column(name, type_, nullable=nullable, **options)
