"""What a monitoring run should report, computed independently of the monitor: screen the
portfolio directly before and after a list update and compare the two sets of hits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from entitylist.monitoring import MonitoredParty, list_parties
from entitylist.screening import Screener
from entitylist.settings import Settings
from entitylist.store import Store

HitId = tuple[str, str, str]
"""(party id, source, entry key)"""


@dataclass(frozen=True)
class Seen:
    entry_hash: str
    alert: bool
    entry_id: int
    score: float


def screen_portfolio(store: Store, settings: Settings) -> dict[HitId, Seen]:
    parties: list[MonitoredParty] = list_parties(store)
    results = Screener(store, settings).screen_many([p.party() for p in parties])
    return {
        (p.party_id, h.stored.source, h.stored.key): Seen(
            h.stored.content_hash, h.alert, h.stored.id, h.match.score
        )
        for p, r in zip(parties, results, strict=True)
        for h in r.hits
    }


def in_force(store: Store) -> set[tuple[str, str]]:
    return {(s.source, s.key) for s in store.entries_in_force()}


def expected_events(
    before: Mapping[HitId, Seen],
    after: Mapping[HitId, Seen],
    listed: set[tuple[str, str]],
    decided: Mapping[HitId, tuple[str, str]] | None = None,
) -> set[tuple[str, str, str, str]]:
    """(kind, party id, source, key) of every event a run should report; `decided` maps a
    hit to (verdict, entry hash decided on) for decisions made on unchanged parties."""
    decided = decided or {}
    out: set[tuple[str, str, str, str]] = set()
    for hit in after.keys() - before.keys():
        if not _covered(decided, hit, after[hit].entry_hash):
            out.add(("new", *hit))
    for hit in before.keys() - after.keys():
        if _suppressed(decided, hit, before[hit].entry_hash):
            continue
        out.add(("removed" if (hit[1], hit[2]) not in listed else "cleared", *hit))
    for hit in before.keys() & after.keys():
        old, new = before[hit], after[hit]
        if _covered(decided, hit, new.entry_hash):
            continue
        if old.entry_hash != new.entry_hash:
            out.add(("entry_changed", *hit))
        elif old.alert != new.alert:
            out.add(("alert_raised" if new.alert else "alert_lowered", *hit))
    return out


def _covered(decided: Mapping[HitId, tuple[str, str]], hit: HitId, entry_hash: str) -> bool:
    return hit in decided and decided[hit][1] == entry_hash


def _suppressed(decided: Mapping[HitId, tuple[str, str]], hit: HitId, entry_hash: str) -> bool:
    return _covered(decided, hit, entry_hash) and decided[hit][0] == "false_positive"


def reported(events: Iterable[Mapping[str, Any]]) -> set[tuple[str, str, str, str]]:
    return {(e["kind"], e["party"]["id"], e["entry"]["source"], e["entry"]["key"]) for e in events}
