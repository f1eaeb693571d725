"""The output file of a batch run (screen-file, check-file): CSV with formula-safe cells or
JSONL by extension, and the `<output>.errors.csv` beside it for the bad input rows.

Both fail closed: they are written to a new file beside the target and renamed into place
only when complete, so a run that fails partway leaves no partial file that could be read as
its result, and an earlier file at the target stays as it was."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TextIO

from entitylist.cells import SafeDictWriter, SafeWriter
from entitylist.errors import InputError
from entitylist.screening.inputs import RowError


class OutputFile:
    """Rows written as CSV (`columns`, cells neutralised) or as JSONL records (verbatim).

    Used as a context manager: the file appears at `path` when the block completes and not
    at all when it raises (an error, Ctrl-C)."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".jsonl"):
            raise InputError(f"{path}: output must be .csv or .jsonl")
        self.jsonl = suffix == ".jsonl"
        self.path = path
        self.handle, self.partial = _open_partial(path)
        if not self.jsonl:
            self.csv = SafeDictWriter(self.handle, fieldnames=columns)
            self.csv.writeheader()

    def write_records(self, records: Iterable[Mapping[str, Any]]) -> None:
        for record in records:
            self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def write_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.csv.writerows(rows)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            _put_in_place(self.handle, self.partial, self.path)
        else:
            self.handle.close()
            self.partial.unlink(missing_ok=True)


def write_errors(output_path: Path, errors: Sequence[RowError]) -> Path:
    """The bad input rows, with line, id, field and reason, beside the output."""
    path = output_path.with_name(output_path.name + ".errors.csv")
    handle, partial = _open_partial(path)
    try:
        w = SafeWriter(handle)
        w.writerow(["line", "id", "field", "reason"])
        for e in errors:
            w.writerow([e.line, e.id or "", e.field or "", e.reason])
    except BaseException:
        handle.close()
        partial.unlink(missing_ok=True)
        raise
    _put_in_place(handle, partial, path)
    return path


def _open_partial(path: Path) -> tuple[TextIO, Path]:
    # Beside the target, so the rename stays on one filesystem (atomic); "x" so it is never
    # another file, and with the usual permissions (tempfile's would be owner-only).
    if not path.parent.is_dir():
        raise InputError(f"{path}: no such folder {path.parent}")
    partial = path.with_name(f".{path.name}.{secrets.token_hex(6)}.partial")
    return partial.open("x", encoding="utf-8", newline=""), partial


def _put_in_place(handle: TextIO, partial: Path, path: Path) -> None:
    handle.flush()
    os.fsync(handle.fileno())  # the bytes are on disk before the name points at them
    handle.close()
    os.replace(partial, path)
