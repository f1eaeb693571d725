"""How lists and entries changed across snapshots, in the shapes people read.

Pipeline position: above the store (it reads snapshots and diffs), below the faces. The
API's and the web UI's changes and history views both come from here.

- `ChangeTimeline.points(source)`: for each snapshot after the first, what it added, removed
  and changed against the one before, in total, by list and by country. Snapshots never
  change, so each pair's counts are computed once per process and remembered.
- `ChangeTimeline.report(diff)`: the change report of one diff (by FR rule, country, name
  group), remembered until the store's FR documents or the portfolio change.
- `entry_history(store, stored)`: every snapshot of the entry's source, whether the entry
  was there, and when its content changed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from entitylist.monitoring import run_tables
from entitylist.reports.changes import ChangeReport, report_of
from entitylist.store import Diff, SnapshotInfo, Store, StoredEntry

KINDS = ("added", "removed", "changed")
REPORTS_KEPT = 4


@dataclass(frozen=True)
class TimelinePoint:
    """One snapshot against the one before it."""

    snapshot: SnapshotInfo
    previous: SnapshotInfo
    totals: dict[str, int]
    by_list: dict[str, dict[str, int]]
    by_country: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot.id,
            "previous": self.previous.id,
            "retrieved_at": self.snapshot.retrieved_at.isoformat(),
            "published_at": self.snapshot.brief()["published_at"],
            "publication": self.snapshot.publication,
            "entries": self.snapshot.entry_count,
            "totals": self.totals,
            "by_list": self.by_list,
            "by_country": self.by_country,
        }


class ChangeTimeline:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._memo: dict[tuple[int, int], TimelinePoint] = {}
        self._reports: dict[tuple[Any, ...], ChangeReport] = {}
        self._lock = threading.Lock()

    def sources(self) -> list[str]:
        return sorted({s.source for s in self.store.snapshots()})

    def points(self, source: str, *, last: int = 24) -> list[TimelinePoint]:
        """The newest `last` changes of `source`, oldest first."""
        snaps = self.store.snapshots(source)[-(last + 1) :]
        return [self._point(a, b) for a, b in pairwise(snaps)]

    def _point(self, before: SnapshotInfo, after: SnapshotInfo) -> TimelinePoint:
        pair = (before.id, after.id)
        with self._lock:
            known = self._memo.get(pair)
        if known is not None:
            return known
        diff = self.store.diff(after.source, before.id, after.id)
        point = TimelinePoint(
            snapshot=after,
            previous=before,
            totals={
                "added": len(diff.added),
                "removed": len(diff.removed),
                "changed": len(diff.changed),
            },
            by_list=diff.counts.get("by_list", {}),
            by_country=diff.counts.get("by_country", {}),
        )
        with self._lock:
            self._memo[pair] = point
        return point

    def report(self, diff: Diff) -> ChangeReport:
        """The change report of `diff`. The pair's entries never change; the FR documents
        (the report by rule) and the portfolio (the parties it concerns) can, so both are in
        the key. A few reports are kept: each holds two snapshots' entries."""
        with self.store.engine.connect() as conn:
            parties = run_tables.party_watermark(conn)
        key = (diff.from_snapshot.id, diff.to_snapshot.id, self.store.fr_revision(), parties)
        with self._lock:
            known = self._reports.get(key)
        if known is not None:
            return known
        found = report_of(self.store, [diff])
        with self._lock:
            if len(self._reports) >= REPORTS_KEPT:
                self._reports.pop(next(iter(self._reports)))
            self._reports[key] = found
        return found


@dataclass(frozen=True)
class HistoryRow:
    snapshot: SnapshotInfo
    present: bool
    entry_id: int | None
    changed: bool
    """True where the entry's content differs from the snapshot before that held it."""


@dataclass(frozen=True)
class EntryHistory:
    stored: StoredEntry
    rows: list[HistoryRow]

    @property
    def first_seen(self) -> datetime | None:
        present = [r for r in self.rows if r.present]
        return present[0].snapshot.published if present else None

    @property
    def last_seen(self) -> datetime | None:
        present = [r for r in self.rows if r.present]
        return present[-1].snapshot.published if present else None

    @property
    def in_newest(self) -> bool:
        return bool(self.rows) and self.rows[-1].present

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.stored.id,
            "source": self.stored.source,
            "key": self.stored.key,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "in_newest_snapshot": self.in_newest,
            "snapshots": [
                {
                    "snapshot": r.snapshot.id,
                    "retrieved_at": r.snapshot.retrieved_at.isoformat(),
                    "published_at": r.snapshot.brief()["published_at"],
                    "publication": r.snapshot.publication,
                    "present": r.present,
                    "entry_id": r.entry_id,
                    "changed": r.changed,
                }
                for r in self.rows
            ],
        }


def entry_history(store: Store, stored: StoredEntry) -> EntryHistory:
    rows: list[HistoryRow] = []
    previous_hash: str | None = None
    for point in store.history(stored):
        changed = bool(point.present and previous_hash and point.content_hash != previous_hash)
        rows.append(HistoryRow(point.snapshot, point.present, point.version_id, changed))
        previous_hash = point.content_hash or previous_hash
    return EntryHistory(stored, rows)
