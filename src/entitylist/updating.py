"""Updating a source: fetch -> parse -> fail-closed checks -> snapshot.

Every failure on the way is an `EntitylistError` naming the reason, and leaves the list in
force as it was; refusals are recorded beside the snapshots.
"""

from __future__ import annotations

from datetime import datetime

from entitylist.audit import AuditLog
from entitylist.audit.records import record_update
from entitylist.errors import EntitylistError, FetchError, SourceFormatError, UpdateRefused
from entitylist.settings import Settings
from entitylist.sources import get_source
from entitylist.store import Store, UpdateOutcome
from entitylist.store.snapshots import Progress


def update_source(
    store: Store,
    settings: Settings,
    source_name: str,
    location: str | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    published_at: datetime | None = None,
    audit: AuditLog | None = None,
    actor: str | None = None,
) -> UpdateOutcome:
    """`published_at` dates a historic vintage; `audit`, when given, records the attempt
    (created, unchanged or refused) as a `list.update` event."""
    try:
        outcome = _update(
            store,
            settings,
            source_name,
            location,
            force=force,
            progress=progress,
            published_at=published_at,
        )
    except EntitylistError as exc:
        if audit is not None:
            record_update(audit, source_name, location, None, exc, actor=actor)
        raise
    if audit is not None:
        record_update(audit, source_name, location, outcome, None, actor=actor)
    return outcome


def _update(
    store: Store,
    settings: Settings,
    source_name: str,
    location: str | None,
    *,
    force: bool,
    progress: Progress | None,
    published_at: datetime | None,
) -> UpdateOutcome:
    source = get_source(source_name)
    where = location or settings.source_urls.get(source.name) or source.default_url
    try:
        bundle = source.fetch(where)
    except FetchError as exc:
        store.record_refusal(source.name, where, exc.message)
        raise
    try:
        result = source.parse(bundle)
    except SourceFormatError as exc:
        reason = (
            f"{source.name}: the download cannot be read ({exc.message}); the current list stays"
        )
        store.record_refusal(source.name, where, reason, sha256=bundle.sha256())
        raise UpdateRefused(reason, details=exc.details) from exc
    return store.apply_update(
        source.name,
        bundle,
        result,
        source.bounds,
        max_shrink=settings.max_shrink,
        max_skipped_fraction=settings.max_skipped_fraction,
        force=force,
        progress=progress,
        published_at=published_at,
    )
