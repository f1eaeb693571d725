"""Cells for the CSV files the project writes: text a spreadsheet would run as a formula is
neutralised (OWASP "CSV injection").

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
apostrophe, which spreadsheets show as text and never evaluate. So that the original stays
recoverable, a text already starting with an apostrophe followed by one of those characters
(or by another apostrophe) gets one too: `original_text` undoes `safe_text` exactly, for
every string. Numbers and booleans are written as they are. JSONL outputs are data for
programs and keep every value verbatim.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

TRIGGERS = frozenset("=+-@\t\r")
_ESCAPE = "'"


def _needs_escape(text: str) -> bool:
    if text[:1] in TRIGGERS:
        return True
    return text[:1] == _ESCAPE and len(text) > 1 and (text[1] in TRIGGERS or text[1] == _ESCAPE)


def safe_text(text: str) -> str:
    """`text` as a spreadsheet will show it but never evaluate it."""
    return _ESCAPE + text if _needs_escape(text) else text


def original_text(cell: str) -> str:
    """The text `safe_text` was given (the inverse of `safe_text`)."""
    if cell[:1] == _ESCAPE and _needs_escape(cell[1:]):
        return cell[1:]
    return cell


def safe_cell(value: Any) -> Any:
    return safe_text(value) if isinstance(value, str) else value


class SafeWriter:
    """`csv.writer` whose text cells are neutralised."""

    def __init__(self, handle: TextIO, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter:
    """`csv.DictWriter` whose text cells are neutralised (the header too)."""

    def __init__(self, handle: TextIO, fieldnames: Iterable[str], **options: Any) -> None:
        names = list(fieldnames)
        self._writer = csv.DictWriter(handle, fieldnames=names, **options)
        self._names = names

    def writeheader(self) -> None:
        self._writer.writerow({n: safe_text(n) for n in self._names})

    def writerow(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow({k: safe_cell(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)
