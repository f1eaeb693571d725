"""What changed between two snapshots of one source (a pure function over stored entries).

Entries are paired by key (their identity across snapshots). An entry present in both with
another content hash is `changed`, with the before and after of each field that differs.
By construction: entries(to) = entries(from) + added - removed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from entitylist.store.records import SnapshotInfo, StoredEntry

# Fields that are identity or bookkeeping, not published content.
_NOT_CONTENT = frozenset({"raw", "key", "derived_id"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ChangedEntry:
    before: StoredEntry
    after: StoredEntry
    fields: list[FieldChange]


@dataclass(frozen=True)
class Diff:
    source: str
    from_snapshot: SnapshotInfo
    to_snapshot: SnapshotInfo
    added: list[StoredEntry]
    removed: list[StoredEntry]
    changed: list[ChangedEntry]
    unchanged: int
    counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def brief(s: StoredEntry) -> dict[str, Any]:
            e = s.entry
            return {
                "id": s.id,
                "key": e.key,
                "list": e.list_code,
                "source_id": e.source_id,
                "name": e.name,
                "countries": list(e.countries),
                "start_date": e.start_date.isoformat() if e.start_date else None,
                "citations": [c.text for c in e.citations],
            }

        return {
            "source": self.source,
            "from": self.from_snapshot.to_dict(),
            "to": self.to_snapshot.to_dict(),
            "summary": {
                "from_entries": self.from_snapshot.entry_count,
                "to_entries": self.to_snapshot.entry_count,
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
                "unchanged": self.unchanged,
            },
            "counts": self.counts,
            "added": [brief(s) for s in self.added],
            "removed": [brief(s) for s in self.removed],
            "changed": [
                {
                    **brief(c.after),
                    "before_id": c.before.id,
                    "fields": [
                        {"field": f.field, "before": f.before, "after": f.after} for f in c.fields
                    ],
                }
                for c in self.changed
            ],
        }


def field_changes(before: StoredEntry, after: StoredEntry) -> list[FieldChange]:
    a, b = before.entry.to_dict(), after.entry.to_dict()
    names = sorted((a.keys() | b.keys()) - _NOT_CONTENT)
    return [FieldChange(n, a.get(n), b.get(n)) for n in names if a.get(n) != b.get(n)]


def diff_entries(
    source: str,
    from_snapshot: SnapshotInfo,
    from_entries: Sequence[StoredEntry],
    to_snapshot: SnapshotInfo,
    to_entries: Sequence[StoredEntry],
) -> Diff:
    old = {s.key: s for s in from_entries}
    new = {s.key: s for s in to_entries}
    added = [new[k] for k in sorted(new.keys() - old.keys())]
    removed = [old[k] for k in sorted(old.keys() - new.keys())]
    changed: list[ChangedEntry] = []
    unchanged = 0
    for key in sorted(old.keys() & new.keys()):
        before, after = old[key], new[key]
        if before.content_hash == after.content_hash:
            unchanged += 1
            continue
        changed.append(ChangedEntry(before, after, field_changes(before, after)))
    return Diff(
        source=source,
        from_snapshot=from_snapshot,
        to_snapshot=to_snapshot,
        added=added,
        removed=removed,
        changed=changed,
        unchanged=unchanged,
        counts=_counts(added, removed, [c.after for c in changed]),
    )


def _counts(
    added: list[StoredEntry], removed: list[StoredEntry], changed: list[StoredEntry]
) -> dict[str, dict[str, dict[str, int]]]:
    by_list: dict[str, Counter[str]] = {}
    by_country: dict[str, Counter[str]] = {}
    for kind, group in (("added", added), ("removed", removed), ("changed", changed)):
        for s in group:
            by_list.setdefault(s.entry.list_code, Counter())[kind] += 1
            for country in s.entry.countries or ("??",):
                by_country.setdefault(country, Counter())[kind] += 1

    def plain(table: dict[str, Counter[str]]) -> dict[str, dict[str, int]]:
        kinds = ("added", "removed", "changed")
        return {k: {kind: table[k][kind] for kind in kinds} for k in sorted(table)}

    return {"by_list": plain(by_list), "by_country": plain(by_country)}
