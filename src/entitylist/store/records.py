"""What the store hands back: light records around the domain types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from entitylist.model import Entry


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    id: int
    source: str
    origin: str
    retrieved_at: datetime
    sha256: str
    entry_count: int
    rows_read: int
    counts: dict[str, int]
    skipped: list[dict[str, Any]]
    forced: bool
    published_at: datetime | None = None

    @property
    def published(self) -> datetime:
        """When this version was published (the retrieval time unless recorded otherwise)."""
        return self.published_at or self.retrieved_at

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "origin": self.origin,
            "retrieved_at": self.retrieved_at.isoformat(),
            "published_at": self.published.isoformat(),
            "sha256": self.sha256,
            "entries": self.entry_count,
            "rows_read": self.rows_read,
            "counts": self.counts,
            "skipped": self.skipped,
            "forced": self.forced,
        }


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """An entry version as kept: its row id (the entry id users quote), source and hash."""

    id: int
    source: str
    content_hash: str
    entry: Entry

    @property
    def key(self) -> str:
        return self.entry.key

    def to_dict(self, *, raw: bool = True) -> dict[str, Any]:
        data = self.entry.to_dict()
        if not raw:
            data.pop("raw", None)
        if self.entry.licence is not None:
            data["licence"]["summary"] = self.entry.licence.describe()
        return {"id": self.id, "source": self.source, "content_hash": self.content_hash, **data}


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    """The result of one update: a new snapshot, or `unchanged` with the snapshot in force."""

    source: str
    status: str  # "created" | "unchanged"
    snapshot: SnapshotInfo
    previous: SnapshotInfo | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "snapshot": self.snapshot.to_dict(),
            "previous_snapshot": self.previous.id if self.previous else None,
        }
