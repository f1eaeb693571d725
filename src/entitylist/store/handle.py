"""`Store`, the library's handle on one database: the versioned list store (SQLite file by
default, PostgreSQL by URL).

Pipeline order: an accepted parse -> `Store.apply_update` writes one snapshot atomically ->
readers take the newest snapshot of each source as the list in force -> `diff` and
`history` compare snapshots. Nothing is overwritten or deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from entitylist.errors import EntitylistError, NotFound, UpdateRefused, printable
from entitylist.federal_register.documents import FrDocument
from entitylist.model import Bundle, CountBounds, ParseResult
from entitylist.store import federal_register as fr_store
from entitylist.store import queries
from entitylist.store.database import create_engine, migrate
from entitylist.store.diff import Diff, diff_entries
from entitylist.store.federal_register import FrSaved
from entitylist.store.guards import check_files, check_storable, check_update
from entitylist.store.queries import HistoryPoint
from entitylist.store.schema import update_attempts
from entitylist.store.snapshots import Progress, publication, write_snapshot
from entitylist.store.stored import SnapshotInfo, StoredEntry, UpdateOutcome

OnRecord = Callable[[sa.Connection, UpdateOutcome | None, UpdateRefused | None], None]
"""Called in the transaction recording an update attempt: (conn, outcome, refusal)."""


def _bind_refusal(
    on_record: OnRecord | None, refusal: UpdateRefused
) -> Callable[[sa.Connection], None] | None:
    if on_record is None:
        return None
    return lambda conn: on_record(conn, None, refusal)


__all__ = ["OnRecord", "Store"]


class Store:
    """The library's handle on one database. Cheap to share; connections come from a pool."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        engine = create_engine(url)
        migrate(engine)
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    # -- writing -----------------------------------------------------------------------

    def apply_update(
        self,
        source: str,
        bundle: Bundle,
        result: ParseResult,
        bounds: CountBounds,
        *,
        max_shrink: float,
        max_skipped_fraction: float,
        force: bool = False,
        accept_truncated: bool = False,
        progress: Progress | None = None,
        retrieved_at: datetime | None = None,
        published_at: datetime | None = None,
        on_record: OnRecord | None = None,
    ) -> UpdateOutcome:
        """Accept a parsed download as a new snapshot, or refuse it (fail closed).

        Identical content (same bytes, or the same entries) is recorded as `unchanged`.
        `published_at` dates a historic vintage loaded today (without it: the file's own
        generation date if it states one, else unknown);
        the shrink bound and `unchanged` then compare it with the vintage published before.
        `on_record(conn, outcome, refusal)` runs in the transaction that records the attempt
        (the audit event), so both commit together or neither does.
        """
        dicts = [e.to_dict() for e in result.entries]
        try:
            check_files(source, bundle, bounds)
            check_storable(source, result.entries, dicts)
            with self.engine.begin() as conn:
                self._lock_source(conn, source)
                previous = _previous(conn, source, result, published_at)
                check_update(
                    source,
                    result,
                    bounds,
                    previous.entry_count if previous else None,
                    max_shrink=max_shrink,
                    max_skipped_fraction=max_skipped_fraction,
                    force=force,
                    accept_truncated=accept_truncated,
                )
                outcome = self._write(
                    conn,
                    source,
                    bundle,
                    result,
                    dicts,
                    previous,
                    when=retrieved_at or datetime.now(UTC),
                    forced=force,
                    progress=progress,
                    published_at=published_at,
                )
                if on_record is not None:
                    on_record(conn, outcome, None)
                return outcome
        except UpdateRefused as refused:
            self._refused(source, bundle, result, refused, on_record)
            raise

    def _refused(
        self,
        source: str,
        bundle: Bundle,
        result: ParseResult,
        refused: UpdateRefused,
        on_record: OnRecord | None,
    ) -> None:
        self.record_refusal(
            source,
            bundle.origin,
            refused.message,
            sha256=bundle.sha256(),
            entry_count=len(result.entries),
            on_record=_bind_refusal(on_record, refused),
        )

    def _write(
        self,
        conn: sa.Connection,
        source: str,
        bundle: Bundle,
        result: ParseResult,
        dicts: list[dict[str, Any]],
        previous: SnapshotInfo | None,
        **options: Any,
    ) -> UpdateOutcome:
        """The accepted download as a new snapshot, or `unchanged`, recorded as an attempt.
        `options`: when (the retrieval time), forced, progress, published_at."""
        when, sha256, count = options["when"], bundle.sha256(), len(result.entries)
        hashes = [e.content_hash(d) for e, d in zip(result.entries, dicts, strict=True)]
        unchanged = previous is not None and self._same_content(
            conn, previous, sha256, result, hashes
        )
        if unchanged and previous is not None:
            snapshot_id = previous.id
        else:
            snapshot_id = write_snapshot(
                conn,
                source=source,
                origin=bundle.origin,
                sha256=sha256,
                result=result,
                hashes=hashes,
                dicts=dicts,
                retrieved_at=when,
                forced=options["forced"],
                progress=options["progress"],
                published_at=options["published_at"],
            )
        self._record(
            conn,
            source=source,
            origin=bundle.origin,
            when=when,
            outcome="unchanged" if unchanged else "created",
            sha256=sha256,
            snapshot_id=snapshot_id,
            entry_count=count,
        )
        if unchanged and previous is not None:
            return UpdateOutcome(source, "unchanged", previous, previous)
        snapshot = queries.get_snapshot(conn, snapshot_id)
        assert snapshot is not None
        return UpdateOutcome(source, "created", snapshot, previous)

    def record_refusal(
        self,
        source: str,
        origin: str,
        reason: str,
        *,
        sha256: str | None = None,
        entry_count: int | None = None,
        outcome: str = "refused",
        on_record: Callable[[sa.Connection], None] | None = None,
    ) -> None:
        """Keep a trace of a refused (or `failed`) update; the list in force is untouched.
        `on_record(conn)` runs in the same transaction (the audit event)."""
        with self.engine.begin() as conn:
            self._record(
                conn,
                source=source,
                origin=origin,
                when=datetime.now(UTC),
                outcome=outcome,
                reason=reason,
                sha256=sha256,
                entry_count=entry_count,
            )
            if on_record is not None:
                on_record(conn)

    def _same_content(
        self,
        conn: sa.Connection,
        previous: SnapshotInfo,
        sha256: str,
        result: ParseResult,
        hashes: Sequence[str],
    ) -> bool:
        if previous.sha256 == sha256:
            return True
        current = {(s.key, s.content_hash) for s in queries.snapshot_entries_of(conn, previous.id)}
        incoming = {(e.key, h) for e, h in zip(result.entries, hashes, strict=True)}
        return current == incoming

    def _lock_source(self, conn: sa.Connection, source: str) -> None:
        # Two updates of one source at once must not both read the same "previous" snapshot.
        if self.dialect == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:s))"), {"s": source})
        elif self.dialect == "sqlite":
            # SQLite has one writer: a write as the transaction's first statement takes the
            # database's write lock (waiting out the busy timeout) before anything is read,
            # so a second update reads the first one's snapshot. This delete touches no row.
            conn.execute(sa.delete(update_attempts).where(sa.false()))

    @staticmethod
    def _record(
        conn: sa.Connection,
        *,
        source: str,
        origin: str,
        when: datetime,
        outcome: str,
        reason: str | None = None,
        sha256: str | None = None,
        snapshot_id: int | None = None,
        entry_count: int | None = None,
    ) -> None:
        conn.execute(
            sa.insert(update_attempts).values(
                source=source,
                origin=printable(origin, 2000),
                attempted_at=when,
                outcome=outcome,
                reason=printable(reason, 4000) if reason is not None else None,
                sha256=sha256,
                snapshot_id=snapshot_id,
                entry_count=entry_count,
            )
        )

    # -- reading -----------------------------------------------------------------------

    def snapshots(self, source: str | None = None) -> list[SnapshotInfo]:
        with self.engine.connect() as conn:
            return queries.list_snapshots(conn, source)

    def attempts(self, source: str | None = None) -> list[dict[str, Any]]:
        """Every update attempt recorded (created, unchanged, refused, failed), oldest first."""
        query = sa.select(update_attempts).order_by(update_attempts.c.id)
        if source:
            query = query.where(update_attempts.c.source == source)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def snapshot(self, snapshot_id: int) -> SnapshotInfo:
        with self.engine.connect() as conn:
            found = queries.get_snapshot(conn, snapshot_id)
        if found is None:
            raise NotFound(f"no snapshot {snapshot_id}")
        return found

    def current(self, *, as_of: datetime | None = None) -> dict[str, SnapshotInfo]:
        """The snapshot in force for each source (optionally: as it stood at `as_of`)."""
        with self.engine.connect() as conn:
            return queries.current_snapshots(conn, as_of=as_of)

    def lists(self) -> list[dict[str, Any]]:
        """One row per (list code, source) in force, with its entry count and snapshot."""
        rows = []
        for source, snap in sorted(self.current().items()):
            for code, count in sorted(snap.counts.items()):
                rows.append(
                    {
                        "list": code,
                        "source": source,
                        "entries": count,
                        "snapshot": snap.id,
                        "retrieved_at": snap.retrieved_at.isoformat(),
                        "published_at": snap.brief()["published_at"],
                        "publication_known": snap.publication_known,
                        "publication": snap.publication,
                    }
                )
        return rows

    def entries(self, snapshot_id: int) -> list[StoredEntry]:
        with self.engine.connect() as conn:
            return queries.snapshot_entries_of(conn, snapshot_id)

    def entries_in_force(
        self,
        *,
        snapshots: dict[str, SnapshotInfo] | None = None,
        lists: Collection[str] | None = None,
    ) -> list[StoredEntry]:
        """The entries in force (of `lists` only, when given: read no others)."""
        current = snapshots if snapshots is not None else self.current()
        with self.engine.connect() as conn:
            out: list[StoredEntry] = []
            for snap in current.values():
                out.extend(queries.snapshot_entries_of(conn, snap.id, lists))
            return out

    def entries_by_ids(self, ids: Sequence[int]) -> list[StoredEntry]:
        with self.engine.connect() as conn:
            return queries.entry_versions_by_ids(conn, ids)

    def find(self, ident: str, *, source: str | None = None) -> list[StoredEntry]:
        """Entry versions matching an entry id, key or published id: those in force first."""
        with self.engine.connect() as conn:
            found = queries.find_entry_versions(conn, ident, source=source)
            if not found:
                return []
            current_ids = {s.id for s in queries.current_snapshots(conn).values()}
            held = queries.in_snapshots(conn, [s.id for s in found])
        in_force = [s for s in found if current_ids & set(held[s.id])]
        return in_force or found

    def get(self, ident: str, *, source: str | None = None) -> StoredEntry:
        """Exactly one entry, preferring the version in force; a clear error otherwise."""
        found = self.find(ident, source=source)
        if not found:
            raise NotFound(f"no entry with id, key or source id {ident!r}")
        if queries.as_id(ident) is not None:
            exact = [s for s in found if s.id == int(ident)]
            if exact:
                return exact[0]
        by_identity = {(s.source, s.key): s for s in reversed(found)}
        if len(by_identity) > 1:
            options = ", ".join(f"{s.id} ({s.source} {s.key})" for s in by_identity.values())
            raise EntitylistError(
                f"{ident!r} names {len(by_identity)} entries; give one entry id: {options}",
                details={"candidates": [s.id for s in by_identity.values()]},
            )
        return next(iter(by_identity.values()))

    def history(self, stored: StoredEntry) -> list[HistoryPoint]:
        with self.engine.connect() as conn:
            return queries.entry_history(conn, stored.source, stored.key)

    def search(
        self, text: str, *, list_code: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[StoredEntry]:
        """Entries in force whose name or published id contains `text`, by name; the list
        filter and the page are applied in the database, so a page is never short."""
        current = self.current()
        with self.engine.connect() as conn:
            return queries.search_entries(
                conn,
                text,
                [s.id for s in current.values()],
                list_code=list_code,
                limit=limit,
                offset=offset,
            )

    def diff(self, source: str, from_id: int | None = None, to_id: int | None = None) -> Diff:
        """Differences between two snapshots of `source` (default: the two newest)."""
        snaps = self.snapshots(source)
        if to_id is None:
            if not snaps:
                raise NotFound(f"no snapshot of source {source!r}")
            to_id = snaps[-1].id
        to_snap = self.snapshot(to_id)
        if from_id is None:
            older = [s for s in snaps if s.id < to_id]
            if not older:
                raise NotFound(
                    f"source {source!r} has only one snapshot up to {to_id}: nothing to compare"
                )
            from_id = older[-1].id
        from_snap = self.snapshot(from_id)
        for snap in (from_snap, to_snap):
            if snap.source != source:
                raise EntitylistError(
                    f"snapshot {snap.id} is of source {snap.source!r}, not {source!r}"
                )
        return diff_entries(source, from_snap, self.entries(from_id), to_snap, self.entries(to_id))

    # -- the Federal Register ------------------------------------------------------------

    def save_fr_documents(
        self, documents: Sequence[FrDocument], *, fetched_at: datetime | None = None
    ) -> FrSaved:
        """Keep Federal Register documents (by document number; published beats inspection)."""
        with self.engine.begin() as conn:
            return fr_store.save(conn, documents, fetched_at or datetime.now(UTC))

    def fr_documents(self) -> list[FrDocument]:
        with self.engine.connect() as conn:
            return fr_store.load(conn)

    def fr_revision(self) -> tuple[int, int, str]:
        """Changes whenever a snapshot is added or a Federal Register document saved."""
        with self.engine.connect() as conn:
            return fr_store.revision(conn)


def _previous(
    conn: sa.Connection, source: str, result: ParseResult, published_at: datetime | None
) -> SnapshotInfo | None:
    """The snapshot an update is checked against. A historic vintage is checked against the
    one before it by publication date, not against the list in force today (which may be
    years newer)."""
    as_of = publication(published_at, result.file_date)[0]
    return queries.current_snapshots(conn, as_of=as_of).get(source)
