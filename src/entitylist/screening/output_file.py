"""The output file of a batch run (screen-file, check-file): CSV with formula-safe cells or
JSONL by extension, and the `<output>.errors.csv` beside it for the bad input rows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from entitylist.cells import SafeDictWriter, SafeWriter
from entitylist.errors import InputError
from entitylist.screening.inputs import RowError


class OutputFile:
    """Rows written as CSV (`columns`, cells neutralised) or as JSONL records (verbatim)."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".jsonl"):
            raise InputError(f"{path}: output must be .csv or .jsonl")
        self.jsonl = suffix == ".jsonl"
        self.handle: TextIO = path.open("w", encoding="utf-8", newline="")
        if not self.jsonl:
            self.csv = SafeDictWriter(self.handle, fieldnames=columns)
            self.csv.writeheader()

    def write_records(self, records: Iterable[Mapping[str, Any]]) -> None:
        for record in records:
            self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def write_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.csv.writerows(rows)

    def close(self) -> None:
        self.handle.close()


def write_errors(output_path: Path, errors: Sequence[RowError]) -> Path:
    """The bad input rows, with line, id, field and reason, beside the output."""
    path = output_path.with_name(output_path.name + ".errors.csv")
    with path.open("w", encoding="utf-8", newline="") as handle:
        w = SafeWriter(handle)
        w.writerow(["line", "id", "field", "reason"])
        for e in errors:
            w.writerow([e.line, e.id or "", e.field or "", e.reason])
    return path
