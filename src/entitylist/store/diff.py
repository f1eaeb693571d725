"""What changed between two snapshots of one source (a pure function over stored entries).

Entries are paired by key (their identity across snapshots). An entry present in both with
another content hash is `changed`, with the before and after of each field that differs.
Entries of one list that share a name but no key (keys of same-named entries carry a
suffix from their addresses, so a DPL order whose address changed gets a new key) are
paired by name: one change, not a removal and an addition.
By construction: entries(to) = entries(from) + added - removed.

Field changes name published fields in words ("end date", "standard order"): bookkeeping
(`raw`, `key`, the source id) is not content, and `extra` is opened into its published
fields.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from entitylist.store.stored import SnapshotInfo, StoredEntry

# Fields that are identity or bookkeeping, not published content.
_NOT_CONTENT = frozenset({"raw", "key", "derived_id", "source_id", "extra"})
LABELS = {
    "list_code": "list",
    "entry_type": "type",
    "start_date": "start date",
    "end_date": "end date",
    "source_urls": "source links",
    "citations": "Federal Register citations",
    "dates_of_birth": "dates of birth",
    "places_of_birth": "places of birth",
    "source": "source list as published",
    "parse_note": "note on the published row",
    "start_date_published": "start date as published",
    "end_date_published": "end date as published",
    "country_inferred": "country inferred",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    """The published field (`end_date`, `standard_order`); see `label` for words."""
    before: Any
    after: Any

    @property
    def label(self) -> str:
        return LABELS.get(self.field, self.field.replace("_", " "))


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
            "added": [s.brief() for s in self.added],
            "removed": [s.brief() for s in self.removed],
            "changed": [
                {
                    **c.after.brief(),
                    "before_id": c.before.id,
                    "fields": [
                        {"field": f.field, "label": f.label, "before": f.before, "after": f.after}
                        for f in c.fields
                    ],
                }
                for c in self.changed
            ],
        }


def field_changes(before: StoredEntry, after: StoredEntry) -> list[FieldChange]:
    a, b = _content(before), _content(after)
    names = sorted(a.keys() | b.keys())
    return [FieldChange(n, a.get(n), b.get(n)) for n in names if a.get(n) != b.get(n)]


def shown(value: Any, width: int = 160) -> str:
    """A field value in words for people: lists joined, nothing said as "(none)"."""
    if value is None or value == [] or value == "":
        text = "(none)"
    elif isinstance(value, list):
        text = "; ".join(str(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _content(stored: StoredEntry) -> dict[str, Any]:
    """The published fields in shown form: citations and addresses as their texts, the
    licence as its two published texts, `extra` opened into its fields."""
    data = stored.entry.to_dict()
    out = {k: v for k, v in data.items() if k not in _NOT_CONTENT}
    out["citations"] = [c["text"] for c in data["citations"]]
    out["addresses"] = [a["text"] for a in data["addresses"]]
    licence = data.get("licence")
    out["licence"] = (
        f"{licence['requirement_text']} / {licence['policy_text']}" if licence else None
    )
    out.update((k, v) for k, v in (data.get("extra") or {}).items() if k not in out)
    return out


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
    pairs, added, removed = pair_by_name(added, removed)
    changed: list[ChangedEntry] = []
    unchanged = 0
    for before, after in [(old[k], new[k]) for k in sorted(old.keys() & new.keys())] + pairs:
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


def base_key(key: str) -> str:
    """A key without the suffix that tells same-named entries apart (`EL:n:x~1a2b.2`)."""
    return key.split("~", 1)[0]


def pair_by_name(
    added: list[StoredEntry], removed: list[StoredEntry]
) -> tuple[list[tuple[StoredEntry, StoredEntry]], list[StoredEntry], list[StoredEntry]]:
    """Removed and added entries of one list and name, paired in key order (a changed
    address changes the key suffix, not the party); the rest stay added or removed."""
    gone: dict[str, list[StoredEntry]] = {}
    for s in removed:
        gone.setdefault(base_key(s.key), []).append(s)
    pairs: list[tuple[StoredEntry, StoredEntry]] = []
    still_added: list[StoredEntry] = []
    for s in added:
        candidates = gone.get(base_key(s.key))
        if candidates:
            pairs.append((candidates.pop(0), s))
        else:
            still_added.append(s)
    paired = {id(before) for before, _ in pairs}
    return pairs, still_added, [s for s in removed if id(s) not in paired]


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
