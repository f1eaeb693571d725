"""Formula-injection checks for the CSV files the project writes: the cells a spreadsheet
would run (OWASP "CSV injection"), and the hostile values every writer is tested with."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from entitylist.cells import TRIGGERS, original_text

HOSTILE = [
    '=HYPERLINK("http://x","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTabbed",
    "\rCarriage",
    "'=already quoted",
]


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def file_cells(path: Path) -> list[list[str]]:
    return cells(path.read_text(encoding="utf-8"))


def live_formulas(table: list[list[str]]) -> list[str]:
    """Every cell a spreadsheet would evaluate."""
    return [cell for row in table for cell in row if cell[:1] in TRIGGERS]


def originals(table: list[list[str]]) -> set[str]:
    """The texts the cells stand for (the neutralisation undone)."""
    return {original_text(cell) for row in table for cell in row}
