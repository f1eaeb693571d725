"""The Consolidated Screening List (trade.gov): one CSV or JSON file merging the US lists.

Pipeline order: fetch (one file) -> decode (UTF-8, BOM dropped) -> detect the layout by
content (JSON object/array, else CSV; CSV column set from its header) -> read each record
into a layout-independent `Published` row -> map it to an `Entry` -> make keys unique.

Layouts read:
- CSV with `_id` (29 columns, the current export) and without it (28 columns, 2019 files):
  columns are found by header name, so order and the presence of optional ones don't matter;
  `source` and `name` are required.
- JSON `{"results": [...]}` (or a bare array) as the CSL API publishes it: `addresses` a list
  of `{address, city, state, postal_code, country}`, `ids` a list of `{type, number,
  country, ...}`, the name lists as lists.

Published quirks, each handled on purpose (see the comments where they are): the header row
repeated as a data row, a short row (the 2023 file ends inside a quoted field), newlines
inside cells, several FR citations in one cell, the licence policy in many spellings, a BOM,
CRLF line ends, "; and " list conjunctions copied from Federal Register prose.

A row that cannot become an entry is a `SkippedRow` with its line and reason; a row kept
after a repair (padded) is also reported there, with a reason saying it was kept. A file
that is empty, not text, not CSV/JSON, lacks required columns, or yields no entry at all
raises `SourceFormatError`.

This module reads files (layout, CSV, JSON); the row and its field parsers are in
`csl_fields`, the JSON record reader in `csl_json`, the list table in `csl_lists`, and the
row-to-entry mapping in `csl_entry`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

from entitylist.errors import SourceFormatError, printable, results_list
from entitylist.list_titles import list_table
from entitylist.model import (
    Entry,
    FileDate,
    ParseResult,
    SkippedRow,
)
from entitylist.sources.base import Bundle, DeclaredSource, KeyMaker
from entitylist.sources.csl_entry import to_entry
from entitylist.sources.csl_fields import (
    Published,
    parse_address,
    parse_identifier,
    published_record,
    split_list,
)
from entitylist.sources.csl_json import published_from_json
from entitylist.sources.fetch import fetch_one
from entitylist.sources.file_dates import generated, newest_row

__all__ = [  # read by other modules and the tests from here, where the CSL is parsed
    "CslSource",
    "file_name_for",
    "parse_address",
    "parse_file",
    "parse_identifier",
    "split_list",
]

DEFAULT_FILE_NAME = "consolidated.csv"

REQUIRED_COLUMNS = ("source", "name")


class CslSource(DeclaredSource):
    """The CSL download of data.trade.gov (CSV by default; the JSON file parses the same)."""

    name = "csl"

    def fetch(self, location: str, *, timeout: float = 60.0) -> Bundle:
        return fetch_one(location, file_name_for(location), timeout=timeout)

    def parse(self, bundle: Bundle) -> ParseResult:
        if not bundle.files:
            raise SourceFormatError("the download holds no file", file=bundle.origin)
        entries: list[Entry] = []
        skipped: list[SkippedRow] = []
        rows_read = 0
        truncated: SkippedRow | None = None
        dated: list[FileDate] = []
        for name in sorted(bundle.files):
            result = parse_file(name, bundle.files[name])
            entries.extend(result.entries)
            skipped.extend(result.skipped)
            rows_read += result.rows_read
            truncated = truncated or result.truncated
            dated += [result.file_date] if result.file_date else []
        return ParseResult(
            entries=KeyMaker.disambiguate(entries),
            skipped=skipped,
            rows_read=rows_read,
            truncated=truncated,
            file_date=max(dated, key=lambda d: d.at) if dated else None,
        )


def file_name_for(location: str) -> str:
    """The file name a download is kept under: the location's basename, else the default."""
    path = unquote(urlparse(location).path) if "://" in location else location
    return PurePosixPath(path.replace("\\", "/")).name or DEFAULT_FILE_NAME


# --- one file ---------------------------------------------------------------------------


