"""Ownership data in the store, versioned like the lists (migration 0004_ownership).

Each import of a data set (`dataset`, e.g. "gleif" or "my-registry") is one snapshot; the
newest snapshot of each data set imported at or before a day is the ownership in force on
that day; two snapshots of a data set can be compared. Nothing is overwritten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from json import dumps
from typing import Any

import sqlalchemy as sa

from entitylist.dates import utc
from entitylist.errors import NotFound
from entitylist.ownership.model import OwnedParty, OwnershipImport, OwnershipLink
from entitylist.store.bulk import insert_returning_ids
from entitylist.store.columns import day, json, real, ref, row_id, string, text, timestamp
from entitylist.store.rows import record, typed
from entitylist.store.schema import table

ownership_snapshots = table(
    "ownership_snapshots",
    row_id(),
    string("dataset", 128, index=True),
    text("origin"),
    string("format", 16),
    timestamp("imported_at"),
    string("sha256", 64),
    json("counts"),
    json("notes"),
)

ownership_parties = table(
    "ownership_parties",
    row_id(),
    ref("snapshot_id", "ownership_snapshots"),
    string("key", 512),
    text("name", nullable=True),
    string("country", 8, nullable=True),
    json("identifiers"),
    string("kind", 32, nullable=True),
    sa.Index("ix_ownership_parties_snapshot", "snapshot_id"),
)

ownership_links = table(
    "ownership_links",
    row_id(),
    ref("snapshot_id", "ownership_snapshots"),
    string("owner", 512),
    string("owned", 512),
    real("share_low", nullable=True),
    real("share_high", nullable=True),
    string("kind", 16),
    text("source"),
    day("valid_from", nullable=True),
    day("valid_to", nullable=True),
    text("relationship", nullable=True),
    sa.Index("ix_ownership_links_snapshot", "snapshot_id"),
)


@dataclass(frozen=True)
class OwnershipSnapshot:
    id: int
    dataset: str
    origin: str
    format: str
    imported_at: datetime
    sha256: str
    counts: dict[str, int]
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "dataset": self.dataset,
            "origin": self.origin,
            "format": self.format,
            "imported_at": self.imported_at.isoformat(),
            "sha256": self.sha256,
            "counts": self.counts,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class OwnershipData:
    """The ownership in force: the snapshots it comes from, their links and parties."""

    snapshots: dict[str, OwnershipSnapshot]
    links: list[OwnershipLink]
    parties: dict[str, OwnedParty]

    @property
    def ident(self) -> str:
        """Changes whenever the ownership in force changes (monitoring re-runs on it)."""
        return ",".join(f"{d}:{s.id}" for d, s in sorted(self.snapshots.items()))


@dataclass(frozen=True)
class OwnershipDiff:
    dataset: str
    from_id: int
    to_id: int
    added: list[OwnershipLink]
    removed: list[OwnershipLink]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "from": self.from_id,
            "to": self.to_id,
            "added": [link.to_dict() for link in self.added],
            "removed": [link.to_dict() for link in self.removed],
        }


class OwnershipStore:
    """Ownership snapshots in one database (a `Store`'s engine)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def add(
        self, dataset: str, origin: str, data: OwnershipImport, *, sha256: str | None = None
    ) -> OwnershipSnapshot:
        """Keep one import as a new snapshot of `dataset` (all rows or none)."""
        digest = sha256 or _digest(data)
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            snapshot_id = insert_returning_ids(
                conn,
                ownership_snapshots,
                [
                    {
                        "dataset": dataset,
                        "origin": origin,
                        "format": data.format,
                        "imported_at": now,
                        "sha256": digest,
                        "counts": data.counts(),
                        "notes": data.notes,
                    }
                ],
            )[0]
            insert_returning_ids(
                conn, ownership_parties, [_party_row(snapshot_id, p) for p in data.parties.values()]
            )
            insert_returning_ids(
                conn, ownership_links, [_link_row(snapshot_id, link) for link in data.links]
            )
        return self.snapshot(snapshot_id)

    def snapshot(self, snapshot_id: int) -> OwnershipSnapshot:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(ownership_snapshots).where(ownership_snapshots.c.id == snapshot_id)
            ).first()
        if row is None:
            raise NotFound(f"no ownership snapshot {snapshot_id}")
        return _snapshot(row)

    def snapshots(self, dataset: str | None = None) -> list[OwnershipSnapshot]:
        query = sa.select(ownership_snapshots).order_by(ownership_snapshots.c.id)
        if dataset is not None:
            query = query.where(ownership_snapshots.c.dataset == dataset)
        with self.engine.connect() as conn:
            return [_snapshot(row) for row in conn.execute(query)]

    def current(self, *, as_of: datetime | None = None) -> dict[str, OwnershipSnapshot]:
        """The newest snapshot of each data set imported at or before `as_of`."""
        found: dict[str, OwnershipSnapshot] = {}
        for snap in self.snapshots():
            if as_of is not None and utc(snap.imported_at) > as_of:
                continue
            found[snap.dataset] = snap
        return found

    def in_force(self, *, as_of: datetime | None = None) -> OwnershipData:
        snaps = self.current(as_of=as_of)
        return OwnershipData(
            snaps,
            self.links([s.id for s in snaps.values()]),
            self.parties([s.id for s in snaps.values()]),
        )

    def links(self, snapshot_ids: Sequence[int]) -> list[OwnershipLink]:
        return [_link(row) for row in self._rows(ownership_links, snapshot_ids)]

    def parties(self, snapshot_ids: Sequence[int]) -> dict[str, OwnedParty]:
        """The parties the snapshots name, by key (a named row wins over an unnamed one)."""
        out: dict[str, OwnedParty] = {}
        for row in self._rows(ownership_parties, snapshot_ids):
            known = out.get(row.key)
            if known is None or (known.name is None and row.name):
                out[row.key] = record(OwnedParty, row, identifiers=tuple(row.identifiers))
        return out

    def _rows(self, table: sa.Table, snapshot_ids: Sequence[int]) -> list[Any]:
        """The rows of `table` that belong to the snapshots, in insertion order."""
        if not snapshot_ids:
            return []
        query = (
            sa.select(table).where(table.c.snapshot_id.in_(list(snapshot_ids))).order_by(table.c.id)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query))

    def diff(
        self, dataset: str, from_id: int | None = None, to_id: int | None = None
    ) -> OwnershipDiff:
        snaps = self.snapshots(dataset)
        if len(snaps) < (1 if from_id is not None and to_id is not None else 2):
            raise NotFound(f"ownership data set {dataset!r} has fewer than two snapshots")
        to_id = to_id if to_id is not None else snaps[-1].id
        from_id = from_id if from_id is not None else [s.id for s in snaps if s.id < to_id][-1]
        old = {_identity(link): link for link in self.links([from_id])}
        new = {_identity(link): link for link in self.links([to_id])}
        return OwnershipDiff(
            dataset,
            from_id,
            to_id,
            added=[new[k] for k in new.keys() - old.keys()],
            removed=[old[k] for k in old.keys() - new.keys()],
        )


def _identity(link: OwnershipLink) -> tuple[Any, ...]:
    return (
        link.owner,
        link.owned,
        link.share_low,
        link.share_high,
        str(link.kind),
        link.valid_from,
        link.valid_to,
        link.relationship,
    )


def _digest(data: OwnershipImport) -> str:
    blob = dumps([link.to_dict() for link in data.links], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _party_row(snapshot_id: int, party: OwnedParty) -> dict[str, Any]:
    return {
        "snapshot_id": snapshot_id,
        "key": party.key,
        "name": party.name,
        "country": party.country,
        "identifiers": list(party.identifiers),
        "kind": party.kind,
    }


def _link_row(snapshot_id: int, link: OwnershipLink) -> dict[str, Any]:
    return {"snapshot_id": snapshot_id, **link.to_dict()} | {
        "valid_from": link.valid_from,
        "valid_to": link.valid_to,
    }


def _link(row: Any) -> OwnershipLink:
    return typed(OwnershipLink, row, valid_from=_day(row.valid_from), valid_to=_day(row.valid_to))


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _snapshot(row: Any) -> OwnershipSnapshot:
    return typed(OwnershipSnapshot, row)
