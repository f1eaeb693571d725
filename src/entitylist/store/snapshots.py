"""Writing a snapshot: one transaction, so a crash or kill leaves the previous one current.

Entry versions are shared: an entry whose (key, content hash) is already stored for the
source is referenced, not copied. The snapshot row and its membership rows are written in
the same transaction, so a reader never sees a half-written snapshot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from entitylist.chunks import LINKS_PER_INSERT, in_chunks
from entitylist.model import Entry, FileDate, ParseResult
from entitylist.store.bulk import insert_returning_id, insert_returning_ids
from entitylist.store.schema import entry_versions, snapshot_entries, snapshots

Progress = Callable[[int, int], None]
"""Called with (entries written, total) between chunks, inside the transaction."""


def entry_row(source: str, entry: Entry, content_hash: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": source,
        "key": entry.key,
        "content_hash": content_hash,
        "list_code": entry.list_code,
        "source_id": entry.source_id,
        "name": entry.name,
        "entry_type": str(entry.entry_type),
        "countries": ",".join(entry.countries),
        "start_date": entry.start_date,
        "data": data,
    }


def existing_versions(conn: sa.Connection, source: str) -> dict[tuple[str, str], int]:
    rows = conn.execute(
        sa.select(entry_versions.c.key, entry_versions.c.content_hash, entry_versions.c.id).where(
            entry_versions.c.source == source
        )
    )
    return {(key, content_hash): vid for key, content_hash, vid in rows}


def write_snapshot(
    conn: sa.Connection,
    *,
    source: str,
    origin: str,
    sha256: str,
    result: ParseResult,
    hashes: Sequence[str],
    dicts: Sequence[dict[str, Any]],
    retrieved_at: datetime,
    forced: bool,
    progress: Progress | None = None,
    published_at: datetime | None = None,
) -> int:
    """Insert the snapshot and its entries on `conn` (the caller owns the transaction).
    `published_at` as stated by the update; without it, the file's own generation date
    when it has one, else unknown (NULL), never the retrieval time."""
    published_at, basis = publication(published_at, result.file_date)
    version_ids, new_rows = _kept_and_new(conn, source, result, hashes, dicts)
    total = len(result.entries)
    done = len(version_ids)

    def written(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    version_ids.extend(insert_returning_ids(conn, entry_versions, new_rows, on_chunk=written))
    counts = Counter(e.list_code for e in result.entries)
    snapshot_id = insert_returning_id(
        conn,
        snapshots,
        {
            "source": source,
            "origin": origin,
            "retrieved_at": retrieved_at,
            "published_at": published_at,
            "published_basis": basis,
            "file_date": result.file_date.to_dict() if result.file_date else None,
            "sha256": sha256,
            "entry_count": total,
            "rows_read": result.rows_read,
            "counts": dict(sorted(counts.items())),
            "skipped": [asdict(s) for s in result.skipped],
            "forced": forced,
        },
    )
    members = [{"snapshot_id": snapshot_id, "entry_version_id": vid} for vid in set(version_ids)]
    for chunk in in_chunks(members, LINKS_PER_INSERT):
        conn.execute(sa.insert(snapshot_entries), list(chunk))
    if progress is not None:
        progress(total, total)
    return snapshot_id


def _kept_and_new(
    conn: sa.Connection,
    source: str,
    result: ParseResult,
    hashes: Sequence[str],
    dicts: Sequence[dict[str, Any]],
) -> tuple[list[int], list[dict[str, Any]]]:
    """The ids of the entry versions already stored, and the rows of those to insert."""
    known = existing_versions(conn, source)
    version_ids: list[int] = []
    new_rows: list[dict[str, Any]] = []
    for entry, content_hash, data in zip(result.entries, hashes, dicts, strict=True):
        vid = known.get((entry.key, content_hash))
        if vid is None:
            new_rows.append(entry_row(source, entry, content_hash, data))
        else:
            version_ids.append(vid)
    return version_ids, new_rows


def publication(
    stated: datetime | None, file_date: FileDate | None
) -> tuple[datetime | None, str | None]:
    """The publication date of a new snapshot and how it is known (see `SnapshotInfo`)."""
    if stated is not None:
        return stated, "stated"
    if file_date is not None and file_date.kind == "generated":
        return file_date.at, "file"
    return None, None
