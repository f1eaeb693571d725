"""Ownership importers, one module per published format; `read_ownership` picks one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from entitylist.errors import InputError
from entitylist.ownership.formats import bods, ftm, gleif, table, trellis
from entitylist.ownership.model import OwnershipImport

READERS: dict[str, Callable[[Path], OwnershipImport]] = {
    "csv": table.read,
    "gleif": gleif.read,
    "bods": bods.read,
    "ftm": ftm.read,
    "trellis": trellis.read,
}


def detect_format(path: Path) -> str:
    """The format from the file's name and first bytes (a clear error when unsure)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".xml":
        return "gleif"
    if suffix == ".ts":
        return "trellis"
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    if '"statementType"' in head or '"recordType"' in head:
        return "bods"
    if '"schema"' in head:
        return "ftm"
    raise InputError(
        f"{path}: cannot tell the ownership format; pass --format ({', '.join(sorted(READERS))})"
    )


def read_ownership(path: Path, fmt: str | None = None) -> OwnershipImport:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    chosen = fmt or detect_format(path)
    if chosen not in READERS:
        raise InputError(f"unknown ownership format {chosen!r} (one of {', '.join(READERS)})")
    return READERS[chosen](path)
