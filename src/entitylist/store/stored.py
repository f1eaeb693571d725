"""What the store hands back: light records around the domain types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from entitylist.dates import utc
from entitylist.model import Entry, FileDate


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
    """When the publisher issued this version; None when that is not known."""
    published_basis: str | None = None
    """How `published_at` is known: `stated` (by whoever loaded it) or `file` (the file's
    own generation date); None when it is not known."""
    file_date: FileDate | None = None

    @property
    def published(self) -> datetime:
        """When this version is taken to be in force from: its publication date when known,
        else the retrieval time (a version is published no later than it is retrieved, so
        point-in-time answers never take an unknown date for an earlier one)."""
        return self.published_at or self.retrieved_at

    @property
    def dating(self) -> Dating:
        at = self.file_date.at if self.file_date else None
        return Dating(self.id, self.published_at, self.retrieved_at, at and utc(at))

    @property
    def publication_known(self) -> bool:
        return self.published_at is not None

    @property
    def earliest_publication(self) -> datetime | None:
        """The earliest this version can have been published: its publication date when
        known, else the newest date on its rows (None when nothing bounds it)."""
        if self.published_at is not None:
            return self.published_at
        return self.file_date.at if self.file_date else None

    @property
    def published_label(self) -> str:
        """The publication date as tables show it."""
        if self.published_at is None:
            return f"unknown (retrieved {self.retrieved_at.date().isoformat()})"
        day = self.published_at.date().isoformat()
        return f"{day} (per the file)" if self.published_basis == "file" else day

    @property
    def publication(self) -> str:
        """The publication date in words, saying how it is known or that it is not."""
        if self.published_at is None:
            text = f"publication date unknown (retrieved {self.retrieved_at.date().isoformat()})"
            return f"{text}; {self.file_date.text}" if self.file_date else text
        if self.published_basis == "file" and self.file_date is not None:
            return f"published {self.file_date.text}"
        return f"published {self.published_at.date().isoformat()}"

    def brief(self) -> dict[str, Any]:
        """The snapshot as results name it: id, hash and publication."""
        return {
            "id": self.id,
            "sha256": self.sha256,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "publication_known": self.publication_known,
            "publication": self.publication,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "origin": self.origin,
            "retrieved_at": self.retrieved_at.isoformat(),
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "publication_known": self.publication_known,
            "publication_basis": self.published_basis,
            "publication": self.publication,
            "file_date": self.file_date.to_dict() if self.file_date else None,
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

    def brief(self) -> dict[str, Any]:
        """The entry as lists of entries name it (a diff, a history): who, on which list,
        since when and by which citations, without its addresses and published record."""
        e = self.entry
        return {
            "id": self.id,
            "key": e.key,
            "list": e.list_code,
            "source_id": e.source_id,
            "name": e.name,
            "countries": list(e.countries),
            "start_date": e.start_date.isoformat() if e.start_date else None,
            "citations": [c.text for c in e.citations],
        }

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


@dataclass(frozen=True)
class Dating:
    """What is known of when one version of a list was published: exactly, when stated or
    generated (`published_at`); else no earlier than its newest dated row and no later
    than its retrieval."""

    id: int
    published_at: datetime | None
    retrieved_at: datetime
    file_date_at: datetime | None = None

    @property
    def earliest(self) -> datetime:
        # An undated file that dates no row is taken as published when retrieved, as before.
        return self.published_at or self.file_date_at or self.retrieved_at

    @property
    def latest(self) -> datetime:
        """Also when it counts as in force from: never earlier than is known."""
        return self.published_at or self.retrieved_at

    def surely_newer_than(self, other: Dating) -> bool:
        return self.earliest > other.latest


def newest_of(datings: Sequence[Dating]) -> Dating | None:
    """The version in force among `datings`: the last loaded of those that no other is
    surely newer than. Where dates cannot order two versions (an undated file beside a
    dated one), the one loaded later is taken as the newer: that is what whoever loaded it
    meant. A historic vintage loaded with its real date (`update --published`) is surely
    older than the list in force and takes its place in the history instead."""
    for candidate in sorted(datings, key=lambda d: d.id, reverse=True):
        if not any(o.surely_newer_than(candidate) for o in datings if o.id != candidate.id):
            return candidate
    return None
