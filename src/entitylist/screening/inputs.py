"""Reading parties from batch files: CSV, XLSX, Parquet or JSONL, chosen by extension.

Every row comes back either as a `PartyRow` or as a `RowError` naming its line and the
reason; a bad row never stops the run (the caller reports it and goes on). Line numbers are
those a person sees: the header is line 1 in CSV and XLSX, JSONL counts every line, Parquet
counts data rows from 1.

Text is checked cell by cell: a NUL character, a byte that is not UTF-8 (CSV and JSONL are
decoded with `surrogateescape`, so such bytes survive as markers), a lone surrogate or a
cell longer than Excel's 32,767 characters makes that row bad, never the run.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entitylist.countries import to_iso2
from entitylist.errors import InputError
from entitylist.screening.csv_rows import csv_records, physical_lines
from entitylist.screening.models import Party
from entitylist.screening.rows import PartyRow, RowError
from entitylist.screening.xlsx_rows import xlsx_rows

__all__ = ["FORMATS", "Columns", "PartyRow", "RowError", "input_format", "read_parties"]

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
        "xlsx": xlsx_rows,
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
            _check_header(path, row)
            if columns.name not in row:
                raise InputError(
                    f"{path}: no {columns.name!r} column (columns: {', '.join(map(str, row))}); "
                    "say which column holds the names"
                )
        yield to_party(line, row, columns)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """The raw rows of a batch file (any format above), with the line a person sees."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    readers = {"csv": _csv_rows, "xlsx": xlsx_rows, "parquet": _parquet_rows, "jsonl": _jsonl_rows}
    return readers[input_format(path)](path)


def to_party(line: int, row: dict[str, Any], columns: Columns) -> PartyRow | RowError:
    row, problem = _clean_row(line, row, columns)
    if problem is not None:
        return problem
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


MAX_CELL_CHARS = 32_767
"""Excel's own limit for one cell."""
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
_SCALARS = (str, int, float)


def text_problem(text: str) -> str | None:
    """Why `text` cannot be kept as it is, or None."""
    if len(text) > MAX_CELL_CHARS:
        return f"{len(text):,} characters long (limit {MAX_CELL_CHARS:,})"
    found = _BAD_CHARS.search(text)
    if found is None:
        return None
    code, at = ord(found.group()), found.start() + 1
    if code == 0:
        return f"a NUL character at character {at}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"byte 0x{code - 0xDC00:02X} at character {at} is not UTF-8 (save the file as UTF-8)"
    return f"a lone surrogate \\u{code:04x} at character {at} (not valid Unicode)"


def _check_header(path: Path, row: dict[str, Any]) -> None:
    for number, name in enumerate(row, start=1):
        problem = text_problem(str(name))
        if problem:
            raise InputError(f"{path}, header, column {number}: the column name has {problem}")


def _clean_row(
    line: int, row: dict[str, Any], columns: Columns
) -> tuple[dict[str, Any], RowError | None]:
    """The row with bytes decoded and NaN as empty, or the first bad value as an error."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        try:
            out[key] = _clean_value(value, key in (columns.id, columns.name, columns.country))
        except ValueError as exc:
            ident = row.get(columns.id)
            shown = str(ident)[:40] if isinstance(ident, _SCALARS) and key != columns.id else None
            return out, RowError(line, f"{key!r}: {exc}", field=str(key), id=shown)
    return out, None


def _clean_value(value: Any, scalar: bool) -> Any:
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"bytes that are not UTF-8 (at byte {exc.start})") from None
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else str(value)
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise ValueError(problem)
        return value
    if isinstance(value, dict | list | tuple):
        if scalar:
            raise ValueError(f"a {type(value).__name__} where text is expected")
        if isinstance(value, dict):
            return {str(k): _clean_value(v, False) for k, v in value.items()}
        return [_clean_value(v, False) for v in value]
    return value


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    text = str(value).strip()
    return text or None


def _decode(data: bytes) -> str:
    # A byte-order mark declares UTF-16 (Excel's "Unicode text"); anything else is read as
    # UTF-8, with undecodable bytes kept as markers that make their row bad.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-16 at byte {exc.start}: {exc.reason}") from None
    return data.decode("utf-8-sig", errors="surrogateescape")


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    try:
        lines = physical_lines(_decode(path.read_bytes()))
    except InputError as exc:
        raise InputError(f"{path}: {exc.message}") from None
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    records = csv_records(lines, delimiter, None)
    first = next(records, None)
    if first is None or isinstance(first[1], RowError) or not any(c.strip() for c in first[1]):
        why = f" ({first[1].reason})" if first and isinstance(first[1], RowError) else ""
        raise InputError(f"{path}: line 1 is no header row{why}")
    header = [h.strip() for h in first[1]]
    for line, cells in csv_records(lines, delimiter, len(header), start=1):
        if isinstance(cells, RowError):
            yield line, cells
        elif not any(c.strip() for c in cells):
            continue
        elif len(cells) > len(header):
            yield line, RowError(line, f"{len(cells)} cells for {len(header)} columns")
        else:
            yield line, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))


def _parquet_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    import pyarrow.parquet as pq

    number = 0
    try:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000):
            for row in batch.to_pylist():
                number += 1
                yield number, row
    except (OSError, ValueError, TypeError, NotImplementedError) as exc:
        # pyarrow's ArrowInvalid/ArrowNotImplementedError derive from these
        where = f" after row {number}" if number else ""
        raise InputError(f"{path}: not a readable Parquet file{where} ({exc})") from exc


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="\n") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, RowError(number, f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            except (ValueError, RecursionError) as exc:  # huge integers, deep nesting
                yield number, RowError(number, f"unreadable JSON: {exc}")
                continue
            if not isinstance(value, dict):
                yield number, RowError(number, "a JSON object is expected on each line")
                continue
            yield number, value
