"""Reading parties from batch files: CSV, XLSX, Parquet or JSONL, chosen by extension.

Every row comes back either as a `PartyRow` or as a `RowError` naming its line and the
reason; a bad row never stops the run (the caller reports it and goes on). Line numbers are
those a person sees: the header is line 1 in CSV and XLSX, JSONL counts every line, Parquet
counts data rows from 1.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from entitylist.countries import to_iso2
from entitylist.errors import InputError
from entitylist.screening.models import Party

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


@dataclass(frozen=True)
class Columns:
    id: str = "id"
    name: str = "name"
    country: str = "country"
    address: str = "address"


@dataclass(frozen=True)
class PartyRow:
    line: int
    party: Party
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str
    field: str | None = None
    id: str | None = None


def input_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(
            f"{path}: unsupported input type {path.suffix!r}; use CSV, XLSX, Parquet or JSONL"
        ) from None


def read_parties(path: Path, columns: Columns | None = None) -> Iterator[PartyRow | RowError]:
    """Parties from `path`; the file must exist and have the name column."""
    columns = columns or Columns()
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = input_format(path)
    raw_rows = {
        "csv": _csv_rows,
        "xlsx": _xlsx_rows,
        "parquet": _parquet_rows,
        "jsonl": _jsonl_rows,
    }[fmt](path)
    header_checked = False
    for line, row in raw_rows:
        if isinstance(row, RowError):
            yield row
            continue
        if not header_checked:
            header_checked = True
            if columns.name not in row:
                raise InputError(
                    f"{path}: no {columns.name!r} column (columns: {', '.join(map(str, row))}); "
                    "name it with --name-column"
                )
        yield to_party(line, row, columns)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """The raw rows of a batch file (any format above), with the line a person sees."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    readers = {"csv": _csv_rows, "xlsx": _xlsx_rows, "parquet": _parquet_rows, "jsonl": _jsonl_rows}
    return readers[input_format(path)](path)


def to_party(line: int, row: dict[str, Any], columns: Columns) -> PartyRow | RowError:
    ident = _text(row.get(columns.id))
    name = _text(row.get(columns.name))
    if not name:
        return RowError(line, f"empty {columns.name!r}", field=columns.name, id=ident)
    if len(name) > 1000:
        return RowError(
            line,
            f"{columns.name!r} is {len(name)} characters long (limit 1000)",
            field=columns.name,
            id=ident,
        )
    country_text = _text(row.get(columns.country))
    country = to_iso2(country_text) if country_text else None
    if country_text and country is None:
        return RowError(line, f"unknown country {country_text!r}", field=columns.country, id=ident)
    address = _text(row.get(columns.address))
    used = {columns.id, columns.name, columns.country, columns.address}
    party = Party(name=name, country=country, address=address, id=ident or str(line))
    return PartyRow(line, party, {k: v for k, v in row.items() if k not in used})


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise InputError(f"{path}: empty file (no header row)")
    header = [h.strip() for h in header]
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, RowError(reader.line_num, f"unreadable CSV: {exc}")
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            yield (
                reader.line_num,
                RowError(reader.line_num, f"{len(cells)} cells for {len(header)} columns"),
            )
            continue
        yield reader.line_num, dict(zip(header, cells, strict=False))


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise InputError(f"{path}: not a readable XLSX workbook ({exc})") from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise InputError(f"{path}: empty workbook (no header row)")
    names = [str(h).strip() if h is not None else "" for h in header]
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield number, dict(zip(names, values, strict=False))
    book.close()


def _parquet_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid/OSError for a bad file
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
    yield from enumerate(table.to_pylist(), start=1)


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, RowError(number, f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(value, dict):
                yield number, RowError(number, "a JSON object is expected on each line")
                continue
            yield number, value
