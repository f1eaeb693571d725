"""Result rows to records: the one mapper behind every table reader.

A reader's record (a dataclass) takes each field from the row's column of the same name;
a reader names only the fields it converts (a time made aware, a JSON value copied, a
flag made a bool, a column of another name), so a column added to a record needs no new
line in its reader.
"""

from __future__ import annotations

import functools
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from entitylist.dates import utc

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


def record(cls: type[R], row: Any, /, **given: Any) -> R:
    """`cls` from a result row: the fields in `given` as given, every other field from the
    row's column of its name; a field the row lacks keeps its default."""
    columns = row._mapping
    values = {name: columns[name] for name in _init_fields(cls) if name in columns}
    return cls(**(values | given))


def aware(row: Any, *names: str) -> dict[str, datetime | None]:
    """The row's time columns `names` as aware UTC datetimes (None stays None), to give to
    `record`: SQLite hands back naive ones, and every time is stored in UTC."""
    columns = row._mapping
    return {name: None if columns[name] is None else utc(columns[name]) for name in names}


@functools.cache
def _init_fields(cls: type[DataclassInstance]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.init)
