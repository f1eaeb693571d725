"""Inserts that hand back the new row ids (of many rows, in the order given; of one row)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from entitylist.chunks import ROWS_PER_INSERT, in_chunks


def insert_returning_ids(
    conn: sa.Connection,
    table: sa.Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    on_chunk: Callable[[int], None] | None = None,
) -> list[int]:
    """Insert `rows` into `table` (which has an integer `id`), `ROWS_PER_INSERT` at a time;
    the ids come back in row order (SQLite and PostgreSQL alike). `on_chunk` gets each
    chunk's size."""
    ids: list[int] = []
    statement = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    for chunk in in_chunks(rows, ROWS_PER_INSERT):
        ids.extend(row[0] for row in conn.execute(statement, list(chunk)))
        if on_chunk is not None:
            on_chunk(len(chunk))
    return ids


def insert_returning_id(conn: sa.Connection, table: sa.Table, row: Mapping[str, Any]) -> int:
    """Insert one row into `table` (which has an integer `id`); the new row's id."""
    return int(conn.execute(sa.insert(table).values(row).returning(table.c.id)).scalar_one())
