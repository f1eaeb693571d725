"""Reading shipments: the party columns `screen-file` reads, plus a ship date column."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from entitylist.dates import leading_date
from entitylist.errors import InputError
from entitylist.screening import Party
from entitylist.screening.inputs import Columns, RowError, read_parties

DATE_COLUMN = "ship_date"


@dataclass(frozen=True, slots=True)
class Shipment:
    line: int
    id: str
    party: Party
    ship_date: date


def ship_date(value: Any) -> date | None:
    """A ship date from a cell: ISO text, or a date/datetime from a spreadsheet."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return leading_date(value)


def read_shipments(
    path: Path,
    columns: Columns = Columns(),  # noqa: B008  (frozen: a shared default is safe)
    date_column: str = DATE_COLUMN,
) -> Iterator[Shipment | RowError]:
    """Shipments from `path`; a row without a readable ship date is a `RowError`."""
    seen_date_column = False
    for row in read_parties(path, columns):
        if isinstance(row, RowError):
            yield row
            continue
        if date_column in row.attributes:
            seen_date_column = True
        raw = row.attributes.get(date_column)
        when = ship_date(raw)
        if when is None:
            if not seen_date_column:
                raise InputError(f"{path}: no {date_column!r} column; name it with --date-column")
            reason = (
                f"empty {date_column!r}"
                if raw in (None, "")
                else f"{date_column!r} is not a date (YYYY-MM-DD): {raw!r}"
            )
            yield RowError(row.line, reason, field=date_column, id=row.party.id)
            continue
        yield Shipment(row.line, row.party.id or str(row.line), row.party, when)
