"""The Federal Register over the store: sync the rules about the lists, list them, resolve
an entry's citations, and tell which rules the lists in force do not reflect yet.

Pipeline order: the FR API (or saved responses) -> `federal_register.documents` records ->
`Store.save_fr_documents` -> `RuleIndex` resolves citations for entries, hits and reports.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from entitylist.audit import AuditLog
from entitylist.audit.kinds import FR_SYNC
from entitylist.federal_register.client import (
    OFFICIAL_BASE,
    SyncResult,
    fetch_public_inspection,
    fetch_search,
    load_files,
    search_url,
)
from entitylist.federal_register.listing import ListingDate, listing_date
from entitylist.federal_register.pending import RuleStatus, rule_status
from entitylist.federal_register.rules import RuleIndex
from entitylist.model import Entry
from entitylist.store import Store
from entitylist.store.federal_register import FrSaved


@dataclass(frozen=True)
class SyncReport:
    read: SyncResult
    saved: FrSaved

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.read.pages,
            "documents": len(self.read.documents),
            "new": self.saved.new,
            "updated": self.saved.updated,
            "unchanged": self.saved.unchanged,
            "public_inspection_kept_published": self.saved.kept_published,
            "notes": self.read.notes,
        }


def sync(
    store: Store,
    *,
    files: list[str] | None = None,
    base: str = OFFICIAL_BASE,
    since: date | None = None,
    audit: AuditLog | None = None,
    actor: str | None = None,
) -> SyncReport:
    """Read the FR (or saved responses) and keep every document read; audited when asked."""
    if files:
        read = load_files(files)
    else:
        read = fetch_search(search_url(base, since=since), base=base)
        inspection = fetch_public_inspection(base=base)
        read.documents.extend(inspection.documents)
        read.pages.extend(inspection.pages)
        read.notes.extend(inspection.notes)
    saved = store.save_fr_documents(read.documents, fetched_at=datetime.now(UTC))
    report = SyncReport(read, saved)
    if audit is not None:
        audit.record(FR_SYNC, {"origin": files or [base], **report.to_dict()}, actor=actor)
    return report


def rule_index(store: Store) -> RuleIndex:
    return RuleIndex.of(store.fr_documents())


def status(store: Store) -> RuleStatus:
    """The known rules about the lists against the lists in force."""
    current = store.current()
    carrying = [s for s in current.values() if s.counts.get("EL")]
    published = max((s.published.date() for s in carrying), default=None)
    rules = rule_index(store)
    if not any(d.amends_lists() for d in rules.by_number.values()):
        return RuleStatus(published)  # nothing to reflect: the entries need not be read
    entries = [s.entry for s in store.entries_in_force(snapshots=current)]
    return rule_status(rules, entries, published)


class PendingWatch:
    """`status` remembered until the store changes (a snapshot added, an FR document saved),
    for pages that show the pending rules on every request: asking costs one small query,
    and the entries in force are read again only after a change."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._known: tuple[tuple[int, int, str], RuleStatus] | None = None

    def current(self) -> RuleStatus:
        revision = self.store.fr_revision()
        with self._lock:
            known = self._known
        if known is not None and known[0] == revision:
            return known[1]
        found = status(self.store)
        with self._lock:
            self._known = (revision, found)
        return found


def listed(entry: Entry, rules: RuleIndex) -> ListingDate | None:
    return listing_date(entry, rules)
