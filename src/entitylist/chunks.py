"""Long lists cut into pieces a database statement takes, with the sizes named once.

Why pieces at all: SQLite (before 3.32) binds at most 999 parameters in one statement, and
a very large statement costs memory on both backends.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

IDS_PER_QUERY = 500
"""Ids in one `IN (...)` list."""
ROWS_PER_INSERT = 1000
"""Rows in one multi-row insert of a wide table (entry versions, results)."""
LINKS_PER_INSERT = 5000
"""Rows of two values in one statement (snapshot members, screened party versions, the
current version of each party)."""


def in_chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """`items` in order, `size` at a time (the last piece may be shorter)."""
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, not {size}")
    for start in range(0, len(items), size):
        yield items[start : start + size]
