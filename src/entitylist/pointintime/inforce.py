"""What the lists said on one day: the one rule `screen --as-of` and `lookback` share.

Given the snapshots in force on the day (the newest published at or before it), the hits
screened against them, and the hits against the lists in force today:
- a hit whose entry took effect after the day, or whose listing ended before it, is set
  aside with the reason (start and end dates applied the same way everywhere);
- a source loaded in the store but with no snapshot on the day is named as missing: the
  answer is `no_list` (nothing in force) or `partial`, never `clear`;
- a hit only a later vintage holds, whose stated start date is on or before the day, is
  said so ("listed from 2019-09-30 per the list published 2022-09-07") and makes a clear
  answer `review`.
Pure functions over the screening results; the callers do the screening.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from entitylist.model import Entry
from entitylist.screening import ScreeningHit
from entitylist.store import SnapshotInfo

STATUSES = ("listed", "review", "partial", "clear", "no_list")


def not_in_force(entry: Entry, day: date) -> str | None:
    """Why `entry` was not in force on `day` (None: it was, as far as its dates say)."""
    if entry.start_date is not None and entry.start_date > day:
        return f"listed from {entry.start_date.isoformat()}, after the ship date"
    if entry.end_date is not None and entry.end_date < day:
        return f"listing ended {entry.end_date.isoformat()}, before the ship date"
    return None


@dataclass(frozen=True)
class SetAside:
    hit: ScreeningHit
    reason: str


@dataclass(frozen=True)
class LaterEvidence:
    """A hit against a later vintage, stating a listing in force on the day."""

    hit: ScreeningHit
    snapshot: SnapshotInfo

    @property
    def published(self) -> date:
        """When the later vintage is in force from (its retrieval, if not known)."""
        return self.snapshot.published.date()

    @property
    def note(self) -> str:
        start = self.hit.stored.entry.start_date
        since = f"listed from {start.isoformat()}" if start else "listed"
        name = self.hit.stored.entry.name
        snap = self.snapshot
        if snap.publication_known:
            return f"{name}: {since} per the list {snap.publication}"
        return f"{name}: {since} per a list with {snap.publication}"


@dataclass
class DayView:
    day: date
    snapshots: dict[str, SnapshotInfo]
    missing: list[str] = field(default_factory=list)
    hits: list[ScreeningHit] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    later: list[LaterEvidence] = field(default_factory=list)

    @property
    def status(self) -> str:
        if any(h.alert for h in self.hits):
            return "listed"
        if self.hits:
            return "review"
        if not self.snapshots:
            return "no_list"
        if self.missing:
            return "partial"
        return "review" if self.later else "clear"

    def notes(self) -> list[str]:
        day = self.day.isoformat()
        out = [f"{src}: no snapshot published on or before {day}" for src in self.missing]
        return out + [e.note for e in self.later]

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "status": self.status,
            "missing_sources": self.missing,
            "set_aside": [
                {"entry_id": x.hit.stored.id, "name": x.hit.stored.entry.name, "reason": x.reason}
                for x in self.set_aside
            ],
            "later": [
                {
                    "entry_id": e.hit.stored.id,
                    "published": e.snapshot.brief()["published_at"],
                    "publication": e.snapshot.publication,
                    "note": e.note,
                }
                for e in self.later
            ],
            "notes": self.notes(),
        }


def on_day(
    day: date,
    snapshots: Mapping[str, SnapshotInfo],
    known_sources: Iterable[str],
    hits: Sequence[ScreeningHit],
    current: tuple[Mapping[str, SnapshotInfo], Sequence[ScreeningHit]] | None = None,
) -> DayView:
    """The answer for one party on `day` (see the module's rules). `current`: the snapshots
    in force today and the party's hits against them, for what later vintages state."""
    view = DayView(day, dict(snapshots), sorted(set(known_sources) - set(snapshots)))
    for hit in hits:
        reason = not_in_force(hit.stored.entry, day)
        if reason is None:
            view.hits.append(hit)
        else:
            view.set_aside.append(SetAside(hit, reason))
    if current is None:
        return view
    now, current_hits = current
    held = {(h.stored.source, h.stored.key) for h in hits}
    for hit in current_hits:
        entry, snap = hit.stored.entry, now.get(hit.stored.source)
        if snap is None or snap.published.date() <= day or entry.start_date is None:
            continue  # not a later vintage, or it states no start date
        if (hit.stored.source, entry.key) not in held and not_in_force(entry, day) is None:
            view.later.append(LaterEvidence(hit, snap))
    return view
