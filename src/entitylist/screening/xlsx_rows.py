"""XLSX rows read within bounds, so that a hostile workbook fails in seconds.

A workbook is a zip of XML parts, and three cheap tricks make a naive reader run for hours
or exhaust memory: a `<dimension>` claiming 16,384 x 1,048,576 cells (readers pad every row
to it), a shared-strings part that expands to gigabytes, and sheet XML compressed a
thousandfold. Before openpyxl sees the file, the archive's declared sizes are checked (zip
reading never goes past them) and XML parts declaring a DTD are refused (no spreadsheet
needs one; it is how entity-expansion bombs work). The sheet's own dimension is ignored,
rows are counted as they come and data rows are cut at the header's width.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entitylist.errors import InputError
from entitylist.screening.rows import RowError


@dataclass(frozen=True)
class XlsxLimits:
    max_expanded_bytes: int = 256 * 2**20
    """All parts together, uncompressed."""
    max_shared_strings_bytes: int = 48 * 2**20
    """The shared-strings part, which is held in memory whole."""
    max_parts: int = 10_000
    max_rows: int = 1_048_576
    """Excel's own sheet height."""
    max_columns: int = 1_000
    """Header cells."""


LIMITS = XlsxLimits()
_PROLOG_BYTES = 65_536
_ROOT = re.compile(rb"<[A-Za-z_]")


def check_archive(path: Path, limits: XlsxLimits = LIMITS) -> None:
    """Refuse a workbook whose archive would cost more than the limits allow to read."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: not a readable XLSX workbook (no zip archive: {exc})") from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > limits.max_parts:
            raise InputError(f"{path}: {len(parts):,} parts in the archive: not a workbook")
        total = sum(p.file_size for p in parts)
        if total > limits.max_expanded_bytes:
            raise InputError(
                f"{path}: the workbook expands to {total:,} bytes (limit "
                f"{limits.max_expanded_bytes:,}); refused as a possible zip bomb. "
                "Save large inputs as CSV or Parquet"
            )
        for part in parts:
            _check_part(path, archive, part, limits)


def _check_part(
    path: Path, archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: XlsxLimits
) -> None:
    name = part.filename
    if name.lower().endswith("sharedstrings.xml") and (
        part.file_size > limits.max_shared_strings_bytes
    ):
        raise InputError(
            f"{path}: the shared strings ({name}) expand to {part.file_size:,} bytes (limit "
            f"{limits.max_shared_strings_bytes:,}); refused as a possible shared-strings bomb"
        )
    if not name.lower().endswith((".xml", ".rels", ".vml")):
        return
    try:
        with archive.open(part) as handle:
            head = handle.read(_PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
        raise InputError(f"{path}: part {name} cannot be read ({exc})") from exc
    root = _ROOT.search(head)
    prolog = head[: root.start()] if root else head
    if b"<!doctype" in prolog.lower() or b"<!entity" in prolog.lower():
        raise InputError(
            f"{path}: part {name} declares a DTD, which no spreadsheet needs "
            "(it is how XML entity bombs work); refused"
        )
    if root is None and part.file_size > _PROLOG_BYTES:
        raise InputError(f"{path}: part {name} has no XML element in its first 64 KiB; refused")


def xlsx_rows(
    path: Path, limits: XlsxLimits = LIMITS
) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """(line, {header: value}) for each non-empty row of the first sheet; line 1 is the
    header. A row with cells right of the header's last column is an error."""
    from openpyxl import load_workbook

    check_archive(path, limits)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise InputError(f"{path}: not a readable XLSX workbook ({exc})") from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the declared size is untrusted
        names = _header(path, sheet, limits)
        rows = sheet.iter_rows(min_row=2, min_col=1, max_col=len(names) + 1, values_only=True)
        for number, values in enumerate(rows, start=2):
            if number > limits.max_rows:
                raise InputError(f"{path}: more than {limits.max_rows:,} rows; refused")
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            if len(values) > len(names) and values[len(names)] not in (None, ""):
                yield number, RowError(number, f"a cell right of the header's {len(names)} columns")
                continue
            yield number, dict(zip(names, values, strict=False))
    finally:
        book.close()


def _header(path: Path, sheet: Any, limits: XlsxLimits) -> list[str]:
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
    names = [str(h).strip() if h is not None else "" for h in first or ()]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise InputError(f"{path}: empty workbook (no header row)")
    if len(names) > limits.max_columns:
        raise InputError(
            f"{path}: the header has {len(names):,} columns (limit {limits.max_columns:,})"
        )
    return names
