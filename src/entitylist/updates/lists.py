"""Updating a source: fetch -> parse -> fail-closed checks -> snapshot.

Every failure on the way is an `EntitylistError` naming the reason, and leaves the list in
force as it was; refusals are recorded beside the snapshots. With an audit log, the
`list.update` event commits in the same transaction as what it records (the snapshot, or
the refusal), so no list is ever in force unaudited. An unexpected exception is recorded
and audited as a failed attempt, then raised.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa

from entitylist.audit import AuditLog
from entitylist.audit.event_data import record_update
from entitylist.errors import (
    EntitylistError,
    FetchError,
    SourceFormatError,
    UpdateFailed,
    UpdateRefused,
)
from entitylist.settings import Settings
from entitylist.sources import get_source
from entitylist.store import Store, UpdateOutcome
from entitylist.store.snapshots import Progress

Recorder = Callable[[sa.Connection, UpdateOutcome | None, EntitylistError | None], None]


def update_source(
    store: Store,
    settings: Settings,
    source_name: str,
    location: str | None = None,
    *,
    force: bool = False,
    accept_truncated: bool = False,
    progress: Progress | None = None,
    published_at: datetime | None = None,
    audit: AuditLog | None = None,
    actor: str | None = None,
) -> UpdateOutcome:
    """`accept_truncated` lets a CSV ending inside a quoted field through (see
    `store.guards`); `published_at` dates a historic vintage; `audit`, when given, records
    the attempt (created, unchanged or refused) as a `list.update` event."""

    def record(
        conn: sa.Connection, outcome: UpdateOutcome | None, error: EntitylistError | None
    ) -> None:
        if audit is not None:
            record_update(audit, source_name, location, outcome, error, actor=actor, conn=conn)

    source = get_source(source_name)
    where = location or settings.source_urls.get(source.name) or source.default_url
    try:
        return _update(
            store,
            settings,
            source_name,
            where,
            record,
            force=force,
            accept_truncated=accept_truncated,
            progress=progress,
            published_at=published_at,
        )
    except EntitylistError:
        raise
    except Exception as exc:
        reason = f"{source.name}: the update failed unexpectedly ({type(exc).__name__}: {exc})"
        _record_failure(store, source.name, where, reason, exc, record)
        raise


def _update(
    store: Store,
    settings: Settings,
    source_name: str,
    where: str,
    record: Recorder,
    *,
    force: bool,
    accept_truncated: bool,
    progress: Progress | None,
    published_at: datetime | None,
) -> UpdateOutcome:
    source = get_source(source_name)
    try:
        bundle = source.fetch(where)
    except FetchError as exc:
        store.record_refusal(source.name, where, exc.message, on_record=_bind(record, exc))
        raise
    try:
        result = source.parse(bundle)
    except SourceFormatError as exc:
        reason = (
            f"{source.name}: the download cannot be read ({exc.message}); the current list stays"
        )
        refusal = UpdateRefused(reason, details=exc.details)
        store.record_refusal(
            source.name, where, reason, sha256=bundle.sha256(), on_record=_bind(record, refusal)
        )
        raise refusal from exc
    return store.apply_update(
        source.name,
        bundle,
        result,
        source.bounds,
        max_shrink=settings.max_shrink,
        max_skipped_fraction=settings.max_skipped_fraction,
        force=force,
        accept_truncated=accept_truncated,
        progress=progress,
        published_at=published_at,
        on_record=lambda conn, outcome, refusal: record(conn, outcome, refusal),
    )


def _bind(record: Recorder, error: EntitylistError) -> Callable[[sa.Connection], None]:
    return lambda conn: record(conn, None, error)


def _record_failure(
    store: Store, source: str, where: str, reason: str, exc: Exception, record: Recorder
) -> None:
    failure = UpdateFailed(reason)
    try:
        store.record_refusal(
            source, where, reason, outcome="failed", on_record=_bind(record, failure)
        )
    except Exception as secondary:  # the store itself may be what failed: keep the first error
        exc.add_note(f"the failed attempt could not be recorded either: {secondary}")
