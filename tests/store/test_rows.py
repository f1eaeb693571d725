"""Rows to records, and the shared column shapes: what every table reader and table
definition relies on (a real SQLite database, the DDL of both backends)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from entitylist.store.columns import (
    day,
    flag,
    integer,
    json,
    real,
    ref,
    row_id,
    string,
    text,
    timestamp,
)
from entitylist.store.rows import aware, record, typed


@dataclass(frozen=True)
class Note:
    id: int
    body: str
    written_at: datetime
    read_at: datetime | None
    tags: list[str] = field(default_factory=list)


def written_out(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "notes",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("authors.id"), nullable=False),
        sa.Column("reply_to", sa.Integer, sa.ForeignKey("notes.id"), nullable=True),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
    )


def shaped(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "notes",
        metadata,
        row_id(),
        sa.Column("body", sa.Text, nullable=False),
        ref("author_id", "authors"),
        ref("reply_to", "notes", nullable=True),
        timestamp("written_at"),
        timestamp("read_at", nullable=True),
    )


def with_authors(build: Callable[[sa.MetaData], sa.Table]) -> sa.Table:
    metadata = sa.MetaData()
    sa.Table("authors", metadata, sa.Column("id", sa.Integer, primary_key=True))
    return build(metadata)


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "pg"])
def test_the_column_shapes_create_what_the_written_out_columns_create(
    dialect: sa.Dialect,
) -> None:
    def ddl(table: sa.Table) -> str:
        return str(CreateTable(table).compile(dialect=dialect))

    assert ddl(with_authors(shaped)) == ddl(with_authors(written_out))
    assert "FOREIGN KEY(author_id) REFERENCES authors (id)" in ddl(with_authors(shaped))


def kinds(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "kinds",
        metadata,
        string("code", 16, primary_key=True),
        text("label", nullable=True),
        integer("rank", unique=True),
        real("weight"),
        flag("pinned", server_default=sa.false()),
        day("due", nullable=True),
        json("meta"),
        string("lang", 8, server_default="en", index=True),
        timestamp("seen_at", nullable=True),
    )


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "pg"])
def test_the_typed_columns_create_what_the_written_out_columns_create(
    dialect: sa.Dialect,
) -> None:
    written_out = sa.Table(
        "kinds",
        sa.MetaData(),
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("label", sa.Text, nullable=True),
        sa.Column("rank", sa.Integer, nullable=False, unique=True),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("due", sa.Date, nullable=True),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("lang", sa.String(8), nullable=False, server_default="en", index=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
    )

    def ddl(table: sa.Table) -> list[str]:
        made = [CreateTable(table), *(CreateIndex(i) for i in table.indexes)]
        return [str(statement.compile(dialect=dialect)) for statement in made]

    assert ddl(kinds(sa.MetaData())) == ddl(written_out)
    assert len(ddl(written_out)) == 2  # the table and the index on `lang`


def test_a_reference_can_be_part_of_a_composite_primary_key() -> None:
    metadata = sa.MetaData()
    sa.Table("a", metadata, row_id())
    sa.Table("b", metadata, row_id())
    pair = sa.Table(
        "a_b", metadata, ref("a_id", "a", primary_key=True), ref("b_id", "b", primary_key=True)
    )
    assert [c.name for c in pair.primary_key] == ["a_id", "b_id"]
    assert not any(c.nullable for c in pair.columns)


@pytest.fixture
def notes() -> tuple[sa.Connection, sa.Table]:
    engine = sa.create_engine("sqlite://")
    table = with_authors(shaped)
    table.metadata.create_all(engine)
    conn = engine.connect()
    conn.execute(sa.insert(table.metadata.tables["authors"]).values(id=1))
    conn.execute(
        sa.insert(table).values(
            id=7, body="hello", author_id=1, written_at=datetime(2026, 12, 3, 9, tzinfo=UTC)
        )
    )
    return conn, table


def test_a_record_takes_each_field_from_the_column_of_its_name(
    notes: tuple[sa.Connection, sa.Table],
) -> None:
    conn, table = notes
    row = conn.execute(sa.select(table)).one()
    note = record(Note, row, **aware(row, "written_at", "read_at"))
    # author_id and reply_to are columns, not fields: left out; tags is no column: default
    assert note == Note(7, "hello", datetime(2026, 12, 3, 9, tzinfo=UTC), None, [])


def test_given_fields_win_over_the_row(notes: tuple[sa.Connection, sa.Table]) -> None:
    conn, table = notes
    row = conn.execute(sa.select(table)).one()
    note = record(Note, row, body="HELLO", written_at=datetime(2000, 1, 1), read_at=None)
    assert (note.id, note.body, note.written_at.year) == (7, "HELLO", 2000)


def test_aware_makes_sqlites_naive_times_utc_and_keeps_none(
    notes: tuple[sa.Connection, sa.Table],
) -> None:
    conn, table = notes
    row = conn.execute(sa.select(table)).one()
    assert row.written_at.tzinfo is None  # SQLite hands it back naive
    assert aware(row, "written_at", "read_at") == {
        "written_at": datetime(2026, 12, 3, 9, tzinfo=UTC),
        "read_at": None,
    }


def test_a_row_lacking_a_field_without_default_is_refused(
    notes: tuple[sa.Connection, sa.Table],
) -> None:
    conn, table = notes
    row = conn.execute(sa.select(table.c.id, table.c.body)).one()
    with pytest.raises(TypeError, match="written_at"):
        record(Note, row)


class Lang(StrEnum):
    EN = "en"


Pair = tuple[int, ...]


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | None
    rank: int
    weight: float
    pinned: bool
    due: date | None
    meta: Pair
    lang: Lang
    seen_at: datetime | None


def test_typed_reads_each_column_as_its_field_is_declared() -> None:
    table = kinds(sa.MetaData())
    engine = sa.create_engine("sqlite://")
    table.metadata.create_all(engine)
    seen = datetime(2026, 12, 3, 9, tzinfo=UTC)
    with engine.connect() as conn:
        conn.execute(sa.insert(table), {"code": "a", "rank": 1, "weight": 0.5, "meta": [1, 2]})
        conn.execute(sa.insert(table), {"code": "b", "rank": 2, "weight": 1, "meta": []})
        conn.execute(sa.update(table).where(table.c.code == "b").values(seen_at=seen))
        a, b = conn.execute(sa.select(table).order_by(table.c.code)).all()
    assert type(a.meta) is list and type(a.lang) is str and b.seen_at.tzinfo is None
    assert typed(Kind, a) == Kind("a", None, 1, 0.5, False, None, (1, 2), Lang.EN, None)
    read = typed(Kind, b)
    assert (type(read.lang), read.seen_at, read.seen_at and read.seen_at.tzinfo) == (
        Lang,
        seen,
        UTC,
    )
    assert typed(Kind, b, label="given", meta=[3]).meta == [3]  # given fields are as given