def parse_file(name: str, data: bytes) -> ParseResult:
    """Entries of one published file (keys not yet made unique: see `CslSource.parse`)."""
    text = decode(name, data)
    cut: SkippedRow | None = None
    made: FileDate | None = None
    if looks_like_json(text):
        rows, skipped, rows_read, made = read_json(name, text)
    else:
        rows, skipped, rows_read, cut = read_csv(name, text)
    lists = list_table()
    entries: list[Entry] = []
    for row in rows:
        entry, notes = to_entry(row, name, lists)
        skipped.extend(notes)
        if entry is not None:
            entries.append(entry)
    if not entries:
        first = f" (first problem: line {skipped[0].line}: {skipped[0].reason})" if skipped else ""
        raise SourceFormatError(f"no entry could be read from {rows_read} rows{first}", file=name)
    # The JSON export says when it was made; the CSV only dates its rows.
    stated = made or newest_row((e.start_date for e in entries), "start_date")
    return ParseResult(
        entries=entries, skipped=skipped, rows_read=rows_read, truncated=cut, file_date=stated
    )


def _cut(name: str, text: str, last: tuple[int, int], width: int) -> SkippedRow | None:
    """Where a CSV is provably cut: it ends inside a quoted field (with an odd number of
    quote characters the last one opens the field that never closes: escaped quotes come
    in pairs), or its last record has fewer fields than the header."""
    if text.count('"') % 2 == 1:
        line = text.count("\n", 0, text.rindex('"')) + 1
        return SkippedRow(
            file=name,
            line=line,
            reason="the file ends inside a quoted field opened on this line: the download "
            "looks truncated (a complete CSV closes every quote)",
        )
    line, fields = last
    if line and fields < width:
        return SkippedRow(
            file=name,
            line=line,
            reason=f"the file's last record has {fields} of {width} fields: the download "
            "looks truncated",
        )
    return None


def decode(name: str, data: bytes) -> str:
    """UTF-8 text without its BOM; an empty or non-UTF-8 file is refused (not a CSL file)."""
    if not data.strip():
        raise SourceFormatError("the file is empty", file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceFormatError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "a CSL download is UTF-8 CSV or JSON",
            file=name,
            line=line,
        ) from exc
    if text.lstrip().startswith("<"):
        # The usual broken download: an HTML error or login page served with status 200.
        raise SourceFormatError("looks like an HTML/XML page, not CSV or JSON", file=name, line=1)
    return text


def looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


# --- CSV --------------------------------------------------------------------------------


def read_csv(
    name: str, text: str
) -> tuple[list[Published], list[SkippedRow], int, SkippedRow | None]:
    """Rows of a CSL CSV, found by header name; the repeated header and bad rows reported;
    and where the file is cut, if it provably is (see `_cut`)."""
    # newline="" hands CR, LF and CRLF to the csv module untranslated, so CRLF files and
    # newlines inside quoted cells both read correctly.
    reader = csv.reader(io.StringIO(text, newline=""))
    records = _records(name, reader)
    try:
        _, header_cells = next(records)
    except StopIteration:
        raise SourceFormatError("the file is empty", file=name) from None
    header = [cell.strip().lower() for cell in header_cells]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        shown = ", ".join(printable(h, 40) for h in header[:8]) + (
            ", ..." if len(header) > 8 else ""
        )
        raise SourceFormatError(
            f"missing required column(s) {', '.join(missing)}: not a CSL CSV "
            f"(the header has {len(header)} columns: {shown})",
            file=name,
            line=1,
            field=missing[0],
        )
    # An odd number of quote characters means the file ends inside a quoted cell: the csv
    # module returns the cut-off cell rather than failing, so say so on that row.
    truncated = text.count('"') % 2 == 1
    rows: list[Published] = []
    last: tuple[int, int] = (0, len(header))  # (line, fields) of the last record
    skipped: list[SkippedRow] = []
    rows_read = 0
    for line, cells in records:
        if not cells:  # a blank line: no data, not a row
            continue
        rows_read += 1
        last = (line, len(cells))
        # Quirk: the 2023 export repeats its header as row 2. Not a party, not a loss.
        if _is_header(cells, header):
            skipped.append(SkippedRow(file=name, line=line, reason="repeated header"))
            continue
        row = _csv_row(name, line, header, cells, truncated)
        if isinstance(row, SkippedRow):
            skipped.append(row)
        else:
            rows.append(row)
    return rows, skipped, rows_read, _cut(name, text, last, len(header))


