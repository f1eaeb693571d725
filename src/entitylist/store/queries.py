"""Reading the store: snapshots, the lists in force, entries, histories.

The current list of a source is its newest snapshot (only accepted snapshots are written).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from entitylist.chunks import IDS_PER_QUERY, in_chunks
from entitylist.dates import utc
from entitylist.model import Entry, FileDate
from entitylist.store.rows import typed
from entitylist.store.schema import entry_versions, snapshot_entries, snapshots
from entitylist.store.stored import Dating, SnapshotInfo, StoredEntry, newest_of


def snapshot_from_row(row: Any) -> SnapshotInfo:
    file_date = FileDate.from_dict(row.file_date) if row.file_date else None
    return typed(SnapshotInfo, row, file_date=file_date)


def list_snapshots(conn: sa.Connection, source: str | None = None) -> list[SnapshotInfo]:
    query = sa.select(snapshots).order_by(snapshots.c.id)
    if source:
        query = query.where(snapshots.c.source == source)
    return [snapshot_from_row(r) for r in conn.execute(query)]


def get_snapshot(conn: sa.Connection, snapshot_id: int) -> SnapshotInfo | None:
    row = conn.execute(sa.select(snapshots).where(snapshots.c.id == snapshot_id)).first()
    return snapshot_from_row(row) if row else None


def current_snapshots(
    conn: sa.Connection, *, as_of: datetime | None = None
) -> dict[str, SnapshotInfo]:
    """The snapshot in force for each source (`records.newest_of`), among those in force at
    `as_of` when given: a version counts from its publication when known, else only from
    its retrieval (point-in-time answers never take an unknown date for an earlier one).
    """
    query = sa.select(
        snapshots.c.id,
        snapshots.c.source,
        snapshots.c.published_at,
        snapshots.c.retrieved_at,
        snapshots.c.file_date,
    )
    by_source: dict[str, list[Dating]] = {}
    for row in conn.execute(query):
        dating = _dating(row)
        if as_of is None or dating.latest <= as_of:
            by_source.setdefault(row.source, []).append(dating)
    ids = [d.id for d in (newest_of(ds) for ds in by_source.values()) if d is not None]
    if not ids:
        return {}
    rows = conn.execute(sa.select(snapshots).where(snapshots.c.id.in_(ids)))
    return {r.source: snapshot_from_row(r) for r in rows}


def _dating(row: Any) -> Dating:
    at = FileDate.from_dict(row.file_date).at if row.file_date else None
    published = utc(row.published_at) if row.published_at else None
    return Dating(row.id, published, utc(row.retrieved_at), utc(at) if at else None)


def stored_from_row(row: Any) -> StoredEntry:
    return StoredEntry(
        id=row.id,
        source=row.source,
        content_hash=row.content_hash,
        entry=Entry.from_dict(row.data),
    )


def snapshot_entries_of(
    conn: sa.Connection, snapshot_id: int, lists: Collection[str] | None = None
) -> list[StoredEntry]:
    """The entries of one snapshot, only those of `lists` when given (filtered in SQL)."""
    query = (
        sa.select(entry_versions)
        .join(snapshot_entries, snapshot_entries.c.entry_version_id == entry_versions.c.id)
        .where(snapshot_entries.c.snapshot_id == snapshot_id)
        .order_by(entry_versions.c.id)
    )
    if lists is not None:
        query = query.where(entry_versions.c.list_code.in_(sorted(lists)))
    return [stored_from_row(r) for r in conn.execute(query)]


def snapshot_version_ids(conn: sa.Connection, snapshot_id: int) -> set[int]:
    rows = conn.execute(
        sa.select(snapshot_entries.c.entry_version_id).where(
            snapshot_entries.c.snapshot_id == snapshot_id
        )
    )
    return {r[0] for r in rows}


def entry_versions_by_ids(conn: sa.Connection, ids: Iterable[int]) -> list[StoredEntry]:
    wanted = list(ids)
    out: list[StoredEntry] = []
    for chunk in in_chunks(wanted, IDS_PER_QUERY):
        rows = conn.execute(sa.select(entry_versions).where(entry_versions.c.id.in_(chunk)))
        out.extend(stored_from_row(r) for r in rows)
    return out


def as_id(text: str) -> int | None:
    """`text` as a row id, or None: ASCII digits only ("²" is a digit to `str.isdigit`) and
    within the range of the INTEGER id columns (32-bit on PostgreSQL)."""
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number < 2**31 else None


def find_entry_versions(
    conn: sa.Connection, ident: str, *, source: str | None = None
) -> list[StoredEntry]:
    """Entry versions whose id, key or published source id is `ident`, newest first."""
    conditions = [entry_versions.c.key == ident, entry_versions.c.source_id == ident]
    number = as_id(ident)
    if number is not None:
        conditions.append(entry_versions.c.id == number)
    query = sa.select(entry_versions).where(sa.or_(*conditions))
    if source:
        query = query.where(entry_versions.c.source == source)
    rows = conn.execute(query.order_by(entry_versions.c.id.desc()))
    return [stored_from_row(r) for r in rows]


def in_snapshots(conn: sa.Connection, version_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each entry version, the snapshot ids holding it."""
    ids = list(version_ids)
    out: dict[int, list[int]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(
        sa.select(snapshot_entries.c.entry_version_id, snapshot_entries.c.snapshot_id)
        .where(snapshot_entries.c.entry_version_id.in_(ids))
        .order_by(snapshot_entries.c.snapshot_id)
    )
    for vid, sid in rows:
        out[vid].append(sid)
    return out


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    snapshot: SnapshotInfo
    version_id: int | None
    content_hash: str | None

    @property
    def present(self) -> bool:
        return self.version_id is not None


def entry_history(conn: sa.Connection, source: str, key: str) -> list[HistoryPoint]:
    """Every snapshot of `source`, with the version of the entry it held (or none)."""
    versions = conn.execute(
        sa.select(entry_versions.c.id, entry_versions.c.content_hash).where(
            entry_versions.c.source == source, entry_versions.c.key == key
        )
    ).all()
    hashes = {vid: h for vid, h in versions}
    held = {sid: vid for vid, sids in in_snapshots(conn, hashes).items() for sid in sids}
    return [
        HistoryPoint(
            snap, held.get(snap.id), hashes.get(held[snap.id]) if snap.id in held else None
        )
        for snap in list_snapshots(conn, source)
    ]


def search_entries(
    conn: sa.Connection,
    text: str,
    snapshot_ids: Iterable[int],
    *,
    list_code: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[StoredEntry]:
    """Entries in force whose name or published id contains `text` (case-insensitive)."""
    pattern = f"%{text.strip().lower()}%"
    query = (
        sa.select(entry_versions)
        .join(snapshot_entries, snapshot_entries.c.entry_version_id == entry_versions.c.id)
        .where(snapshot_entries.c.snapshot_id.in_(list(snapshot_ids)))
        .where(
            sa.or_(
                sa.func.lower(entry_versions.c.name).like(pattern),
                sa.func.lower(entry_versions.c.source_id).like(pattern),
            )
        )
        .order_by(entry_versions.c.name, entry_versions.c.id)
        .limit(limit)
        .offset(offset)
    )
    if list_code:
        query = query.where(entry_versions.c.list_code == list_code.strip().upper())
    return [stored_from_row(r) for r in conn.execute(query)]
