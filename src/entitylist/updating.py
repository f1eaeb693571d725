"""Updating a source: fetch -> parse -> fail-closed checks -> snapshot.

Every failure on the way is an `EntitylistError` naming the reason, and leaves the list in
force as it was; refusals are recorded beside the snapshots.
"""

from __future__ import annotations

from entitylist.errors import FetchError, SourceFormatError, UpdateRefused
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
        reason = f"{source.name}: the download cannot be read ({exc.message}); the current list stays"
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
    )
