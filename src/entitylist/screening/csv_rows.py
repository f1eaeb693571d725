"""CSV records that account for every physical line of the file.

Python's `csv` module lets one unclosed quote swallow the rest of a file into a single cell,
so a listed party further down would never be screened. Here the file is split into physical
lines first and parsed strictly; a record is accepted as spanning several lines (an address
with line breaks, say) only when it closes cleanly, has the header's number of cells and
spans at most `MAX_RECORD_LINES` lines. Otherwise its first line is reported as a bad row and
reading starts again on the next line, so each physical line is either part of a row or
reported with its number.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence

from entitylist.screening.rows import RowError

MAX_RECORD_LINES = 20
"""Most physical lines one quoted record may span (multi-line addresses fit easily)."""

# Physical lines as the csv module ends them: \r\n, \r or \n.
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def physical_lines(text: str) -> list[str]:
    return _LINES.findall(text)


def _from(lines: Sequence[str], start: int) -> Iterator[str]:
    return (lines[i] for i in range(start, len(lines)))


def csv_records(
    lines: Sequence[str], delimiter: str, width: int | None, start: int = 0
) -> Iterator[tuple[int, list[str] | RowError]]:
    """(first line number, cells or the error) for each record from line index `start`.

    `width` is the header's cell count (None while reading the header itself)."""
    while start < len(lines):
        reader = csv.reader(_from(lines, start), delimiter=delimiter, strict=True)
        consumed = 0
        restart: int | None = None
        while restart is None:
            first = start + consumed  # index of the record's first line
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                last = start + reader.line_num - 1
                consumed = reader.line_num
                if last == first:
                    yield first + 1, RowError(first + 1, f"unreadable CSV: {exc}")
                    continue
                yield first + 1, RowError(first + 1, _unclosed(first, last, str(exc)))
                restart = first + 1
                continue
            span = reader.line_num - consumed
            consumed = reader.line_num
            if span > 1 and (span > MAX_RECORD_LINES or len(cells) != (width or len(cells))):
                yield first + 1, RowError(first + 1, _runaway(first, span, len(cells), width))
                restart = first + 1
                continue
            yield first + 1, cells
        start = restart


def _unclosed(first: int, last: int, error: str) -> str:
    return (
        f"a quoted cell opened on this line is not closed properly ({error} on line "
        f"{last + 1}); the lines after it are read again as rows of their own"
    )


def _runaway(first: int, span: int, cells: int, width: int | None) -> str:
    return (
        f"a quoted cell opened on this line runs over {span} lines (to line {first + span}) "
        f"giving {cells} cells for {width} columns: an unclosed quote? The lines after it "
        "are read again as rows of their own"
    )
