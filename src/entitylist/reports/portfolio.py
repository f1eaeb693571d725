"""Which monitored parties match the entries a change added or changed (for the change
report): the portfolio screened against those entries only, with the same engine and
review threshold as screening, so the report says whom the change concerns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from entitylist.matching import DEFAULT_THRESHOLDS, MatchIndex, Query
from entitylist.monitoring.parties import MonitoredParty
from entitylist.screening.index_cache import index_record
from entitylist.store import StoredEntry
from entitylist.store.diff import ChangedEntry


@dataclass(frozen=True)
class PortfolioHit:
    party_id: str
    party_name: str
    entry: StoredEntry
    kind: str  # "added" | "changed"
    score: float
    matched_name: str

    def to_dict(self) -> dict[str, Any]:
        e = self.entry.entry
        return {
            "party_id": self.party_id,
            "party_name": self.party_name,
            "kind": self.kind,
            "entry_id": self.entry.id,
            "list": e.list_code,
            "name": e.name,
            "score": round(self.score, 4),
            "matched_name": self.matched_name,
        }

    def words(self) -> str:
        e = self.entry.entry
        return (
            f"{self.party_name} ({self.party_id}) matches {e.list_code} {e.name}, "
            f"{self.kind} (score {self.score:.2f}, on {self.matched_name!r})"
        )


def portfolio_hits(
    parties: Sequence[MonitoredParty],
    added: Sequence[StoredEntry],
    changed: Sequence[ChangedEntry],
) -> list[PortfolioHit]:
    """Monitored parties matching added or changed entries at the review threshold."""
    kinds = {str(s.id): ("added", s) for s in added}
    kinds.update({str(c.after.id): ("changed", c.after) for c in changed})
    if not parties or not kinds:
        return []
    index = MatchIndex.build([index_record(s) for _, s in kinds.values()])
    queries = [Query(name=p.name, country=p.country, address=p.address) for p in parties]
    found = index.search_many(queries, threshold=DEFAULT_THRESHOLDS.review, limit=5)
    hits = []
    for party, matches in zip(parties, found, strict=True):
        for m in matches:
            kind, stored = kinds[m.ref]
            hits.append(
                PortfolioHit(party.party_id, party.name, stored, kind, m.score, m.matched_name)
            )
    return sorted(hits, key=lambda h: (-h.score, h.party_id))
