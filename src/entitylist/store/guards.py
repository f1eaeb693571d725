"""Fail-closed checks on a parsed download, before anything is written (pure functions).

A download that lacks a file its source always publishes, is empty, is below its source's
declared size, is mostly unparseable, or would shrink the list beyond the configured bound
is refused; the last good snapshot stays in force. `force` lifts the shrink bound only: an
empty or broken list is never accepted. A file provably cut (ending inside a quoted field)
is refused unless `accept_truncated` says the caller knows the publisher's file ends so
(the 2023 CSL export does).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from entitylist.errors import UpdateRefused, printable
from entitylist.model import Bundle, CountBounds, Entry, ParseResult

_SURROGATE = re.compile("[\ud800-\udfff]")

# The store's bounded text columns (schema.entry_versions): a value beyond one is refused
# the same way on every backend (SQLite would keep it, PostgreSQL would crash on it).
COLUMN_LIMITS = {"key": 512, "source_id": 512, "list_code": 16, "entry_type": 16, "countries": 512}


def check_files(source: str, bundle: Bundle, bounds: CountBounds) -> None:
    """Refuse a download lacking a file of `bounds.required_files`. Names compare without
    case, as the fetch layer reads them (OFAC publishes SDN.CSV and sdn.csv)."""
    held = {name.casefold() for name in bundle.files}
    missing = [name for name in bounds.required_files if name.casefold() not in held]
    if missing:
        raise UpdateRefused(
            f"{source}: the download lacks {', '.join(missing)}, which this source always "
            f"publishes (it holds {', '.join(sorted(bundle.files)) or 'nothing'}); "
            "the current list stays",
            details={"missing": missing, "files": sorted(bundle.files)},
        )


def check_update(
    source: str,
    result: ParseResult,
    bounds: CountBounds,
    previous_count: int | None,
    *,
    max_shrink: float,
    max_skipped_fraction: float,
    force: bool = False,
    accept_truncated: bool = False,
) -> None:
    if result.truncated is not None and not accept_truncated:
        cut = result.truncated
        raise UpdateRefused(
            f"{source}: {cut.file} line {cut.line}: {cut.reason}; the current list stays. "
            "If the publisher's own file ends this way, repeat with --accept-truncated "
            "(the cut record is kept and reported)",
            details={"file": cut.file, "line": cut.line},
        )
    count = len(result.entries)
    if count == 0:
        raise UpdateRefused(f"{source}: the download holds no entries; the current list stays")
    if count < bounds.min_entries:
        raise UpdateRefused(
            f"{source}: only {count} entries, fewer than the {bounds.min_entries} this source "
            "always publishes: the download looks truncated; the current list stays",
            details={"entries": count, "min_entries": bounds.min_entries},
        )
    skipped = len(result.skipped)
    rows = max(result.rows_read, count + skipped)
    if rows and skipped / rows > max_skipped_fraction:
        examples = "; ".join(f"{s.file} line {s.line}: {s.reason}" for s in result.skipped[:3])
        raise UpdateRefused(
            f"{source}: {skipped} of {rows} rows could not be read "
            f"(more than {max_skipped_fraction:.0%}), e.g. {examples}; the current list stays",
            details={"skipped": skipped, "rows": rows},
        )
    if previous_count and not force:
        shrink = 1 - count / previous_count
        if shrink > max_shrink:
            raise UpdateRefused(
                f"{source}: the list would shrink from {previous_count} to {count} entries "
                f"({shrink:.0%}), more than the {max_shrink:.0%} bound; the current list stays. "
                "If the shrink is genuine, repeat with --force.",
                details={"previous": previous_count, "entries": count, "bound": max_shrink},
            )


def check_storable(
    source: str, entries: Sequence[Entry], dicts: Sequence[Mapping[str, Any]]
) -> None:
    """Refuse entries that one backend would store and another would not: NUL characters
    (PostgreSQL text cannot hold them), unpaired surrogates (not encodable as UTF-8), and
    values wider than the store's bounded columns."""
    for entry, data in zip(entries, dicts, strict=True):
        problem = _unstorable(entry, data)
        if problem is not None:
            raise UpdateRefused(
                f"{source}: entry {printable(entry.key, 80)} "
                f"({printable(entry.name, 80)!r}): {problem}; the current list stays",
                details={"key": printable(entry.key, 200)},
            )


def _unstorable(entry: Entry, data: Mapping[str, Any]) -> str | None:
    columns = {
        "key": entry.key,
        "source_id": entry.source_id,
        "list_code": entry.list_code,
        "entry_type": str(entry.entry_type),
        "countries": ",".join(entry.countries),
    }
    for column, value in columns.items():
        if len(value) > COLUMN_LIMITS[column]:
            limit = COLUMN_LIMITS[column]
            return f"its {column} has {len(value)} characters, more than the {limit} kept"
    if _plainly_storable(data):
        return None
    for path, text in _strings(data, ""):
        if "\x00" in text:
            return f"field {path or 'value'} holds a NUL character (damaged or not a list file)"
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return f"field {path or 'value'} holds an unpaired surrogate (not UTF-8 text)"
    return None


def _plainly_storable(data: Mapping[str, Any]) -> bool:
    """One pass over the whole record as JSON text: no NUL, no surrogate. Walking every
    string of 25,921 records one generator at a time took a fifth of an update; the walk
    now only runs to name the field when this quick look finds something (or cannot look)."""
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):
        return False
    return "\\u0000" not in text and _SURROGATE.search(text) is None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(str(key), path)
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