def _is_header(cells: list[str], header: list[str]) -> bool:
    if len(cells) != len(header) or cells[0].strip().lower() != header[0]:
        return False  # the cheap test first: this runs on every row
    return [cell.strip().lower() for cell in cells] == header


def _records(name: str, reader: Iterable[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each CSV record: line numbers count the newlines inside cells."""
    line_num = 0
    iterator = iter(reader)
    while True:
        start = line_num + 1
        try:
            cells = next(iterator)
        except StopIteration:
            return
        except csv.Error as exc:  # NUL bytes, a cell beyond the size limit: not a CSV file
            raise SourceFormatError(f"unreadable CSV: {exc}", file=name, line=start) from exc
        line_num = getattr(reader, "line_num", line_num + 1)
        yield start, cells


def _csv_row(
    name: str, line: int, header: list[str], cells: list[str], truncated_file: bool
) -> Published | SkippedRow:
    note: SkippedRow | None = None
    if len(cells) > len(header):
        if any(cell.strip() for cell in cells[len(header) :]):
            # Values beyond the header cannot be assigned to columns, and a row this wide
            # is two records merged (a damaged line end or quote): the file is damaged.
            raise SourceFormatError(
                f"row has {len(cells)} fields, the header {len(header)}: cannot tell which "
                "value belongs to which column (records merged by a damaged line end or "
                "quote?)",
                file=name,
                line=line,
            )
        cells = cells[: len(header)]  # trailing empty fields: harmless
    raw = dict(zip(header, cells, strict=False))
    if len(cells) < len(header):
        # Quirk: a short row. The fields present are in header order, so they are kept and
        # the rest left empty; the last present field may be cut off, so it is named.
        last = header[len(cells) - 1] if cells else header[0]
        cause = (
            " (the file ends inside a quoted field: the download looks truncated)"
            if truncated_file
            else ""
        )
        note = SkippedRow(
            file=name,
            line=line,
            reason=f"short row: {len(cells)} of {len(header)} fields{cause}; kept as an "
            f"entry with the missing fields empty, '{last}' may be incomplete",
            field=last,
        )
    return published_from_flat(raw, line, note)


def published_from_flat(
    values: Mapping[str, str], line: int, note: SkippedRow | None = None
) -> Published:
    """A CSV row (column -> text; lists `;`-separated) as a `Published` row."""

    def get(column: str) -> str:
        return (values.get(column) or "").strip()

    return published_record(
        get,
        lambda column: split_list(get(column)),
        line=line,
        raw=dict(values),
        source_id=get("_id"),
        addresses=tuple(parse_address(a) for a in split_list(get("addresses"))),
        identifiers=tuple(
            i for i in (parse_identifier(t) for t in split_list(get("ids"))) if i is not None
        ),
        note=note,
    )


# --- JSON -------------------------------------------------------------------------------


# A JSON escape of half a UTF-16 surrogate pair without its other half: json.loads keeps it,
# but it is no character, and no backend can store it.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def read_json(
    name: str, text: str
) -> tuple[list[Published], list[SkippedRow], int, FileDate | None]:
    """Records of the CSL JSON layout. JSON carries no line numbers once parsed, so a record
    is reported by its position: `line` is its 1-based index in `results`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceFormatError(
            f"not valid JSON ({exc.msg}, column {exc.colno}): truncated or damaged download",
            file=name,
            line=exc.lineno,
        ) from exc
    lone = _LONE_SURROGATE.search(text)
    if lone is not None:
        raise SourceFormatError(
            f"an unpaired surrogate escape ({lone.group()}) is not text: damaged download",
            file=name,
            line=text.count("\n", 0, lone.start()) + 1,
        )
    results = results_list(
        data.get("results") if isinstance(data, dict) else data,
        "an object with a 'results' list (or a list of records)",
        file=name,
    )
    rows: list[Published] = []
    skipped: list[SkippedRow] = []
    for index, record in enumerate(results, start=1):
        if isinstance(record, dict):
            rows.append(published_from_json(record, index))
        else:
            skipped.append(
                SkippedRow(
                    file=name,
                    line=index,
                    reason=f"results[{index - 1}] is a {type(record).__name__}, not an object",
                )
            )
    made = (
        generated(data.get("search_performed_at"), "search_performed_at")
        if isinstance(data, dict)
        else None
    )
    return rows, skipped, len(results), made
