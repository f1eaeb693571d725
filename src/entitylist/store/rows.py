"""Result rows to records: the one mapper behind every table reader.

A reader's record (a dataclass) takes each field from the row's column of the same name;
a reader names only the fields it converts (a time made aware, a JSON value copied, a
flag made a bool, a column of another name), so a column added to a record needs no new
line in its reader. `typed` makes those conversions from the record's declared field
types, so that its reader names only what no type says (a column of another name, a
value built from a JSON document).
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

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


def typed(cls: type[R], row: Any, /, **given: Any) -> R:
    """`cls` from a result row as `record` makes it, each column read as its field's
    declared type says: a time made aware (UTC), a flag made a bool, a number an int or a
    float, a JSON value copied into a dict, list or tuple, a value made its enum; None stays
    None, and a field of any other type takes the column as it is. `given` fields are as given."""
    columns = row._mapping
    read = {
        name: None if columns[name] is None else convert(columns[name])
        for name, convert in _conversions(cls).items()
        if name in columns and name not in given
    }
    return record(cls, row, **(read | given))


# Read by calling the type: a JSON value copied, SQLite's 0 or 1 a bool, a number an int or float.
_REBUILT: tuple[type, ...] = (bool, int, float, dict, list, tuple)


@functools.cache
def _conversions(cls: type[DataclassInstance]) -> dict[str, Callable[[Any], Any]]:
    hints = typing.get_type_hints(cls)
    found = {name: _conversion(hints[name]) for name in _init_fields(cls)}
    return {name: convert for name, convert in found.items() if convert is not None}


def _conversion(hint: Any) -> Callable[[Any], Any] | None:
    """How a column is read into a field declared `hint` (`X | None` as `X`)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        if len(args) != 1:
            return None
        hint = args[0]
    kind = typing.get_origin(hint) or hint
    if kind is datetime:
        return utc
    if kind in _REBUILT or (isinstance(kind, type) and issubclass(kind, Enum)):
        return cast("Callable[[Any], Any]", kind)
    return None


@functools.cache
def _init_fields(cls: type[DataclassInstance]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.init)
