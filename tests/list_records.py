"""Index records straight from published list files, for matching tests that want a real
list without a store."""

from __future__ import annotations

from pathlib import Path

from entitylist.matching import IndexRecord
from entitylist.screening.index_cache import indexed_identifiers
from entitylist.sources import get_source


def published_records(path: Path, source_name: str, *, ref_prefix: str = "") -> list[IndexRecord]:
    """One record for each entry the source reads from `path`, keyed by the entry's key
    (after `ref_prefix`, for indexes that mix lists)."""
    source = get_source(source_name)
    return [
        IndexRecord(
            ref=f"{ref_prefix}{entry.key}",
            list_code=entry.list_code,
            entity_type=str(entry.entry_type),
            names=entry.names,
            countries=entry.countries,
            identifiers=indexed_identifiers(entry),
        )
        for entry in source.parse(source.fetch(str(path))).entries
    ]
